// How a value is compared with an answer of the key: the same for the
// learner's check(), the grader and the tests. The key itself is in index.ts.
import { inspect } from "node:util";
import { pyFloatRepr } from "../internal/numpy-format";
import { NDArray } from "../ndarray";
import { shapeText } from "../util";

export type Expected = number | boolean | Expected[];

/** A value the key knows besides the answer, computed by NumPy from the code that gives it. */
export interface KnownValue {
  value: Expected;
  /** For a mistake: what the learner did, in words. For another accepted answer: the convention it follows. */
  text: string;
}

export interface AnswerItem {
  name: string;
  expected: Expected;
  /** NumPy's dtype of an expected array. */
  dtype?: string;
  /** How NumPy prints the expected value. */
  numpy?: string;
  /** The value is a lower bound (an accuracy to reach), not an exact answer. */
  atLeast?: boolean;
  /** The value is an upper bound (a gradient difference to stay under). */
  atMost?: boolean;
  /** What to look at when a bound is missed. */
  boundHint?: string;
  rtol?: number;
  /** What typical mistakes give: a value equal to one of these gets its hint. */
  mistakes?: KnownValue[];
  /** Other right answers, under another convention (e.g. the book's): they pass, with a note. */
  accepted?: KnownValue[];
}

export interface ProblemKey {
  title: string;
  items: AnswerItem[];
  /** Where the course notes print something else, and why. */
  note?: string;
}

/** Every problem's key, by problem number ("209" … "238"). */
export type AnswerKey = Readonly<Record<string, ProblemKey>>;

export interface CheckOutcome {
  name: string;
  passed: boolean;
  /** One line: what was expected and what was given, with a hint when wrong. */
  message: string;
  /** The parts of `message`, for a table: the answer as NumPy prints it (or a bound)... */
  expected: string;
  /** ...what was given ("" when nothing was)... */
  given: string;
  /** ...and, when wrong, what to look at. */
  hint?: string;
  /**
   * `expected` and `given` as printed, when that takes more than one line
   * (NumPy puts each row of a matrix on its own line and breaks lines at 75
   * characters): for the table, which can keep the lines. `expected`, `given`
   * and `message` hold them on one line.
   */
  expectedLines?: string;
  givenLines?: string;
}

/** A value flattened for comparison: its shape, its numbers, and whether they are booleans (a mask) or numbers. */
interface Flat {
  shape: number[];
  values: number[];
  /** "boolean" for true/false values (a bool array, a list of booleans), "number" otherwise; undefined when empty. */
  kind?: "boolean" | "number";
}

/** A value as its shape and numbers, or why it is not a number or an array. */
export function flatten(value: unknown): Flat | string {
  if (value instanceof NDArray) {
    const kind = value.size === 0 ? undefined : value.dtype === "bool" ? "boolean" : "number";
    return { shape: [...value.shape], values: Array.from(value.data), kind };
  }
  // A number or a boolean, plain or as an object (a reduction's NumPy scalar is a Number object).
  if (typeof value === "number" || value instanceof Number) return { shape: [], values: [Number(value)], kind: "number" };
  if (typeof value === "boolean" || value instanceof Boolean) return { shape: [], values: [Number(value)], kind: "boolean" };
  if (Array.isArray(value)) {
    if (value.length === 0) return { shape: [0], values: [] };
    const rows = value.map(flatten);
    const first = rows[0];
    if (typeof first === "string") return first;
    const values: number[] = [];
    let kind = first.kind;
    for (const row of rows) {
      if (typeof row === "string") return row;
      if (shapeText(row.shape) !== shapeText(first.shape)) return "the nested lists have rows of different lengths";
      if (row.kind !== undefined && kind !== undefined && row.kind !== kind) return "the list mixes booleans and numbers";
      kind ??= row.kind;
      values.push(...row.values);
    }
    return { shape: [value.length, ...first.shape], values, kind };
  }
  // A layer's cached value (mask, dW, out) is null until the method that sets it has run.
  if (value === null)
    return "null: what a layer keeps (its inputs x and y, its mask, dW) stays null until its forward or backward has run: call the layer";
  return `a ${typeof value} is not a number or an array`;
}

/**
 * A number as Python prints a float (1e-06, not 0.000001), unless it is a
 * whole number, which could as well be an integer. A reduction's NumPy
 * scalar prints itself, with its type (3.0).
 */
function numberText(x: number): string {
  return Number.isInteger(x) && Math.abs(x) < 1e16 ? String(x) : pyFloatRepr(x);
}

/** A value as printed: an array as NumPy prints it, on as many lines as NumPy uses. */
function printed(value: unknown): string {
  if (value instanceof NDArray) return value.toString();
  if (Array.isArray(value)) return JSON.stringify(value);
  if (typeof value === "number") return numberText(value);
  return String(value);
}

function expectedPrinted(item: AnswerItem): string {
  return item.numpy || printed(item.expected);
}

/** Printed text on one line, for the one-line message. */
function oneLine(text: string): string {
  return text.replace(/\n\s*/g, " ");
}

function show(value: unknown): string {
  return oneLine(printed(value));
}

function expectedTextOf(item: AnswerItem): string {
  return oneLine(expectedPrinted(item));
}

/** The expected value as printed, when that takes more than one line (a bound is one line: it is not printed by NumPy). */
function expectedLinesOf(item: AnswerItem): Pick<CheckOutcome, "expectedLines"> {
  const lines = expectedPrinted(item);
  return lines.includes("\n") && !item.atLeast && !item.atMost ? { expectedLines: lines } : {};
}

/** A given value as printed, when that takes more than one line. */
function givenLinesOf(given: unknown): Pick<CheckOutcome, "givenLines"> {
  const lines = printed(given);
  return lines.includes("\n") ? { givenLines: lines } : {};
}

function sameShape(a: Flat, b: Flat): boolean {
  return shapeText(a.shape) === shapeText(b.shape);
}

/**
 * Within rtol of each other. Only finite numbers are ever close: NaN and the
 * infinities equal nothing but themselves (|Infinity - 715| <= rtol * Infinity
 * would otherwise pass any answer).
 */
function close(a: number, b: number, rtol: number): boolean {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= rtol * Math.max(Math.abs(a), Math.abs(b));
}

/** Booleans compare with booleans and numbers with numbers; an empty value has no kind. */
function sameKind(a: Flat, b: Flat): boolean {
  return a.kind === undefined || b.kind === undefined || a.kind === b.kind;
}

/** Same shape, the same kind of values, and every number within rtol. */
function matches(given: Flat, want: Flat, rtol: number): boolean {
  return sameShape(given, want) && sameKind(given, want) && want.values.every((b, i) => close(given.values[i], b, rtol));
}

/** `k times too large/small` for a factor k that is a whole number or its inverse; otherwise the factor. */
function factorWords(factor: number): string {
  const whole = (x: number): boolean => Math.abs(x - Math.round(x)) <= 1e-9 * Math.abs(x);
  if (Math.abs(factor) > 1 && whole(factor)) return `${Math.round(factor)} times the expected one`;
  if (Math.abs(factor) < 1 && whole(1 / factor)) return `1/${Math.round(1 / factor)} of the expected one`;
  return `${factor.toPrecision(4)} times the expected one`;
}

/**
 * What a wrong value of the right shape says about the mistake, when it is
 * one of the usual kinds: the sign flipped, every value scaled by the same
 * factor (a division missing or extra), or right everywhere except where
 * the answer is 0 (a mask not applied).
 */
function patternHint(given: Flat, want: Flat, rtol: number): string | undefined {
  const pairs = want.values.map((b, i) => [given.values[i], b] as const);
  const nonzero = pairs.filter(([, b]) => b !== 0);
  if (nonzero.length > 0 && pairs.every(([a, b]) => b !== 0 || a === 0)) {
    const factor = nonzero[0][0] / nonzero[0][1];
    if (factor !== 0 && nonzero.every(([a, b]) => close(a, factor * b, rtol))) {
      if (close(factor, -1, rtol)) return "the sign is reversed: every value is minus the expected one";
      // One number is always some factor off the answer: that says nothing about the mistake.
      if (nonzero.length > 1)
        return `every value is ${factorWords(factor)}: a factor is missing or extra (a division by the batch size?)`;
    }
  }
  const zeros = pairs.filter(([, b]) => b === 0);
  if (zeros.length > 0 && nonzero.every(([a, b]) => close(a, b, rtol)) && zeros.some(([a]) => a !== 0)) {
    return "right except where the answer is 0: looks like you forgot the mask";
  }
  return undefined;
}

/** `given` compared with an item of the key. */
export function compareItem(item: AnswerItem, given: unknown): CheckOutcome {
  if (item.atLeast || item.atMost) return { ...compareBound(item, given), ...givenLinesOf(given) };
  return compareWithAnswer(clearAnswer(item), given);
}

/**
 * What a comparison knows of one answer: all of it (an item of the key), or,
 * in a handout, its shape and what tells a value right or a known mistake
 * without holding the value (sealed-key.ts).
 */
export interface AnswerView {
  name: string;
  /** The answer as printed, on one line; "" when it is not to be shown. */
  expectedText: string;
  expectedLines?: string;
  shape: number[];
  kind?: "boolean" | "number";
  dtype?: string;
  /** Whether `given` is the answer, within its tolerance. */
  isAnswer(given: FlatValue): boolean;
  /** The convention of another accepted answer that `given` is, if it is one. */
  accepted(given: FlatValue): string | undefined;
  /** The text of the known mistake that `given` is, if it is one. */
  mistake(given: FlatValue): string | undefined;
  /** What a wrong value of the right shape and kind is told when it is no known mistake. */
  otherwise(given: FlatValue): string;
}

/** A value flattened for comparison (see flatten). */
export type FlatValue = Flat;

function clearAnswer(item: AnswerItem): AnswerView {
  const want = flatten(item.expected) as Flat;
  const rtol = item.rtol ?? 1e-6;
  const known = (list: KnownValue[] | undefined, flat: Flat): string | undefined =>
    list?.find((entry) => matches(flat, flatten(entry.value) as Flat, rtol))?.text;
  return {
    name: item.name,
    expectedText: expectedTextOf(item),
    ...expectedLinesOf(item),
    shape: want.shape,
    kind: want.kind,
    dtype: item.dtype,
    isAnswer: (flat) => matches(flat, want, rtol),
    accepted: (flat) => known(item.accepted, flat),
    mistake: (flat) => known(item.mistakes, flat),
    otherwise: (flat) => {
      const pattern = patternHint(flat, want, rtol);
      if (pattern !== undefined) return pattern;
      const i = want.values.findIndex((b, index) => !close(flat.values[index], b, rtol));
      const where = want.shape.length > 0 ? ` at flat index ${i}` : "";
      return `differs${where}: expected ${numberText(want.values[i])}, got ${numberText(flat.values[i])}`;
    },
  };
}

/** An accuracy to reach, or a difference to stay under: a bound, which any learner may see. */
function compareBound(item: AnswerItem, given: unknown): CheckOutcome {
  const { name } = item;
  const givenText = show(given);
  const bound = `${item.atLeast ? "at least" : "at most"} ${numberText(Number(item.expected))}`;
  const fail = (why: string): CheckOutcome => ({
    name,
    passed: false,
    message: `${name}: expected ${bound}, got ${givenText} — ${why}`,
    expected: bound,
    given: givenText,
    hint: why,
  });
  const flat = flatten(given);
  if (typeof flat === "string") return fail(flat);
  const v = flat.values[0];
  if (flat.values.length !== 1 || !Number.isFinite(v)) return fail("give one finite number");
  const ok = item.atLeast ? v >= Number(item.expected) : v <= Number(item.expected);
  if (ok) return { name, passed: true, message: `${name} = ${givenText} (${bound})`, expected: bound, given: givenText };
  return fail(item.boundHint ?? "train longer or check the update step");
}

/** `given` compared with an answer, as much as the view knows of it. */
export function compareWithAnswer(answer: AnswerView, given: unknown): CheckOutcome {
  const { name, expectedText } = answer;
  const givenText = show(given);
  const lines = {
    ...(answer.expectedLines === undefined ? {} : { expectedLines: answer.expectedLines }),
    ...givenLinesOf(given),
  };
  const fail = (why: string): CheckOutcome => ({
    name,
    passed: false,
    message:
      expectedText === "" ? `${name}: got ${givenText} — ${why}` : `${name}: expected ${expectedText}, got ${givenText} — ${why}`,
    expected: expectedText,
    given: givenText,
    hint: why,
    ...lines,
  });
  const pass = (note?: string): CheckOutcome => ({
    name,
    passed: true,
    message: `${name} = ${givenText}${note === undefined ? "" : ` (${note})`}`,
    expected: expectedText,
    given: givenText,
    ...lines,
  });
  const flat = flatten(given);
  if (typeof flat === "string") return fail(flat);
  const want: Flat = { shape: answer.shape, values: [], kind: answer.kind };

  if (flat.values.some(Number.isNaN))
    return fail("the value is NaN: something divided 0 by 0 or took the log of a negative number");
  if (flat.values.some((v) => !Number.isFinite(v)))
    return fail("the value is infinite: something divided by 0, or exp() overflowed");
  if (answer.isAnswer(flat)) {
    if (given instanceof NDArray && answer.dtype && given.dtype !== answer.dtype) {
      const hint = answer.dtype === "float64" ? ` (make it a float array: array(..., "float64"))` : "";
      return fail(`NumPy's answer is a ${answer.dtype} array, this one is ${given.dtype}${hint}`);
    }
    return pass();
  }
  const other = answer.accepted(flat);
  if (other !== undefined) return pass(other);
  const mistake = answer.mistake(flat);
  if (mistake !== undefined) return fail(mistake);
  if (sameShape(flat, want) && !sameKind(flat, want)) {
    return fail(
      want.kind === "boolean"
        ? "expected true/false values (a boolean mask, as x.le(0) gives), got numbers"
        : "expected numbers, got true/false values",
    );
  }

  if (!sameShape(flat, want)) {
    const hint =
      flat.shape.length === 2 && want.shape.length === 2 && flat.shape[0] === want.shape[1] && flat.shape[1] === want.shape[0]
        ? "the shape is transposed: check the order of the dot product or a missing .T"
        : `expected shape ${shapeText(want.shape)}, got ${shapeText(flat.shape)}`;
    return fail(hint);
  }
  return fail(answer.otherwise(flat));
}

/** The result of check(): one outcome per item of the answer key. */
export class CheckReport {
  constructor(
    readonly problem: string,
    readonly title: string,
    readonly outcomes: readonly CheckOutcome[],
  ) {}

  get passed(): boolean {
    return this.outcomes.every((o) => o.passed);
  }

  get score(): number {
    return this.outcomes.filter((o) => o.passed).length;
  }

  toString(): string {
    const head = `Problem ${this.problem} (${this.title}): ${this.score}/${this.outcomes.length} correct`;
    return [head, ...this.outcomes.map((o) => `  ${o.passed ? "✔" : "✘"} ${o.message}`)].join("\n");
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/** A value the learner left out of check(), its expected value not shown. */
export function notGivenOutcome(problem: string, name: string): CheckOutcome {
  const hint = `add it: check("${problem}", { ${name}, … })`;
  return { name, passed: false, message: `${name}: not given — ${hint}`, expected: "", given: "", hint };
}

/** A value the learner left out of check(). */
export function notGiven(problem: string, item: AnswerItem): CheckOutcome {
  return { ...notGivenOutcome(problem, item.name), expected: expectedTextOf(item), ...expectedLinesOf(item) };
}

/**
 * Compares values with a given answer key, e.g. one a grader loaded for
 * itself. Items missing from `values` are reported as not given.
 */
export function compareWithKey(problem: string | number, key: ProblemKey, values: Record<string, unknown>): CheckReport {
  const known = new Set(key.items.map((i) => i.name));
  const unknown = Object.keys(values).filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new RangeError(
      `problem ${problem} has no answer named ${unknown.join(", ")}; its answers are ${[...known].join(", ")}`,
    );
  }
  const outcomes = key.items.map((item) =>
    Object.prototype.hasOwnProperty.call(values, item.name)
      ? compareItem(item, values[item.name])
      : notGiven(String(problem), item),
  );
  return new CheckReport(String(problem), key.title, outcomes);
}
