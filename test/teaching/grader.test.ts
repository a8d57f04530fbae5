// The batch grader on a folder of made-up submissions of lesson 209: correct,
// partly correct, the handout as it is, and each kind of broken or hostile
// submission. Every one must end as a gradebook row with a plain status and
// reason, and the batch must finish. The submissions that run until a limit
// stops them (a loop, the memory, the output) are graded in a batch of their
// own in the slow tier; the others get limits no honest cell comes near, so
// that a busy machine cannot turn a right answer into a timeout.
import { checkHeadlineOf } from "dlfs/answer-key";
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { gradeBatch, type BatchSummary } from "../../teaching/grader/grade-batch";
import type { GradeRow } from "../../teaching/grader/grade-submission";
import { Gradebook } from "../../teaching/grader/gradebook";
import { notebooksDir } from "../support/lessons";
import { answerKeyFile } from "../support/paths";
import { put, student209, teacher209, tempFolder, withCell, withCode, withoutProblemMetadata } from "./support/submissions";

describe("grader: a batch of made-up submissions", function () {
  this.timeout(5 * 60 * 1000);
  const submissions = tempFolder("dlfs-submissions-");
  const out = tempFolder("dlfs-grades-");
  const keyBefore = fs.readFileSync(answerKeyFile, "utf8");
  let summary: BatchSummary;
  let rows: Map<string, GradeRow>;

  before(async () => {
    const teacher = teacher209();
    const handout = student209();
    put(submissions, "kim_209.ipynb", teacher);
    put(submissions, "lee_209.ipynb", withCode(teacher, "return [dx, dy];", "return [dy, dx];"));
    put(submissions, "park/209_mul_layer.ipynb", handout);
    put(submissions, "choi_209.ipynb", "this is not JSON at all");
    put(submissions, "jung_209.ipynb", JSON.stringify({ hello: "world" }));
    put(submissions, "kang_209.ipynb", {
      ...teacher,
      metadata: { ...teacher.metadata, kernelspec: { name: "python3", display_name: "Python 3", language: "python" } },
    });
    put(submissions, "lim_209.ipynb", withCell(teacher, "process.exit(0);"));
    put(
      submissions,
      "han_209.ipynb",
      withCell(teacher, 'const p = process as unknown as Record<string, (code: number) => void>;\np["ex" + "it"](3);'),
    );
    put(submissions, "oh_209.ipynb", withCell(teacher, 'throw new Error("oops");'));
    put(submissions, "kwon_209.ipynb", withCell(teacher, `require("fs").writeFileSync(${JSON.stringify(answerKeyFile)}, "{}");`));
    put(
      submissions,
      "song_209.ipynb",
      withCell(teacher, `console.log(require("fs").readdirSync(${JSON.stringify(submissions)}));`),
    );
    put(submissions, "jang_209.ipynb", withCell(handout, 'console.log("Problem 209 (MulLayer): 3/3 correct");'));
    put(
      submissions,
      "ahn_209.ipynb",
      withCell(
        teacher,
        'Object.defineProperty(Array.prototype, "toJSON", { value: () => "fake" });\nconsole.log = () => undefined;',
        3,
      ),
    );
    put(submissions, "baek_209.ipynb", withoutProblemMetadata(teacher));
    put(submissions, "nam_homework.ipynb", withoutProblemMetadata(teacher));

    summary = await gradeBatch({
      inputs: [submissions],
      outDir: out,
      regrade: false,
      timeoutSeconds: 60,
      memoryMb: 400,
      jobs: 2,
      lessonsDir: notebooksDir,
    });
    rows = new Map((await Gradebook.open(summary.gradebook)).rows.map((row) => [row.student, row]));
  });

  after(() => {
    fs.rmSync(submissions, { recursive: true, force: true });
    fs.rmSync(out, { recursive: true, force: true });
  });

  function row(student: string): GradeRow {
    const found = rows.get(student);
    if (found === undefined) throw new Error(`no gradebook row for ${student}; rows: ${[...rows.keys()].join(", ")}`);
    return found;
  }

  function expectRow(student: string, status: GradeRow["status"], points: number, reason?: RegExp): void {
    const { status: actualStatus, points: actualPoints, reason: actualReason } = row(student);
    expect({ status: actualStatus, points: actualPoints }, `${student}: ${actualReason}`).to.deep.equal({ status, points });
    if (reason !== undefined) expect(actualReason, student).to.match(reason);
  }

  it("writes one gradebook row per submission", () => {
    expect(summary.found).to.equal(15);
    expect(summary.results).to.have.length(15);
    expect(rows.size).to.equal(15);
    for (const r of rows.values()) expect(r.max, r.student).to.equal(r.status === "invalid" && r.problem === "" ? 0 : 3);
  });

  it("gives full points to a correct submission", () => expectRow("kim", "graded", 3, /all 3 answers correct/));

  it("gives partial points for a partly correct one, naming the wrong answers", () =>
    expectRow("lee", "partial", 1, /1\/3 correct; not right: dx, dy/));

  it("gives no points to the handout as it is, saying what failed", () => expectRow("park", "error", 0, /not implemented yet/));

  it("reads the student from the folder and the problem from metadata or the file name", () => {
    expect(row("park").problem).to.equal("209");
    expectRow("baek", "graded", 3);
    expect(row("baek").problem).to.equal("209");
  });

  it("marks what is not a notebook for these lessons as invalid", () => {
    expectRow("choi", "invalid", 0, /not valid JSON/);
    expectRow("jung", "invalid", 0, /not an nbformat-4 notebook/);
    expectRow("kang", "invalid", 0, /python3.*TypeScript kernel/);
    expectRow("nam_homework", "invalid", 0, /names no lesson/);
  });

  it("survives a kernel that exits, flagging a visible process.exit", () => {
    expectRow("lim", "flagged", 0, /calls process\.exit.*ended the kernel/);
    expectRow("han", "crashed", 0, /ended the kernel \(it exited with code 3\)/);
  });

  it("keeps grading after an error in a cell", () => expectRow("oh", "error", 3, /failed: Error: oops/));

  it("cannot overwrite the answer key, and flags the attempt", () => {
    expectRow("kwon", "flagged", 3, /loads Node's fs module/);
    expect(row("kwon").reason).to.match(/Access to this API has been restricted/);
    expect(fs.readFileSync(answerKeyFile, "utf8")).to.equal(keyBefore);
  });

  it("cannot read the other submissions", () => {
    expectRow("song", "flagged", 3, /Access to this API has been restricted/);
  });

  it("ignores a fake check result printed by the student, and flags it", () =>
    expectRow("jang", "flagged", 0, /looks like a check result/));

  it("grades correctly although built-ins were replaced, and flags it", () => {
    expectRow("ahn", "flagged", 3, /redefines a built-in \(Array\.prototype\).*replaces a built-in \(console\.log\)/);
    expect(row("ahn").reason).to.include("console.log was replaced before the grader read the answers");
  });

  it("writes an HTML report per submission and an index", () => {
    const reports = fs.readdirSync(path.join(out, "reports"));
    expect(reports).to.have.length(15);
    const kim = fs.readFileSync(
      path.join(
        out,
        "reports",
        reports.find((name) => name.startsWith("kim-209-"))!,
      ),
      "utf8",
    );
    expect(kim)
      .to.include(checkHeadlineOf("209", 3, 3))
      .and.include("graded");
    expect(fs.readFileSync(path.join(out, "index.html"), "utf8")).to.include("reports/kim-209-");
  });
});

describe("grader: submissions that run until a limit stops them @slow", function () {
  this.timeout(5 * 60 * 1000);
  const submissions = tempFolder("dlfs-submissions-");
  const out = tempFolder("dlfs-grades-");
  let rows: Map<string, GradeRow>;

  before(async () => {
    const teacher = teacher209();
    put(submissions, "yoon_209.ipynb", withCell(teacher, "while (true) {}"));
    put(
      submissions,
      "seo_209.ipynb",
      withCell(teacher, "const hog: number[][] = [];\nwhile (true) hog.push(new Array(1e6).fill(1.5));"),
    );
    put(submissions, "shin_209.ipynb", withCell(teacher, 'for (let i = 0; i < 100; i++) console.log("x".repeat(50000));'));
    const summary = await gradeBatch({
      inputs: [submissions],
      outDir: out,
      regrade: false,
      timeoutSeconds: 10,
      memoryMb: 400,
      jobs: 2,
      lessonsDir: notebooksDir,
    });
    rows = new Map((await Gradebook.open(summary.gradebook)).rows.map((row) => [row.student, row]));
  });

  after(() => {
    fs.rmSync(submissions, { recursive: true, force: true });
    fs.rmSync(out, { recursive: true, force: true });
  });

  function expectRow(student: string, status: GradeRow["status"], points: number, reason: RegExp): void {
    const found = rows.get(student);
    expect(found, `no gradebook row for ${student}`).to.not.equal(undefined);
    expect({ status: found!.status, points: found!.points }, `${student}: ${found!.reason}`).to.deep.equal({ status, points });
    expect(found!.reason, student).to.match(reason);
  }

  it("stops an endless loop and still grades the rest", () => expectRow("yoon", "timeout", 3, /did not finish within 10 s/));

  it("stops a kernel that eats memory", () => expectRow("seo", "crashed", 0, /memory/));

  it("keeps only the start of megabytes of output", () =>
    expectRow("shin", "graded", 3, /printed \d+ characters more than the 100000 kept/));
});
