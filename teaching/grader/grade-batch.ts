/**
 * Grades a batch of submissions, several at a time, writing each result to
 * the gradebook and its report as soon as it is known. Submissions already
 * in the gradebook are skipped unless regrading.
 */
import * as fs from "fs";
import * as path from "path";
import { performance } from "perf_hooks";
import { answerKey, type AnswerKey } from "dlfs/answer-key";
import { buildKernelSnapshot, inParallel, readNotebook, snapshotSupported } from "../../jupyter-client";
import { type LessonCheck, lessonCheck } from "./check-call";
import { type GradeResult, gradeSubmission, type GradeRow } from "./grade-submission";
import { reportFileName, submissionReportHtml } from "./grade-report";
import { Gradebook } from "./gradebook";
import { CourseRun } from "../gradebook/index";
import { lessonFiles } from "../lessons";
import { kernelV8Flags, makeKernelHome, makeRunFolder, removeFolder, sandboxSupported } from "./sandbox";
import { collectSubmissions } from "./submission";

export interface BatchOptions {
  /** Folders (searched for *.ipynb) and files. */
  inputs: string[];
  outDir: string;
  regrade: boolean;
  timeoutSeconds: number;
  memoryMb: number;
  jobs: number;
  /** The teacher's lessons, for the check expressions. Default notebooks/. */
  lessonsDir: string;
  /** Start kernels from a snapshot made for this run (default true; see snapshot.ts). */
  snapshot?: boolean;
  /** Run lessons with a quick mode that way (see quick-mode.ts): for trying the grader, not for grades. */
  quick?: boolean;
  /** Called after each result (and once at the start with nothing done). */
  onProgress?: (done: number, total: number, last?: GradeRow) => void;
  /** Called with warnings (sandbox unavailable, a lesson that cannot be graded). */
  onWarning?: (message: string) => void;
}

export interface BatchSummary {
  /** Submissions found. */
  found: number;
  /** Already in the gradebook and skipped. */
  skipped: number;
  /** Graded in this run. */
  results: GradeResult[];
  gradebook: string;
  seconds: number;
}

/** Each lesson's check, for the problems the key knows; lessons that do not fit are warned about. */
function loadLessonChecks(lessonsDir: string, keys: AnswerKey, warn: (message: string) => void): Map<string, LessonCheck> {
  const checks = new Map<string, LessonCheck>();
  for (const file of lessonFiles(lessonsDir)) {
    try {
      const check = lessonCheck(readNotebook(file), path.basename(file));
      const key = keys[check.problem];
      const names = new Set(key?.items.map((item) => item.name) ?? []);
      const unknown = check.answers.filter((answer) => !names.has(answer.name)).map((answer) => answer.name);
      if (key === undefined)
        warn(`${path.basename(file)}: problem ${check.problem} is not in the answer key; it cannot be graded`);
      else if (unknown.length > 0)
        warn(`${path.basename(file)}: the answer key of ${check.problem} has no ${unknown.join(", ")}; it cannot be graded`);
      else checks.set(check.problem, check);
    } catch (error) {
      warn(error instanceof Error ? error.message : String(error));
    }
  }
  return checks;
}

/**
 * Building the kernel snapshot takes about as long as starting two kernels;
 * from three submissions on it pays.
 */
const snapshotWorthFrom = 3;

/** The run's kernel snapshot, or undefined (with a warning) where Node cannot make one. */
async function kernelSnapshot(
  kernelHome: string,
  runFolder: string,
  memoryMb: number,
  warn: (message: string) => void,
): Promise<string | undefined> {
  if (!snapshotSupported()) return undefined;
  try {
    return await buildKernelSnapshot(kernelHome, path.join(runFolder, "kernel.blob"), kernelV8Flags(memoryMb));
  } catch (error) {
    warn(
      `${error instanceof Error ? error.message : String(error)}; every kernel starts from scratch instead (slower, same results)`,
    );
    return undefined;
  }
}

function writeReport(outDir: string, result: GradeResult): void {
  const file = path.join(outDir, "reports", reportFileName(result.row));
  fs.writeFileSync(file, submissionReportHtml(result));
}

export async function gradeBatch(options: BatchOptions): Promise<BatchSummary> {
  const started = performance.now();
  const warn = options.onWarning ?? (() => undefined);
  // Imported when the grader started: nothing a submission does later can change it.
  const keys = answerKey;
  const checks = loadLessonChecks(options.lessonsDir, keys, warn);
  const lessonStems = lessonFiles(options.lessonsDir).map((file) => path.basename(file, ".ipynb"));
  const outDir = path.resolve(options.outDir);
  fs.mkdirSync(path.join(outDir, "reports"), { recursive: true });
  const gradebook = await Gradebook.open(path.join(outDir, "gradebook.csv"));
  const submissions = collectSubmissions(options.inputs, lessonStems).map((submission) => ({
    submission,
    // Relative to the gradebook, so that a re-run from another folder recognises it.
    fileKey: path.relative(outDir, submission.file),
  }));
  const course = await CourseRun.open({
    outDir,
    inputs: options.inputs,
    lessonsDir: options.lessonsDir,
    keys,
    kind: options.quick === true ? "quick" : options.regrade ? "regrade" : "grade",
  });
  // A file handed in again in its place, or graded for an older version of its lesson, is graded again.
  const todo = submissions.filter(
    ({ submission, fileKey }) => options.regrade || !gradebook.has(fileKey) || course.isOutdated(submission.file),
  );
  const permissions = sandboxSupported();
  if (!permissions)
    warn(`this Node (${process.version}) cannot sandbox kernels (no --allow-addons); submissions run without file-system limits`);

  const runFolder = makeRunFolder();
  // Also when the run is interrupted (Ctrl-C ends the process with exit()).
  const removeRunFolder = (): void => removeFolder(runFolder);
  process.once("exit", removeRunFolder);
  const kernelHome = makeKernelHome(runFolder);
  const buildSnapshot = (options.snapshot ?? true) && todo.length >= snapshotWorthFrom;
  const snapshot = buildSnapshot ? kernelSnapshot(kernelHome, runFolder, options.memoryMb, warn) : Promise.resolve(undefined);
  const context = {
    keys,
    checks,
    kernelHome,
    timeoutSeconds: options.timeoutSeconds,
    memoryMb: options.memoryMb,
    outputLimit: 100_000,
    permissions,
    quick: options.quick ?? false,
  };
  let done = 0;
  // The first failure that is not a submission's (a kernel that cannot start):
  // no more submissions are started, none of the untried ones gets a row.
  let stoppedBy: Error | undefined;
  options.onProgress?.(0, todo.length);
  try {
    const graded = await inParallel(todo, options.jobs, async ({ submission, fileKey }, index) => {
      if (stoppedBy !== undefined) return undefined;
      // While the snapshot is built (a few seconds on one core), the first
      // submission runs on another core in a kernel started as tslab starts.
      const snapshotBlob = index === 0 && options.jobs > 1 ? undefined : await snapshot;
      let result: GradeResult;
      try {
        result = await gradeSubmission(submission, fileKey, { ...context, snapshotBlob });
      } catch (error) {
        stoppedBy ??= error instanceof Error ? error : new Error(String(error));
        return undefined;
      }
      // The course gradebook first: a run stopped in between grades it again rather than losing it.
      course.record({
        ...result.row,
        file: submission.file,
        report: `reports/${reportFileName(result.row)}`,
        shown: result.report?.outcomes ?? [],
        findings: result.findings,
      });
      await gradebook.record(result.row);
      writeReport(outDir, result);
      options.onProgress?.(++done, todo.length, result.row);
      return result;
    });
    if (stoppedBy !== undefined) throw stoppedBy;
    const results = graded.filter((result): result is GradeResult => result !== undefined);
    return {
      found: submissions.length,
      skipped: submissions.length - todo.length,
      results,
      gradebook: gradebook.path,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    course.finish();
    await snapshot; // never rejects; the build must not outlive its folder
    process.off("exit", removeRunFolder);
    removeRunFolder();
  }
}
