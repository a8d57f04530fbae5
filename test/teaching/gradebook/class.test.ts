// The course gradebook over a made-up class of 40 students × 5 lessons in
// three runs (new work; resubmissions; a regrade after a lesson changed),
// fed as the grader feeds it, without kernels. The grades in course.sqlite,
// read back with the sqlite3 command, must be exactly one per student,
// lesson and policy and equal to the policies computed here from the plan;
// the dashboard must rank the planted mistakes first.
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { answerKey, type ProblemKey } from "dlfs/answer-key";
import { collectFlags, CourseRun, openForReading, writeFeedback } from "../../../teaching/gradebook/index";
import { notebooksDir } from "../../support/lessons";
import { requireProgram } from "../../support/requirements";
import { tempFolder } from "../support/submissions";
import { mistakeRows, sqlite, sqlite3 } from "./support/sqlite";
import {
  type Attempt,
  changedKey230,
  due,
  firstAttempts,
  gradeRun,
  handIn,
  lateRule,
  outcomes,
  planted,
  problems,
  resubmissions,
  students,
} from "./support/made-up-class";

interface Graded {
  attempt: Attempt;
  points: number;
  max: number;
}

/** The policies as the course file states them, computed from the plan. */
function expectedGrades(graded: readonly Graded[]): Map<string, { latest: number; best: number; lateDays: number }> {
  const byPair = new Map<string, Graded[]>();
  for (const g of graded) {
    const key = `${g.attempt.student}/${g.attempt.problem}`;
    byPair.set(key, [...(byPair.get(key) ?? []), g]);
  }
  const result = new Map<string, { latest: number; best: number; lateDays: number }>();
  for (const [key, list] of byPair) {
    const judged = list
      .map((g) => {
        const lateMs = g.attempt.submittedAt - Date.parse(due[g.attempt.problem]);
        const days = lateMs > 0 ? Math.ceil(lateMs / 86_400_000) : 0;
        const penalty = days > (lateRule.maxDaysLate ?? Infinity) ? 1 : Math.min(1, days * lateRule.penaltyPerDay);
        return { at: g.attempt.submittedAt, days, penalty, score: Math.round(g.points * (1 - penalty) * 1e6) / 1e6 };
      })
      .sort((a, b) => a.at - b.at);
    const accepted = judged.filter((j) => j.penalty < 1);
    const latest = (accepted.length > 0 ? accepted : judged).at(-1)!;
    let best = judged[0];
    for (const j of judged) if (j.score > best.score) best = j;
    result.set(key, { latest: latest.score, best: best.score, lateDays: latest.days });
  }
  return result;
}

describe("course gradebook: a made-up class of 40 × 5 in three runs", function () {
  this.timeout(120_000);
  const submissions = tempFolder("dlfs-class-");
  const grades = tempFolder("dlfs-class-grades-");
  const lessons = tempFolder("dlfs-class-lessons-");
  const database = path.join(grades, "course.sqlite");
  /** Every attempt handed in, with what its newest grading gave. */
  const graded = new Map<Attempt, Graded>();
  /** The files as they are now, by path. */
  const current = new Map<string, Attempt>();
  const gradedFiles = new Set<string>();
  const doneByRun: string[][] = [];
  let dashboardAfterFirst = "";

  async function run(keys: Readonly<Record<string, ProblemKey>>): Promise<void> {
    const courseRun = await CourseRun.open({ outDir: grades, inputs: [submissions], lessonsDir: lessons, keys, kind: "grade" });
    const done = gradeRun(courseRun, submissions, current, gradedFiles, keys);
    courseRun.finish();
    for (const file of done) {
      const attempt = current.get(file)!;
      const { points, max } = outcomes(attempt, keys[attempt.problem]);
      graded.set(attempt, { attempt, points, max });
    }
    doneByRun.push(done);
  }

  before(async function () {
    requireProgram(this, fs.existsSync(sqlite3), "the sqlite3 command (apt-get install sqlite3)");
    for (const name of fs.readdirSync(notebooksDir).filter((n) => problems.some((p) => n.startsWith(`${p}_`))))
      fs.copyFileSync(path.join(notebooksDir, name), path.join(lessons, name));
    fs.writeFileSync(
      path.join(submissions, "course.json"),
      JSON.stringify({ policy: "best", late: lateRule, lessons: Object.fromEntries(problems.map((p) => [p, { due: due[p] }])) }),
    );
    const first = firstAttempts();
    handIn(submissions, first);
    for (const attempt of first) current.set(attempt.file, attempt);
    await run(answerKey);
    dashboardAfterFirst = fs.readFileSync(path.join(grades, "index.html"), "utf8");

    const again = resubmissions();
    handIn(submissions, again);
    for (const attempt of again) current.set(attempt.file, attempt);
    await run(answerKey);

    // The teacher changes lesson 230 (its code and its check): its submissions are graded again.
    const lesson230 = fs.readdirSync(lessons).find((name) => name.startsWith("230_"))!;
    const notebook = JSON.parse(fs.readFileSync(path.join(lessons, lesson230), "utf8")) as {
      cells: { cell_type: string; source: string[] }[];
    };
    notebook.cells.find((cell) => cell.cell_type === "code")!.source.push("\n// the batch gradient's sum is accepted too");
    fs.writeFileSync(path.join(lessons, lesson230), JSON.stringify(notebook));
    await run({ ...answerKey, "230": changedKey230() });
  });

  after(() => {
    for (const dir of [submissions, grades, lessons]) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("grades new work, then only the resubmissions, then only the changed lesson's submissions", () => {
    expect(doneByRun[0]).to.have.length(200);
    expect(doneByRun[1].sort()).to.deep.equal(
      resubmissions()
        .map((a) => a.file)
        .sort(),
    );
    expect(doneByRun[2]).to.have.length(40);
    expect(new Set(doneByRun[2].map((file) => current.get(file)!.problem))).to.deep.equal(new Set(["230"]));
    const runs = sqlite<{ kind: string; graded: number; finished: number }>(
      database,
      "select kind, graded, finished_at is not null as finished from runs order by id",
    );
    expect(runs).to.deep.equal([
      { kind: "grade", graded: 200, finished: 1 },
      { kind: "grade", graded: 20, finished: 1 },
      { kind: "grade", graded: 40, finished: 1 },
    ]);
    // Every attempt is kept: 200 first files, 20 resubmissions (13 in place of a first file).
    expect(sqlite<{ n: number }>(database, "select count(*) as n from submissions")[0].n).to.equal(220);
    expect(sqlite<{ n: number }>(database, "select count(*) as n from gradings")[0].n).to.equal(260);
  });

  it("has exactly one grade per student, lesson and policy, as the policies say", () => {
    const counts = sqlite<{ policy: string; n: number; pairs: number }>(
      database,
      "select policy, count(*) as n, count(distinct student_id || '/' || lesson_id) as pairs from grades group by policy order by policy",
    );
    expect(counts).to.deep.equal([
      { policy: "best", n: 200, pairs: 200 },
      { policy: "latest", n: 200, pairs: 200 },
    ]);
    const rows = sqlite<{ student: string; problem: string; policy: string; score: number; late_days: number }>(
      database,
      "select student, problem, policy, score, late_days from grade_sheet",
    );
    const expected = expectedGrades([...graded.values()]);
    expect(expected.size).to.equal(students.length * problems.length);
    for (const row of rows) {
      const want = expected.get(`${row.student}/${row.problem}`);
      expect(want, `${row.student} ${row.problem}`).to.not.equal(undefined);
      expect(row.score, `${row.student} ${row.problem} ${row.policy}`).to.equal(
        row.policy === "best" ? want!.best : want!.latest,
      );
    }
    // The cases the plan makes different: a worse resubmission, a late fix, work too late to count.
    const grade = (student: string, problem: string, policy: string): number =>
      rows.find((r) => r.student === student && r.problem === problem && r.policy === policy)!.score;
    expect([grade("student10", "214", "latest"), grade("student10", "214", "best")]).to.deep.equal([3, 4]);
    expect([grade("student13", "228", "latest"), grade("student13", "228", "best")]).to.deep.equal([2.8, 2.8]);
    expect(grade("student37", "230", "best")).to.equal(0);
    expect(rows.find((r) => r.student === "student38" && r.problem === "228" && r.policy === "latest")!.late_days).to.equal(2);
  });

  it("logs what each run changed: the regrade changed only lesson 230's grades", () => {
    const changes = sqlite<{ run_id: number; problem: string; n: number }>(
      database,
      "select c.run_id, l.problem, count(*) as n from grade_changes c join lessons l on l.id = c.lesson_id where c.policy = 'best' group by c.run_id, l.problem order by 1, 2",
    );
    expect(changes.filter((c) => c.run_id === 1).map((c) => [c.problem, c.n])).to.deep.equal(problems.map((p) => [p, 40]));
    expect(changes.filter((c) => c.run_id === 3).map((c) => c.problem)).to.deep.equal(["230"]);
    // Students 20–31 gave the batch gradient's sum, which now counts.
    const raised = sqlite<{ n: number }>(
      database,
      "select count(*) as n from grade_changes c join lessons l on l.id = c.lesson_id where c.run_id = 3 and c.policy = 'best' and c.after > c.before",
    )[0].n;
    expect(raised).to.equal(12);
    const html = fs.readFileSync(path.join(grades, "index.html"), "utf8");
    expect(html).to.match(/Lessons changed since the run before, so their submissions were graded again: 230/);
  });

  it("ranks the planted mistakes first on the dashboard", () => {
    const first = mistakeRows(dashboardAfterFirst);
    expect(first.slice(0, 3).map((row) => [row[3], row[1], row[5]])).to.deep.equal(
      planted.map((p) => [p.problem, `${Math.round((100 * p.students) / 40)}%`, p.hint]),
    );
    // After the regrade, 230's check accepts the batch sum: that mistake is no longer one.
    const last = mistakeRows(fs.readFileSync(path.join(grades, "index.html"), "utf8"));
    expect(last.slice(0, 2).map((row) => row[3])).to.deep.equal(["228", "214"]);
    expect(last.some((row) => row[5] === planted[2].hint)).to.equal(false);
  });

  it("shows each answer's share correct on shown and on hidden data", () => {
    const html = fs.readFileSync(path.join(grades, "index.html"), "utf8");
    // 217's out: 39 of 40 right on shown data (9 reversed the sign); 36–40 typed it in, wrong on hidden data.
    expect(html).to.include(
      '<tr><th>217</th><td class="text">out</td><td>98%</td><td>39 / 40</td><td>85%</td><td>34 / 40</td></tr>',
    );
  });

  it("writes feedback per student with the hints and nothing of the key or the hidden inputs", async () => {
    const out = tempFolder("dlfs-class-feedback-");
    const { db } = await openForReading(grades);
    try {
      expect(writeFeedback(db, out, "best")).to.have.length(40);
    } finally {
      db.close();
    }
    const keyTexts = (problem: string): string[] =>
      answerKey[problem].items.flatMap((i) => [JSON.stringify(i.expected), i.numpy ?? ""].filter((t) => t.length > 3));
    for (const student of students) {
      const files = fs.readdirSync(path.join(out, student)).sort();
      expect(files).to.deep.equal(["214.html", "217.html", "219.html", "228.html", "230.html", "index.html"]);
      for (const file of files) {
        const page = fs.readFileSync(path.join(out, student, file), "utf8");
        const problem = file.slice(0, 3);
        if (problem !== "ind") for (const text of keyTexts(problem)) expect(page, `${student}/${file}`).to.not.include(text);
        expect(page).to.not.include("HIDDEN-");
        expect(page).to.not.match(/expected [-\d[]|정답 [-\d[]/);
      }
    }
    const mask = fs.readFileSync(path.join(out, "student05", "214.html"), "utf8");
    expect(mask).to.include(planted[1].hint);
    expect(mask).to.include("[[1,2],[2,3]]"); // what the student gave
    const typedIn = fs.readFileSync(path.join(out, "student36", "217.html"), "utf8");
    expect(typedIn).to.include("평탄화한 인덱스 0에서 정답과 다르다");
    expect(typedIn).to.not.include("0.731");
    fs.rmSync(out, { recursive: true, force: true });
  });

  it("flags the same answers across variants, the same file, the grader's findings and late work", async () => {
    const { db } = await openForReading(grades);
    let flags: ReturnType<typeof collectFlags>;
    try {
      flags = collectFlags(db, "best");
    } finally {
      db.close();
    }
    const of = (kind: string): string[] =>
      flags.filter((f) => f.kind === kind).map((f) => `${f.problem} ${f.students.join(" ")}`);
    expect(of("same file")).to.deep.equal(["217 student33 student34"]);
    expect(of("flagged by the grader")).to.deep.equal(["219 student35"]);
    expect(of("not accepted")).to.deep.equal(["230 student37"]);
    // 13–18's late fix of 228 is their best attempt; 38–40 handed in 228 late at first.
    expect(of("late")).to.deep.equal([13, 14, 15, 16, 17, 18, 38, 39, 40].map((n) => `228 student${n}`));
    const variants = of("same answer, other variant");
    expect(variants.length).to.be.greaterThan(0);
    for (const flag of variants)
      expect(flag).to.match(
        /student39 \(variant 39\) student40 \(variant 40\)|student40 \(variant 40\) student39 \(variant 39\)/,
      );
  });
});
