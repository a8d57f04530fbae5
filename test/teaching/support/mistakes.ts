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
import { answerKey, type CheckReport, type ProblemKey } from "dlfs/answer-key";
import { cellTags, type Notebook } from "../../../jupyter-client";
import type { LessonCheck } from "../../../teaching/grader/check-call";
import { compareAnswers, submissionCellsOfTime } from "../../../teaching/grader/grade-submission";
import { GradingRun } from "../../../teaching/grader/grading-run";
import { findOsSandbox } from "../../../teaching/grader/os-sandbox";
import { runSubmission } from "../../../teaching/grader/run-submission";
import { applyEdits, type NotebookEdit } from "../../../teaching/notebook-edits";
import { inQuickMode } from "../../../teaching/quick-mode";
import { checkTag } from "../../../teaching/solution-regions";

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
  /** What went wrong on the way, in the grader's words ("cell 5 (`…`) failed: RangeError: …"). */
  events: string[];
}

/** Kernels for running lessons as the grader does; close() when done. */
export interface LessonRunner {
  run(notebook: Notebook, check: LessonCheck, name: string): Promise<LessonRun>;
  close(): Promise<void>;
}

/** Heap of the kernels, as the grader's default; a lesson's own memory need is its resident limit. */
const heapMb = 1024;

export async function startLessonRunner(): Promise<LessonRunner> {
  // The OS sandbox where there is one; the lessons' own code needs none, so none is fine too.
  const grading = GradingRun.create({ keys: answerKey, sandbox: findOsSandbox(), memoryMb: heapMb });
  const snapshotBlob = await grading.buildSnapshot();
  return {
    async run(notebook, check, name) {
      const key: ProblemKey | undefined = answerKey[check.problem];
      if (key === undefined) throw new Error(`${name}: no answer key for problem ${check.problem}`);
      const planned =
        check.quick === undefined
          ? { notebook, answers: check.answers, key }
          : inQuickMode(notebook, check.quick, check.answers, key, name);
      const timeoutSeconds = check.limits.timeoutSeconds ?? 30;
      const run = await runSubmission(
        upToCheck(planned.notebook),
        planned.answers,
        {
          timeoutSeconds,
          submissionTimeoutSeconds: check.limits.submissionTimeoutSeconds ?? submissionCellsOfTime * timeoutSeconds,
          residentMb: Math.max(heapMb, check.limits.memoryMb ?? 0),
          outputLimit: 100_000,
        },
        { run: grading, snapshotBlob },
      );
      return { report: compareAnswers(check.problem, planned.key, run.answers), events: run.events };
    },
    close: () => grading.close(),
  };
}

/** What the learner is told about `answers`: their hints, and the errors of cells. */
function toldAbout(run: LessonRun, answers: readonly string[]): string {
  const hints = run.report.outcomes.filter((o) => answers.includes(o.name) && !o.passed).map((o) => `${o.name}: ${o.hint ?? ""}`);
  return [...hints, ...run.events].join("\n");
}

/** Why a mistake's run does not show what the case requires; empty when it does. */
export function judgeMistake(mistake: Mistake, run: LessonRun): string[] {
  const problems: string[] = [];
  const outcomes = new Map(run.report.outcomes.map((o) => [o.name, o]));
  for (const name of mistake.failing) {
    const outcome = outcomes.get(name);
    if (outcome === undefined) problems.push(`the check has no answer ${name}`);
    else if (outcome.passed) problems.push(`${name} passes: the check does not catch "${mistake.name}"`);
  }
  const told = toldAbout(run, mistake.failing);
  if (!mistake.hint.test(told)) problems.push(`what the learner is told does not match ${String(mistake.hint)}:\n${told}`);
  return problems;
}

/** Why the lesson as the teacher wrote it does not pass its check; empty when it does. */
export function judgeLesson(run: LessonRun): string[] {
  return [
    ...run.report.outcomes.filter((o) => !o.passed).map((o) => `${o.name} fails: ${o.hint ?? ""}`),
    ...run.events.map((event) => `while running: ${event}`),
  ];
}
