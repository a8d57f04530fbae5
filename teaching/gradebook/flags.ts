/**
 * What a teacher should look at, from the whole gradebook:
 *
 * - identical answers across different variants: students whose lessons
 *   were drawn with different seeds cannot honestly give the same value
 *   when it is right on one's data and wrong on another's (on their own
 *   data: the hidden inputs of a run are everyone's; and an answer that does
 *   not depend on the data, a count of layers, is everyone's too);
 * - the same file handed in by different students;
 * - tampering and suspicious code, as the grader flagged it;
 * - late work, and work too late to be accepted.
 */
import type { CourseDatabase } from "./database";
import type { Policy } from "./schema";

interface Flag {
  kind: "same answer, other variant" | "same file" | "flagged by the grader" | "late" | "not accepted";
  problem: string;
  students: string[];
  detail: string;
}

export function collectFlags(db: CourseDatabase, policy: Policy): Flag[] {
  const flags: Flag[] = [];

  const sameAnswers = db.all<{ problem: string; answer: string; given_hash: string; who: string; variants: number }>(
    `SELECT l.problem, r.answer, r.given_hash, group_concat(DISTINCT st.name || ' (variant ' || s.variant || ')') AS who,
            count(DISTINCT s.variant) AS variants
     FROM results r JOIN submissions s ON s.grading_id = r.grading_id
     JOIN students st ON st.id = s.student_id JOIN lessons l ON l.id = s.lesson_id
     WHERE r.given_hash IS NOT NULL AND s.variant IS NOT NULL AND r.data = 'shown'
     GROUP BY l.problem, r.answer, r.given_hash
     HAVING count(DISTINCT s.variant) > 1 AND count(DISTINCT s.student_id) > 1 AND min(r.passed) = 0 AND max(r.passed) = 1
     ORDER BY l.problem, r.answer`,
  );
  for (const row of sameAnswers) {
    flags.push({
      kind: "same answer, other variant",
      problem: row.problem,
      students: row.who.split(","),
      detail: `${row.answer}: the same value from ${row.variants} different variants`,
    });
  }

  const sameFiles = db.all<{ problem: string | null; who: string; n: number }>(
    `SELECT l.problem, group_concat(DISTINCT st.name) AS who, count(DISTINCT s.student_id) AS n
     FROM submissions s JOIN students st ON st.id = s.student_id LEFT JOIN lessons l ON l.id = s.lesson_id
     GROUP BY s.content_hash HAVING count(DISTINCT s.student_id) > 1 ORDER BY l.problem`,
  );
  for (const row of sameFiles) {
    flags.push({
      kind: "same file",
      problem: row.problem ?? "",
      students: row.who.split(","),
      detail: `${row.n} students handed in the same file`,
    });
  }

  const graderFlags = db.all<{ problem: string | null; student: string; file: string; finding: string }>(
    `SELECT l.problem, st.name AS student, s.file, f.finding
     FROM findings f JOIN submissions s ON s.grading_id = f.grading_id
     JOIN students st ON st.id = s.student_id LEFT JOIN lessons l ON l.id = s.lesson_id ORDER BY st.name, l.problem`,
  );
  for (const row of graderFlags) {
    flags.push({
      kind: "flagged by the grader",
      problem: row.problem ?? "",
      students: [row.student],
      detail: `${row.file}: ${row.finding}`,
    });
  }

  const late = db.all<{ problem: string; student: string; late_days: number; penalty: number; submitted_at: string }>(
    `SELECT l.problem, st.name AS student, gr.late_days, gr.penalty, s.submitted_at
     FROM grades gr JOIN lessons l ON l.id = gr.lesson_id JOIN students st ON st.id = gr.student_id JOIN submissions s ON s.id = gr.submission_id
     WHERE gr.policy = ? AND gr.late_days > 0 ORDER BY l.problem, st.name`,
    [policy],
  );
  for (const row of late) {
    const accepted = row.penalty < 1;
    flags.push({
      kind: accepted ? "late" : "not accepted",
      problem: row.problem,
      students: [row.student],
      detail: `handed in ${row.submitted_at.replace("T", " ").slice(0, 16)} UTC, ${row.late_days} day(s) late${accepted ? `, −${Math.round(row.penalty * 100)}%` : ", past the last day accepted: scored 0"}`,
    });
  }
  return flags;
}
