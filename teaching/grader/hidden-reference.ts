/**
 * What a submission's answers on hidden inputs are compared with: the
 * teacher's own lesson, run by the grader on the same inputs, once per
 * lesson and grading run. There is no second key to keep: the teacher's
 * solution is the reference, and the lesson's items say how to compare
 * (their tolerance; a bound stays a bound).
 */
import { NDArray } from "dlfs";
import { type AnswerItem, compareWithKey, type Expected, type KnownValue, type ProblemKey } from "dlfs/answer-key";
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
import { type HiddenMistake, hiddenMistakesOf } from "../hidden-mistakes";
import { applyEdits, NotebookEditError } from "../notebook-edits";
import { EvaluationFailed } from "./answer-payload";
import type { CheckedAnswer, LessonCheck } from "./check-call";
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
  /** The lesson's items with the teacher's values on the hidden inputs, and what its hidden mistakes give there. */
  key: ProblemKey;
  /** What the teacher should know: a hidden mistake that could not be named. */
  notes: string[];
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
    if (uniform)
      carried.push({ value: scaled(expected, factor), text: other.text, ...(other.ko === undefined ? {} : { ko: other.ko }) });
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

/** The teacher's lesson of a problem, as a grading run runs it: its check and key, its limits, the run's kernels. */
export interface TeacherLessonRun {
  problem: string;
  lesson: Notebook;
  check: LessonCheck;
  key: ProblemKey;
  limits: RunLimits;
  kernels: KernelSource;
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
  /** The mistakes the lesson's printed data hide (by default its own: teaching/hidden-mistakes). */
  mistakes?: readonly HiddenMistake[];
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
  // The title in both languages and the lesson's language stay: a variant's handout and the hidden run's hints speak it.
  const { title, titleKo, lang } = key;
  return problems.length > 0
    ? problems.join("; ")
    : { title, ...(titleKo === undefined ? {} : { titleKo }), ...(lang === undefined ? {} : { lang }), items };
}

/**
 * The key with what `mistake` gives on the same inputs, where that differs
 * from the answer; `shows` is false when it differs nowhere (these inputs
 * cannot tell the mistake from the right code).
 */
export function withMistakeValues(
  key: ProblemKey,
  mistake: HiddenMistake,
  values: ReadonlyMap<string, unknown> | undefined,
): { key: ProblemKey; shows: boolean } {
  let shows = false;
  const items = key.items.map((item) => {
    const value = values?.get(item.name);
    if (item.atLeast === true || item.atMost === true) return item;
    // A mistake whose code fails shows itself: the learner's own run fails the same way.
    if (value === undefined || value instanceof EvaluationFailed) {
      shows ||= values !== undefined;
      return item;
    }
    const one: ProblemKey = { title: key.title, items: [item] };
    if (compareWithKey("hidden", one, { [item.name]: value }).passed) return item;
    shows = true;
    const expected = expectedOf(value);
    if (expected === undefined) return item;
    return { ...item, mistakes: [...(item.mistakes ?? []), { value: expected, text: mistake.hint }] };
  });
  return { key: { ...key, items }, shows };
}

/** How many draws a seed gets before inputs that show every hidden mistake are given up on. */
const drawsPerSeed = 4;

/** The seed of a run seed's `draw`-th inputs: draw 0 is the lesson's seed, the next ones redraw. */
function drawSeed(runSeed: number, problem: string, draw: number): number {
  return lessonSeed(runSeed, draw === 0 ? problem : `${problem} draw ${draw}`);
}

interface Drawn {
  /** Which run seed these inputs are for. */
  index: number;
  seed: number;
  inputs: HiddenInputs;
}

/** One run of `notebook` (the lesson, or the lesson with a mistake), on the lesson's data and then on each drawn inputs. */
async function runOnDrawn(
  request: ReferenceRequest,
  notebook: Notebook,
  spec: HiddenSpec,
  drawn: readonly Drawn[],
): Promise<{ values: Array<Map<string, unknown> | undefined>; events: string[] }> {
  const passes = drawn.map((d) => hiddenPass(notebook, spec, d.inputs));
  const run = await runSubmission(notebook, request.answers, request.limits, request.kernels, passes);
  return { values: drawn.map((_, i) => run.passAnswers[i]), events: run.events };
}

/**
 * Runs the teacher's lesson on its hidden inputs, once per seed, in one
 * kernel, and each of its hidden mistakes on the same inputs: the key then
 * names a mistake by its values. Inputs on which a mistake gives the right
 * values are drawn again (a few times at most), so that every mistake shows.
 * Undefined when the lesson declares no inputs (metadata.dlfs.hidden);
 * HiddenUnavailable for a seed it fails on (a lesson to fix, not a learner
 * to mark down).
 */
export async function hiddenReferences(
  request: ReferenceRequest,
): Promise<Array<HiddenReference | HiddenUnavailable> | undefined> {
  const { problem, lesson, key, runSeeds } = request;
  const spec = hiddenSpecOf(lesson);
  if (spec === undefined) return undefined;
  const mistakes = request.mistakes ?? hiddenMistakesOf(problem);
  const notes: string[] = [];
  const mistaken: Array<{ mistake: HiddenMistake; notebook: Notebook }> = [];
  for (const mistake of mistakes) {
    try {
      const edits = Array.isArray(mistake.edit) ? mistake.edit : [mistake.edit];
      mistaken.push({ mistake, notebook: applyEdits(lesson, edits, "solution", `hidden mistake of ${problem}`) });
    } catch (error) {
      if (!(error instanceof NotebookEditError)) throw error;
      notes.push(`the hidden mistake "${mistake.name}" is not named on this data: ${error.message}`);
    }
  }
  const made: Array<HiddenReference | HiddenUnavailable | undefined> = runSeeds.map(() => undefined);
  let pending = runSeeds.map((_, index) => index);
  for (let draw = 0; draw < drawsPerSeed && pending.length > 0; draw++) {
    const drawn = pending.map((index): Drawn => {
      const seed = drawSeed(runSeeds[index], problem, draw);
      return { index, seed, inputs: drawHiddenInputs(spec, seed) };
    });
    try {
      // The same names are found whatever the seed: the lesson's cells take all its draws, or none.
      for (const d of drawn) hiddenPass(lesson, spec, d.inputs);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      for (const d of drawn) made[d.index] = { problem, seed: d.seed, why };
      break;
    }
    const run = await runOnDrawn(request, lesson, spec, drawn);
    const keys = drawn.map((d, i): ProblemKey | string => {
      const values = run.values[i];
      // Any event (a cell that failed, on the lesson's data or on any seed's) leaves the references in doubt.
      if (run.events.length > 0 || values === undefined) return run.events.join("; ") || "it gave no answers";
      return referenceKey(key, values);
    });
    const unseen: string[][] = drawn.map(() => []);
    for (const { mistake, notebook } of keys.some((k) => typeof k !== "string") ? mistaken : []) {
      const ofMistake = await runOnDrawn(request, notebook, spec, drawn);
      keys.forEach((reference, i) => {
        if (typeof reference === "string") return;
        const marked = withMistakeValues(reference, mistake, ofMistake.values[i]);
        keys[i] = marked.key;
        if (!marked.shows) unseen[i].push(mistake.name);
      });
    }
    const last = draw === drawsPerSeed - 1;
    pending = [];
    drawn.forEach((d, i) => {
      const reference = keys[i];
      if (typeof reference === "string") {
        made[d.index] = { problem, seed: d.seed, why: reference };
        return;
      }
      if (unseen[i].length > 0 && !last) {
        pending.push(d.index);
        return;
      }
      const left = unseen[i].map((name) => `the hidden inputs cannot show the mistake "${name}"`);
      made[d.index] = {
        problem,
        seed: d.seed,
        spec,
        inputs: d.inputs,
        description: describeHiddenInputs(d.inputs),
        key: reference,
        notes: [...notes, ...left],
      };
    });
  }
  return made.map((m, i) => m ?? { problem, seed: drawSeed(runSeeds[i], problem, 0), why: "no inputs were drawn" });
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
