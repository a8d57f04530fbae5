/**
 * Grades one submission as a pipeline of small steps, each one job (as
 * nbgrader's preprocessors): read it, scan its code, plan what to run, run it
 * in a fresh sandboxed kernel, compare its answers with the answer key the
 * grader holds in its own memory. A step may end the grading early (a file
 * that is not a notebook for these lessons); what is left at the end becomes
 * one gradebook row plus the details for its HTML report. Whatever the file
 * is or does, the result is a row: nothing here throws for a bad submission.
 */
import { performance } from "perf_hooks";
import { NDArray } from "dlfs";
import { CheckReport, compareWithKey, type CheckOutcome, type ProblemKey } from "dlfs/answer-key";
import { EvaluationFailed } from "./answer-payload";
import type { Notebook } from "../../jupyter-client";
import type { CheckedAnswer, LessonCheck } from "./check-call";
import { notEvaluatedPrefix, otherDataPrefix } from "../gradebook/index";
import { HiddenInputsError, type HiddenSpec, inputsIn, sameInputs } from "../hidden-inputs";
import { folderKey, variantId, variantMarkOf } from "../variants";
import { inQuickMode } from "../quick-mode";
import { hiddenLabel, type HiddenReference, type HiddenUnavailable, hiddenPass, isHiddenReference } from "./hidden-reference";
import {
  type KernelSource,
  type RunEnding,
  type RunLimits,
  runSubmission,
  type SecondPass,
  type SubmissionRun,
} from "./run-submission";
import { historyHint, type ShortRunReference } from "./short-run";
import { scanSubmission } from "./static-scan";
import { loadSubmission, type Submission } from "./submission";

export type GradeStatus = "graded" | "partial" | "error" | "timeout" | "crashed" | "invalid" | "flagged";

export interface GradeRow {
  student: string;
  problem: string;
  points: number;
  max: number;
  status: GradeStatus;
  reason: string;
  seconds: number;
  /** The submission's path relative to the gradebook's folder: what a re-run recognises it by. */
  file: string;
}

export interface GradeResult {
  row: GradeRow;
  /** One outcome per answer; absent when the file could not be run at all. */
  report?: CheckReport;
  /** The same on hidden inputs, with the seed and the inputs (for the teacher's eyes only). */
  hidden?: { report: CheckReport; seed: number; inputs: string };
  /** The student's own variant the answers were compared with (npm run grade -- --variants): its id and inputs. */
  variant?: { id: string; inputs: string };
  /** What happened while running, in plain words. */
  events: string[];
  /** Why it is flagged: suspicious code, tampering with the grader's channel. */
  findings: string[];
  peakMemoryMb?: number;
}

export interface GradingContext {
  /** The answer key, read by the grader when it started. */
  keys: Readonly<Record<string, ProblemKey>>;
  /** What each lesson checks, from the teacher's notebooks. */
  checks: ReadonlyMap<string, LessonCheck>;
  /** Time limit per cell, in seconds. */
  timeoutSeconds: number;
  /** Time limit per submission, in seconds (a lesson's metadata may raise it). */
  submissionTimeoutSeconds: number;
  /** Memory per kernel, in MB (a lesson's metadata may raise it). */
  memoryMb: number;
  /** Characters of output kept per cell. */
  outputLimit: number;
  /** The grading run's kernels. */
  kernels: KernelSource;
  /**
   * Run lessons that have a quick mode (metadata.dlfs.quick) that way: their
   * short run, the histories compared with the teacher's (`shortRun`); false
   * (npm run grade -- --full): the full training, its accuracy bounds judged.
   */
  quick?: boolean;
  /** The teacher's short run of a lesson, once per grading run (see short-run.ts); a string says why there is none. */
  shortRun?: (problem: string) => Promise<ShortRunReference | string | undefined>;
  /** The reference for a lesson's hidden inputs (undefined: the lesson has none, or they are not run). */
  hidden?: (problem: string) => Promise<HiddenReference | HiddenUnavailable | undefined>;
  /**
   * How much of an answer's point needs the hidden inputs too (0 to 1, default 1):
   * an answer right on the lesson's data gets 1 − w, and w more when it is also right on hidden data.
   */
  hiddenWeight?: number;
  /**
   * Every student's variant of a lesson handed out per student (npm run grade -- --variants):
   * each submission is compared with its student's own. Undefined: no
   * variants in this run; the promise gives undefined for a lesson without them.
   */
  variants?: (problem: string) => Promise<LessonVariants | undefined>;
}

/** A lesson's variants: each student's reference, and the inputs of the lesson's own printed data. */
export interface LessonVariants {
  byStudent: ReadonlyMap<string, HiddenReference | HiddenUnavailable>;
  spec: HiddenSpec;
  printed: ReadonlyMap<string, string>;
}

/** A submission as it goes through the steps; each fills in what it knows. */
interface Grading {
  readonly submission: Submission;
  readonly fileKey: string;
  readonly context: GradingContext;
  problem: string;
  notebook?: Notebook;
  key?: ProblemKey;
  check?: LessonCheck;
  /** What is run and judged: the submission as it is, or in the lesson's quick mode. */
  planned?: { notebook: Notebook; answers: CheckedAnswer[]; key: ProblemKey };
  run?: SubmissionRun;
  report?: CheckReport;
  /** The teacher's short run the planned answers are compared with, when the lesson is graded on one. */
  shortRun?: ShortRunReference;
  /** The hidden run: its reference, the rewritten submission, or why the submission could not be rewritten. */
  hiddenReference?: HiddenReference;
  second?: SecondPass;
  hiddenBroken?: string;
  hiddenReport?: CheckReport;
  /** The student's own variant, when the run has variants and the student is in the roster; their name there. */
  variant?: HiddenReference;
  variantStudent?: string;
  /** The other students' variants, and the lesson's printed key: whose values a wrong answer may be. */
  otherKeys?: Array<{ whose: string; key: ProblemKey }>;
  findings: string[];
  events: string[];
  /** What the teacher should know beside the grade: the same student twice, a file name that names another problem. */
  notes: string[];
  /** Set by a step that ends the grading: the submission cannot be graded, and why. */
  invalid?: string;
}

/** One step of grading a submission. */
interface GradingStep {
  name: string;
  apply(grading: Grading): void | Promise<void>;
}

/** Reads the file and finds its lesson; a file that is none is invalid. */
const read: GradingStep = {
  name: "read",
  apply(grading) {
    const { context } = grading;
    const loaded = loadSubmission(grading.submission, new Set(context.checks.keys()));
    grading.problem = loaded.problem;
    if (!loaded.ok) {
      grading.invalid = loaded.reason;
      return;
    }
    grading.notes.push(...loaded.notes);
    grading.notebook = loaded.notebook;
    grading.key = context.keys[loaded.problem];
    grading.check = context.checks.get(loaded.problem);
    if (grading.key === undefined || grading.check === undefined) grading.invalid = `problem ${loaded.problem} has no answer key`;
  },
};

/** Whose data a notebook's inputs cells hold: the student's own, another's, the lesson's printed data, or none of them. */
function dataHolder(notebook: Notebook, variants: LessonVariants, student: string): string | undefined {
  let written: Map<string, string>;
  try {
    written = inputsIn(notebook, variants.spec);
  } catch (error) {
    if (error instanceof HiddenInputsError) return undefined;
    throw error;
  }
  const own = variants.byStudent.get(student);
  if (own !== undefined && isHiddenReference(own) && sameInputs(written, own.inputs)) return student;
  for (const [other, reference] of variants.byStudent)
    if (isHiddenReference(reference) && sameInputs(written, reference.inputs)) return other;
  const printed = [...variants.printed].every(([name, text]) => written.get(name) === text);
  return printed ? printedData : undefined;
}

/** The holder of the lesson's own data (dataHolder). */
const printedData = "the lesson's printed data";

/**
 * With variants (npm run grade -- --variants): the answers are compared with
 * the key of the student's own data. A notebook that holds another
 * student's data, or the lesson's printed data, is flagged and still
 * compared with the student's own key: the handout of another does not
 * earn its points under this name. What cannot be graded fairly is not
 * graded (invalid, saying why): a handout with its own data graded without
 * its variants, a name not in the roster on a roster student's data, a
 * lesson that failed on the student's data.
 */
const variant: GradingStep = {
  name: "variant",
  async apply(grading) {
    const { notebook, context, key } = grading;
    if (notebook === undefined || key === undefined) return;
    const variants = context.variants === undefined ? undefined : await context.variants(grading.problem);
    const mark = variantMarkOf(notebook);
    if (variants === undefined) {
      if (mark !== undefined)
        grading.invalid =
          context.variants === undefined
            ? `not graded: this handout holds ${mark.student}'s own data (variant ${mark.id}); grade it with --variants <handouts>/variants.json and the course secret it was made with`
            : `not graded: this handout holds ${mark.student}'s own data (variant ${mark.id}), but the variants.json given does not list lesson ${grading.problem}: give the one it was handed out with`;
      return;
    }
    const given = grading.submission.student;
    const student = [...variants.byStudent.keys()].find((name) => folderKey(name) === folderKey(given));
    const own = student === undefined ? undefined : variants.byStudent.get(student);
    if (student === undefined || own === undefined) {
      const holder = dataHolder(notebook, variants, given);
      if (holder !== undefined && holder !== printedData) {
        grading.invalid = `not graded: ${given} is not among the students lesson ${grading.problem} was handed out to, and the inputs cells hold ${holder}'s data: rename the folder to the roster's name (or add ${given} to the roster and hand out again), then grade again`;
        return;
      }
      grading.notes.push(
        `${given} is not among the students this lesson was handed out to, so this is graded on the lesson's printed data`,
      );
      return;
    }
    if (!isHiddenReference(own)) {
      grading.invalid = `not graded: the teacher's lesson failed on ${student}'s data, a lesson to fix (then grade again): ${own.why}`;
      return;
    }
    grading.variant = own;
    grading.variantStudent = student;
    grading.key = own.key;
    grading.otherKeys = [
      { whose: printedData, key },
      ...[...variants.byStudent]
        .filter(([other, reference]) => other !== student && isHiddenReference(reference))
        .map(([other, reference]) => ({ whose: `${other}'s data`, key: (reference as HiddenReference).key })),
    ];
    const holder = dataHolder(notebook, variants, student);
    if (holder === student) return;
    grading.findings.push(
      holder === undefined
        ? `the inputs cells do not hold ${student}'s data as handed out (changed, or from no one's handout): the answers are compared with ${student}'s`
        : `the inputs cells hold ${holder === printedData ? holder : `${holder}'s data`}, not ${student}'s: the answers are compared with ${student}'s`,
    );
  },
};

/** Looks at the code before it runs, for what a teacher should see. */
const scan: GradingStep = {
  name: "scan",
  apply(grading) {
    if (grading.notebook !== undefined) grading.findings.push(...scanSubmission(grading.notebook));
  },
};

/**
 * What to run and judge: the submission as it is, or in the lesson's quick
 * mode, its training histories then compared with the teacher's short run.
 */
const plan: GradingStep = {
  name: "plan",
  async apply(grading) {
    const { notebook, check, key, context } = grading;
    if (notebook === undefined || check === undefined || key === undefined) return;
    grading.planned = { notebook, answers: check.answers, key };
    if (!(context.quick ?? false) || check.quick === undefined) return;
    let run: ReturnType<typeof inQuickMode<CheckedAnswer>>;
    try {
      run = inQuickMode(notebook, check.quick, check.answers, key, "the submission");
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      grading.events.push(`quick mode could not shorten the training (${why}), so it ran in full`);
      return;
    }
    const reference = await context.shortRun?.(grading.problem);
    if (typeof reference === "object") {
      // The answers only the full training reaches, judged by the histories they rest on (in the key's order).
      const judged = new Map(reference.items.map((item) => [item.name, item]));
      run.answers.push(...reference.answers);
      run.key = {
        ...run.key,
        items: key.items.flatMap((item) => run.key.items.find((i) => i.name === item.name) ?? judged.get(item.name) ?? []),
      };
      grading.planned = run;
      grading.shortRun = reference;
      grading.events.push(
        `short run: training shortened, ${key.items
          .filter((item) => judged.has(item.name))
          .map((item) => item.name)
          .join(", ")} judged by its training histories against the teacher's`,
      );
    } else if (reference === undefined) {
      grading.planned = run;
      grading.events.push(run.note);
    } else {
      // Without the teacher's histories the short run cannot judge what only training reaches: the full training does.
      grading.events.push(`graded on the full training: the teacher's short run failed (${reference})`);
    }
  },
};

/**
 * The hidden inputs: the lesson's reference for them (the teacher's lesson run
 * on them, once per grading run), and the submission with them written into
 * its inputs cells. A submission whose inputs cells no longer set the data
 * gets no hidden run: its hidden answers fail, and say why.
 */
const hide: GradingStep = {
  name: "hide",
  async apply(grading) {
    const { planned, context } = grading;
    if (planned === undefined || context.hidden === undefined) return;
    const reference = await context.hidden(grading.problem);
    if (reference === undefined) return;
    if (!isHiddenReference(reference)) {
      grading.events.push(
        `not graded on hidden inputs: the teacher's lesson failed on them (seed ${reference.seed}): ${reference.why}`,
      );
      return;
    }
    grading.hiddenReference = reference;
    try {
      grading.second = hiddenPass(planned.notebook, reference.spec, reference.inputs);
    } catch (error) {
      if (!(error instanceof HiddenInputsError)) throw error;
      grading.hiddenBroken = error.message;
      grading.events.push(`not run on hidden inputs: ${error.message}`);
    }
  },
};

/**
 * Runs it in a fresh sandboxed kernel. A kernel that cannot start, or the
 * grader's own cell failing, throws (GradingSetupError): it is not the
 * student's doing, and the batch stops.
 */
const run: GradingStep = {
  name: "run",
  async apply(grading) {
    const { planned, check, context } = grading;
    if (planned === undefined || check === undefined) return;
    const limits = runLimits(context, check);
    grading.run = await runSubmission(
      planned.notebook,
      planned.answers,
      limits,
      context.kernels,
      grading.second === undefined ? [] : [grading.second],
    );
    grading.findings.push(...grading.run.tampering);
    grading.events.push(...grading.run.events);
  },
};

/** A lesson's limits in a grading run: a lesson that trains networks needs more time and memory than the defaults. */
export function runLimits(
  context: Pick<GradingContext, "timeoutSeconds" | "submissionTimeoutSeconds" | "memoryMb" | "outputLimit">,
  check: LessonCheck,
): RunLimits {
  const timeoutSeconds = Math.max(context.timeoutSeconds, check.limits.timeoutSeconds ?? 0);
  return {
    timeoutSeconds,
    submissionTimeoutSeconds: Math.max(
      context.submissionTimeoutSeconds,
      check.limits.submissionTimeoutSeconds ?? 0,
      // A lesson that raised its time per cell gets the same share of it in all.
      (check.limits.timeoutSeconds ?? 0) * submissionCellsOfTime,
    ),
    residentMb: Math.max(context.memoryMb, check.limits.memoryMb ?? 0),
    outputLimit: context.outputLimit,
  };
}

/** Compares the answers with the key, in the grader's own process. */
const compare: GradingStep = {
  name: "compare",
  apply(grading) {
    const { run: ran, planned, hiddenReference: reference } = grading;
    if (ran === undefined || planned === undefined) return;
    const report = compareAnswers(grading.problem, planned.key, ran.answers);
    grading.report = withHistoryHints(report, planned.key, ran.answers, grading.shortRun);
    if (reference === undefined) return;
    const answers =
      ran.passAnswers[0] ??
      new Map(planned.answers.map((answer) => [answer.name, new EvaluationFailed(grading.hiddenBroken ?? "it was not run")]));
    grading.hiddenReport = compareHidden(grading.problem, reference.key, grading.report, ran.answers, answers);
  },
};

/** A training history that is not the teacher's says which, and from which point on (short-run.ts). */
function withHistoryHints(
  report: CheckReport,
  key: ProblemKey,
  answers: ReadonlyMap<string, unknown>,
  shortRun: ShortRunReference | undefined,
): CheckReport {
  if (shortRun === undefined) return report;
  const outcomes = report.outcomes.map((outcome) => {
    const segments = shortRun.segments.get(outcome.name);
    const item = key.items.find((i) => i.name === outcome.name);
    const value = answers.get(outcome.name);
    if (outcome.passed || segments === undefined || item === undefined || value instanceof EvaluationFailed) return outcome;
    const hint = historyHint(segments, value, item.expected as number[]);
    return { ...outcome, hint, message: `${outcome.name}: ${hint}` };
  });
  return new CheckReport(report.problem, report.title, outcomes, report.language);
}

/** A value the kernel sent back as plain data: an array as its shape and numbers. */
function plain(value: unknown): unknown {
  if (value instanceof NDArray) return { shape: value.shape, data: Array.from(value.data) };
  return Array.isArray(value) ? value.map(plain) : value;
}

/** Two values the kernel sent back are the same: what a number typed in does when the inputs change. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof EvaluationFailed || b instanceof EvaluationFailed) return false;
  return JSON.stringify(plain(a)) === JSON.stringify(plain(b));
}

/**
 * The answers on hidden inputs compared with the teacher's (`key`), each
 * wrong one that was right on the lesson's data saying so.
 */
export function compareHidden(
  problem: string,
  key: ProblemKey,
  shown: CheckReport,
  shownValues: ReadonlyMap<string, unknown>,
  hiddenValues: Map<string, unknown>,
): CheckReport {
  // Only what the hidden reference judges: a short run's histories have no inputs to hide.
  const judged = new Map([...hiddenValues].filter(([name]) => key.items.some((item) => item.name === name)));
  return explainHidden(compareAnswers(problem, key, judged), shown, shownValues, judged);
}

/**
 * The hidden outcomes with what a difference from the printed data says: an
 * answer right on the lesson's data and wrong on other data is code that
 * only works for those numbers (typed in, or a mistake they hide).
 */
function explainHidden(
  hidden: CheckReport,
  shown: CheckReport,
  shownValues: ReadonlyMap<string, unknown>,
  hiddenValues: ReadonlyMap<string, unknown>,
): CheckReport {
  const outcomes = hidden.outcomes.map((outcome) => {
    const onShown = shown.outcomes.find((o) => o.name === outcome.name);
    if (outcome.passed || onShown?.passed !== true) return outcome;
    const unchanged = sameValue(shownValues.get(outcome.name), hiddenValues.get(outcome.name));
    const why = unchanged
      ? "입력이 바뀌어도 값이 그대로다 · the value stays the same when the inputs change: typed in, or not computed from the inputs"
      : (outcome.hint ?? "");
    const hint = `${otherDataPrefix}${why}`;
    return { ...outcome, hint, message: `${outcome.name}: ${hint}` };
  });
  return new CheckReport(hidden.problem, hidden.title, outcomes, hidden.language);
}

/** How many cells' worth of time a submission gets in all, by default: `--submission-timeout` is 5 × `--timeout`. */
export const submissionCellsOfTime = 5;

/**
 * With variants: a wrong answer that is right for another student's data,
 * or for the lesson's printed data, was copied from there (or typed from
 * the notes): flagged, with whose.
 */
const copies: GradingStep = {
  name: "copies",
  apply(grading) {
    const { report, run: ran, otherKeys } = grading;
    if (report === undefined || ran === undefined || otherKeys === undefined) return;
    // Whose data → the answers given that are right for them.
    const copied = new Map<string, string[]>();
    for (const outcome of report.outcomes) {
      if (outcome.passed) continue;
      const value = ran.answers.get(outcome.name);
      if (value === undefined || value instanceof EvaluationFailed) continue;
      for (const { whose, key } of otherKeys) {
        const item = key.items.find((i) => i.name === outcome.name);
        if (item === undefined || item.atLeast === true || item.atMost === true) continue;
        if (compareWithKey(grading.problem, { ...key, items: [item] }, { [outcome.name]: value }).passed)
          copied.set(whose, [...(copied.get(whose) ?? []), outcome.name]);
      }
    }
    for (const [whose, names] of copied)
      grading.findings.push(
        `${names.join(", ")} ${names.length === 1 ? "is the answer" : "are the answers"} for ${whose}, not for ${grading.variantStudent ?? grading.submission.student}'s`,
      );
  },
};

const steps: readonly GradingStep[] = [read, variant, scan, plan, hide, run, compare, copies];

/** An answer that could not be evaluated, said as such instead of "not given". */
function failedOutcome(outcome: CheckOutcome, failure: EvaluationFailed): CheckOutcome {
  const hint = `${notEvaluatedPrefix}${failure.error}`;
  return { ...outcome, passed: false, given: "", hint, message: `${outcome.name}: ${hint}` };
}

export function compareAnswers(problem: string, key: ProblemKey, answers: Map<string, unknown>): CheckReport {
  const values: Record<string, unknown> = {};
  for (const [name, value] of answers) if (!(value instanceof EvaluationFailed)) values[name] = value;
  const report = compareWithKey(problem, key, values);
  const outcomes = report.outcomes.map((outcome) => {
    const value = answers.get(outcome.name);
    return value instanceof EvaluationFailed ? failedOutcome(outcome, value) : outcome;
  });
  return new CheckReport(report.problem, report.title, outcomes, report.language);
}

function scoreWords(report: CheckReport): string {
  const total = report.outcomes.length;
  if (report.passed) return total === 1 ? "the answer is correct" : `all ${total} answers correct`;
  const wrong = report.outcomes.filter((o) => !o.passed).map((o) => o.name);
  return `${report.score}/${total} correct; not right: ${wrong.join(", ")}`;
}

function statusOf(findings: string[], ending: RunEnding, points: number, max: number): GradeStatus {
  if (findings.length > 0) return "flagged";
  if (ending !== "ok") return ending;
  return points === max ? "graded" : "partial";
}

/**
 * The points: per answer 1 − w for being right on the lesson's data, and w
 * more for being right on the hidden data as well (w: hiddenWeight, default 1,
 * so that by default an answer counts when it is right on both).
 */
export function pointsOf(report: CheckReport, hidden: CheckReport | undefined, weight = 1): number {
  if (hidden === undefined) return report.score;
  let points = 0;
  for (const outcome of report.outcomes) {
    if (!outcome.passed) continue;
    // An answer the hidden run does not judge (a short run's training history: no inputs to hide) counts as it is.
    const onHidden = hidden.outcomes.find((o) => o.name === outcome.name);
    const alsoHidden = onHidden === undefined || onHidden.passed;
    points += 1 - weight + (alsoHidden ? weight : 0);
  }
  return Math.round(points * 100) / 100;
}

/** The hidden run in words: its score, and the answers it finds wrong that the lesson's data did not. */
function hiddenWords(hidden: CheckReport, shown: CheckReport): string {
  const total = hidden.outcomes.length;
  if (hidden.passed) return shown.passed ? "on hidden inputs too" : `on hidden inputs ${total}/${total}`;
  const rightOnShown = new Set(shown.outcomes.filter((o) => o.passed).map((o) => o.name));
  const onlyThere = hidden.outcomes.filter((o) => !o.passed && rightOnShown.has(o.name)).map((o) => o.name);
  const score = `on hidden inputs ${hidden.score}/${total}`;
  return onlyThere.length === 0 ? score : `${score}; wrong there only: ${onlyThere.join(", ")}`;
}

/** The events without those of the hidden run that say again what the first run said (the same cell failing the same way). */
function withoutRepeats(events: readonly string[]): string[] {
  const first = new Set(events.filter((event) => !event.startsWith(hiddenLabel)));
  return events.filter((event) => !(event.startsWith(hiddenLabel) && first.has(event.slice(hiddenLabel.length))));
}

/** Keeps gradebook reasons to one readable line: the HTML report has everything. */
export function clip(text: string, length = 400): string {
  const line = text.replace(/\s*\n\s*/g, " / ");
  return line.length <= length ? line : `${line.slice(0, length - 1)}…`;
}

/**
 * The result of a submission that gets no point without being graded: an
 * invalid one, or one an earlier grader died on. Its maximum is its
 * lesson's, when the key knows the lesson.
 */
export function zeroPointResult(
  row: Omit<GradeRow, "points" | "max">,
  keys: GradingContext["keys"],
  events: string[] = [],
): GradeResult {
  return { row: { ...row, points: 0, max: keys[row.problem]?.items.length ?? 0 }, events, findings: [] };
}

/** The row and report of a submission the steps went through. */
function result(grading: Grading, seconds: number): GradeResult {
  const base = { student: grading.submission.student, file: grading.fileKey, problem: grading.problem, seconds };
  const notes = [...(grading.submission.notes ?? []), ...grading.notes];
  const { report, run: ran } = grading;
  if (grading.invalid !== undefined || report === undefined || ran === undefined) {
    const reason = [grading.invalid ?? "it could not be run", ...notes].join("; ");
    return zeroPointResult({ ...base, status: "invalid", reason: clip(reason) }, grading.context.keys);
  }
  const { findings, hiddenReport, hiddenReference } = grading;
  const events = withoutRepeats(grading.events);
  const scores = [scoreWords(report), ...(hiddenReport === undefined ? [] : [hiddenWords(hiddenReport, report)])];
  // The scores before what happened while running: a long reason is clipped at its end.
  const reason = [...findings.map((f) => `flagged: ${f}`), ...notes, ...scores, ...events]
    .map((part) => part.replace(/\.$/, ""))
    .join("; ");
  const points = pointsOf(report, hiddenReport, grading.context.hiddenWeight);
  const max = report.outcomes.length;
  return {
    row: {
      ...base,
      points,
      max,
      status: statusOf(findings, ran.ending, points, max),
      reason: clip(reason),
    },
    report,
    ...(hiddenReport === undefined || hiddenReference === undefined
      ? {}
      : { hidden: { report: hiddenReport, seed: hiddenReference.seed, inputs: hiddenReference.description } }),
    ...(grading.variant === undefined
      ? {}
      : { variant: { id: variantId(grading.variant.seed), inputs: grading.variant.description } }),
    events,
    findings,
    peakMemoryMb: ran.peakMemoryMb,
  };
}

export async function gradeSubmission(submission: Submission, fileKey: string, context: GradingContext): Promise<GradeResult> {
  const started = performance.now();
  const grading: Grading = { submission, fileKey, context, problem: "", findings: [], events: [], notes: [] };
  for (const step of steps) {
    await step.apply(grading);
    if (grading.invalid !== undefined) break;
  }
  return result(grading, Math.round((performance.now() - started) / 100) / 10);
}
