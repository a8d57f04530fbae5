/**
 * What the commands and the dashboard read from the course's gradebook: the
 * class's grades under a policy, each answer's share correct, the mistakes
 * ranked, what the last run changed, one student's record.
 */
import type { CourseDatabase } from "./database";
import { mistakeKind } from "./hints";
import type { Policy } from "./schema";

export interface LessonRow {
  id: number;
  problem: string;
  title: string;
  answers: number;
}

export interface GradeCell {
  score: number;
  points: number;
  max: number;
  lateDays: number;
  penalty: number;
  attempts: number;
  status: string;
  flagged: boolean;
  file: string;
  submittedAt: string;
  gradingId: number;
}

export interface ClassGrades {
  lessons: LessonRow[];
  students: string[];
  /** student → problem → the grade that counts. */
  grades: Map<string, Map<string, GradeCell>>;
}

function lessonsOf(db: CourseDatabase): LessonRow[] {
  return db.all<LessonRow & Record<string, number | string>>(
    "SELECT id, problem, title, answers FROM lessons WHERE id IN (SELECT lesson_id FROM submissions) ORDER BY problem",
  );
}

export function classGrades(db: CourseDatabase, policy: Policy): ClassGrades {
  const rows = db.all<{
    student: string;
    problem: string;
    score: number;
    points: number;
    max: number;
    late_days: number;
    penalty: number;
    attempts: number;
    status: string;
    flagged: number;
    file: string;
    submitted_at: string;
    grading_id: number;
  }>(
    `SELECT st.name AS student, l.problem, gr.score, gr.points, gr.max, gr.late_days, gr.penalty, gr.attempts, g.status,
            EXISTS (SELECT 1 FROM findings f WHERE f.grading_id = g.id) AS flagged, s.file, s.submitted_at, g.id AS grading_id
     FROM grades gr JOIN students st ON st.id = gr.student_id JOIN lessons l ON l.id = gr.lesson_id
     JOIN submissions s ON s.id = gr.submission_id JOIN gradings g ON g.id = gr.grading_id
     WHERE gr.policy = ?`,
    [policy],
  );
  const grades = new Map<string, Map<string, GradeCell>>();
  for (const row of rows) {
    const byLesson = grades.get(row.student) ?? new Map<string, GradeCell>();
    byLesson.set(row.problem, {
      score: row.score,
      points: row.points,
      max: row.max,
      lateDays: row.late_days,
      penalty: row.penalty,
      attempts: row.attempts,
      status: row.status,
      flagged: row.flagged === 1,
      file: row.file,
      submittedAt: row.submitted_at,
      gradingId: row.grading_id,
    });
    grades.set(row.student, byLesson);
  }
  const students = db.all<{ name: string }>("SELECT name FROM students ORDER BY name").map((row) => row.name);
  return { lessons: lessonsOf(db), students, grades };
}

export interface AnswerShare {
  problem: string;
  answer: string;
  shownCorrect: number;
  shownTotal: number;
  hiddenCorrect: number;
  hiddenTotal: number;
}

/** Per answer, how many of the attempts that count (under `policy`) got it right, on each data set. */
export function answerShares(db: CourseDatabase, policy: Policy): AnswerShare[] {
  const rows = db.all<{ problem: string; answer: string; data: string; correct: number; total: number }>(
    `SELECT l.problem, r.answer, r.data, sum(r.passed) AS correct, count(*) AS total
     FROM grades gr JOIN lessons l ON l.id = gr.lesson_id JOIN results r ON r.grading_id = gr.grading_id
     WHERE gr.policy = ? GROUP BY l.problem, r.answer, r.data ORDER BY l.problem`,
    [policy],
  );
  const shares = new Map<string, AnswerShare>();
  for (const row of rows) {
    const key = `${row.problem}/${row.answer}`;
    const share = shares.get(key) ?? {
      problem: row.problem,
      answer: row.answer,
      shownCorrect: 0,
      shownTotal: 0,
      hiddenCorrect: 0,
      hiddenTotal: 0,
    };
    if (row.data === "shown") {
      share.shownCorrect = row.correct;
      share.shownTotal = row.total;
    } else {
      share.hiddenCorrect = row.correct;
      share.hiddenTotal = row.total;
    }
    shares.set(key, share);
  }
  return [...shares.values()];
}

export interface Mistake {
  problem: string;
  title: string;
  hint: string;
  answers: string[];
  /** Students for whom it fired in any attempt (on shown or hidden data). */
  students: number;
  /** Students who handed in the lesson. */
  classSize: number;
}

/** The mistakes the checks named, most students first. */
export function rankedMistakes(db: CourseDatabase): Mistake[] {
  const rows = db.all<{ problem: string; title: string; student_id: number; answer: string; hint: string }>(
    `SELECT DISTINCT l.problem, l.title, s.student_id, r.answer, r.hint
     FROM results r JOIN submissions s ON s.grading_id = r.grading_id
     JOIN lessons l ON l.id = s.lesson_id WHERE r.passed = 0 AND r.hint IS NOT NULL`,
  );
  const classSizes = new Map(
    db
      .all<{ problem: string; n: number }>(
        "SELECT l.problem, count(DISTINCT s.student_id) AS n FROM submissions s JOIN lessons l ON l.id = s.lesson_id GROUP BY l.problem",
      )
      .map((row) => [row.problem, row.n]),
  );
  const groups = new Map<string, { mistake: Mistake; students: Set<number>; answers: Set<string> }>();
  for (const row of rows) {
    const hint = mistakeKind(row.hint);
    const key = `${row.problem}\u0000${hint}`;
    const group = groups.get(key) ?? {
      mistake: {
        problem: row.problem,
        title: row.title,
        hint,
        answers: [],
        students: 0,
        classSize: classSizes.get(row.problem) ?? 0,
      },
      students: new Set<number>(),
      answers: new Set<string>(),
    };
    group.students.add(row.student_id);
    group.answers.add(row.answer);
    groups.set(key, group);
  }
  return [...groups.values()]
    .map(({ mistake, students, answers }) => ({ ...mistake, students: students.size, answers: [...answers].sort() }))
    .sort(
      (a, b) =>
        b.students / b.classSize - a.students / a.classSize || b.students - a.students || a.problem.localeCompare(b.problem),
    );
}

interface RunSummary {
  id: number;
  kind: string;
  startedAt: string;
  finishedAt: string | null;
  graded: number;
}

interface GradeChange {
  student: string;
  problem: string;
  before: number | null;
  after: number;
  max: number;
}

export interface RunChanges {
  run: RunSummary;
  /** Grades under `policy` that the run set or changed. */
  changes: GradeChange[];
  /** Lessons whose code, check or key changed (their submissions were graded again). */
  changedLessons: string[];
}

/** The newest run that graded something or changed a grade, and what it changed. */
export function lastRunChanges(db: CourseDatabase, policy: Policy): RunChanges | undefined {
  const run = db.get<{ id: number; kind: string; started_at: string; finished_at: string | null; graded: number }>(
    `SELECT id, kind, started_at, finished_at, graded FROM runs
     WHERE graded > 0 OR id IN (SELECT run_id FROM grade_changes) ORDER BY id DESC LIMIT 1`,
  );
  if (run === undefined) return undefined;
  const changes = db.all<{ student: string; problem: string; before: number | null; after: number; max: number }>(
    `SELECT st.name AS student, l.problem, c.before, c.after, gr.max
     FROM grade_changes c JOIN students st ON st.id = c.student_id JOIN lessons l ON l.id = c.lesson_id
     JOIN grades gr ON gr.student_id = c.student_id AND gr.lesson_id = c.lesson_id AND gr.policy = c.policy
     WHERE c.run_id = ? AND c.policy = ? ORDER BY l.problem, st.name`,
    [run.id, policy],
  );
  const changedLessons = db
    .all<{ problem: string }>(
      "SELECT problem FROM lessons WHERE changed_run = ? AND changed_run > (SELECT min(id) FROM runs) ORDER BY problem",
      [run.id],
    )
    .map((row) => row.problem);
  return {
    run: { id: run.id, kind: run.kind, startedAt: run.started_at, finishedAt: run.finished_at, graded: run.graded },
    changes,
    changedLessons,
  };
}

export interface AttemptRecord {
  problem: string;
  title: string;
  file: string;
  submittedAt: string;
  gradedAt: string;
  status: string;
  points: number;
  max: number;
  report: string | null;
  counts: boolean;
  lateDays: number;
  score: number | null;
  results: { answer: string; data: string; passed: boolean; hint: string | null; given: string | null }[];
  findings: string[];
}

/** A student's attempts, lesson by lesson, each with its newest grading; `counts` marks the one the policy takes. */
export function studentAttempts(db: CourseDatabase, student: string, policy: Policy): AttemptRecord[] {
  const attempts = db.all<{
    grading_id: number;
    problem: string | null;
    title: string | null;
    file: string;
    submitted_at: string;
    graded_at: string;
    status: string;
    points: number;
    max: number;
    report: string | null;
    counts: number;
    late_days: number | null;
    score: number | null;
  }>(
    `SELECT g.id AS grading_id, l.problem, l.title, s.file, s.submitted_at, g.graded_at, g.status, g.points, g.max, g.report,
            gr.submission_id IS NOT NULL AS counts, gr.late_days, gr.score
     FROM submissions s JOIN students st ON st.id = s.student_id JOIN gradings g ON g.id = s.grading_id
     LEFT JOIN lessons l ON l.id = s.lesson_id
     LEFT JOIN grades gr ON gr.submission_id = s.id AND gr.policy = ?
     WHERE st.name = ? ORDER BY l.problem, s.submitted_at, s.id`,
    [policy, student],
  );
  return attempts.map((row) => ({
    problem: row.problem ?? "",
    title: row.title ?? "",
    file: row.file,
    submittedAt: row.submitted_at,
    gradedAt: row.graded_at,
    status: row.status,
    points: row.points,
    max: row.max,
    report: row.report,
    counts: row.counts === 1,
    lateDays: row.late_days ?? 0,
    score: row.score,
    results: db
      .all<{ answer: string; data: string; passed: number; hint: string | null; given: string | null }>(
        "SELECT answer, data, passed, hint, given FROM results WHERE grading_id = ? ORDER BY data DESC, rowid",
        [row.grading_id],
      )
      .map((r) => ({ ...r, passed: r.passed === 1 })),
    findings: db
      .all<{ finding: string }>("SELECT finding FROM findings WHERE grading_id = ?", [row.grading_id])
      .map((r) => r.finding),
  }));
}

// A type, not an interface: a row type must be assignable to a record of column values.
export type SubmissionListing = {
  student: string;
  problem: string;
  status: string;
  points: number;
  max: number;
  reason: string;
  report: string | null;
  submittedAt: string;
};

/** Every submission with its newest grading, for the dashboard's list of reports. */
export function submissionListing(db: CourseDatabase): SubmissionListing[] {
  return db.all<SubmissionListing>(
    `SELECT st.name AS student, coalesce(l.problem, '') AS problem, g.status, g.points, g.max, g.reason, g.report, s.submitted_at AS submittedAt
     FROM submissions s JOIN students st ON st.id = s.student_id JOIN gradings g ON g.id = s.grading_id
     LEFT JOIN lessons l ON l.id = s.lesson_id ORDER BY st.name, l.problem, s.submitted_at`,
  );
}
