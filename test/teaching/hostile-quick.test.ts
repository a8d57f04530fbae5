// The quick look at a hostile class (the whole class is attacks.test.ts,
// @slow): one honest submission of lesson 209 and a few attacks, graded in
// one run in the OS sandbox. The honest one gets full points; no attack gains
// a point; the grader and a process beside it live on.
import { expect } from "chai";
import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import { gradeBatch } from "../../teaching/grader/grade-batch";
import type { GradeRow } from "../../teaching/grader/grade-submission";
import { notebooksDir } from "../support/lessons";
import { requireOsSandbox } from "./support/attacks";
import { put, teacher209, tempFolder, withCell } from "./support/submissions";

describe("grader: one honest and a few hostile submissions, in the OS sandbox", function () {
  this.timeout(5 * 60 * 1000);
  const submissions = tempFolder("dlfs-hostile-");
  const out = tempFolder("dlfs-hostile-out-");
  // Started by the hook, not as the file loads: a dry run (npm test counts the tiers with one) runs no hook.
  let bystander: ChildProcess | undefined;
  let rows: Map<string, GradeRow>;

  before(async function () {
    requireOsSandbox(this);
    const started = spawn("sleep", ["600"], { stdio: "ignore" });
    bystander = started;
    const teacher = teacher209();
    // Every answer of 209 wrong, so an attack that worked would show as points.
    const wrong = withCell(teacher, "const out = 0;\nconst dx = 0;\nconst dy = 0;");
    put(submissions, "kim_209.ipynb", teacher);
    put(submissions, "infinity_209.ipynb", withCell(teacher, "const out = Infinity;\nconst dx = -Infinity;\nconst dy = NaN;"));
    put(
      submissions,
      "forger_209.ipynb",
      withCell(
        wrong,
        'const line = JSON.stringify({ values: { out: { kind: "number", value: 200 } }, tampered: [] });\n' +
          'require("f" + "s").writeSync(3, "a".repeat(64) + " " + line + "\\n");',
      ),
    );
    put(
      submissions,
      "killer_209.ipynb",
      withCell(
        wrong,
        `const kill = (process as any)["ki" + "ll"].bind(process);\nfor (const pid of [${process.pid}, ${started.pid}, -1]) { try { kill(pid, "SIGKILL"); } catch {} }`,
      ),
    );
    const summary = await gradeBatch({
      inputs: [submissions],
      outDir: out,
      regrade: false,
      timeoutSeconds: 30,
      memoryMb: 1024,
      jobs: 2,
      lessonsDir: notebooksDir,
    });
    rows = new Map(summary.results.map((result) => [result.row.student, result.row]));
  });

  after(() => {
    bystander?.kill("SIGKILL");
    fs.rmSync(submissions, { recursive: true, force: true });
    fs.rmSync(out, { recursive: true, force: true });
  });

  it("gives the honest student full points", () => {
    expect(rows.get("kim")).to.include({ status: "graded", points: 3 });
  });

  it("never counts an infinity or NaN as a right answer", () => {
    expect(rows.get("infinity")).to.include({ status: "partial", points: 0 });
  });

  it("accepts no answer line the grader's own code did not sign, and flags it", () => {
    const row = rows.get("forger");
    expect(row).to.include({ status: "flagged", points: 0 });
    // Its forging cell runs once on the lesson's data and once more on hidden inputs: one line each time.
    expect(row?.reason).to.match(/2 line\(s\) on the grader's answer channel were not written by the grader's code/);
  });

  it("lets no kernel signal the grader or any process outside its sandbox", () => {
    expect(rows.get("killer")?.points).to.equal(0);
    expect(bystander?.pid, "the process beside the grader").to.be.a("number");
    expect(bystander!.exitCode).to.equal(null);
    expect(bystander!.signalCode).to.equal(null);
  });
});
