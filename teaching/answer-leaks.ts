/**
 * Answers on the page: the values a lesson checks, as the lesson prints
 * them, found in its student version (its markdown, its code, its
 * metadata). A handout that states the answer turns the exercise into
 * copying it.
 *
 * What counts as an answer's printed form:
 * - an array as NumPy prints it (`[[1. 0.] [0. 3.]]`), spacing aside;
 * - each number of it, or the answer itself when it is a number, that has
 *   3 or more significant digits (`715.0000000000001`, `12385`, `165.0`):
 *   shorter ones (`1.1`, `2`) are everywhere in a lesson's text for other
 *   reasons.
 *
 * The cells tagged `inputs` are not searched: they hold the lesson's data,
 * and an answer that equals the data (214 checks that forward left `x` as it
 * was) gives nothing away.
 */
import type { AnswerItem, Expected, ProblemKey } from "dlfs/answer-key";
import { cellTags, describeCell, type Notebook } from "../jupyter-client";
import { inputsTag } from "./hidden-inputs";
import { studentVersion } from "./student-version";

export interface AnswerLeak {
  /** The answer's name in the key. */
  answer: string;
  /** The printed form found. */
  printed: string;
  /** Where: "cell 3 (`# 문제 213 …`)", or "the notebook's metadata". */
  where: string;
}

/** The significant digits of a number as it prints: 650 has 2, 165.0 has 3, 0.0105 has 3. */
export function significantDigits(text: string): number {
  const mantissa = text.replace(/^-/, "").split(/e/i)[0];
  const digits = mantissa.replace(".", "").replace(/^0+/, "");
  const whole = !mantissa.includes(".") || /\.0*$/.test(mantissa);
  return (whole ? digits.replace(/0+$/, "") : digits).length || 1;
}

function flatNumbers(value: Expected): number[] {
  return Array.isArray(value) ? value.flatMap(flatNumbers) : typeof value === "number" ? [value] : [];
}

/** A pattern for a number as a whole token: `165` also finds `165.0` and `165.`, not `1650` or `0.165`. */
function numberPattern(value: number): RegExp {
  const text = String(Math.abs(value));
  const escaped = text.replace(/[.+]/g, (c) => `\\${c}`);
  const tail = Number.isInteger(value) && !text.includes("e") ? "(?:\\.0*)?" : "";
  return new RegExp(`(?<![\\d.])${escaped}${tail}(?![\\d])`);
}

const spaced = (text: string): string => text.replace(/\s+/g, " ").trim();

/** The printed forms of an answer worth searching for (none for a bound, which is no answer). */
export function printedForms(item: AnswerItem): Array<{ printed: string; pattern: RegExp }> {
  if (item.atLeast === true || item.atMost === true) return [];
  const forms: Array<{ printed: string; pattern: RegExp }> = [];
  if (item.numpy !== undefined && /[\d]/.test(item.numpy)) {
    const printed = spaced(item.numpy);
    // Both the array's brackets and its numbers, spacing aside: a copy may be wrapped differently.
    const escaped = printed.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/ /g, "\\s*");
    if (printed.includes("[")) forms.push({ printed, pattern: new RegExp(escaped) });
  }
  for (const value of new Set(flatNumbers(item.expected))) {
    if (!Number.isFinite(value) || significantDigits(String(value)) < 3) continue;
    forms.push({ printed: String(value), pattern: numberPattern(value) });
  }
  return forms;
}

/** Every checked value of `key` that the student version of `notebook` shows. */
export function findAnswerLeaks(notebook: Notebook, name: string, key: ProblemKey): AnswerLeak[] {
  const student = studentVersion(notebook, name);
  const pieces: Array<{ where: string; text: string }> = [];
  student.cells.forEach((cell, index) => {
    if (cell.cell_type === "code" && cellTags(cell).includes(inputsTag)) return;
    pieces.push({ where: describeCell(index, cell.source), text: spaced(cell.source) });
  });
  pieces.push({ where: "the notebook's metadata", text: spaced(JSON.stringify(student.metadata)) });
  const leaks: AnswerLeak[] = [];
  for (const item of key.items)
    for (const form of printedForms(item)) {
      const found = pieces.find((piece) => form.pattern.test(piece.text));
      if (found !== undefined) leaks.push({ answer: item.name, printed: form.printed, where: found.where });
    }
  return leaks;
}

export function describeAnswerLeak(leak: AnswerLeak): string {
  return `${leak.answer} is on the page as \`${leak.printed}\`, in ${leak.where}`;
}
