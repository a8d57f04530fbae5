/**
 * Training runs as danfo.js DataFrames, and DataFrames as notebook tables.
 *
 * danfojs-node is loaded on first use: requiring it takes a second or more
 * (it brings TensorFlow.js), which every `import "dlfs"` would otherwise pay.
 * Only its types are imported statically, and they vanish when compiled.
 */
import type { DataFrame } from "danfojs-node";
import type { TrainHistory } from "../history";
import { isNumber } from "../scalar";
import { displayBundle, type MimeBundle } from "./bundle";
import { epochNumbers, lossPerEvaluation } from "./history-epochs";
import { escapeHtml } from "./html";
import { courseLanguage } from "../answer-key/course-language";
import { messagesIn } from "../messages/catalogue";

type Danfo = typeof import("danfojs-node");
export type Cell = string | number | boolean | null;
export type TableRow = Record<string, Cell>;

function danfo(): Danfo {
  return require("danfojs-node") as Danfo;
}

/** A frame from named columns of equal length; danfo refuses columns with no rows. */
function frameOf(columns: Record<string, Cell[]>): DataFrame {
  const { DataFrame } = danfo();
  const names = Object.keys(columns);
  if (names.every((name) => columns[name].length === 0)) return new DataFrame([], { columns: names });
  return new DataFrame(columns);
}

/**
 * One row per evaluation: epoch, iteration, train_acc, test_acc, and loss,
 * the mean mini-batch loss since the previous evaluation.
 */
export function historyFrame(history: TrainHistory): DataFrame {
  return frameOf({
    epoch: epochNumbers(history),
    iteration: [...history.evalIterations],
    train_acc: [...history.trainAcc],
    test_acc: [...history.testAcc],
    loss: lossPerEvaluation(history),
  });
}

/** One row per run: label, final_train_acc, final_test_acc, seconds. */
export function summaryFrame(histories: readonly TrainHistory[]): DataFrame {
  const last = (xs: readonly number[]) => (xs.length > 0 ? xs[xs.length - 1] : NaN);
  return frameOf({
    label: histories.map((h) => h.label),
    final_train_acc: histories.map((h) => last(h.trainAcc)),
    final_test_acc: histories.map((h) => last(h.testAcc)),
    seconds: histories.map((h) => h.seconds),
  });
}

export interface ShowTableOptions {
  /** Shown above the table. */
  caption?: string;
  /** The most rows in the HTML table; default 200. */
  maxRows?: number;
}

/** Shows a DataFrame (or plain rows) as an HTML table in a notebook, as text elsewhere. */
export function showTable(table: DataFrame | readonly TableRow[], options: ShowTableOptions = {}): void {
  displayBundle(tableBundle(table, options));
}

/** The MIME bundle of a table, without showing it. */
export function tableBundle(table: DataFrame | readonly TableRow[], options: ShowTableOptions = {}): MimeBundle {
  const df = isRows(table) ? rowsFrame(table) : table;
  return {
    "text/html": htmlTable(df, options),
    "text/plain": plainTable(df, options.caption),
  };
}

function isRows(table: DataFrame | readonly TableRow[]): table is readonly TableRow[] {
  return Array.isArray(table);
}

function rowsFrame(rows: readonly TableRow[]): DataFrame {
  // The union of the rows' keys, in first-seen order; a missing cell is null.
  const names = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  // A reduction's NumPy scalar is a Number object: the frame gets the number it holds.
  const cell = (value: Cell | undefined): Cell => (isNumber(value) ? Number(value) : (value ?? null));
  return frameOf(Object.fromEntries(names.map((name) => [name, rows.map((row) => cell(row[name]))])));
}

/** danfo's own box drawing, which shows only the first rows: say so when it does. */
function plainTable(df: DataFrame, caption?: string): string {
  const rows = df.shape[0];
  const shown = Math.min(rows, df.config.getMaxRow);
  const lines = [df.toString().trimEnd()];
  if (shown < rows) lines.push(messagesIn(courseLanguage()).firstRows(shown, rows));
  if (caption !== undefined) lines.unshift(caption);
  return lines.join("\n");
}

function htmlTable(df: DataFrame, options: ShowTableOptions): string {
  const maxRows = options.maxRows ?? 200;
  const values = df.values as Cell[][];
  const index = df.index;
  const head = ["<th></th>", ...df.columns.map((c) => `<th>${escapeHtml(String(c))}</th>`)].join("");
  const body = values.slice(0, maxRows).map((row, i) => {
    const cells = row.map((v) => `<td>${escapeHtml(formatCell(v))}</td>`).join("");
    return `<tr><th>${escapeHtml(String(index[i]))}</th>${cells}</tr>`;
  });
  const caption = options.caption === undefined ? "" : `<caption>${escapeHtml(options.caption)}</caption>`;
  const more =
    values.length > maxRows ? `<p>${escapeHtml(messagesIn(courseLanguage()).firstRows(maxRows, values.length))}</p>` : "";
  // class="dataframe" is what pandas writes, and what notebook styles expect.
  return (
    `<table class="dataframe" border="1">${caption}<thead><tr style="text-align: right;">${head}</tr></thead>` +
    `<tbody>${body.join("")}</tbody></table>${more}`
  );
}

/** Four significant digits: enough to compare accuracies, short enough to read. */
export function formatCell(value: Cell): string {
  if (typeof value === "number" && !Number.isInteger(value) && Number.isFinite(value)) {
    return String(Number(value.toPrecision(4)));
  }
  return String(value);
}
