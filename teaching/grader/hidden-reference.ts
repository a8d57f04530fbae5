/**
 * What a submission's answers on hidden inputs are compared with: the
 * teacher's own lesson, run by the grader on the same inputs, once per
 * lesson and grading run. There is no second key to keep: the teacher's
 * solution is the reference, and the lesson's items say how to compare
 * (their tolerance; a bound stays a bound).
 */
import { NDArray } from "dlfs";
import type { AnswerItem, Expected, KnownValue, ProblemKey } from "dlfs/answer-key";
import type { Notebook } from "../../jupyter-client";
import {
  describeHiddenInputs,
  drawHiddenInputs,
  type HiddenInputs,
  type HiddenSpec,
  hiddenSpecOf,
  lessonSeed,
  withHiddenInputs,
} from "../hidden-inputs";
import { EvaluationFailed } from "./answer-payload";
import type { CheckedAnswer } from "./check-call";
import { type KernelSource, type RunLimits, runSubmission, type SecondPass } from "./run-submission";

/** How the events of the hidden run begin. */
export const hiddenLabel = "on hidden inputs: ";

/** The second pass of a notebook on `inputs` (a HiddenInputsError when its inputs cells do not set them). */
export function hiddenPass(notebook: Notebook, spec: HiddenSpec, inputs: HiddenInputs): SecondPass {
  const rewritten = withHiddenInputs(notebook, spec, inputs);
  return { notebook: rewritten.notebook, cells: rewritten.rerun, label: hiddenLabel };
}

export interface HiddenReference {
  problem: string;
  /** The seed the inputs were drawn from (the run's seed and the lesson's number make it). */
  seed: number;
  spec: HiddenSpec;
  inputs: HiddenInputs;
  /** The inputs in words, for the teacher's report. */
  description: string;
  /** The lesson's items with the teacher's values on the hidden inputs. */
  key: ProblemKey;
}

/** A lesson whose hidden run cannot be graded (the teacher's lesson failed on the inputs), and why. */
export interface HiddenUnavailable {
  problem: string;
  seed: number;
  why: string;
}

/** A value the teacher's kernel sent back, as the key writes it: nested lists of numbers or booleans. */
function expectedOf(value: unknown): Expected | undefined {
  if (value instanceof NDArray) {
    const nested = value.toArray() as unknown;
    return value.dtype === "bool" ? (toBooleans(nested) as Expected) : (nested as Expected);
  }
  if (typeof value === "number" || typeof value === "boolean") return value;
  if (Array.isArray(value)) {
    const items = value.map(expectedOf);
    return items.every((item): item is Expected => item !== undefined) ? items : undefined;
  }
  return undefined;
}

function toBooleans(value: unknown): unknown {
  return Array.isArray(value) ? value.map(toBooleans) : Boolean(value);
}

function flatNumbers(value: Expected): number[] {
  return Array.isArray(value) ? value.flatMap(flatNumbers) : [Number(value)];
}

function scaled(value: Expected, factor: number): Expected {
  return Array.isArray(value) ? value.map((v) => scaled(v, factor)) : typeof value === "number" ? value * factor : value;
}

/**
 * Another convention the key accepts on the printed data (the book's 1/10
 * for a 1-D label) carried to the hidden data, where it is one factor
 * off the answer; one that is not a factor cannot be carried.
 */
function carriedAccepted(item: AnswerItem, expected: Expected): KnownValue[] {
  const carried: KnownValue[] = [];
  const want = flatNumbers(item.expected);
  for (const other of item.accepted ?? []) {
    const given = flatNumbers(other.value);
    const pivot = want.findIndex((w) => w !== 0);
    if (pivot === -1 || given.length !== want.length) continue;
    const factor = given[pivot] / want[pivot];
    const uniform = want.every((w, i) => Math.abs(given[i] - factor * w) <= 1e-9 * Math.max(Math.abs(given[i]), 1));
    if (uniform) carried.push({ value: scaled(expected, factor), text: other.text });
  }
  return carried;
}

/** The item for the hidden run: the teacher's value, the same tolerance, the printed data's mistakes left out. */
function hiddenItem(item: AnswerItem, value: unknown): AnswerItem | string {
  // A bound (an accuracy to reach) does not depend on the data.
  if (item.atLeast === true || item.atMost === true) return item;
  if (value instanceof EvaluationFailed) return `${item.name} could not be evaluated: ${value.error}`;
  const expected = expectedOf(value);
  if (expected === undefined) return `${item.name} is not a number or an array`;
  const hidden: AnswerItem = { name: item.name, expected };
  if (value instanceof NDArray) {
    hidden.dtype = value.dtype;
    hidden.numpy = value.toString();
  }
  if (item.rtol !== undefined) hidden.rtol = item.rtol;
  const accepted = carriedAccepted(item, expected);
  if (accepted.length > 0) hidden.accepted = accepted;
  return hidden;
}

export interface ReferenceRequest {
  problem: string;
  /** The teacher's lesson as it is graded (in quick mode when the run is). */
  lesson: Notebook;
  answers: readonly CheckedAnswer[];
  key: ProblemKey;
  limits: RunLimits;
  kernels: KernelSource;
  /** The grading run's seeds: one reference each (a grading run has one; tests try many in one kernel). */
  runSeeds: readonly number[];
}

/** The key a run of the teacher's lesson makes for one pass: the lesson's items with its values, or why it cannot. */
export function referenceKey(key: ProblemKey, values: ReadonlyMap<string, unknown>): ProblemKey | string {
  const items: AnswerItem[] = [];
  const problems: string[] = [];
  for (const item of key.items) {
    const made = hiddenItem(item, values.get(item.name));
    if (typeof made === "string") problems.push(made);
    else items.push(made);
  }
  return problems.length > 0 ? problems.join("; ") : { title: key.title, items };
}

/**
 * Runs the teacher's lesson on its hidden inputs, once per seed, in one
 * kernel. Undefined when the lesson declares none (metadata.dlfs.hidden);
 * HiddenUnavailable for a seed it fails on (a lesson to fix, not a learner
 * to mark down).
 */
export async function hiddenReferences(
  request: ReferenceRequest,
): Promise<Array<HiddenReference | HiddenUnavailable> | undefined> {
  const { problem, lesson, answers, key, limits, kernels, runSeeds } = request;
  const spec = hiddenSpecOf(lesson);
  if (spec === undefined) return undefined;
  const drawn = runSeeds.map((runSeed) => {
    const seed = lessonSeed(runSeed, problem);
    return { seed, inputs: drawHiddenInputs(spec, seed) };
  });
  let passes: SecondPass[];
  try {
    // The same names are found whatever the seed: the lesson's cells take all its draws, or none.
    passes = drawn.map((d) => hiddenPass(lesson, spec, d.inputs));
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return drawn.map((d) => ({ problem, seed: d.seed, why }));
  }
  const run = await runSubmission(lesson, answers, limits, kernels, passes);
  return drawn.map((d, i): HiddenReference | HiddenUnavailable => {
    const values = run.passAnswers[i];
    // Any event (a cell that failed, on the lesson's data or on any seed's) leaves the references in doubt.
    if (run.events.length > 0 || values === undefined)
      return { problem, seed: d.seed, why: run.events.join("; ") || "it gave no answers" };
    const made = referenceKey(key, values);
    if (typeof made === "string") return { problem, seed: d.seed, why: made };
    return { problem, seed: d.seed, spec, inputs: d.inputs, description: describeHiddenInputs(d.inputs), key: made };
  });
}

/** The reference of one grading run's seed (see hiddenReferences). */
export async function hiddenReference(
  request: Omit<ReferenceRequest, "runSeeds"> & { runSeed: number },
): Promise<HiddenReference | HiddenUnavailable | undefined> {
  const references = await hiddenReferences({ ...request, runSeeds: [request.runSeed] });
  return references?.[0];
}

export function isHiddenReference(value: HiddenReference | HiddenUnavailable | undefined): value is HiddenReference {
  return value !== undefined && "key" in value;
}
