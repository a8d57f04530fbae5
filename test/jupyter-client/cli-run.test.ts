// `npm run nb -- run` as a learner uses it on a handout: it reports the
// lesson's check score, never says "passed" for wrong answers, and says when
// an error kept the check from running.
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { writeNotebook } from "../../jupyter-client";
import { projectRoot } from "../support/paths";
import { put, teacher209, tempFolder, withCell, withCode } from "../teaching/support/submissions";

function nbRun(file: string): { status: number | null; stdout: string } {
  const run = spawnSync(process.execPath, ["--import", "tsx", path.join(projectRoot, "jupyter-client", "cli.ts"), "run", file], {
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: run.status, stdout: run.stdout };
}

describe("npm run nb -- run on a learner's notebook", function () {
  this.timeout(150_000);
  const folder = tempFolder("dlfs-nb-run-");
  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  it("reports the check's score, and a check with answers to fix is not a pass", () => {
    // 209's out one too many; dx and dy stay right.
    const wrong = withCode(
      teacher209(),
      "const out = mulLayer.forward(apple, appleNum);",
      "const out = mulLayer.forward(apple, appleNum) + 1;",
    );
    const file = put(folder, "wrong_209.ipynb", wrong);
    const { status, stdout } = nbRun(file);
    expect(stdout).to.match(/CHECK .*wrong_209\.ipynb \(.*check 2\/3\)/);
    expect(stdout).to.include("the check found 1 answer(s) to fix");
    expect(stdout).to.not.include("passed.");
    expect(status).to.equal(1);
  });

  it("says the check did not run when a cell before it failed", () => {
    const file = path.join(folder, "error_209.ipynb");
    writeNotebook(file, withCell(teacher209(), 'throw new Error("a learner\'s mistake");'));
    const { status, stdout } = nbRun(file);
    expect(stdout).to.match(/FAIL {2}.*error_209\.ipynb/);
    expect(stdout).to.include("The check cell was one of them: fix the failing cell, or add --allow-errors");
    expect(status).to.equal(1);
  });
});
