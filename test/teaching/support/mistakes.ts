// Mistake cases: a learner's typical mistakes, each written as a small edit
// of a lesson's solution, run, and required to fail the lesson's check with a
// hint that points at the mistake.
//
// Each lesson's cases are in a file of their own, test/teaching/mistakes/NNN.ts:
//
//   import type { Mistake } from "../support/mistakes";
//
//   export const mistakes: Mistake[] = [
//     {
//       name: "backward without the mask",
//       edit: { find: "dout.copy().putmask(this.mask, 0)", replace: "dout.copy()" },
//       failing: ["dx"],
//       hint: /forgot the mask/,
//     },
//   ];
//
// `edit` (or a list of edits) replaces `find`, which must occur once in the
// lesson's code cells (or in cell `cell`, 0-based, when given) and lie inside
// a solution region. `failing` names the check's answers that must fail;
// `hint` must match what the learner is told: the hints of those answers,
// or the error of a cell that failed on the way.
//
// A lesson runs the way the grader runs a submission (teaching/grader: a
// sandboxed kernel started from a snapshot, the check's answers evaluated in
// it and compared with the key here), up to its check cell, and in its quick
// mode when it has one (metadata.dlfs.quick: training shortened).
import * as fs from "node:fs";
import * as path from "node:path";
import { answerKey, type CheckReport, type Expected, type ProblemKey } from "dlfs/answer-key";
import { cellTags, type Notebook } from "../../../jupyter-client";
import type { LessonCheck } from "../../../teaching/grader/check-call";
import { compareAnswers, compareHidden, pointsOf, submissionCellsOfTime } from "../../../teaching/grader/grade-submission";
import {
  hiddenPass,
  type HiddenReference,
  type HiddenUnavailable,
  hiddenReferences,
  isHiddenReference,
} from "../../../teaching/grader/hidden-reference";
import { GradingRun } from "../../../teaching/grader/grading-run";
import { findOsSandbox } from "../../../teaching/grader/os-sandbox";
import { EvaluationFailed } from "../../../teaching/grader/answer-payload";
import { runSubmission, type SecondPass } from "../../../teaching/grader/run-submission";
import { applyEdits, type NotebookEdit } from "../../../teaching/notebook-edits";
import { inQuickMode } from "../../../teaching/quick-mode";
import { checkTag } from "../../../teaching/solution-regions";
import { studentVersion } from "../../../teaching/student-version";
import { hiddenMistakesOf } from "../../../teaching/hidden-mistakes";
import { otherDataPrefix } from "../../../teaching/gradebook/hints";

export interface Mistake {
  /** What the learner did, in a few words: "backward without the mask". */
  name: string;
  edit: NotebookEdit | NotebookEdit[];
  /** The answers of the lesson's check that must fail. */
  failing: string[];
  /** What the learner must be told (matched against the failing answers' hints and the errors of cells). */
  hint: RegExp;
}

const mistakesDir = path.join(__dirname, "..", "mistakes");

/** Every lesson's mistake cases, by problem: test/teaching/mistakes/NNN.ts, each exporting `mistakes`. */
export function loadMistakeCases(dir = mistakesDir): Map<string, Mistake[]> {
  const cases = new Map<string, Mistake[]>();
  for (const file of fs.readdirSync(dir).sort()) {
    const problem = /^(\d{3})\.ts$/.exec(file)?.[1];
    if (problem === undefined) continue;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the files are found at run time
    const loaded = require(path.join(dir, file)) as { mistakes?: Mistake[] };
    if (!Array.isArray(loaded.mistakes)) throw new Error(`${path.join(dir, file)} must export const mistakes: Mistake[]`);
    cases.set(problem, loaded.mistakes);
  }
  return cases;
}

/**
 * A hidden mistake of the grader (teaching/hidden-mistakes) as a case: the
 * same edit, and the learner told its hint, after the hidden data's prefix.
 */
export function hiddenMistakeCase(problem: string, name: string, failing: string[]): Mistake {
  const mistake = hiddenMistakesOf(problem).find((m) => m.name === name);
  if (mistake === undefined) throw new Error(`teaching/hidden-mistakes has no mistake "${name}" for ${problem}`);
  const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return {
    name: `${name} (a hidden mistake)`,
    edit: mistake.edit,
    failing,
    hint: new RegExp(escaped(otherDataPrefix + mistake.hint)),
  };
}

/** The lesson with the mistake made in its solution. */
export function withMistake(lesson: Notebook, mistake: Mistake, name: string): Notebook {
  const edits = Array.isArray(mistake.edit) ? mistake.edit : [mistake.edit];
  return applyEdits(lesson, edits, "solution", `${name} (${mistake.name})`);
}

/** The cells up to the check cell: what is run. */
function upToCheck(notebook: Notebook): Notebook {
  const at = notebook.cells.findIndex((cell) => cell.cell_type === "code" && cellTags(cell).includes(checkTag));
  return { ...notebook, cells: notebook.cells.slice(0, at === -1 ? undefined : at) };
}

export interface LessonRun {
  /** The check's answers compared with the key (without those quick mode leaves unchecked). */
  report: CheckReport;
  /** The same on the lesson's hidden inputs (the teacher's lesson on them as the reference), when it declares them. */
  hidden?: CheckReport;
  /** What went wrong on the way, in the grader's words ("cell 5 (`…`) failed: RangeError: …"). */
  events: string[];
}

/** Kernels for running lessons as the grader does; close() when done. */
export interface LessonRunner {
  /**
   * Runs `notebook` as the grader runs a submission of `lesson`: on the
   * lesson's data, then on its hidden inputs (the runner's seed), compared with
   * the lesson (the teacher's) on the same inputs.
   */
  run(notebook: Notebook, check: LessonCheck, name: string, lesson?: Notebook): Promise<LessonRun>;
  /** The teacher's lesson on hidden inputs, one reference per seed, in one kernel. */
  references(
    lesson: Notebook,
    check: LessonCheck,
    runSeeds: readonly number[],
  ): Promise<Array<HiddenReference | HiddenUnavailable>>;
  close(): Promise<void>;
}

/** The seed the mistake cases are graded with: one fixed seed, so that a case fails the same way everywhere. */
const mistakesSeed = 20_261_207;

/** Heap of the kernels, as the grader's default; a lesson's own memory need is its resident limit. */
const heapMb = 1024;

export async function startLessonRunner(runSeed = mistakesSeed): Promise<LessonRunner> {
  // The OS sandbox where there is one; the lessons' own code needs none, so none is fine too.
  const grading = GradingRun.create({ keys: answerKey, sandbox: findOsSandbox(), memoryMb: heapMb });
  const snapshotBlob = await grading.buildSnapshot();
  const kernels = { run: grading, snapshotBlob };
  const plan = (notebook: Notebook, check: LessonCheck, name: string) => {
    const key: ProblemKey | undefined = answerKey[check.problem];
    if (key === undefined) throw new Error(`${name}: no answer key for problem ${check.problem}`);
    return check.quick === undefined
      ? { notebook, answers: check.answers, key }
      : inQuickMode(notebook, check.quick, check.answers, key, name);
  };
  const limitsOf = (check: LessonCheck) => {
    const timeoutSeconds = check.limits.timeoutSeconds ?? 30;
    return {
      timeoutSeconds,
      submissionTimeoutSeconds: check.limits.submissionTimeoutSeconds ?? submissionCellsOfTime * timeoutSeconds,
      residentMb: Math.max(heapMb, check.limits.memoryMb ?? 0),
      outputLimit: 100_000,
    };
  };
  const references = async (lesson: Notebook, check: LessonCheck, runSeeds: readonly number[]) => {
    const planned = plan(upToCheck(lesson), check, `lesson ${check.problem}`);
    const made = await hiddenReferences({
      problem: check.problem,
      lesson: planned.notebook,
      answers: planned.answers,
      key: planned.key,
      limits: limitsOf(check),
      kernels,
      runSeeds,
    });
    return made ?? [];
  };
  // One reference per lesson for this runner's seed, made when first asked for.
  const ofLesson = new Map<string, Promise<HiddenReference | HiddenUnavailable | undefined>>();
  const referenceFor = (lesson: Notebook, check: LessonCheck) => {
    let made = ofLesson.get(check.problem);
    if (made === undefined) {
      made = references(lesson, check, [runSeed]).then((list) => list[0]);
      ofLesson.set(check.problem, made);
    }
    return made;
  };
  return {
    async run(notebook, check, name, lesson) {
      const planned = plan(upToCheck(notebook), check, name);
      const reference = lesson === undefined ? undefined : await referenceFor(lesson, check);
      if (reference !== undefined && !isHiddenReference(reference))
        throw new Error(`${name}: the lesson fails on its hidden inputs (seed ${reference.seed}): ${reference.why}`);
      let second: SecondPass | undefined;
      let broken: string | undefined;
      if (reference !== undefined) {
        try {
          second = hiddenPass(planned.notebook, reference.spec, reference.inputs);
        } catch (error) {
          broken = error instanceof Error ? error.message : String(error);
        }
      }
      const run = await runSubmission(
        planned.notebook,
        planned.answers,
        limitsOf(check),
        kernels,
        second === undefined ? [] : [second],
      );
      const report = compareAnswers(check.problem, planned.key, run.answers);
      if (reference === undefined) return { report, events: run.events };
      const hiddenValues =
        run.passAnswers[0] ?? new Map(planned.answers.map((a) => [a.name, new EvaluationFailed(broken ?? "not run")]));
      return {
        report,
        hidden: compareHidden(check.problem, reference.key, report, run.answers, hiddenValues),
        events: run.events,
      };
    },
    references,
    close: () => grading.close(),
  };
}

/** The points a run gets by the grader's default weighing (an answer counts when right on both data sets). */
export function pointsOfRun(run: LessonRun): number {
  return pointsOf(run.report, run.hidden);
}

/** What the learner is told about `answers`: their hints, and the errors of cells. */
function toldAbout(run: LessonRun, answers: readonly string[]): string {
  const outcomes = [...run.report.outcomes, ...(run.hidden?.outcomes ?? [])];
  const hints = outcomes.filter((o) => answers.includes(o.name) && !o.passed).map((o) => `${o.name}: ${o.hint ?? ""}`);
  return [...hints, ...run.events].join("\n");
}

/** Why a mistake's run does not show what the case requires; empty when it does. */
export function judgeMistake(mistake: Mistake, run: LessonRun): string[] {
  const problems: string[] = [];
  const outcomes = new Map(run.report.outcomes.map((o) => [o.name, o]));
  const hidden = new Map((run.hidden?.outcomes ?? []).map((o) => [o.name, o]));
  for (const name of mistake.failing) {
    const outcome = outcomes.get(name);
    // Caught when the answer is wrong on the lesson's data or on the hidden inputs.
    if (outcome === undefined) problems.push(`the check has no answer ${name}`);
    else if (outcome.passed && hidden.get(name)?.passed !== false)
      problems.push(`${name} passes: the check does not catch "${mistake.name}"`);
  }
  const told = toldAbout(run, mistake.failing);
  if (!mistake.hint.test(told)) problems.push(`what the learner is told does not match ${String(mistake.hint)}:\n${told}`);
  return problems;
}

/** Why the lesson as the teacher wrote it does not pass its check; empty when it does. */
export function judgeLesson(run: LessonRun): string[] {
  return [
    ...run.report.outcomes.filter((o) => !o.passed).map((o) => `${o.name} fails: ${o.hint ?? ""}`),
    ...(run.hidden?.outcomes ?? []).filter((o) => !o.passed).map((o) => `${o.name} fails on hidden inputs: ${o.hint ?? ""}`),
    ...run.events.map((event) => `while running: ${event}`),
  ];
}

/** A checked value as typed from the page: its literal, as an array of the key's dtype where it is one. */
function typedLiteral(expected: Expected, dtype: string | undefined): string {
  const literal = JSON.stringify(expected).replace(/,/g, ", ");
  return dtype === undefined ? literal : `typedArray(${literal}, ${JSON.stringify(dtype)})`;
}

/**
 * The handout of a lesson filled in by a learner who types the printed answers
 * instead of writing the code: the student version (its solutions not
 * written), and a cell before the check that gives every checked name (and
 * each object whose property is checked) the key's value. `typed` names the
 * answers typed; the others (an accuracy computed from a training) are left
 * to what the handout computes.
 */
export function typedValues(
  lesson: Notebook,
  check: LessonCheck,
  key: ProblemKey,
  name: string,
): { notebook: Notebook; typed: string[] } {
  const roots = new Map<string, string[]>();
  const whole = new Map<string, string>();
  const typed: string[] = [];
  for (const answer of check.answers) {
    const item = key.items.find((i) => i.name === answer.name);
    if (item === undefined) continue;
    const literal = typedLiteral(item.expected, item.dtype);
    const [root, ...path] = answer.expression.split(".");
    if (!/^[A-Za-z_$][\w$]*$/.test(root) || path.length > 1) continue;
    typed.push(answer.name);
    if (path.length === 0) whole.set(root, literal);
    else roots.set(root, [...(roots.get(root) ?? []), `${path[0]}: ${literal}`]);
  }
  const lines = ['import { array as typedArray } from "dlfs";'];
  for (const [root, literal] of whole) lines.push(`const ${root} = ${literal};`);
  // An array typed whole has its shape already (223's xT.shape).
  for (const [root, fields] of roots) if (!whole.has(root)) lines.push(`const ${root} = { ${fields.join(", ")} };`);
  const handout = studentVersion(lesson, name);
  const at = handout.cells.findIndex((cell) => cell.cell_type === "code" && cellTags(cell).includes(checkTag));
  const cell = { cell_type: "code" as const, source: lines.join("\n"), metadata: {}, outputs: [], execution_count: null };
  return { notebook: { ...handout, cells: [...handout.cells.slice(0, at), cell, ...handout.cells.slice(at)] }, typed };
}
