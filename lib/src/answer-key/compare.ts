// How a value is compared with an answer of the key: the same for the
// learner's check(), the grader and the tests. The key itself is in index.ts.
import { inspect } from "node:util";
import { pyFloatRepr } from "../engine/numpy-format";
import { type Messages, messagesIn } from "../messages/catalogue";
import { type Language, languageFor } from "../messages/language";
import { NDArray } from "../ndarray";
import { shapeText } from "../util";

export type Expected = number | boolean | Expected[];

/** A value the key knows besides the answer, computed by NumPy from the code that gives it. */
export interface KnownValue {
  value: Expected;
  /** For a mistake: what the learner did, in words. For another accepted answer: the convention it follows. */
  text: string;
  /** `text` in Korean. */
  ko?: string;
}

/** A text of the key in the learner's language (English where the key has no other). */
export function keyText(language: Language, text: string, ko: string | undefined): string {
  return language === "ko" && ko !== undefined ? ko : text;
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
  boundHintKo?: string;
  rtol?: number;
  /** What typical mistakes give: a value equal to one of these gets its hint. */
  mistakes?: KnownValue[];
  /** Other right answers, under another convention (e.g. the book's): they pass, with a note. */
  accepted?: KnownValue[];
}

export interface ProblemKey {
  title: string;
  titleKo?: string;
  /** The language of the problem's lesson (its notebook's metadata.dlfs.lang). */
  lang?: string;
  items: AnswerItem[];
  /** Where the course notes print something else, and why. */
  note?: string;
  noteKo?: string;
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
export function flatten(value: unknown, m: Messages = messagesIn("en")): Flat | string {
  if (value instanceof NDArray) {
    const kind = value.size === 0 ? undefined : value.dtype === "bool" ? "boolean" : "number";
    return { shape: [...value.shape], values: Array.from(value.data), kind };
  }
  // A number or a boolean, plain or as an object (a reduction's NumPy scalar is a Number object).
  if (typeof value === "number" || value instanceof Number) return { shape: [], values: [Number(value)], kind: "number" };
  if (typeof value === "boolean" || value instanceof Boolean) return { shape: [], values: [Number(value)], kind: "boolean" };
  if (Array.isArray(value)) {
    if (value.length === 0) return { shape: [0], values: [] };
    const rows = value.map((row) => flatten(row, m));
    const first = rows[0];
    if (typeof first === "string") return first;
    const values: number[] = [];
    let kind = first.kind;
    for (const row of rows) {
      if (typeof row === "string") return row;
      if (shapeText(row.shape) !== shapeText(first.shape)) return m.raggedList;
      if (row.kind !== undefined && kind !== undefined && row.kind !== kind) return m.mixedList;
      kind ??= row.kind;
      values.push(...row.values);
    }
    return { shape: [value.length, ...first.shape], values, kind };
  }
  // A layer's cached value (mask, dW, out) is null until the method that sets it has run.
  if (value === null) return m.nullValue;
  return m.notANumber(typeof value);
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
function factorWords(factor: number, m: Messages): string {
  const whole = (x: number): boolean => Math.abs(x - Math.round(x)) <= 1e-9 * Math.abs(x);
  if (Math.abs(factor) > 1 && whole(factor)) return m.timesExpected(String(Math.round(factor)));
  if (Math.abs(factor) < 1 && whole(1 / factor)) return m.fractionOfExpected(Math.round(1 / factor));
  return m.timesExpected(factor.toPrecision(4));
}

/**
 * What a wrong value of the right shape says about the mistake, when it is
 * one of the usual kinds: the sign flipped, every value scaled by the same
 * factor (a division missing or extra), or right everywhere except where
 * the answer is 0 (a mask not applied).
 */
function patternHint(given: Flat, want: Flat, rtol: number, m: Messages): string | undefined {
  const pairs = want.values.map((b, i) => [given.values[i], b] as const);
  const nonzero = pairs.filter(([, b]) => b !== 0);
  if (nonzero.length > 0 && pairs.every(([a, b]) => b !== 0 || a === 0)) {
    const factor = nonzero[0][0] / nonzero[0][1];
    if (factor !== 0 && nonzero.every(([a, b]) => close(a, factor * b, rtol))) {
      if (close(factor, -1, rtol)) return m.signReversed;
      // One number is always some factor off the answer: that says nothing about the mistake.
      if (nonzero.length > 1) return m.scaled(factorWords(factor, m));
    }
  }
  const zeros = pairs.filter(([, b]) => b === 0);
  if (zeros.length > 0 && nonzero.every(([a, b]) => close(a, b, rtol)) && zeros.some(([a]) => a !== 0)) {
    return m.maskForgotten;
  }
  return undefined;
}

/** `given` compared with an item of the key. */
export function compareItem(item: AnswerItem, given: unknown, language: Language = "en"): CheckOutcome {
  if (item.atLeast || item.atMost) return { ...compareBound(item, given, language), ...givenLinesOf(given) };
  return compareWithAnswer(clearAnswer(item, language), given, language);
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

function clearAnswer(item: AnswerItem, language: Language): AnswerView {
  const m = messagesIn(language);
  const want = flatten(item.expected) as Flat;
  const rtol = item.rtol ?? 1e-6;
  const known = (list: KnownValue[] | undefined, flat: Flat): string | undefined => {
    const entry = list?.find((candidate) => matches(flat, flatten(candidate.value) as Flat, rtol));
    return entry === undefined ? undefined : keyText(language, entry.text, entry.ko);
  };
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
      const pattern = patternHint(flat, want, rtol, m);
      if (pattern !== undefined) return pattern;
      const i = want.values.findIndex((b, index) => !close(flat.values[index], b, rtol));
      return m.differsAt(want.shape.length > 0 ? i : undefined, numberText(want.values[i]), numberText(flat.values[i]));
    },
  };
}

/** An accuracy to reach, or a difference to stay under: a bound, which any learner may see. */
function compareBound(item: AnswerItem, given: unknown, language: Language): CheckOutcome {
  const m = messagesIn(language);
  const { name } = item;
  const givenText = show(given);
  const limit = numberText(Number(item.expected));
  const bound = item.atLeast ? m.atLeast(limit) : m.atMost(limit);
  const fail = (why: string): CheckOutcome => ({
    name,
    passed: false,
    message: m.expectedGot(name, bound, givenText, why),
    expected: bound,
    given: givenText,
    hint: why,
  });
  const flat = flatten(given, m);
  if (typeof flat === "string") return fail(flat);
  const v = flat.values[0];
  if (flat.values.length !== 1 || !Number.isFinite(v)) return fail(m.oneFiniteNumber);
  const ok = item.atLeast ? v >= Number(item.expected) : v <= Number(item.expected);
  if (ok) return { name, passed: true, message: `${name} = ${givenText} (${bound})`, expected: bound, given: givenText };
  return fail(item.boundHint === undefined ? m.trainLonger : keyText(language, item.boundHint, item.boundHintKo));
}

/** `given` compared with an answer, as much as the view knows of it. */
export function compareWithAnswer(answer: AnswerView, given: unknown, language: Language = "en"): CheckOutcome {
  const m = messagesIn(language);
  const { name, expectedText } = answer;
  const givenText = show(given);
  const lines = {
    ...(answer.expectedLines === undefined ? {} : { expectedLines: answer.expectedLines }),
    ...givenLinesOf(given),
  };
  const fail = (why: string): CheckOutcome => ({
    name,
    passed: false,
    message: expectedText === "" ? m.got(name, givenText, why) : m.expectedGot(name, expectedText, givenText, why),
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
  const flat = flatten(given, m);
  if (typeof flat === "string") return fail(flat);
  const want: Flat = { shape: answer.shape, values: [], kind: answer.kind };

  if (flat.values.some(Number.isNaN)) return fail(m.nan);
  if (flat.values.some((v) => !Number.isFinite(v))) return fail(m.infinite);
  if (answer.isAnswer(flat)) {
    if (given instanceof NDArray && answer.dtype && given.dtype !== answer.dtype) {
      const hint = answer.dtype === "float64" ? m.makeItFloat : "";
      return fail(`${m.wrongDtype(answer.dtype, given.dtype)}${hint}`);
    }
    return pass();
  }
  const other = answer.accepted(flat);
  if (other !== undefined) return pass(other);
  const mistake = answer.mistake(flat);
  if (mistake !== undefined) return fail(mistake);
  if (sameShape(flat, want) && !sameKind(flat, want)) {
    return fail(want.kind === "boolean" ? m.wantBooleans : m.wantNumbers);
  }

  if (!sameShape(flat, want)) {
    const hint =
      flat.shape.length === 2 && want.shape.length === 2 && flat.shape[0] === want.shape[1] && flat.shape[1] === want.shape[0]
        ? m.transposed
        : m.wrongShape(shapeText(want.shape), shapeText(flat.shape));
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
    /** The language its messages are in. */
    readonly language: Language = "en",
  ) {}

  get passed(): boolean {
    return this.outcomes.every((o) => o.passed);
  }

  get score(): number {
    return this.outcomes.filter((o) => o.passed).length;
  }

  toString(): string {
    const head = messagesIn(this.language).headline(this.problem, this.title, this.score, this.outcomes.length);
    return [head, ...this.outcomes.map((o) => `  ${o.passed ? "✔" : "✘"} ${o.message}`)].join("\n");
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/** A value the learner left out of check(), its expected value not shown. */
export function notGivenOutcome(problem: string, name: string, language: Language = "en"): CheckOutcome {
  const m = messagesIn(language);
  const hint = m.addIt(problem, name);
  return { name, passed: false, message: m.notGivenLine(name, hint), expected: "", given: "", hint };
}

/** A value the learner left out of check(). */
export function notGiven(problem: string, item: AnswerItem, language: Language = "en"): CheckOutcome {
  return { ...notGivenOutcome(problem, item.name, language), expected: expectedTextOf(item), ...expectedLinesOf(item) };
}

/** The language of a problem's messages: the learner's choice, else its lesson's. */
export function problemLanguage(key: { lang?: string }): Language {
  return languageFor(key.lang);
}

/** Refuses a value under a name the problem has no answer for (a typo in check()'s call), naming its answers. */
export function refuseUnknownNames(
  problem: string | number,
  names: readonly string[],
  values: Record<string, unknown>,
  language: Language,
): void {
  const unknown = Object.keys(values).filter((name) => !names.includes(name));
  if (unknown.length > 0)
    throw new RangeError(messagesIn(language).noSuchAnswer(String(problem), unknown.join(", "), names.join(", ")));
}

/**
 * Compares values with a given answer key, e.g. one a grader loaded for
 * itself. Items missing from `values` are reported as not given.
 */
export function compareWithKey(
  problem: string | number,
  key: ProblemKey,
  values: Record<string, unknown>,
  language: Language = problemLanguage(key),
): CheckReport {
  refuseUnknownNames(
    problem,
    key.items.map((item) => item.name),
    values,
    language,
  );
  const outcomes = key.items.map((item) =>
    Object.prototype.hasOwnProperty.call(values, item.name)
      ? compareItem(item, values[item.name], language)
      : notGiven(String(problem), item, language),
  );
  return new CheckReport(String(problem), keyText(language, key.title, key.titleKo), outcomes, language);
}
