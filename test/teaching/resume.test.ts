// The gradebook survives interruptions: rows already there are kept and not
// graded again, --regrade replaces them, reasons with commas and quotes come
// back as they were written, and two graders never write one gradebook.
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { gradeBatch } from "../../teaching/grader/grade-batch";
import type { GradeRow } from "../../teaching/grader/grade-submission";
import { Gradebook } from "../../teaching/grader/gradebook";
import { notebooksDir } from "../support/lessons";
import { put, student209, teacher209, tempFolder } from "./support/submissions";

describe("grader: resuming a gradebook @slow", function () {
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
