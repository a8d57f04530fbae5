// A made-up class of 40 students × 5 lessons (214, 217, 219, 228, 230),
// graded in three runs without kernels: the answers are values (the key's
// own, its known mistakes, or mistakes of a known pattern), compared with
// the key by dlfs's own comparison, as the grader compares them, and fed to
// the course gradebook as the grader feeds it.
//
// Planted: 60% of the class (students 1–24) give 228's "dY of ones" values;
// 45% (5–22) forget Relu's mask in 214; 30% (20–31) do not divide 230's
// batch gradient by the batch size. A few students make other mistakes once
// (noise), 36–40 typed in 217's printed answers (right on shown data, wrong
// on hidden data), 37–40 hand in late, 33 and 34 hand in the same 217 file,
// 35's 219 was flagged by the grader, 39 and 40 carry variants and give the
// same 219 values: 40 copied 39's (right for 39's data), wrong on 40's own data.
import * as fs from "node:fs";
import * as path from "node:path";
import { type AnswerItem, compareWithKey, type Expected, type ProblemKey, answerKey } from "dlfs/answer-key";
import { NDArray } from "dlfs";
import { allMessages } from "dlfs/internal";
import { serializeNotebook } from "../../../../jupyter-client";
import type { AnswerResult, CourseRun } from "../../../../teaching/gradebook/index";
import type { LateRule } from "../../../../teaching/gradebook/course-file";

export const problems = ["214", "217", "219", "228", "230"] as const;
export type Problem = (typeof problems)[number];
export const students = Array.from({ length: 40 }, (_, i) => `student${String(i + 1).padStart(2, "0")}`);
const number = (student: string): number => Number(student.slice(-2));

/** Due dates: one lesson a day, 23:59 in Seoul. */
export const due: Record<Problem, string> = {
  "214": "2025-03-03T23:59:00+09:00",
  "217": "2025-03-04T23:59:00+09:00",
  "219": "2025-03-05T23:59:00+09:00",
  "228": "2025-03-06T23:59:00+09:00",
  "230": "2025-03-07T23:59:00+09:00",
};
export const lateRule: LateRule = { penaltyPerDay: 0.1, maxDaysLate: 7, graceMinutes: 0 };
const dayMs = 86_400_000;

/** A hint as the lessons' Korean says it: the key's own words for a known mistake, or the catalogue's. */
function inKorean(problem: string, english: string): string {
  for (const known of answerKey[problem].items.flatMap((i) => i.mistakes ?? []))
    if (known.text === english && known.ko !== undefined) return known.ko;
  const { en, ko } = allMessages();
  const name = (Object.keys(en) as Array<keyof typeof en>).find((key) => en[key] === english);
  const korean = name === undefined ? undefined : ko[name];
  if (typeof korean !== "string") throw new Error(`no Korean for the hint "${english}"`);
  return korean;
}

export const planted = [
  { problem: "228", english: "dY is out2 itself, as the problem says (this is a dY of ones)", students: 24 },
  { problem: "214", english: "right except where the answer is 0: looks like you forgot the mask", students: 18 },
  { problem: "230", english: "did not divide by the batch size (2): dx = (y - t) / batch_size", students: 12 },
].map((p) => ({ ...p, hint: inKorean(p.problem, p.english) }));

function item(key: ProblemKey, name: string): AnswerItem {
  const found = key.items.find((i) => i.name === name);
  if (found === undefined) throw new Error(`no answer ${name}`);
  return found;
}

function knownMistake(key: ProblemKey, name: string, text: RegExp): Expected {
  const mistake = item(key, name).mistakes?.find((m) => text.test(m.text));
  if (mistake === undefined) throw new Error(`the key of ${name} has no mistake ${text}`);
  return mistake.value;
}

function negated(value: Expected): Expected {
  return Array.isArray(value) ? value.map(negated) : typeof value === "number" ? -value : value;
}

/** Every value the same as expected, except the zeros: the mask was not applied. */
function unmasked(value: Expected): Expected {
  return Array.isArray(value) ? value.map(unmasked) : value === 0 ? 2 : value;
}

export interface Attempt {
  student: string;
  problem: Problem;
  /** Relative to the submissions folder. */
  file: string;
  submittedAt: number;
  values: Record<string, unknown>;
  /** Names of answers that fail on hidden data although right on shown data (typed in). */
  typedIn?: string[];
  findings?: string[];
  variant?: string;
  /**
   * 219 on variant 39's data (the key's values, each one more): right for 39
   * ("own"), copied by 40 and wrong on 40's own data ("copied").
   */
  variant39?: "own" | "copied";
  /** Bytes of the file: a copy of another student's when set. */
  sameAs?: string;
}

/** The answers of one attempt: the key's values with the planted mistakes of `mistakes`. */
function answersFor(problem: Problem, mistakes: readonly string[]): Record<string, unknown> {
  const key = answerKey[problem];
  const values: Record<string, unknown> = Object.fromEntries(key.items.map((i) => [i.name, i.expected]));
  for (const mistake of mistakes) {
    if (mistake === "dY of ones") for (const name of ["dx", "dW1", "db1"]) values[name] = knownMistake(key, name, /dY of ones/);
    else if (mistake === "mask") values.dx = unmasked(item(key, "dx").expected);
    else if (mistake === "batch size") values.batchDx = knownMistake(key, "batchDx", /did not divide/);
    else if (mistake.startsWith("sign ")) values[mistake.slice(5)] = negated(item(key, mistake.slice(5)).expected);
    else throw new Error(mistake);
  }
  return values;
}

function before(problem: Problem, hours: number): number {
  return Date.parse(due[problem]) - hours * 3_600_000;
}

/** Run 1: everyone hands in every lesson once. */
export function firstAttempts(): Attempt[] {
  const attempts: Attempt[] = [];
  for (const student of students) {
    const n = number(student);
    for (const problem of problems) {
      const mistakes: string[] = [];
      if (problem === "228" && n <= 24) mistakes.push("dY of ones");
      if (problem === "214" && n >= 5 && n <= 22) mistakes.push("mask");
      if (problem === "230" && n >= 20 && n <= 31) mistakes.push("batch size");
      if (problem === "219" && (n === 2 || n === 3)) mistakes.push("sign dW"); // noise: 2 students
      if (problem === "217" && n === 9) mistakes.push("sign out");
      let submittedAt = before(problem, 2 + (n % 7));
      if (problem === "228" && n >= 38) submittedAt = Date.parse(due[problem]) + 2 * dayMs - 3_600_000; // 2 days late
      if (problem === "230" && n === 37) submittedAt = Date.parse(due[problem]) + 10 * dayMs; // past the last day accepted
      attempts.push({
        student,
        problem,
        file: `${student}/${problem}.ipynb`,
        submittedAt,
        values: answersFor(problem, mistakes),
        typedIn: problem === "217" && n >= 36 ? ["out", "dx"] : undefined,
        findings: problem === "219" && n === 35 ? ["cell 4 (`process.exit()`), line 1: calls process.exit"] : undefined,
        variant: n >= 39 ? String(n) : undefined,
        variant39: problem === "219" && n >= 39 ? (n === 39 ? "own" : "copied") : undefined,
        sameAs: problem === "217" && n === 34 ? "student33/217.ipynb" : undefined,
      });
    }
  }
  return attempts;
}

/**
 * Run 2: resubmissions. 1–12 hand in 228 again, fixed, in place of the
 * first file; 13–18 as a second file, fixed, but 3 days late; 10 makes 214
 * worse in place (best and latest then differ); 25 hands in 219 again
 * unchanged under a new name.
 */
export function resubmissions(): Attempt[] {
  const attempts: Attempt[] = [];
  for (const student of students) {
    const n = number(student);
    if (n <= 12)
      attempts.push({
        student,
        problem: "228",
        file: `${student}/228.ipynb`,
        submittedAt: before("228", 1),
        values: answersFor("228", []),
      });
    if (n >= 13 && n <= 18)
      attempts.push({
        student,
        problem: "228",
        file: `${student}/228_again.ipynb`,
        submittedAt: Date.parse(due["228"]) + 3 * dayMs - 60_000,
        values: answersFor("228", []),
      });
    if (n === 10)
      attempts.push({
        student,
        problem: "214",
        file: `${student}/214.ipynb`,
        submittedAt: before("214", 1),
        values: answersFor("214", ["mask", "sign xForward"]),
      });
    if (n === 25)
      attempts.push({
        student,
        problem: "219",
        file: `${student}/219_copy.ipynb`,
        submittedAt: before("219", 1),
        values: answersFor("219", []),
      });
  }
  return attempts;
}

/** Run 3's lesson change: 230's check now also accepts the batch gradient not divided by the batch size. */
export function changedKey230(): ProblemKey {
  const key = answerKey["230"];
  return {
    ...key,
    items: key.items.map((i) =>
      i.name === "batchDx"
        ? {
            ...i,
            accepted: [{ value: knownMistake(key, "batchDx", /did not divide/), text: "the sum over the batch, also accepted" }],
          }
        : i,
    ),
  };
}

function plusOne(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plusOne);
  if (value instanceof NDArray) return value.add(1);
  return typeof value === "number" ? value + 1 : value;
}

/** What the grader would store of an attempt: the comparison with `key`, shown and hidden outcomes. */
export function outcomes(
  attempt: Attempt,
  key: ProblemKey,
): { shown: AnswerResult[]; hidden: AnswerResult[]; points: number; max: number } {
  const values =
    attempt.variant39 === undefined
      ? attempt.values
      : Object.fromEntries(Object.entries(attempt.values).map(([name, value]) => [name, plusOne(value)]));
  const report = compareWithKey(attempt.problem, key, values);
  const shown = report.outcomes.map((o) => ({
    name: o.name,
    passed: attempt.variant39 === undefined ? o.passed : attempt.variant39 === "own",
    hint:
      attempt.variant39 === "copied"
        ? "not the answer for this student's own data"
        : attempt.variant39 === "own"
          ? undefined
          : o.hint,
    given: o.given,
  }));
  const hidden = shown.map((o) =>
    attempt.typedIn?.includes(o.name)
      ? {
          name: o.name,
          passed: false,
          hint: "평탄화한 인덱스 0에서 다르다: 정답 0.731, 낸 값 0.881",
          given: `HIDDEN-${attempt.student}-${o.name}`,
        }
      : { ...o, given: `HIDDEN-${attempt.student}-${o.name}` },
  );
  const points = shown.filter((o) => o.passed).length;
  return { shown, hidden, points, max: report.outcomes.length };
}

function notebookText(attempt: Attempt): string {
  return serializeNotebook({
    cells: [
      {
        cell_type: "code",
        metadata: {},
        source: `// ${attempt.student} ${attempt.problem} ${JSON.stringify(attempt.values)}`,
        outputs: [],
        execution_count: null,
      },
    ],
    metadata: { dlfs: { problem: attempt.problem, ...(attempt.variant === undefined ? {} : { variant: attempt.variant }) } },
    nbformat: 4,
    nbformat_minor: 5,
  });
}

/** Writes the attempts' files, dated when they were handed in. */
export function handIn(submissions: string, attempts: readonly Attempt[]): void {
  for (const attempt of attempts) {
    const file = path.join(submissions, attempt.file);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const text =
      attempt.sameAs === undefined ? notebookText(attempt) : fs.readFileSync(path.join(submissions, attempt.sameAs), "utf8");
    fs.writeFileSync(file, text);
    fs.utimesSync(file, new Date(attempt.submittedAt), new Date(attempt.submittedAt));
  }
}

/**
 * One grading run as the grader makes it: every file under the submissions
 * folder that the run has not graded yet, or that is outdated, is graded
 * with `keys` and recorded. Returns the files it graded.
 */
export function gradeRun(
  run: CourseRun,
  submissions: string,
  attempts: ReadonlyMap<string, Attempt>,
  graded: Set<string>,
  keys: Readonly<Record<string, ProblemKey>>,
): string[] {
  const done: string[] = [];
  for (const [file, attempt] of attempts) {
    const full = path.join(submissions, file);
    if (graded.has(file) && !run.isOutdated(full)) continue;
    const { shown, hidden, points, max } = outcomes(attempt, keys[attempt.problem]);
    const findings = attempt.findings ?? [];
    run.record({
      file: full,
      student: attempt.student,
      problem: attempt.problem,
      status: findings.length > 0 ? "flagged" : points === max ? "graded" : "partial",
      points,
      max,
      reason: `${points}/${max} correct`,
      seconds: 1,
      shown,
      hidden,
      findings,
    });
    graded.add(file);
    done.push(file);
  }
  return done;
}
