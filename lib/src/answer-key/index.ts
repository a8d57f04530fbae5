// The answer key: what each problem's answers are, as real NumPy computed them
// (reference/make_answer_key.py writes answer-key.json), and how a value is
// compared with it. Both the learner's check() and the grader use this module.
import { inspect } from "node:util";
import answerKeyJson from "./answer-key.json";
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

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** The answer key, frozen: nothing that runs later can change it. */
export const answerKey: AnswerKey = deepFreeze(answerKeyJson as unknown as Record<string, ProblemKey>);

/** The answer key of one problem, e.g. answerKeyOf("213"). */
export function answerKeyOf(problem: string | number): ProblemKey {
  const entry = answerKey[String(problem)];
  if (!entry) {
    throw new RangeError(`there is no answer key for problem ${problem}; the problems are ${Object.keys(answerKey).join(", ")}`);
  }
  return entry;
}

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

function flatten(value: unknown): Flat | string {
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
  if (value === null) return "null, not an array: a layer's mask or dW stays null until its forward or backward has run";
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

function compare(item: AnswerItem, given: unknown): CheckOutcome {
  return { ...compareValue(item, given), ...expectedLinesOf(item), ...givenLinesOf(given) };
}

function compareValue(item: AnswerItem, given: unknown): CheckOutcome {
  const { name } = item;
  const expectedText = expectedTextOf(item);
  const givenText = show(given);
  const fail = (why: string): CheckOutcome => ({
    name,
    passed: false,
    message: `${name}: expected ${expectedText}, got ${givenText} — ${why}`,
    expected: expectedText,
    given: givenText,
    hint: why,
  });
  const flat = flatten(given);
  if (typeof flat === "string") return fail(flat);
  const want = flatten(item.expected) as Flat;
  const rtol = item.rtol ?? 1e-6;
  const known = (list: KnownValue[] | undefined): KnownValue | undefined =>
    list?.find((entry) => matches(flat, flatten(entry.value) as Flat, rtol));

  if (item.atLeast || item.atMost) {
    const v = flat.values[0];
    if (flat.values.length !== 1 || !Number.isFinite(v)) return fail("give one finite number");
    const ok = item.atLeast ? v >= want.values[0] : v <= want.values[0];
    const bound = `${item.atLeast ? "at least" : "at most"} ${numberText(want.values[0])}`;
    const hint = item.boundHint ?? "train longer or check the update step";
    return ok
      ? { name, passed: true, message: `${name} = ${givenText} (${bound})`, expected: bound, given: givenText }
      : {
          name,
          passed: false,
          message: `${name}: expected ${bound}, got ${givenText} — ${hint}`,
          expected: bound,
          given: givenText,
          hint,
        };
  }

  if (flat.values.some(Number.isNaN))
    return fail("the value is NaN: something divided 0 by 0 or took the log of a negative number");
  if (flat.values.some((v) => !Number.isFinite(v)))
    return fail("the value is infinite: something divided by 0, or exp() overflowed");
  if (matches(flat, want, rtol)) {
    if (given instanceof NDArray && item.dtype && given.dtype !== item.dtype) {
      const hint = item.dtype === "float64" ? ` (make it a float array: array(..., "float64"))` : "";
      return fail(`NumPy's answer is a ${item.dtype} array, this one is ${given.dtype}${hint}`);
    }
    return { name, passed: true, message: `${name} = ${givenText}`, expected: expectedText, given: givenText };
  }
  const other = known(item.accepted);
  if (other !== undefined) {
    return { name, passed: true, message: `${name} = ${givenText} (${other.text})`, expected: expectedText, given: givenText };
  }
  const mistake = known(item.mistakes);
  if (mistake !== undefined) return fail(mistake.text);
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
  const pattern = patternHint(flat, want, rtol);
  if (pattern !== undefined) return fail(pattern);
  const i = want.values.findIndex((b, index) => !close(flat.values[index], b, rtol));
  const where = want.shape.length > 0 ? ` at flat index ${i}` : "";
  return fail(`differs${where}: expected ${numberText(want.values[i])}, got ${numberText(flat.values[i])}`);
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

/** A value the learner left out of check(). */
function notGiven(problem: string, item: AnswerItem): CheckOutcome {
  const hint = `add it: check("${problem}", { ${item.name}, … })`;
  return {
    name: item.name,
    passed: false,
    message: `${item.name}: not given — ${hint}`,
    expected: expectedTextOf(item),
    given: "",
    hint,
    ...expectedLinesOf(item),
  };
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
    Object.prototype.hasOwnProperty.call(values, item.name) ? compare(item, values[item.name]) : notGiven(String(problem), item),
  );
  return new CheckReport(String(problem), key.title, outcomes);
}
