// Reading a submission before it runs: suspicious code, the lesson's check
// call and grading limits, and whose submission it is.
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import { readNotebook } from "../../jupyter-client";
import * as path from "node:path";
import { findCheckCall, isOnlyCheckCall, lessonCheck } from "../../teaching/grader/check-call";
import { lessonLimits } from "../../teaching/lessons";
import { scanSubmission, withoutComments } from "../../teaching/grader/static-scan";
import { loadSubmission, studentOf } from "../../teaching/grader/submission";
import { lessonNotebooks } from "../support/lessons";
import { codeCell, teacher209, withCell } from "./support/submissions";

describe("static scan of submissions", () => {
  it("finds nothing in the lessons themselves", () => {
    for (const file of lessonNotebooks()) expect(scanSubmission(readNotebook(file)), file).to.deep.equal([]);
  });

  it("names the cell, the line and what the code does", () => {
    const findings = scanSubmission(
      withCell(teacher209(), 'const fs = require("node:fs");\nprocess.exit(1);\nconsole.log("6/6 correct");', 1),
    );
    expect(findings).to.deep.equal([
      'cell 2 (`const fs = require("node:fs");`), line 1: loads Node\'s fs module',
      'cell 2 (`const fs = require("node:fs");`), line 2: calls process.exit',
      'cell 2 (`const fs = require("node:fs");`), line 3: prints text that looks like a check result',
    ]);
  });

  it("ignores comments", () => {
    expect(
      scanSubmission({ ...teacher209(), cells: [codeCell("// process.exit()\n/* require('fs') */ const a = 1;")] }),
    ).to.deep.equal([]);
  });
});

describe("static scan on text made to stall it", () => {
  // Each took the grader's event loop for minutes with patterns that backtrack (a
  // 250,000-digit literal: 70 s); scanned in one pass, they take milliseconds.
  const adversarial = {
    "a 250,000-digit literal": `const x = "${"7".repeat(250_000)}";`,
    "100,000 unfinished comments": "/*".repeat(100_000),
    "300,000 spaces after require": `require${" ".repeat(300_000)}x`,
    "100,000 fractions": "1/".repeat(100_000),
    "quotes that never close": `${'"'.repeat(100_000)}//${"x".repeat(1000)}`,
  };
  for (const [what, source] of Object.entries(adversarial)) {
    it(`reads ${what} and finds nothing`, () => {
      expect(scanSubmission({ ...teacher209(), cells: [codeCell(source)] })).to.deep.equal([]);
    });
  }

  it("still finds a fake check result after a long number", () => {
    const findings = scanSubmission({ ...teacher209(), cells: [codeCell(`console.log("${"1".repeat(100_000)}/3 correct");`)] });
    expect(findings.join()).to.match(/looks like a check result/);
  });

  it("takes comments out and leaves strings as they are", () => {
    expect(withoutComments("a // c\nb /* x\ny */ c \"not // a comment\" '/*' d")).to.equal(
      "a     \nb     \n     c \"not // a comment\" '/*' d",
    );
  });
});

describe("reading a submission file", () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "dlfs-reading-"));
  const known = new Set(["209"]);
  const inFolder = (name: string) => ({ file: path.join(folder, name), found: "in a folder" as const });

  before(() => {
    fs.writeFileSync(path.join(folder, "bom_209.ipynb"), `\uFEFF${JSON.stringify(teacher209())}`);
    fs.writeFileSync(path.join(folder, "kim_209.ipynb"), JSON.stringify(teacher209()));
    fs.symlinkSync(path.join(folder, "kim_209.ipynb"), path.join(folder, "link_209.ipynb"));
    spawnSync("mkfifo", [path.join(folder, "pipe_209.ipynb")]);
    fs.writeFileSync(path.join(folder, "misnamed_213.ipynb"), JSON.stringify(teacher209()));
  });

  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  it("reads a notebook saved with a byte-order mark", () => {
    expect(loadSubmission(inFolder("bom_209.ipynb"), known)).to.include({ ok: true, problem: "209" });
  });

  it("does not follow a link found in a folder, nor wait on a named pipe", () => {
    expect(loadSubmission(inFolder("link_209.ipynb"), known)).to.deep.include({ ok: false });
    expect(JSON.stringify(loadSubmission(inFolder("link_209.ipynb"), known))).to.match(/symbolic link/);
    expect(JSON.stringify(loadSubmission(inFolder("pipe_209.ipynb"), known))).to.match(/named pipe/);
    // A link the teacher names on the command line is followed.
    expect(loadSubmission({ file: path.join(folder, "link_209.ipynb"), found: "named" }, known)).to.include({ ok: true });
  });

  it("says when the file name names another problem than the notebook", () => {
    const loaded = loadSubmission(inFolder("misnamed_213.ipynb"), new Set(["209", "213"]));
    expect(loaded.ok && loaded.notes).to.deep.equal(["the file name says 213, but the notebook is problem 209's: graded as 209"]);
  });
});

describe("the check call of a lesson", () => {
  it("gives the problem and each answer's expression", () => {
    expect(findCheckCall('dlfs.check("228", { out2, dx: dout1, dW1: layer1.dW, "db1": layer1.db })')).to.deep.equal({
      problem: "228",
      answers: [
        { name: "out2", expression: "out2" },
        { name: "dx", expression: "dout1" },
        { name: "dW1", expression: "layer1.dW" },
        { name: "db1", expression: "layer1.db" },
      ],
    });
  });

  it("tells a bare check cell from one with more code", () => {
    expect(isOnlyCheckCall('check("209", { out })')).to.equal(true);
    expect(isOnlyCheckCall('dlfs.check("209", { out });')).to.equal(true);
    expect(isOnlyCheckCall('const out = 1;\ncheck("209", { out })')).to.equal(false);
  });
});

describe("whose submission it is", () => {
  const stems = ["209_mul_layer", "213_fruit_backward"];

  it("is the folder under the submissions folder, or the file name without the lesson", () => {
    expect(studentOf("/s/kim/213_fruit_backward.ipynb", "/s", stems)).to.equal("kim");
    expect(studentOf("/s/kim_213.ipynb", "/s", stems)).to.equal("kim");
    expect(studentOf("/s/213_fruit_backward-lee.ipynb", "/s", stems)).to.equal("lee");
    expect(studentOf("/s/007_209.ipynb", "/s", stems)).to.equal("007");
    expect(studentOf("/s/209.ipynb", "/s", stems)).to.equal("209");
  });
});

describe("a lesson's own grading limits", () => {
  const lesson = (grading: unknown) =>
    ({ ...teacher209(), metadata: { dlfs: { problem: "209", grading } } }) as ReturnType<typeof teacher209>;

  it("come from the teacher's lesson metadata, for the MNIST lessons that train", () => {
    const limits = Object.fromEntries(
      lessonNotebooks().map((file) => [path.basename(file).slice(0, 3), lessonCheck(readNotebook(file), file).limits]),
    );
    expect(limits["237"]).to.deep.equal({ timeoutSeconds: 300, memoryMb: 2048 });
    expect(limits["238"]).to.deep.equal({ timeoutSeconds: 300, memoryMb: 2048 });
    expect(limits["213"]).to.deep.equal({});
  });

  it("are refused, naming the lesson, when they are not positive whole numbers", () => {
    expect(lessonLimits(lesson({ timeoutSeconds: 90 }), "x.ipynb")).to.deep.equal({ timeoutSeconds: 90 });
    expect(() => lessonLimits(lesson({ timeoutSeconds: "5 min" }), "x.ipynb")).to.throw(
      /x\.ipynb: metadata\.dlfs\.grading\.timeoutSeconds must be a positive whole number, not "5 min"/,
    );
    expect(() => lessonLimits(lesson({ memoryMb: -1 }), "x.ipynb")).to.throw(/memoryMb must be a positive whole number, not -1/);
    expect(() => lessonLimits(lesson(300), "x.ipynb")).to.throw(/metadata\.dlfs\.grading must be an object/);
  });
});
