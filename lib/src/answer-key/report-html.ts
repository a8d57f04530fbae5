// The self-check report as a small HTML table: one row per answer, with what
// was expected, what was given and, when wrong, a hint. Inline styles only:
// notebook front ends drop <style> elements of untrusted outputs.
// The table fits the width of the output: a long value wraps inside its
// column (at a space, or after a comma of a list) instead of pushing "given"
// and "hint" off the side, and an array keeps NumPy's lines. Only styles that
// JupyterLab's sanitizer keeps (committed outputs are shown sanitized): it
// drops `overflow-wrap: anywhere`.
import type { CheckOutcome, CheckReport } from "./compare";
import { escapeHtml } from "../display/html";
import { type Messages, messagesIn } from "../messages/catalogue";

const green = "#1a7f37";
const red = "#cf222e";
const cell = "padding: 2px 10px; text-align: left; vertical-align: top; border-bottom: 1px solid #ddd;";
const code = "font-family: monospace; white-space: pre-wrap;";
/** A value's cell: a run longer than its column breaks rather than overflow. */
const value = `${code} overflow-wrap: break-word;`;

function headline(report: CheckReport, m: Messages): string {
  const total = report.outcomes.length;
  const verdict = report.passed ? m.allCorrect : m.toFix(total - report.score);
  const color = report.passed ? green : red;
  return (
    `<p style="margin: 4px 0;"><b style="color: ${color};">${escapeHtml(m.headline(report.problem, report.title, report.score, total))}</b>` +
    ` — ${escapeHtml(verdict)}</p>`
  );
}

/** A printed value as HTML: a list such as [2.25,2.22,…] may break after each comma (<wbr>), as a line of words does. */
function valueHtml(text: string): string {
  return escapeHtml(text).replace(/,/g, ",<wbr>");
}

function row(outcome: CheckOutcome, m: Messages): string {
  const mark = outcome.passed
    ? `<span style="color: ${green};">✔ ${m.correct}</span>`
    : `<span style="color: ${red};">✘ ${outcome.given === "" ? m.missing : m.wrong}</span>`;
  const given =
    outcome.given === ""
      ? `<i>${m.notGiven}</i>`
      : `<span style="${value}">${valueHtml(outcome.givenLines ?? outcome.given)}</span>`;
  return (
    "<tr>" +
    `<td style="${cell} ${code}">${escapeHtml(outcome.name)}</td>` +
    `<td style="${cell} white-space: nowrap;">${mark}</td>` +
    `<td style="${cell} ${value}">${valueHtml(outcome.expectedLines ?? outcome.expected)}</td>` +
    `<td style="${cell}">${given}</td>` +
    `<td style="${cell}">${escapeHtml(outcome.hint ?? "")}</td>` +
    "</tr>"
  );
}

/** The report as an HTML fragment for a notebook output or a page. */
export function checkReportHtml(report: CheckReport): string {
  const m = messagesIn(report.language);
  const { answer, result, expected, given, hint } = m.columns;
  const head = [answer, result, expected, given, hint].map((h) => `<th style="${cell}">${h}</th>`).join("");
  return (
    `<div class="dlfs-check" lang="${report.language}">${headline(report, m)}` +
    `<table style="border-collapse: collapse; margin: 4px 0; max-width: 100%;"><thead><tr>${head}</tr></thead>` +
    `<tbody>${report.outcomes.map((outcome) => row(outcome, m)).join("")}</tbody></table></div>`
  );
}
