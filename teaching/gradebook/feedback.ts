/**
 * Feedback to hand back: one folder per student with a page per lesson
 * (index.html links them): the grade that counts and why, and every attempt
 * with each answer right or wrong on the lesson's data and on hidden data,
 * and for a wrong one the mistake's hint. Nothing of the answer key (no
 * expected value, the hints rid of any) and nothing of the hidden inputs
 * (not even what the student's code gave on them). Korean first, as the
 * lessons speak.
 */
import * as fs from "fs";
import * as path from "path";
import { escapeHtml } from "dlfs/internal";
import { points } from "./dashboard";
import type { CourseDatabase } from "./database";
import { hintWithoutKey } from "./hints";
import { type AttemptRecord, studentAttempts } from "./queries";
import type { Policy } from "./schema";

/** A folder name for a student: readable, and nothing that leaves the folder. */
function folderName(student: string): string {
  return (
    student
      .replace(/[^\p{L}\p{N}._-]+/gu, "_")
      .replace(/^\.+/, "_")
      .slice(0, 80) || "_"
  );
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="ko"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>
body { font-family: system-ui, "Noto Sans CJK KR", sans-serif; margin: 2em; max-width: 60em; color: #1f2328; }
table { border-collapse: collapse; } th, td { padding: 3px 10px; border: 1px solid #e4e7eb; text-align: left; vertical-align: top; }
.ok { color: #1a7f37; } .wrong { color: #cf222e; } .counts { background: #ddf4ff; }
</style></head>
<body>
${body}
</body></html>
`;
}

function outcomeCell(result: AttemptRecord["results"][number] | undefined): string {
  if (result === undefined) return "<td>—</td>";
  return result.passed ? '<td class="ok">맞음 · correct</td>' : '<td class="wrong">틀림 · wrong</td>';
}

function attemptSection(attempt: AttemptRecord, index: number): string {
  const names = [...new Set(attempt.results.map((r) => r.answer))];
  const rows = names.map((name) => {
    const shown = attempt.results.find((r) => r.answer === name && r.data === "shown");
    const hidden = attempt.results.find((r) => r.answer === name && r.data === "hidden");
    const hints = [shown, hidden]
      .filter((r): r is NonNullable<typeof r> => r !== undefined && !r.passed && r.hint !== null)
      .map((r) => hintWithoutKey(r.hint ?? ""));
    const given =
      shown !== undefined && !shown.passed && shown.given !== null
        ? `<br><small>your value · 낸 값: <code>${escapeHtml(shown.given.slice(0, 300))}</code></small>`
        : "";
    return `<tr><td><code>${escapeHtml(name)}</code></td>${outcomeCell(shown)}${outcomeCell(hidden)}<td>${escapeHtml([...new Set(hints)].join(" / "))}${given}</td></tr>`;
  });
  const late = attempt.lateDays > 0 ? `, ${attempt.lateDays}일 늦음 · ${attempt.lateDays} day(s) late` : "";
  const counted = attempt.counts ? ` — <b>성적에 들어간 제출 · the one that counts</b>` : "";
  const table =
    rows.length === 0
      ? "<p>이 제출은 채점할 수 없었다 · this submission could not be graded (not a notebook of this lesson, or it stopped before the answers).</p>"
      : `<table><thead><tr><th>답 · answer</th><th>문제의 데이터 · lesson's data</th><th>숨긴 데이터 · hidden data</th><th>힌트 · hint</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
  return `<section${attempt.counts ? ' class="counts"' : ""}><h3>제출 ${index + 1} · attempt ${index + 1}: ${escapeHtml(attempt.submittedAt.replace("T", " ").slice(0, 16))} UTC${late}${counted}</h3>
<p>${points(attempt.points)} / ${attempt.max}점 · points</p>${table}</section>`;
}

function lessonPage(student: string, attempts: AttemptRecord[]): string {
  const { problem, title } = attempts[0];
  const counted = attempts.find((a) => a.counts);
  const grade =
    counted === undefined || counted.score === null
      ? ""
      : `<p><b>성적 · grade: ${points(counted.score)} / ${counted.max}</b>${counted.lateDays > 0 ? ` (${counted.lateDays}일 늦어 감점 · late, points taken off)` : ""}</p>`;
  return page(
    `${student} — ${problem}`,
    `<p><a href="index.html">← ${escapeHtml(student)}</a></p><h1>문제 ${escapeHtml(problem)} · Problem ${escapeHtml(problem)} — ${escapeHtml(title)}</h1>${grade}${attempts.map(attemptSection).join("\n")}`,
  );
}

/** Writes DIR/<student>/index.html and DIR/<student>/<problem>.html for every student; returns the folders written. */
export function writeFeedback(db: CourseDatabase, outDir: string, policy: Policy): string[] {
  const students = db.all<{ name: string }>("SELECT name FROM students ORDER BY name").map((row) => row.name);
  const written: string[] = [];
  const used = new Set<string>();
  for (const student of students) {
    let folder = folderName(student);
    for (let n = 2; used.has(folder); n++) folder = `${folderName(student)}-${n}`;
    used.add(folder);
    const dir = path.join(outDir, folder);
    fs.mkdirSync(dir, { recursive: true });
    const attempts = studentAttempts(db, student, policy).filter((a) => a.problem !== "");
    const byLesson = new Map<string, AttemptRecord[]>();
    for (const attempt of attempts) byLesson.set(attempt.problem, [...(byLesson.get(attempt.problem) ?? []), attempt]);
    const items: string[] = [];
    for (const [problem, list] of byLesson) {
      fs.writeFileSync(path.join(dir, `${problem}.html`), lessonPage(student, list));
      const counted = list.find((a) => a.counts);
      const grade = counted?.score === null || counted === undefined ? "" : ` — ${points(counted.score)} / ${counted.max}`;
      items.push(`<li><a href="${problem}.html">${escapeHtml(problem)} ${escapeHtml(list[0].title)}</a>${grade}</li>`);
    }
    fs.writeFileSync(
      path.join(dir, "index.html"),
      page(student, `<h1>${escapeHtml(student)}: 채점 결과 · feedback</h1><ul>${items.join("")}</ul>`),
    );
    written.push(dir);
  }
  return written;
}
