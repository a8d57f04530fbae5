// The answer key as a handout's check() holds it: for each answer its shape,
// kind and dtype, and digests that tell the answer (or a known mistake, or
// another accepted convention) from other values without holding it. The
// learner is told right or wrong, and which mistake, never the expected value.
//
// A digest is of the value rounded to a grid: each number to 5 significant
// digits, relative to its own magnitude (recorded with it), for a tolerance
// of 1e-6 (fewer digits for a looser one). A right value that differs from
// NumPy's in the last bits lands on the same grid point unless it sits right
// on a rounding boundary; a second grid, shifted by half a step, takes those.
// A bound (an accuracy to reach) is no answer and stays as it is.
import {
  type AnswerItem,
  type AnswerKey,
  type AnswerView,
  CheckReport,
  type CheckOutcome,
  compareItem,
  compareWithAnswer,
  type Expected,
  type FlatValue,
  flatten,
  keyText,
  notGiven,
  notGivenOutcome,
  problemLanguage,
  refuseUnknownNames,
} from "./compare";
import { messagesIn } from "../messages/catalogue";
import type { Language } from "../messages/language";

/** What a handout shows in place of the expected value. */
export const notShown = "—";

/** Two digests of a value: rounded on the grid, and on the grid shifted by half a step. */
type Digests = [string, string];

interface SealedValue {
  shape: number[];
  /** Each number's power of ten (null for 0): the grid it is rounded on. */
  exponents: Array<number | null>;
  digests: Digests;
}

export interface SealedItem {
  name: string;
  shape: number[];
  kind?: "boolean" | "number";
  dtype?: string;
  /** Significant digits of the grid. */
  digits: number;
  answer: SealedValue;
  mistakes?: Array<SealedValue & { text: string; ko?: string }>;
  accepted?: Array<SealedValue & { text: string; ko?: string }>;
}

export interface SealedProblemKey {
  title: string;
  titleKo?: string;
  lang?: string;
  items: Array<SealedItem | AnswerItem>;
}

export type SealedAnswerKey = Readonly<Record<string, SealedProblemKey>>;

function isSealed(item: SealedItem | AnswerItem): item is SealedItem {
  return "answer" in item;
}

/** 53 bits of a string's hash (cyrb53): enough to tell values apart, not a secret. */
function hash53(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

function exponentOf(value: number): number | null {
  return value === 0 ? null : Math.floor(Math.log10(Math.abs(value)));
}

/** `value` on the grid of `exponent` (the power of ten kept at `digits` significant digits), shifted by `shift` steps. */
function onGrid(value: number, exponent: number | null, digits: number, shift: number): string {
  // A zero in the answer: as for the key, only 0 itself is within a relative tolerance of it.
  if (exponent === null) return value === 0 ? "0" : "x";
  const power = digits - 1 - exponent;
  // Multiplied or divided by an exact power of ten, the same way on every machine.
  const scaled = power >= 0 ? value * 10 ** power : value / 10 ** -power;
  return String(Math.floor(scaled + shift));
}

function digestsOf(
  salt: string,
  shape: readonly number[],
  values: readonly number[],
  exponents: ReadonlyArray<number | null>,
  digits: number,
): Digests {
  const grid = (shift: number) =>
    hash53(`${salt}|${shape.join("x")}|${values.map((v, i) => onGrid(v, exponents[i], digits, shift)).join(",")}`);
  return [grid(0), grid(0.5)];
}

/** Significant digits for a tolerance: 5 for 1e-6, fewer for a looser one. */
function digitsFor(rtol: number): number {
  return Math.max(1, Math.min(5, Math.round(-Math.log10(rtol)) - 1));
}

function sealValue(salt: string, value: Expected, digits: number): SealedValue {
  const flat = flatten(value) as FlatValue;
  const exponents = flat.values.map(exponentOf);
  return { shape: flat.shape, exponents, digests: digestsOf(salt, flat.shape, flat.values, exponents, digits) };
}

function sealItem(problem: string, item: AnswerItem): SealedItem | AnswerItem {
  if (item.atLeast === true || item.atMost === true) return item;
  const flat = flatten(item.expected) as FlatValue;
  const digits = digitsFor(item.rtol ?? 1e-6);
  const salt = `${problem}/${item.name}`;
  const sealed: SealedItem = { name: item.name, shape: flat.shape, digits, answer: sealValue(salt, item.expected, digits) };
  if (flat.kind !== undefined) sealed.kind = flat.kind;
  if (item.dtype !== undefined) sealed.dtype = item.dtype;
  const known = (list: AnswerItem["mistakes"]) =>
    list?.map((entry) => ({
      ...sealValue(salt, entry.value, digits),
      text: entry.text,
      ...(entry.ko === undefined ? {} : { ko: entry.ko }),
    }));
  if (item.mistakes !== undefined) sealed.mistakes = known(item.mistakes);
  if (item.accepted !== undefined) sealed.accepted = known(item.accepted);
  return sealed;
}

/** The key sealed: nothing in it is an answer, and check() can still tell one. */
export function sealKey(key: AnswerKey): SealedAnswerKey {
  const sealed: Record<string, SealedProblemKey> = {};
  for (const [problem, entry] of Object.entries(key))
    sealed[problem] = {
      title: entry.title,
      ...(entry.titleKo === undefined ? {} : { titleKo: entry.titleKo }),
      ...(entry.lang === undefined ? {} : { lang: entry.lang }),
      items: entry.items.map((item) => sealItem(problem, item)),
    };
  return sealed;
}

function sealedAnswer(problem: string, item: SealedItem, language: Language): AnswerView {
  const salt = `${problem}/${item.name}`;
  const textOf = (entry: { text: string; ko?: string } | undefined): string | undefined =>
    entry === undefined ? undefined : keyText(language, entry.text, entry.ko);
  const is = (flat: FlatValue, sealed: SealedValue): boolean => {
    if (flat.values.length !== sealed.exponents.length || flat.shape.join("x") !== sealed.shape.join("x")) return false;
    if (flat.kind !== undefined && item.kind !== undefined && flat.kind !== item.kind) return false;
    const [a, b] = digestsOf(salt, flat.shape, flat.values, sealed.exponents, item.digits);
    return a === sealed.digests[0] || b === sealed.digests[1];
  };
  return {
    name: item.name,
    expectedText: "",
    shape: item.shape,
    kind: item.kind,
    dtype: item.dtype,
    isAnswer: (flat) => is(flat, item.answer),
    accepted: (flat) => textOf(item.accepted?.find((entry) => is(flat, entry))),
    mistake: (flat) => textOf(item.mistakes?.find((entry) => is(flat, entry))),
    otherwise: () => messagesIn(language).notYetTheAnswer,
  };
}

/** Compares values with a sealed key: right or wrong and why, the expected values not shown. */
export function compareWithSealedKey(
  problem: string | number,
  key: SealedProblemKey,
  values: Record<string, unknown>,
  language: Language = problemLanguage(key),
): CheckReport {
  refuseUnknownNames(
    problem,
    key.items.map((item) => item.name),
    values,
    language,
  );
  const outcomes = key.items.map((item): CheckOutcome => {
    if (!Object.prototype.hasOwnProperty.call(values, item.name)) {
      return isSealed(item)
        ? { ...notGivenOutcome(String(problem), item.name, language), expected: notShown }
        : notGiven(String(problem), item, language);
    }
    if (!isSealed(item)) return compareItem(item, values[item.name], language);
    const outcome = compareWithAnswer(sealedAnswer(String(problem), item, language), values[item.name], language);
    return { ...outcome, expected: notShown };
  });
  return new CheckReport(String(problem), keyText(language, key.title, key.titleKo), outcomes, language);
}
