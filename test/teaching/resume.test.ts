// The gradebook survives interruptions: rows already there are kept and not
// graded again, --regrade replaces them, reasons with commas and quotes come
// back as they were written, a grader that died leaves the submission it was
// grading to be recorded as crashed, and two graders never write one gradebook.
import { expect } from "chai";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { gradeBatch } from "../../teaching/grader/grade-batch";
import type { GradeRow } from "../../teaching/grader/grade-submission";
import { Gradebook } from "../../teaching/grader/gradebook";
import { notebooksDir } from "../support/lessons";
import { projectRoot } from "../support/paths";
import { sleep } from "../support/processes";
import { put, student209, teacher209, tempFolder, withCell } from "./support/submissions";

describe("grader: resuming a gradebook", function () {
  this.timeout(3 * 60 * 1000);
  const submissions = tempFolder("dlfs-resume-");
  const out = tempFolder("dlfs-resume-out-");
  const options = {
    inputs: [submissions],
    outDir: out,
    regrade: false,
    timeoutSeconds: 10,
    memoryMb: 1024,
    jobs: 2,
    lessonsDir: notebooksDir,
  };
  const gradebookFile = path.join(out, "gradebook.csv");

  /** A row as an earlier, interrupted run would have left it. */
  const earlier: GradeRow = {
    student: "007",
    problem: "209",
    points: 1,
    max: 3,
    status: "partial",
    reason: 'from an earlier run, with "quotes", commas and a line\nbreak',
    seconds: 1.5,
    file: "",
  };

  before(() => {
    const done = put(submissions, "007_209.ipynb", teacher209());
    put(submissions, "kim_209.ipynb", student209());
    earlier.file = path.relative(out, done);
  });

  after(() => {
    fs.rmSync(submissions, { recursive: true, force: true });
    fs.rmSync(out, { recursive: true, force: true });
  });

  it("reads back what it writes, quotes and all", async () => {
    const book = await Gradebook.open(gradebookFile);
    await book.record(earlier);
    const again = await Gradebook.open(gradebookFile);
    expect(again.rows).to.deep.equal([earlier]);
  });

  it("grades only what the gradebook does not have yet", async () => {
    const summary = await gradeBatch(options);
    expect(summary.found).to.equal(2);
    expect(summary.skipped).to.equal(1);
    expect(summary.results.map((r) => r.row.student)).to.deep.equal(["kim"]);
    const rows = (await Gradebook.open(gradebookFile)).rows;
    expect(rows.map((r) => [r.student, r.status, r.points])).to.deep.equal([
      ["007", "partial", 1],
      ["kim", "error", 0],
    ]);
    expect(rows[0]).to.deep.equal(earlier);
  });

  it("grades everything again with --regrade", async () => {
    const summary = await gradeBatch({ ...options, regrade: true });
    expect(summary.skipped).to.equal(0);
    const rows = (await Gradebook.open(gradebookFile)).rows;
    expect(rows.map((r) => [r.student, r.status, r.points])).to.deep.equal([
      ["007", "graded", 3],
      ["kim", "error", 0],
    ]);
  });

  it("records the submission a dead grader was grading as crashed, and does not run it again", async () => {
    const folder = tempFolder("dlfs-resume-killed-");
    const book = tempFolder("dlfs-resume-killed-out-");
    try {
      put(folder, "kim_209.ipynb", teacher209());
      put(folder, "slow_209.ipynb", withCell(teacher209(), "await new Promise((resolve) => setTimeout(resolve, 120_000));"));
      // The grader dies while it grades slow_209 (killed from outside: the OOM killer, a crash, a power cut).
      const grader = spawn(
        process.execPath,
        [
          "--import",
          "tsx",
          path.join(projectRoot, "teaching", "grade.ts"),
          folder,
          "--out",
          book,
          "--jobs",
          "1",
          "--timeout",
          "300",
        ],
        { stdio: "ignore" },
      );
      const journal = path.join(book, ".grading-journal");
      for (;;) {
        if (fs.existsSync(journal) && fs.readFileSync(journal, "utf8").includes("slow_209.ipynb")) break;
        if (grader.exitCode !== null) throw new Error(`the grader ended (${grader.exitCode}) before it started slow_209`);
        await sleep(200);
      }
      grader.kill("SIGKILL");
      await new Promise((resolve) => grader.once("exit", resolve));
      const summary = await gradeBatch({ ...options, inputs: [folder], outDir: book, regrade: true });
      const rows = new Map((await Gradebook.open(path.join(book, "gradebook.csv"))).rows.map((r) => [r.student, r]));
      expect(rows.get("slow")).to.include({ status: "crashed", points: 0 });
      expect(rows.get("slow")?.reason).to.match(/^the grader stopped while grading this submission, so it was not run again/);
      expect(rows.get("kim")).to.include({ status: "graded", points: 3 });
      expect(summary.notices.join("\n")).to.match(/slow_209\.ipynb: the grader stopped while grading this submission/);
      // Not run again even with --regrade: only kim was graded.
      expect(
        summary.results.filter((result) => result.row.status !== "crashed").map((result) => result.row.student),
      ).to.deep.equal(["kim"]);
      expect(fs.existsSync(journal)).to.equal(false);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
      fs.rmSync(book, { recursive: true, force: true });
    }
  });

  it("lets one grader at a time write a gradebook", async () => {
    fs.writeFileSync(path.join(out, ".grading.lock"), String(process.ppid));
    try {
      const error = await gradeBatch(options).catch((thrown: unknown) => thrown);
      expect(String(error)).to.match(/another grader \(process \d+\) is writing to/);
    } finally {
      fs.rmSync(path.join(out, ".grading.lock"), { force: true });
    }
  });
});
