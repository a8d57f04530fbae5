/**
 * HTML pages for the teacher: one per submission (each answer's outcome,
 * what happened while running, why it was flagged). The class dashboard
 * (../gradebook/dashboard.ts) links them.
 */
import { createHash } from "crypto";
import { checkReportHtml } from "dlfs/answer-key/report-html";
import { escapeHtml } from "dlfs/internal";
import type { GradeResult, GradeRow, GradeStatus } from "./grade-submission";

const statusColors: Record<GradeStatus, string> = {
  graded: "#1a7f37",
  partial: "#9a6700",
  error: "#cf222e",
  timeout: "#cf222e",
  crashed: "#cf222e",
  invalid: "#6e7781",
  flagged: "#8250df",
};

/** reports/kim-213-1a2b3c.html: readable, and unique per submission file. */
export function reportFileName(row: Pick<GradeRow, "student" | "problem" | "file">): string {
  const safe = (text: string): string => text.replace(/[^\p{L}\p{N}._-]+/gu, "_").slice(0, 60) || "_";
  const hash = createHash("sha256").update(row.file).digest("hex").slice(0, 6);
  return `${safe(row.student)}-${row.problem || "unknown"}-${hash}.html`;
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body style="font-family: system-ui, sans-serif; margin: 2em; max-width: 70em;">
${body}
</body></html>
`;
}

function badge(status: GradeStatus): string {
  return `<b style="color: white; background: ${statusColors[status]}; padding: 1px 8px; border-radius: 8px;">${status}</b>`;
}

function list(title: string, items: string[]): string {
  if (items.length === 0) return "";
  return `<h2 style="font-size: 1.1em;">${escapeHtml(title)}</h2><ul>${items.map((item) => `<li>${escapeHtml(item)}</li>`).join("")}</ul>`;
}

/** The page of one graded submission. */
export function submissionReportHtml(result: GradeResult): string {
  const { row } = result;
  const facts = [
    ["student", row.student],
    ["file", row.file],
    ["problem", row.problem || "—"],
    ["points", `${row.points} / ${row.max}`],
    ["time", `${row.seconds} s`],
    ...(result.peakMemoryMb === undefined ? [] : [["peak memory", `${Math.round(result.peakMemoryMb)} MB`]]),
  ];
  const table = facts
    .map(
      ([name, value]) => `<tr><th style="text-align: left; padding-right: 1em;">${name}</th><td>${escapeHtml(value)}</td></tr>`,
    )
    .join("");
  const body = [
    `<h1 style="font-size: 1.4em;">${escapeHtml(row.student)} — problem ${escapeHtml(row.problem || "?")} ${badge(row.status)}</h1>`,
    `<table>${table}</table>`,
    `<p>${escapeHtml(row.reason)}</p>`,
    result.variant === undefined
      ? ""
      : `<h2 style="font-size: 1.1em;">The student's own data (variant ${escapeHtml(result.variant.id)})</h2><p><code>${escapeHtml(result.variant.inputs)}</code></p>`,
    result.report === undefined ? "" : `<h2 style="font-size: 1.1em;">Answers</h2>${checkReportHtml(result.report)}`,
    result.hidden === undefined
      ? ""
      : `<h2 style="font-size: 1.1em;">On hidden inputs (seed ${result.hidden.seed})</h2><p><code>${escapeHtml(result.hidden.inputs)}</code></p>${checkReportHtml(result.hidden.report)}`,
    list("Flagged for a look", result.findings),
    list("While running", result.events),
  ].join("\n");
  return page(`${row.student} ${row.problem}: ${row.status}`, body);
}
