/**
 * The class dashboard, grades/index.html: one static page that opens from
 * the file system. Its tables say everything with scripts off (the
 * students × lessons heatmap is a table with coloured cells); with scripts
 * on, plotly (copied beside it, nothing fetched) draws the same figures:
 * the points of each lesson, each answer's share correct on shown and
 * hidden data, the heatmap.
 */
import * as fs from "fs";
import * as path from "path";
import { escapeHtml, installedPath, type LibraryFile } from "dlfs/internal";
import type { CourseSettings } from "./course-file";
import type { CourseDatabase } from "./database";
import {
  answerShares,
  type ClassGrades,
  classGrades,
  type GradeCell,
  lastRunChanges,
  rankedMistakes,
  type RunChanges,
  submissionListing,
} from "./queries";
import type { Policy } from "./schema";

const dashboardName = "index.html";
/** plotly.js as dlfs has it (its list of files): the dashboard draws with the same one. */
const plotlyName: LibraryFile = "plotly.min.js";
/** Raised or lowered grades named one by one, up to this many. */
const changesListed = 40;

function percent(part: number, whole: number): string {
  return whole === 0 ? "—" : `${Math.round((100 * part) / whole)}%`;
}

/** Points as a person writes them: 3, 2.5, 2.25. */
export function points(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/** Red (0) through yellow to green (1), light enough to read text on. */
function shade(share: number): string {
  return `hsl(${Math.round(share * 120)}, 70%, 82%)`;
}

function cellMarks(cell: GradeCell): string {
  const marks: string[] = [];
  if (cell.lateDays > 0)
    marks.push(`<span class="mark late" title="${cell.lateDays} day(s) late, −${Math.round(cell.penalty * 100)}%">L</span>`);
  if (cell.flagged) marks.push('<span class="mark flag" title="flagged: see flags or the report">⚑</span>');
  return marks.join("");
}

function heatmapTable(grades: ClassGrades): string {
  const head = grades.lessons.map((l) => `<th title="${escapeHtml(l.title)}">${l.problem}</th>`).join("");
  const rows = grades.students.map((student) => {
    const byLesson = grades.grades.get(student);
    let total = 0;
    let max = 0;
    const cells = grades.lessons.map((lesson) => {
      const cell = byLesson?.get(lesson.problem);
      max += lesson.answers;
      if (cell === undefined) return '<td class="missing" title="not handed in">—</td>';
      total += cell.score;
      const share = cell.max === 0 ? 0 : cell.score / cell.max;
      return `<td style="background: ${shade(share)}" title="${escapeHtml(`${student}, ${lesson.problem}: ${points(cell.score)}/${cell.max}, ${cell.status}, ${cell.attempts} attempt(s)`)}">${points(cell.score)}${cellMarks(cell)}</td>`;
    });
    return `<tr><th>${escapeHtml(student)}</th>${cells.join("")}<td class="total">${points(total)} / ${max}</td></tr>`;
  });
  return `<table class="heat" id="heatmap-table"><thead><tr><th>student</th>${head}<th>total</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function distributionTable(grades: ClassGrades): { html: string; data: { problem: string; max: number; counts: number[] }[] } {
  const data = grades.lessons.map((lesson) => {
    const counts = new Array<number>(lesson.answers + 1).fill(0);
    for (const student of grades.students) {
      const cell = grades.grades.get(student)?.get(lesson.problem);
      if (cell !== undefined) counts[Math.max(0, Math.min(lesson.answers, Math.floor(cell.score)))]++;
    }
    return { problem: lesson.problem, max: lesson.answers, counts };
  });
  const widest = Math.max(0, ...data.map((d) => d.max));
  const head = Array.from({ length: widest + 1 }, (_, i) => `<th>${i}</th>`).join("");
  const rows = data.map((d) => {
    const handedIn = d.counts.reduce((a, b) => a + b, 0);
    const mean = handedIn === 0 ? 0 : d.counts.reduce((sum, n, i) => sum + n * i, 0) / handedIn;
    const cells = Array.from({ length: widest + 1 }, (_, i) => (i <= d.max ? `<td>${d.counts[i]}</td>` : "<td></td>")).join("");
    return `<tr><th>${d.problem}</th>${cells}<td>${handedIn}</td><td>${points(mean)} / ${d.max}</td></tr>`;
  });
  return {
    html: `<table id="distribution-table"><thead><tr><th>lesson</th>${head}<th>handed in</th><th>mean</th></tr></thead><tbody>${rows.join("")}</tbody></table>`,
    data,
  };
}

function changesList(changes: RunChanges | undefined): string {
  if (changes === undefined) return "<p>Nothing graded yet.</p>";
  const { run } = changes;
  const when = `${run.kind} run of ${run.startedAt.replace("T", " ").slice(0, 16)} UTC${run.finishedAt === null ? " (interrupted or still running)" : ""}`;
  const items: string[] = [];
  if (changes.changedLessons.length > 0)
    items.push(
      `<li>Lessons changed since the run before, so their submissions were graded again: ${changes.changedLessons.join(", ")}</li>`,
    );
  const fresh = changes.changes.filter((c) => c.before === null);
  const up = changes.changes.filter((c) => c.before !== null && c.after > c.before);
  const down = changes.changes.filter((c) => c.before !== null && c.after < c.before);
  const list = (title: string, rows: typeof fresh): void => {
    if (rows.length === 0) return;
    const shown = rows.slice(0, changesListed);
    const parts = shown.map(
      (c) =>
        `${escapeHtml(c.student)} ${c.problem} ${c.before === null ? "" : `${points(c.before)} → `}${points(c.after)}/${c.max}`,
    );
    const more = rows.length > shown.length ? `, and ${rows.length - shown.length} more` : "";
    items.push(`<li>${title} (${rows.length}): ${parts.join(", ")}${more}</li>`);
  };
  // A first grade is news only as a number: the heatmap shows them all.
  if (fresh.length > 0) {
    const lessons = [...new Set(fresh.map((c) => c.problem))].sort();
    items.push(`<li>New grades: ${fresh.length}, in ${lessons.join(", ")}</li>`);
  }
  list("Raised", up);
  list("Lowered", down);
  if (items.length === 0) items.push("<li>No grade changed.</li>");
  return `<p>The ${escapeHtml(when)} graded ${run.graded} submission(s).</p><ul id="changes">${items.join("")}</ul>`;
}

function page(title: string, body: string, data: unknown): string {
  const json = JSON.stringify(data).replace(/</g, "\\u003c");
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2em; max-width: 90em; color: #1f2328; }
h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 2em; border-bottom: 1px solid #d0d7de; }
table { border-collapse: collapse; font-size: 0.9em; } th, td { padding: 2px 8px; border: 1px solid #e4e7eb; text-align: right; }
th:first-child, td.text, th.text { text-align: left; } td.missing { color: #8c959f; text-align: center; }
.heat td { min-width: 2.5em; } .total { font-weight: 600; }
.mark { font-size: 0.75em; margin-left: 3px; font-weight: 700; } .late { color: #9a6700; } .flag { color: #8250df; }
.plot { display: inline-block; } .small { width: 320px; height: 220px; }
.status { color: white; padding: 0 6px; border-radius: 6px; font-size: 0.85em; }
</style></head>
<body>
${body}
<script type="application/json" id="dashboard-data">${json}</script>
<script src="${plotlyName}"></script>
<script>
(function () {
  if (typeof Plotly === "undefined") return;
  var data = JSON.parse(document.getElementById("dashboard-data").textContent);
  var config = { displayModeBar: false, staticPlot: false, responsive: true };
  var holder = document.getElementById("distribution-plots");
  data.distribution.forEach(function (lesson) {
    var div = document.createElement("div");
    div.className = "plot small";
    holder.appendChild(div);
    Plotly.newPlot(div, [{ type: "bar", x: lesson.counts.map(function (_, i) { return i; }), y: lesson.counts, marker: { color: "#0969da" } }],
      { title: { text: lesson.problem, font: { size: 13 } }, margin: { l: 35, r: 10, t: 30, b: 35 },
        xaxis: { title: { text: "points" }, dtick: 1, range: [-0.5, lesson.max + 0.5] }, yaxis: { title: { text: "students" } } }, config);
  });
  var labels = data.answers.map(function (a) { return a.problem + " " + a.answer; });
  var shown = data.answers.map(function (a) { return a.shownTotal ? a.shownCorrect / a.shownTotal : null; });
  var hidden = data.answers.map(function (a) { return a.hiddenTotal ? a.hiddenCorrect / a.hiddenTotal : null; });
  Plotly.newPlot("answers-plot", [
    { type: "bar", name: "shown data", x: labels, y: shown, marker: { color: "#0969da" } },
    { type: "bar", name: "hidden data", x: labels, y: hidden, marker: { color: "#bf8700" } }
  ], { barmode: "group", height: 320, margin: { l: 50, r: 10, t: 10, b: 90 }, yaxis: { title: { text: "share correct" }, range: [0, 1], tickformat: ".0%" } }, config);
  var h = data.heatmap;
  var columns = h.lessons.map(function (_, i) { return i; });
  Plotly.newPlot("heatmap-plot", [{ type: "heatmap", x: columns, y: h.students, z: h.z, text: h.text, hoverinfo: "text", xgap: 1, ygap: 1,
    zmin: 0, zmax: 1, colorscale: [[0, "#cf222e"], [0.5, "#d4a72c"], [1, "#1a7f37"]], colorbar: { title: { text: "share" }, tickformat: ".0%" } }],
    { height: Math.max(300, 22 * h.students.length + 80), margin: { l: 90, r: 10, t: 40, b: 10 }, yaxis: { autorange: "reversed", type: "category" }, xaxis: { tickvals: columns, ticktext: h.lessons, side: "top" },
      annotations: h.marks }, config);
})();
</script>
</body></html>
`;
}

const statusColors: Record<string, string> = {
  graded: "#1a7f37",
  partial: "#9a6700",
  error: "#cf222e",
  timeout: "#cf222e",
  crashed: "#cf222e",
  invalid: "#6e7781",
  flagged: "#8250df",
};

/** The dashboard's HTML under `policy`. */
function dashboardHtml(db: CourseDatabase, policy: Policy): string {
  const grades = classGrades(db, policy);
  const distribution = distributionTable(grades);
  const answers = answerShares(db, policy);
  const mistakes = rankedMistakes(db);
  const submissions = submissionListing(db);
  const answerRows = answers
    .map(
      (a) =>
        `<tr><th>${a.problem}</th><td class="text">${escapeHtml(a.answer)}</td><td>${percent(a.shownCorrect, a.shownTotal)}</td><td>${a.shownCorrect} / ${a.shownTotal}</td><td>${percent(a.hiddenCorrect, a.hiddenTotal)}</td><td>${a.hiddenTotal === 0 ? "not run" : `${a.hiddenCorrect} / ${a.hiddenTotal}`}</td></tr>`,
    )
    .join("");
  const mistakeRows = mistakes
    .map(
      (m, i) =>
        `<tr><td>${i + 1}</td><td>${percent(m.students, m.classSize)}</td><td>${m.students} of ${m.classSize}</td><th>${m.problem}</th><td class="text">${escapeHtml(m.answers.join(", "))}</td><td class="text">${escapeHtml(m.hint)}</td></tr>`,
    )
    .join("");
  const submissionRows = submissions
    .map((s) => {
      const name =
        s.report === null ? escapeHtml(s.student) : `<a href="${escapeHtml(encodeURI(s.report))}">${escapeHtml(s.student)}</a>`;
      const badge = `<span class="status" style="background: ${statusColors[s.status] ?? "#6e7781"}">${escapeHtml(s.status)}</span>`;
      return `<tr><td class="text">${name}</td><td>${escapeHtml(s.problem)}</td><td>${points(s.points)} / ${s.max}</td><td class="text">${badge}</td><td class="text">${escapeHtml(s.submittedAt.replace("T", " ").slice(0, 16))}</td><td class="text">${escapeHtml(s.reason)}</td></tr>`;
    })
    .join("");
  const heatmap = {
    lessons: grades.lessons.map((l) => l.problem),
    students: grades.students,
    z: grades.students.map((student) =>
      grades.lessons.map((l) => {
        const cell = grades.grades.get(student)?.get(l.problem);
        return cell === undefined || cell.max === 0 ? null : cell.score / cell.max;
      }),
    ),
    text: grades.students.map((student) =>
      grades.lessons.map((l) => {
        const cell = grades.grades.get(student)?.get(l.problem);
        return cell === undefined
          ? `${student} ${l.problem}: not handed in`
          : `${student} ${l.problem}: ${points(cell.score)}/${cell.max}${cell.lateDays > 0 ? `, ${cell.lateDays} day(s) late` : ""}${cell.flagged ? ", flagged" : ""}`;
      }),
    ),
    marks: grades.students.flatMap((student) =>
      grades.lessons.flatMap((l) => {
        const cell = grades.grades.get(student)?.get(l.problem);
        const text = cell === undefined ? "" : `${cell.lateDays > 0 ? "L" : ""}${cell.flagged ? "⚑" : ""}`;
        return text === ""
          ? []
          : [{ x: grades.lessons.indexOf(l), y: student, text, showarrow: false, font: { size: 11, color: "#1f2328" } }];
      }),
    ),
  };
  const body = `<h1>Class dashboard</h1>
<p>${grades.students.length} students, ${grades.lessons.length} lessons, ${submissions.length} submissions. Grades count the <b>${policy}</b> attempt of each lesson (the course file's policy; <code>npm run gradebook -- show --policy best</code> shows the other). L: late, ⚑: flagged (<code>npm run gradebook -- flags</code>).</p>
<h2>What changed since the last run</h2>
${changesList(lastRunChanges(db, policy))}
<h2>Mistakes the class makes</h2>
<p>Each wrong answer's hint names the mistake behind it; ranked by the share of the students who handed in the lesson whom it fired for, in any attempt.</p>
<table id="mistakes"><thead><tr><th>#</th><th>class</th><th>students</th><th>lesson</th><th class="text">answers</th><th class="text">mistake</th></tr></thead><tbody>${mistakeRows}</tbody></table>
<h2>Students × lessons</h2>
<div id="heatmap-plot" class="plot" style="width: 100%"></div>
${heatmapTable(grades)}
<h2>Points per lesson</h2>
<div id="distribution-plots"></div>
${distribution.html}
<h2>Each answer: share correct</h2>
<p>On the lesson's own (shown) data, and on hidden inputs the students never saw: an answer right on the first and wrong on the second was typed in or fits only the lesson's numbers.</p>
<div id="answers-plot" class="plot" style="width: 100%"></div>
<table id="answers"><thead><tr><th>lesson</th><th>answer</th><th>shown</th><th></th><th>hidden</th><th></th></tr></thead><tbody>${answerRows}</tbody></table>
<h2>Submissions</h2>
<table id="submissions"><thead><tr><th>student (report)</th><th>lesson</th><th>points</th><th>status</th><th>handed in (UTC)</th><th>reason</th></tr></thead><tbody>${submissionRows}</tbody></table>`;
  return page("Class dashboard", body, { distribution: distribution.data, answers, heatmap });
}

/** Writes grades/index.html (and plotly beside it, once), atomically. */
export function writeDashboard(db: CourseDatabase, outDir: string, course: CourseSettings): void {
  const plotly = path.join(outDir, plotlyName);
  const source = installedPath(plotlyName);
  if (!fs.existsSync(plotly) || fs.statSync(plotly).size !== fs.statSync(source).size) fs.copyFileSync(source, plotly);
  const file = path.join(outDir, dashboardName);
  const temporary = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(temporary, dashboardHtml(db, course.policy));
  fs.renameSync(temporary, file);
}
