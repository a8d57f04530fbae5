/**
 * Compares the outputs committed in a notebook with freshly computed ones,
 * as text, with a numeric tolerance: floating-point noise in the last bits
 * passes, a changed digit of a printed number does not.
 *
 * Text is split into numbers and the text between them. Numbers are equal
 * when |actual - expected| <= atol + rtol * |expected| (as numpy.isclose,
 * with rtol 1e-9 and atol 0 unless told otherwise: the lessons print values
 * of 1e-130 whose digits matter), except that two
 * integers must match exactly (counts, shapes, indices). Other text must
 * match exactly once trailing whitespace is removed.
 *
 * What is compared: streams (consecutive ones as one), errors without their
 * stack frames, and every display's MIME types and its text/plain. The other
 * representations of a display (HTML, plotly JSON, PNG, SVG) carry ids,
 * scripts and font rendering that change from run to run and machine to
 * machine; their text/plain says the same in words and numbers.
 *
 * Durations: a number followed by " s" or " ms" (seconds, milliseconds) is a
 * wall-clock time and matches any other duration, e.g. "10000 iterations in
 * 41.2 s". A cell whose output is all timing is tagged nbval-ignore-output.
 */
import { describeCell } from "./cell-label";
import { cellTags, ignoreOutputTag, type MimeBundle, type Notebook, type Output, skipTag, textOf } from "./format";
import { savedMimeTypes } from "./static-images";

export interface Tolerance {
  /** Relative tolerance, default 1e-9. */
  rtol?: number;
  /** Absolute tolerance for values near zero, default 0 (a lesson's tiny values are compared by their digits). */
  atol?: number;
}

export interface OutputDifference {
  /** Position in notebook.cells, counting from 0. */
  cellIndex: number;
  /** Which cell and which output, e.g. "cell 4 (`net.loss(x, t)`), output 1 (stdout), line 2". */
  where: string;
  expected: string;
  actual: string;
}

const numberPattern = /[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|[-+]?Infinity|NaN/g;

/** The unit after a number that makes it a wall-clock duration: " s", " ms", or Korean "초" ("41.2초"). */
const durationUnit = /^(?: (?:s|ms)\b|초)/;

interface Token {
  kind: "number" | "duration" | "text";
  text: string;
  offset: number;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let end = 0;
  for (const match of text.matchAll(numberPattern)) {
    const offset = match.index ?? 0;
    if (offset > end) tokens.push({ kind: "text", text: text.slice(end, offset), offset: end });
    const isDuration = durationUnit.test(text.slice(offset + match[0].length));
    tokens.push({ kind: isDuration ? "duration" : "number", text: match[0], offset });
    end = offset + match[0].length;
  }
  if (end < text.length) tokens.push({ kind: "text", text: text.slice(end), offset: end });
  return tokens;
}

function normaliseWhitespace(text: string): string {
  return text.replace(/[ \t\r]+$/gm, "").trimEnd();
}

const integerPattern = /^[-+]?\d+$/;

export function numbersMatch(expected: string, actual: string, tolerance: Tolerance = {}): boolean {
  if (integerPattern.test(expected) && integerPattern.test(actual)) return BigInt(expected) === BigInt(actual);
  const a = Number(actual);
  const e = Number(expected);
  if (Number.isNaN(a) || Number.isNaN(e)) return Number.isNaN(a) && Number.isNaN(e);
  if (!Number.isFinite(a) || !Number.isFinite(e)) return a === e;
  return Math.abs(a - e) <= (tolerance.atol ?? 0) + (tolerance.rtol ?? 1e-9) * Math.abs(e);
}

/** The line around `offset`, numbered from 1, shortened to stay readable. */
function lineAt(text: string, offset: number): { number: number; text: string } {
  const start = text.lastIndexOf("\n", offset - 1) + 1;
  const stop = text.indexOf("\n", offset);
  const line = text.slice(start, stop < 0 ? undefined : stop);
  const column = offset - start;
  const from = Math.max(0, column - 60);
  const shown = (from > 0 ? "..." : "") + line.slice(from, from + 120) + (line.length > from + 120 ? "..." : "");
  return { number: text.slice(0, start).split("\n").length, text: shown };
}

function commonPrefixLength(a: string, b: string): number {
  let length = 0;
  while (length < a.length && length < b.length && a[length] === b[length]) length++;
  return length;
}

/** Where two tokens start to differ: inside text, at the first differing character. */
function mismatchOffset(token: Token, other: Token | undefined): number {
  if (token.kind === "text" && other?.kind === "text") return token.offset + commonPrefixLength(token.text, other.text);
  return token.offset;
}

/** The line shown for a mismatch at `offset`; a mismatch at a line break belongs to the next line. */
function describePosition(text: string, offset: number): { number: number; text: string } {
  while (offset < text.length && /\s/.test(text[offset])) offset++;
  if (offset >= text.length) return { number: text.split("\n").length, text: "(nothing more)" };
  return lineAt(text, offset);
}

/** Undefined when the texts match; otherwise the first differing line of each. */
export function compareText(
  expected: string,
  actual: string,
  tolerance: Tolerance = {},
): { line: number; expected: string; actual: string } | undefined {
  const expectedText = normaliseWhitespace(expected);
  const actualText = normaliseWhitespace(actual);
  const expectedTokens = tokenize(expectedText);
  const actualTokens = tokenize(actualText);
  const count = Math.max(expectedTokens.length, actualTokens.length);
  for (let i = 0; i < count; i++) {
    const e = expectedTokens[i];
    const a = actualTokens[i];
    const same =
      e !== undefined &&
      a !== undefined &&
      e.kind === a.kind &&
      (e.kind === "duration" || (e.kind === "number" ? numbersMatch(e.text, a.text, tolerance) : e.text === a.text));
    if (same) continue;
    const expectedLine = describePosition(expectedText, e ? mismatchOffset(e, a) : expectedText.length);
    const actualLine = describePosition(actualText, a ? mismatchOffset(a, e) : actualText.length);
    const line = expectedLine.text === "(nothing more)" ? actualLine.number : expectedLine.number;
    return { line, expected: expectedLine.text, actual: actualLine.text };
  }
  return undefined;
}

/** What of one output is compared: its kind, its MIME types, and its text if that is stable. */
interface Comparable {
  kind: string;
  mimeTypes?: string[];
  text?: string;
}

/** Stack frames carry paths and line numbers of Node and tslab internals. */
function withoutStackFrames(text: string): string {
  return text
    .split("\n")
    .filter((line) => !/^\s+at\s/.test(line))
    .join("\n");
}

function bundleComparable(kind: string, data: MimeBundle): Comparable {
  // As saved: a fresh plot's HTML stands for the PNG that saving gives it.
  const mimeTypes = savedMimeTypes(Object.keys(data));
  const plain = data["text/plain"];
  return { kind, mimeTypes, text: plain === undefined ? undefined : textOf(plain) };
}

/** Consecutive streams of the same name count as one, however the kernel split them. */
function comparables(outputs: Output[]): Comparable[] {
  const result: Comparable[] = [];
  for (const output of outputs) {
    const last = result[result.length - 1];
    switch (output.output_type) {
      case "stream":
        if (last?.kind === output.name) last.text += output.text;
        else result.push({ kind: output.name, text: output.text });
        break;
      case "execute_result":
      case "display_data":
        result.push(bundleComparable(output.output_type, output.data));
        break;
      case "error":
        result.push({ kind: "error", text: `${output.ename}: ${output.evalue}` });
        break;
    }
  }
  for (const item of result) {
    if ((item.kind === "stderr" || item.kind === "error") && item.text !== undefined) item.text = withoutStackFrames(item.text);
  }
  return result;
}

function summary(items: Comparable[]): string {
  return items.length === 0 ? "no output" : items.map((item) => item.kind).join(", ");
}

/** Differences between one cell's committed and fresh outputs; `where` names the cell. */
function compareOutputs(
  expected: Output[],
  actual: Output[],
  where: string,
  tolerance: Tolerance = {},
): Array<Omit<OutputDifference, "cellIndex">> {
  const expectedItems = comparables(expected);
  const actualItems = comparables(actual);
  if (summary(expectedItems) !== summary(actualItems)) {
    return [{ where: `${where}, kinds of output`, expected: summary(expectedItems), actual: summary(actualItems) }];
  }
  const differences: Array<Omit<OutputDifference, "cellIndex">> = [];
  expectedItems.forEach((e, i) => {
    const a = actualItems[i];
    const label = `${where}, output ${i + 1} (${e.kind})`;
    const expectedMimes = (e.mimeTypes ?? []).join(", ");
    const actualMimes = (a.mimeTypes ?? []).join(", ");
    if (expectedMimes !== actualMimes) {
      differences.push({ where: `${label}, MIME types`, expected: expectedMimes, actual: actualMimes });
      return;
    }
    if (e.text === undefined && a.text === undefined) return;
    const mismatch = compareText(e.text ?? "", a.text ?? "", tolerance);
    if (mismatch)
      differences.push({ where: `${label}, line ${mismatch.line}`, expected: mismatch.expected, actual: mismatch.actual });
  });
  return differences;
}

/**
 * Compares every code cell of `committed` with the same cell of `fresh`
 * (the notebook after running it). Cells tagged nbval-ignore-output or
 * nbval-skip are left out.
 */
export function compareNotebooks(committed: Notebook, fresh: Notebook, tolerance: Tolerance = {}): OutputDifference[] {
  if (committed.cells.length !== fresh.cells.length) {
    throw new Error(`cannot compare notebooks with ${committed.cells.length} and ${fresh.cells.length} cells`);
  }
  const differences: OutputDifference[] = [];
  committed.cells.forEach((cell, cellIndex) => {
    const freshCell = fresh.cells[cellIndex];
    if (cell.cell_type !== "code" || freshCell.cell_type !== "code") return;
    const tags = cellTags(cell);
    if (tags.includes(ignoreOutputTag) || tags.includes(skipTag)) return;
    const where = describeCell(cellIndex, cell.source);
    for (const difference of compareOutputs(cell.outputs, freshCell.outputs, where, tolerance)) {
      differences.push({ cellIndex, ...difference });
    }
  });
  return differences;
}

export function formatDifferences(differences: OutputDifference[]): string {
  return differences
    .map((difference) => `${difference.where}:\n  expected: ${difference.expected}\n  actual:   ${difference.actual}`)
    .join("\n");
}
