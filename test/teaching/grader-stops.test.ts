// A grader that cannot start its kernels stops, loudly, and grades nobody as
// zero for it; a run after the cause is fixed grades them all.
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { permissionFlags } from "../../jupyter-client";
import { gradeBatch } from "../../teaching/grader/grade-batch";
import { Gradebook } from "../../teaching/grader/gradebook";
import { GradingSetupError } from "../../teaching/grader/run-submission";
import { notebooksDir } from "../support/lessons";
import { projectRoot } from "../support/paths";
import { put, student209, teacher209, tempFolder } from "./support/submissions";

describe("grader: a machine where kernels cannot start", function () {
  this.timeout(3 * 60 * 1000);
  const submissions = tempFolder("dlfs-stops-");
  const out = tempFolder("dlfs-stops-out-");
  // On the lessons' own data only: this is about kernels that cannot start (hidden inputs would start one more).
  const options = {
    inputs: [submissions],
    outDir: out,
    regrade: false,
    timeoutSeconds: 20,
    jobs: 2,
    lessonsDir: notebooksDir,
    hiddenSeed: null,
  };

  before(() => {
    put(submissions, "kim_209.ipynb", teacher209());
    put(submissions, "lee_209.ipynb", student209());
  });

  it("chooses Node's permission flag by what this Node accepts, not by its version", () => {
    expect(permissionFlags(new Set(["--permission", "--allow-addons"]))?.enable).to.equal("--permission");
    expect(permissionFlags(new Set(["--experimental-permission", "--permission", "--allow-addons"]))?.enable).to.equal(
      "--permission",
    );
    expect(permissionFlags(new Set(["--experimental-permission", "--allow-addons"]))?.enable).to.equal(
      "--experimental-permission",
    );
    expect(permissionFlags(new Set(["--experimental-permission"]))).to.equal(undefined);
    // This Node's own choice is one it accepts.
    const own = permissionFlags();
    if (own !== undefined) expect(process.allowedNodeEnvironmentFlags.has(own.enable)).to.equal(true);
  });

  it("stops at the first kernel that cannot start, naming the cause, and writes no rows", async () => {
    // A heap of 3 MB: no kernel can even load its compiler, whatever the submission.
    const error = await gradeBatch({ ...options, memoryMb: 3 }).catch((thrown: unknown) => thrown);
    expect(error).to.be.instanceOf(GradingSetupError);
    expect((error as Error).message).to.match(/^a grading kernel could not start: .*heap/i);
    const gradebook = await Gradebook.open(path.join(out, "gradebook.csv"));
    expect(gradebook.rows).to.deep.equal([]);
  });

  it("says so in one line and exits non-zero from the command line", () => {
    const run = spawnSync(
      process.execPath,
      ["--import", "tsx", path.join(projectRoot, "teaching", "grade.ts"), submissions, "--out", out, "--memory-mb", "3"],
      {
        encoding: "utf8",
        timeout: 120_000,
      },
    );
    expect(run.status).to.equal(3);
    const said = run.stderr.split("\n").filter((line) => line.startsWith("grade: "));
    expect(said).to.have.length(1);
    expect(said[0]).to.match(/^grade: stopped, a grading kernel could not start: .*heap/i);
    expect(
      fs.existsSync(path.join(out, "gradebook.csv"))
        ? fs.readFileSync(path.join(out, "gradebook.csv"), "utf8").trim().split("\n").length
        : 1,
    ).to.equal(1);
  });

  it("grades them all once the cause is fixed", async () => {
    const summary = await gradeBatch({ ...options, memoryMb: 1024 });
    expect(summary.results.map((result) => [result.row.student, result.row.status]).sort()).to.deep.equal([
      ["kim", "graded"],
      ["lee", "error"],
    ]);
  });
});
