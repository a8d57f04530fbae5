// The answer key: what each problem's answers are, as real NumPy computed them
// (reference/make_answer_key.py writes answer-key.json), and how a value is
// compared with it. Both the learner's check() and the grader use this module.
import { inspect } from "node:util";
import answerKeyJson from "./answer-key.json";
import { NDArray } from "../ndarray";
import { shapeText } from "../util";

export type Expected = number | boolean | Expected[];

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
  rtol?: number;
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
}

/** A value flattened for comparison: its shape and its numbers. */
interface Flat {
  shape: number[];
  values: number[];
}

function flatten(value: unknown): Flat | string {
  if (value instanceof NDArray) return { shape: [...value.shape], values: Array.from(value.data) };
  if (typeof value === "number" || typeof value === "boolean") return { shape: [], values: [Number(value)] };
  if (Array.isArray(value)) {
    if (value.length === 0) return { shape: [0], values: [] };
    const rows = value.map(flatten);
    const first = rows[0];
    if (typeof first === "string") return first;
    const values: number[] = [];
    for (const row of rows) {
      if (typeof row === "string") return row;
      if (shapeText(row.shape) !== shapeText(first.shape)) return "the nested lists have rows of different lengths";
      values.push(...row.values);
    }
    return { shape: [value.length, ...first.shape], values };
  }
  return `a ${value === null ? "null" : typeof value} is not a number or an array`;
}

function show(value: unknown): string {
  if (value instanceof NDArray) return value.toString().replace(/\n\s*/g, " ");
  if (Array.isArray(value)) return JSON.stringify(value);
  return String(value);
}

function expectedTextOf(item: AnswerItem): string {
  return item.numpy ? item.numpy.replace(/\n\s*/g, " ") : show(item.expected);
}

function compare(item: AnswerItem, given: unknown): CheckOutcome {
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

  if (item.atLeast || item.atMost) {
    const v = flat.values[0];
    if (flat.values.length !== 1 || !Number.isFinite(v)) return fail("give one finite number");
    const ok = item.atLeast ? v >= want.values[0] : v <= want.values[0];
    const bound = `${item.atLeast ? "at least" : "at most"} ${want.values[0]}`;
    const hint = "train longer or check the update step";
    return ok
      ? { name, passed: true, message: `${name} = ${v} (${bound})`, expected: bound, given: String(v) }
      : {
          name,
          passed: false,
          message: `${name}: expected ${bound}, got ${v} — ${hint}`,
          expected: bound,
          given: String(v),
          hint,
        };
  }

  if (shapeText(flat.shape) !== shapeText(want.shape)) {
    const hint =
      flat.shape.length === 2 && want.shape.length === 2 && flat.shape[0] === want.shape[1] && flat.shape[1] === want.shape[0]
        ? "the shape is transposed: check the order of the dot product or a missing .T"
        : `expected shape ${shapeText(want.shape)}, got ${shapeText(flat.shape)}`;
    return fail(hint);
  }
  if (given instanceof NDArray && item.dtype && given.dtype !== item.dtype) {
    const hint = item.dtype === "float64" ? ` (make it a float array: array(..., "float64"))` : "";
    return fail(`NumPy's answer is a ${item.dtype} array, this one is ${given.dtype}${hint}`);
  }
  const rtol = item.rtol ?? 1e-6;
  for (let i = 0; i < want.values.length; i++) {
    const a = flat.values[i];
    const b = want.values[i];
    if (Number.isNaN(a)) return fail("the value is NaN: something divided 0 by 0 or took the log of a negative number");
    if (!(Math.abs(a - b) <= rtol * Math.max(Math.abs(a), Math.abs(b)))) {
      const where = want.shape.length > 0 ? ` at flat index ${i}` : "";
      return fail(`differs${where}: expected ${b}, got ${a}`);
    }
  }
  return { name, passed: true, message: `${name} = ${givenText}`, expected: expectedText, given: givenText };
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
