/**
 * Grades one submission: read it, scan it, run it in a fresh sandboxed
 * kernel, compare its answers with the answer key the grader holds in its
 * own memory, and sum it up as one gradebook row (status, points, reason)
 * plus the details for its HTML report. Whatever the file is or does, the
 * result is a row: nothing here throws for a bad submission.
 */
import { performance } from "perf_hooks";
import { CheckReport, compareWithKey, type CheckOutcome, type ProblemKey } from "dlfs/answer-key";
import { EvaluationFailed } from "./answer-payload";
import type { Notebook } from "../../jupyter-client";
import type { CheckedAnswer, LessonCheck } from "./check-call";
import { inQuickMode } from "../quick-mode";
import { type RunEnding, runSubmission, type RunLimits } from "./run-submission";
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
  /** What happened while running, in plain words. */
  events: string[];
  /** Why it is flagged: suspicious code, tampering with the grader's channel. */
  findings: string[];
  peakMemoryMb?: number;
}

export interface GradingContext extends RunLimits {
  /** The answer key, read by the grader when it started. */
  keys: Readonly<Record<string, ProblemKey>>;
  /** What each lesson checks, from the teacher's notebooks. */
  checks: ReadonlyMap<string, LessonCheck>;
  /** The kernels' working folder (makeKernelHome). */
  kernelHome: string;
  /** The kernel snapshot built for kernelHome, if any. */
  snapshotBlob?: string;
  /** Run lessons that have a quick mode (metadata.dlfs.quick) that way: for trying the grader, not for grades. */
  quick?: boolean;
}

/** What to run and judge: the submission as it is, or in the lesson's quick mode. */
function whatToRun(
  notebook: Notebook,
  check: LessonCheck,
  key: ProblemKey,
  quick: boolean,
): { notebook: Notebook; answers: CheckedAnswer[]; key: ProblemKey; events: string[] } {
  const asItIs = { notebook, answers: check.answers, key, events: [] };
  if (!quick || check.quick === undefined) return asItIs;
  try {
    const run = inQuickMode(notebook, check.quick, check.answers, key, "the submission");
    return { ...run, events: [run.note] };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { ...asItIs, events: [`quick mode could not shorten the training (${why}), so it ran in full`] };
  }
}

/** An answer that could not be evaluated, said as such instead of "not given". */
function failedOutcome(outcome: CheckOutcome, failure: EvaluationFailed): CheckOutcome {
  const hint = `could not be evaluated: ${failure.error}`;
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
  return new CheckReport(report.problem, report.title, outcomes);
}

function scoreWords(report: CheckReport): string {
  const total = report.outcomes.length;
  if (report.passed) return total === 1 ? "the answer is correct" : `all ${total} answers correct`;
  const wrong = report.outcomes.filter((o) => !o.passed).map((o) => o.name);
  return `${report.score}/${total} correct; not right: ${wrong.join(", ")}`;
}

function statusOf(findings: string[], ending: RunEnding, report: CheckReport): GradeStatus {
  if (findings.length > 0) return "flagged";
  if (ending !== "ok") return ending;
  return report.passed ? "graded" : "partial";
}

/** Keeps gradebook reasons to one readable line: the HTML report has everything. */
function clip(text: string, length = 400): string {
  const line = text.replace(/\s*\n\s*/g, " / ");
  return line.length <= length ? line : `${line.slice(0, length - 1)}…`;
}

export async function gradeSubmission(submission: Submission, fileKey: string, context: GradingContext): Promise<GradeResult> {
  const started = performance.now();
  const seconds = (): number => Math.round((performance.now() - started) / 100) / 10;
  const base = { student: submission.student, file: fileKey };
  const loaded = loadSubmission(submission.file, new Set(context.checks.keys()));
  if (!loaded.ok) {
    const max = context.keys[loaded.problem]?.items.length ?? 0;
    return {
      row: {
        ...base,
        problem: loaded.problem,
        points: 0,
        max,
        status: "invalid",
        reason: clip(loaded.reason),
        seconds: seconds(),
      },
      events: [],
      findings: [],
    };
  }
  const { notebook, problem } = loaded;
  const key = context.keys[problem];
  const check = context.checks.get(problem);
  if (key === undefined || check === undefined) {
    return {
      row: {
        ...base,
        problem,
        points: 0,
        max: 0,
        status: "invalid",
        reason: `problem ${problem} has no answer key`,
        seconds: seconds(),
      },
      events: [],
      findings: [],
    };
  }
  const findings = scanSubmission(notebook);
  // A lesson that trains networks needs more time per cell and more memory than the defaults.
  const limits = {
    ...context,
    timeoutSeconds: Math.max(context.timeoutSeconds, check.limits.timeoutSeconds ?? 0),
    residentMb: Math.max(context.memoryMb, check.limits.memoryMb ?? 0),
  };
  const planned = whatToRun(notebook, check, key, context.quick ?? false);
  // A kernel that cannot start, or the grader's own cell failing, throws
  // (GradingSetupError): it is not the student's doing, and the batch stops.
  const run = await runSubmission(planned.notebook, planned.answers, limits);
  findings.push(...run.tampering);
  const report = compareAnswers(problem, planned.key, run.answers);
  const status = statusOf(findings, run.ending, report);
  const events = [...planned.events, ...run.events];
  const reason = [...findings.map((f) => `flagged: ${f}`), ...events, scoreWords(report)]
    .map((part) => part.replace(/\.$/, ""))
    .join("; ");
  return {
    row: {
      ...base,
      problem,
      points: report.score,
      max: report.outcomes.length,
      status,
      reason: clip(reason),
      seconds: seconds(),
    },
    report,
    events,
    findings,
    peakMemoryMb: run.peakMemoryMb,
  };
}
