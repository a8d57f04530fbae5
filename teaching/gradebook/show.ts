/**
 * The gradebook in a terminal: the class as students × lessons, or one
 * student's record (every attempt, which one counts, what was wrong).
 */
import { points } from "./dashboard";
import type { CourseDatabase } from "./database";
import { classGrades, studentAttempts } from "./queries";
import type { Policy } from "./schema";

/** Terminal width of a text: East Asian wide characters (Hangul) take two columns. */
function width(text: string): number {
  let columns = 0;
  for (const char of text)
    columns += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(char)
      ? 2
      : 1;
  return columns;
}

function pad(text: string, columns: number, right = false): string {
  const fill = " ".repeat(Math.max(0, columns - width(text)));
  return right ? fill + text : text + fill;
}

function table(rows: string[][], rightFrom = 1): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => width(row[i] ?? ""))));
  return rows
    .map((row) =>
      row
        .map((cell, i) => pad(cell, widths[i], i >= rightFrom))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

export function classTable(db: CourseDatabase, policy: Policy): string {
  const grades = classGrades(db, policy);
  if (grades.students.length === 0) return "Nothing graded yet.";
  const header = ["student", ...grades.lessons.map((l) => l.problem), "total"];
  const maxTotal = grades.lessons.reduce((sum, l) => sum + l.answers, 0);
  const rows = grades.students.map((student) => {
    let total = 0;
    const cells = grades.lessons.map((lesson) => {
      const cell = grades.grades.get(student)?.get(lesson.problem);
      if (cell === undefined) return "—";
      total += cell.score;
      return `${points(cell.score)}/${cell.max}${cell.lateDays > 0 ? "L" : ""}${cell.flagged ? "!" : ""}`;
    });
    return [student, ...cells, `${points(total)}/${maxTotal}`];
  });
  const legend = `Policy: ${policy} attempt. L: late (points taken off as course.json says), !: flagged (npm run gradebook -- flags), —: not handed in.`;
  return `${table([header, ...rows])}\n\n${legend}`;
}

export function studentRecord(db: CourseDatabase, student: string, policy: Policy): string {
  const attempts = studentAttempts(db, student, policy);
  if (attempts.length === 0) {
    const known = db.all<{ name: string }>("SELECT name FROM students ORDER BY name").map((r) => r.name);
    throw new Error(
      `the gradebook has no student "${student}"${known.length > 0 ? `; it has ${known.slice(0, 20).join(", ")}${known.length > 20 ? ", …" : ""}` : ""}`,
    );
  }
  const lines = [`${student} (the ${policy} attempt counts, marked *)`];
  let problem: string | undefined;
  for (const attempt of attempts) {
    if (attempt.problem !== problem) {
      problem = attempt.problem;
      lines.push("", `${attempt.problem || "(no lesson)"} ${attempt.title}`);
    }
    const late = attempt.lateDays > 0 ? `, ${attempt.lateDays} day(s) late` : "";
    const grade = attempt.counts && attempt.score !== null ? ` → grade ${points(attempt.score)}/${attempt.max}` : "";
    lines.push(
      `  ${attempt.counts ? "*" : " "} ${attempt.submittedAt.replace("T", " ").slice(0, 16)}  ${attempt.status.padEnd(8)} ${points(attempt.points)}/${attempt.max}${late}${grade}  ${attempt.file}`,
    );
    for (const result of attempt.results.filter((r) => !r.passed))
      lines.push(`      ✘ ${result.answer} (${result.data} data)${result.hint === null ? "" : `: ${result.hint}`}`);
    for (const finding of attempt.findings) lines.push(`      ⚑ ${finding}`);
  }
  return lines.join("\n");
}
