/**
 * The grade per student and lesson, under each policy: of a student's
 * attempts at a lesson (each with its newest grading), "latest" counts the
 * last one handed in that was accepted, "best" the one with the highest
 * score after the late rule (the earlier one when two tie). Recomputed as
 * results arrive and whenever the course file changes; every change is
 * logged under the run that made it.
 */
import { type CourseSettings, lateness } from "./course-file";
import type { CourseDatabase } from "./database";
import { policies, type Policy } from "./schema";

interface Attempt {
  submission_id: number;
  grading_id: number;
  student_id: number;
  lesson_id: number;
  problem: string;
  submitted_at: string;
  points: number;
  max: number;
}

interface Chosen {
  attempt: Attempt;
  lateDays: number;
  penalty: number;
  score: number;
}

/** Scores are kept to a millionth: 0.1 × 3 days must not become a score of 6.999999999. */
function rounded(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

function judged(attempt: Attempt, course: CourseSettings): Chosen {
  const due = course.lessons[attempt.problem]?.due;
  const { lateDays, penalty } = lateness(Date.parse(attempt.submitted_at), due, course.late);
  return { attempt, lateDays, penalty, score: rounded(attempt.points * (1 - penalty)) };
}

function byTime(a: Chosen, b: Chosen): number {
  return a.attempt.submitted_at.localeCompare(b.attempt.submitted_at) || a.attempt.submission_id - b.attempt.submission_id;
}

/** The attempt that counts under `policy`; `attempts` are one student's for one lesson, at least one. */
function choose(attempts: readonly Chosen[], policy: Policy): Chosen {
  const inOrder = [...attempts].sort(byTime);
  if (policy === "latest") {
    const accepted = inOrder.filter((attempt) => attempt.penalty < 1);
    const pool = accepted.length > 0 ? accepted : inOrder;
    return pool[pool.length - 1];
  }
  return inOrder.reduce((best, attempt) => (attempt.score > best.score ? attempt : best));
}

/**
 * Recomputes the grades of one student and lesson, or of everyone, and logs
 * what changed under `runId`. Runs inside the caller's transaction.
 */
export function recomputeGrades(
  db: CourseDatabase,
  course: CourseSettings,
  runId: number,
  only?: { studentId: number; lessonId: number },
): void {
  const filter = only === undefined ? "" : "AND s.student_id = ? AND s.lesson_id = ?";
  const attempts = db.all<Attempt & Record<string, number | string>>(
    `SELECT s.id AS submission_id, g.id AS grading_id, s.student_id, s.lesson_id, l.problem, s.submitted_at, g.points, g.max
     FROM submissions s JOIN gradings g ON g.id = s.grading_id JOIN lessons l ON l.id = s.lesson_id
     WHERE s.lesson_id IS NOT NULL ${filter}`,
    only === undefined ? [] : [only.studentId, only.lessonId],
  );
  const groups = new Map<string, Chosen[]>();
  for (const attempt of attempts) {
    const key = `${attempt.student_id}/${attempt.lesson_id}`;
    const group = groups.get(key) ?? [];
    group.push(judged(attempt, course));
    groups.set(key, group);
  }
  for (const group of groups.values()) {
    const { student_id: studentId, lesson_id: lessonId } = group[0].attempt;
    for (const policy of policies) {
      const chosen = choose(group, policy);
      const before = db.get<{ score: number }>("SELECT score FROM grades WHERE student_id = ? AND lesson_id = ? AND policy = ?", [
        studentId,
        lessonId,
        policy,
      ]);
      db.run(
        `INSERT INTO grades (student_id, lesson_id, policy, submission_id, grading_id, points, max, late_days, penalty, score, attempts)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (student_id, lesson_id, policy) DO UPDATE SET
           submission_id = excluded.submission_id, grading_id = excluded.grading_id, points = excluded.points,
           max = excluded.max, late_days = excluded.late_days, penalty = excluded.penalty, score = excluded.score,
           attempts = excluded.attempts`,
        [
          studentId,
          lessonId,
          policy,
          chosen.attempt.submission_id,
          chosen.attempt.grading_id,
          chosen.attempt.points,
          chosen.attempt.max,
          chosen.lateDays,
          rounded(chosen.penalty),
          chosen.score,
          group.length,
        ],
      );
      if (before === undefined || before.score !== chosen.score) {
        // Within one run, a grade that changes twice keeps its first "before".
        db.run(
          `INSERT INTO grade_changes (run_id, student_id, lesson_id, policy, before, after) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (run_id, student_id, lesson_id, policy) DO UPDATE SET after = excluded.after`,
          [runId, studentId, lessonId, policy, before?.score ?? null, chosen.score],
        );
      }
    }
  }
}
