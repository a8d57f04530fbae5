/**
 * Grades a batch of submissions, several at a time, writing each result to
 * the gradebook and its report as soon as it is known. Submissions already
 * in the gradebook are skipped unless regrading.
 */
import { randomInt } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { performance } from "perf_hooks";
import { answerKey, type AnswerKey } from "dlfs/answer-key";
import { inParallel, type Notebook, readNotebook } from "../../jupyter-client";
import { type LessonCheck, lessonCheck } from "./check-call";
import {
  type GradeResult,
  gradeSubmission,
  type GradeRow,
  type GradingContext,
  type LessonVariants,
  zeroPointResult,
  runLimits,
  submissionCellsOfTime,
} from "./grade-submission";
import { hiddenReference, type HiddenReference, type HiddenUnavailable, isHiddenReference } from "./hidden-reference";
import { variantReferences } from "./variant-references";
import { shortRunReference, type ShortRunReference } from "./short-run";
import type { TeacherLessonRun } from "./hidden-reference";
import { hiddenSpecOf, inputsIn } from "../hidden-inputs";
import { variantId, type VariantManifest } from "../variants";
import { reportFileName, submissionReportHtml } from "./grade-report";
import { Gradebook } from "./gradebook";
import { GradingRun } from "./grading-run";
import { GradingJournal } from "./journal";
import { CourseRun } from "../gradebook/index";
import { lessonFiles } from "../lessons";
import { describeOsSandbox, findOsSandbox, type OsSandbox } from "./os-sandbox";
import { GradingSetupError, type KernelSource } from "./run-submission";
import { inQuickMode } from "../quick-mode";
import { permissionModelSupported } from "./sandbox";
import { collectSubmissions, loadSubmission, type Submission } from "./submission";

export interface BatchOptions {
  /** Folders (searched for submissions) and files. */
  inputs: string[];
  outDir: string;
  regrade: boolean;
  timeoutSeconds: number;
  /** Time limit per submission; default `submissionCellsOfTime` times timeoutSeconds. */
  submissionTimeoutSeconds?: number;
  memoryMb: number;
  jobs: number;
  /** The teacher's lessons, for the check expressions. Default notebooks/. */
  lessonsDir: string;
  /** Start kernels from a snapshot made for this run (default true; see snapshot.ts). */
  snapshot?: boolean;
  /**
   * Grade the lessons that train (a quick mode in their metadata) on their
   * full training, with its accuracy bounds, instead of on their short run
   * compared with the teacher's (the default; see short-run.ts).
   */
  fullTraining?: boolean;
  /** Grade even where no operating-system sandbox exists (Node's permission model is then the only fence). */
  unsafeNoSandbox?: boolean;
  /**
   * The seed hidden inputs are drawn from (default: a new one per run, said in
   * the summary and the teacher's reports); null: no hidden run.
   */
  hiddenSeed?: number | null;
  /** How much of an answer's point needs the hidden inputs too (see GradingContext.hiddenWeight). */
  hiddenWeight?: number;
  /**
   * The handouts made per student (npm run student -- --roster: their
   * variants.json) and the course secret they were made with: each student
   * of a lesson listed there is graded on their own data.
   */
  variants?: { secret: string; manifest: VariantManifest };
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
  /** Graded in this run (rows for submissions an earlier run died on included). */
  results: GradeResult[];
  gradebook: string;
  seconds: number;
  /** The sandbox the kernels ran in, in words. */
  sandbox: string;
  /** The seed of the hidden inputs, when they were run. */
  hiddenSeed?: number;
  /** What the teacher should look at beside the grades: the same student twice, a file name naming another problem, an earlier run that died. */
  notices: string[];
}

/**
 * Grading cannot be trusted here: no operating-system sandbox, and the
 * teacher did not say to grade without one (--unsafe-no-sandbox).
 */
export class NoSandboxError extends GradingSetupError {}

/** Each lesson's check (and the lesson), for the problems the key knows; lessons that do not fit are warned about. */
export function loadLessonChecks(
  lessonsDir: string,
  keys: AnswerKey,
  warn: (message: string) => void,
): { checks: Map<string, LessonCheck>; lessons: Map<string, Notebook> } {
  const checks = new Map<string, LessonCheck>();
  const lessons = new Map<string, Notebook>();
  for (const file of lessonFiles(lessonsDir)) {
    try {
      const lesson = readNotebook(file);
      const check = lessonCheck(lesson, path.basename(file));
      const key = keys[check.problem];
      const names = new Set(key?.items.map((item) => item.name) ?? []);
      const unknown = check.answers.filter((answer) => !names.has(answer.name)).map((answer) => answer.name);
      if (key === undefined)
        warn(`${path.basename(file)}: problem ${check.problem} is not in the answer key; it cannot be graded`);
      else if (unknown.length > 0)
        warn(`${path.basename(file)}: the answer key of ${check.problem} has no ${unknown.join(", ")}; it cannot be graded`);
      else {
        checks.set(check.problem, check);
        lessons.set(check.problem, lesson);
      }
    } catch (error) {
      warn(error instanceof Error ? error.message : String(error));
    }
  }
  return { checks, lessons };
}

/**
 * Building the kernel snapshot takes about as long as starting two kernels;
 * from three submissions on it pays.
 */
const snapshotWorthFrom = 3;

export function writeReport(outDir: string, result: GradeResult): void {
  const file = path.join(outDir, "reports", reportFileName(result.row));
  fs.writeFileSync(file, submissionReportHtml(result));
}

/** The sandbox to grade in, or a NoSandboxError; without one and with the teacher's leave, a warning. */
export function chooseSandbox(unsafe: boolean, warn: (message: string) => void): OsSandbox {
  const sandbox = findOsSandbox();
  if (sandbox.kind === "bubblewrap") return sandbox;
  if (!unsafe)
    throw new NoSandboxError(
      `${sandbox.why}; grading untrusted notebooks without one is unsafe (pass --unsafe-no-sandbox to grade anyway, with Node's permission model as the only fence)`,
    );
  warn(`grading WITHOUT an operating-system sandbox (--unsafe-no-sandbox): ${sandbox.why}`);
  if (!permissionModelSupported())
    warn(
      `this Node (${process.version}) has no permission model that loads addons either: submissions run with no file-system limits`,
    );
  return sandbox;
}

/**
 * Notes for submissions of one student and one problem handed in more than
 * once (each is still graded), by file; and the notices for the summary.
 */
function duplicateNotes(
  submissions: ReadonlyArray<{ submission: Submission; fileKey: string }>,
  known: ReadonlySet<string>,
): { notes: Map<string, string>; notices: string[] } {
  const groups = new Map<string, string[]>();
  const names = new Map<string, string>();
  for (const { submission, fileKey } of submissions) {
    const { problem } = loadSubmission(submission, known);
    if (problem === "") continue;
    const group = `${submission.student}\u0000${problem}`;
    groups.set(group, [...(groups.get(group) ?? []), fileKey]);
    names.set(group, `${submission.student} handed in problem ${problem}`);
  }
  const notes = new Map<string, string>();
  const notices: string[] = [];
  for (const [group, files] of groups) {
    if (files.length < 2) continue;
    const said = `${names.get(group)} ${files.length} times (${files.join(", ")}); each file has its own row`;
    notices.push(said);
    for (const file of files) notes.set(file, said);
  }
  return { notes, notices };
}

/** The row of a submission that was being graded when an earlier grader died. */
function interruptedRow(
  submission: Submission,
  fileKey: string,
  alongside: string[],
  keys: AnswerKey,
  known: ReadonlySet<string>,
): GradeResult {
  const { problem } = loadSubmission(submission, known);
  const others =
    alongside.length === 0
      ? ""
      : ` (${alongside.join(", ")} ${alongside.length === 1 ? "was" : "were"} being graded at the same time)`;
  const reason = `the grader stopped while grading this submission${others}, so it was not run again; to see why, grade it alone: npm run grade -- ${JSON.stringify(submission.file)} --regrade`;
  return zeroPointResult({ student: submission.student, problem, status: "crashed", reason, seconds: 0, file: fileKey }, keys, [
    reason,
  ]);
}

/** What each lesson's references are made from: the teacher's lessons, and the run's kernels once they are ready. */
type LessonsContext = Omit<GradingContext, "kernels" | "hidden" | "variants" | "shortRun"> & {
  lessons: ReadonlyMap<string, Notebook>;
  kernels: () => Promise<KernelSource>;
};

/**
 * A reference per lesson made from the teacher's lesson the first time a
 * submission of it asks, and kept for the rest of the run; undefined for a
 * problem without a lesson here.
 */
function perLesson<T>(
  context: LessonsContext,
  make: (teacher: TeacherLessonRun) => Promise<T | undefined>,
): (problem: string) => Promise<T | undefined> {
  const made = new Map<string, Promise<T | undefined>>();
  const run = async (problem: string): Promise<T | undefined> => {
    const lesson = context.lessons.get(problem);
    const check = context.checks.get(problem);
    const key = context.keys[problem];
    if (lesson === undefined || check === undefined || key === undefined) return undefined;
    return make({ problem, lesson, check, key, limits: runLimits(context, check), kernels: await context.kernels() });
  };
  return (problem) => {
    let result = made.get(problem);
    if (result === undefined) {
      result = run(problem);
      made.set(problem, result);
    }
    return result;
  };
}

/**
 * Each lesson's reference for its hidden inputs (the teacher's lesson run
 * once per grading run). A lesson that fails on them is warned about once
 * and graded without them.
 */
function hiddenReferences(
  context: LessonsContext & { runSeed: number },
  warn: (message: string) => void,
): (problem: string) => Promise<HiddenReference | HiddenUnavailable | undefined> {
  return perLesson(context, async ({ problem, lesson, check, key, limits, kernels }) => {
    const planned =
      context.quick === true && check.quick !== undefined
        ? inQuickMode(lesson, check.quick, check.answers, key, `lesson ${problem}`)
        : { notebook: lesson, answers: check.answers, key };
    const reference = await hiddenReference({
      problem,
      lesson: planned.notebook,
      answers: planned.answers,
      key: planned.key,
      limits,
      kernels,
      runSeed: context.runSeed,
    });
    if (reference !== undefined && "why" in reference)
      warn(
        `lesson ${problem} failed on its hidden inputs (seed ${reference.seed}), so it is graded on its own data only: ${reference.why}`,
      );
    else for (const note of reference?.notes ?? []) warn(`lesson ${problem}: ${note}`);
    return reference;
  });
}

/** Each training lesson's short run by the teacher (short-run.ts). */
function shortRuns(
  context: LessonsContext,
  warn: (message: string) => void,
): (problem: string) => Promise<ShortRunReference | string | undefined> {
  return perLesson(context, async (teacher) => {
    const reference = await shortRunReference(teacher);
    if (typeof reference === "string")
      warn(
        `lesson ${teacher.problem}'s short run failed in the teacher's lesson, so it is graded on its full training: ${reference}`,
      );
    return reference;
  });
}

/**
 * Each lesson's variants for the students it was handed out to (the
 * teacher's lesson run on every student's data, as the handouts were made).
 */
function lessonVariants(
  context: LessonsContext & { secret: string; manifest: VariantManifest },
  warn: (message: string) => void,
): (problem: string) => Promise<LessonVariants | undefined> {
  return perLesson(context, async (teacher) => {
    const { problem, lesson } = teacher;
    const spec = hiddenSpecOf(lesson);
    const handedOut = context.manifest.lessons[problem];
    if (spec === undefined || handedOut === undefined) return undefined;
    const byStudent = await variantReferences({ ...teacher, secret: context.secret, students: Object.keys(handedOut) });
    if (byStudent === undefined) return undefined;
    const failed = [...byStudent].filter(([, reference]) => !isHiddenReference(reference)).map(([student]) => student);
    if (failed.length > 0)
      warn(`lesson ${problem} failed on the data of ${failed.join(", ")}: their submissions are not graded (a lesson to fix)`);
    const changed = [...byStudent].filter(
      ([student, reference]) => isHiddenReference(reference) && variantId(reference.seed) !== handedOut[student],
    );
    if (changed.length > 0)
      warn(
        `lesson ${problem}: the data drawn now for ${changed.map(([student]) => student).join(", ")} are not those handed out (the lesson's inputs or hidden mistakes changed since): their submissions will not hold them`,
      );
    return { byStudent, spec, printed: inputsIn(lesson, spec) };
  });
}

/** Every submission in the inputs, with the key the gradebook knows it by. */
function findSubmissions(
  options: Pick<BatchOptions, "lessonsDir" | "inputs">,
  outDir: string,
): Array<{ submission: Submission; fileKey: string }> {
  const lessonStems = lessonFiles(options.lessonsDir).map((file) => path.basename(file, ".ipynb"));
  return collectSubmissions(options.inputs, lessonStems, [outDir]).map((submission) => ({
    submission,
    // Relative to the gradebook, so that a re-run from another folder recognises it.
    fileKey: path.relative(outDir, submission.file),
  }));
}

/** Records a result in the course gradebook first: a run stopped in between grades it again rather than losing it. */
function recorder(course: CourseRun, gradebook: Gradebook): (submission: Submission, result: GradeResult) => Promise<void> {
  return async (submission, result) => {
    course.record({
      ...result.row,
      file: submission.file,
      report: `reports/${reportFileName(result.row)}`,
      shown: result.report?.outcomes ?? [],
      ...(result.hidden === undefined ? {} : { hidden: result.hidden.report.outcomes }),
      ...(result.variant === undefined ? {} : { variant: result.variant.id }),
      findings: result.findings,
    });
    await gradebook.record(result.row);
  };
}

/** Gives each submission handed in more than once its note; the notices for the summary. */
function noteDuplicates(
  submissions: ReadonlyArray<{ submission: Submission; fileKey: string }>,
  known: ReadonlySet<string>,
): string[] {
  const { notes, notices } = duplicateNotes(submissions, known);
  for (const { submission, fileKey } of submissions) {
    const note = notes.get(fileKey);
    if (note !== undefined) submission.notes = [note];
  }
  return notices;
}

/** What an earlier run died on gets its row now, and is not run again (even with --regrade). */
async function recordInterrupted(
  submissions: ReadonlyArray<{ submission: Submission; fileKey: string }>,
  journal: GradingJournal,
  done: { record: ReturnType<typeof recorder>; outDir: string; keys: AnswerKey; known: ReadonlySet<string> },
): Promise<GradeResult[]> {
  const interrupted: GradeResult[] = [];
  for (const { submission, fileKey } of submissions) {
    const alongside = journal.interrupted.get(fileKey);
    if (alongside === undefined) continue;
    const result = interruptedRow(submission, fileKey, alongside, done.keys, done.known);
    interrupted.push(result);
    await done.record(submission, result);
    writeReport(done.outDir, result);
  }
  return interrupted;
}

/**
 * Keeps the run's folder no longer than the run, also when it is interrupted
 * (Ctrl-C ends the process with exit()), and on Ctrl-C gives back to the
 * journal what was being graded. Returns what lets go of both.
 */
function holdRun(run: GradingRun, journal: GradingJournal): () => void {
  const removeRunFolder = (): void => run.removeNow();
  process.once("exit", removeRunFolder);
  // Ctrl-C: what was being graded is graded again next time. This runs first and steps
  // aside: the command's own handler (or the kernels' reaper, or Node's default) ends the process.
  const onInterrupt = (): void => {
    journal.abandonRunning();
    process.off("SIGINT", onInterrupt);
    if (process.listenerCount("SIGINT") === 0) process.kill(process.pid, "SIGINT");
  };
  process.prependListener("SIGINT", onInterrupt);
  return () => {
    process.off("exit", removeRunFolder);
    process.off("SIGINT", onInterrupt);
  };
}

/** The kernel snapshot, started now when it pays (snapshotWorthFrom); undefined when kernels start as tslab starts. */
function scheduleSnapshot(
  run: GradingRun,
  submissionsToGrade: number,
  options: BatchOptions,
  warn: (message: string) => void,
): Promise<KernelSource["snapshotBlob"]> {
  return (options.snapshot ?? true) && submissionsToGrade >= snapshotWorthFrom
    ? run.buildSnapshot(warn)
    : Promise.resolve(undefined);
}

/**
 * What every submission is graded with, but its kernels: the limits, and the
 * teacher's references (hidden inputs, variants, short runs), each made from
 * the kernels once they are ready. The hidden inputs' seed, null for none.
 */
export function gradingContext(
  options: Pick<
    BatchOptions,
    "timeoutSeconds" | "submissionTimeoutSeconds" | "memoryMb" | "fullTraining" | "hiddenSeed" | "hiddenWeight" | "variants"
  >,
  teacher: { keys: AnswerKey; checks: ReadonlyMap<string, LessonCheck>; lessons: ReadonlyMap<string, Notebook> },
  kernels: () => Promise<KernelSource>,
  warn: (message: string) => void,
): { context: Omit<GradingContext, "kernels">; hiddenSeed: number | null } {
  const base = {
    keys: teacher.keys,
    checks: teacher.checks,
    timeoutSeconds: options.timeoutSeconds,
    submissionTimeoutSeconds: options.submissionTimeoutSeconds ?? submissionCellsOfTime * options.timeoutSeconds,
    memoryMb: options.memoryMb,
    outputLimit: 100_000,
    quick: !(options.fullTraining ?? false),
  };
  const { lessons } = teacher;
  const hiddenSeed = options.hiddenSeed === undefined ? randomInt(0, 2 ** 32) : options.hiddenSeed;
  const hidden = hiddenSeed === null ? undefined : hiddenReferences({ ...base, lessons, runSeed: hiddenSeed, kernels }, warn);
  const variants =
    options.variants === undefined ? undefined : lessonVariants({ ...base, lessons, ...options.variants, kernels }, warn);
  const shortRun = base.quick ? shortRuns({ ...base, lessons, kernels }, warn) : undefined;
  return { context: { ...base, hidden, hiddenWeight: options.hiddenWeight, variants, shortRun }, hiddenSeed };
}

/**
 * Grades the submissions several at a time, each result recorded and
 * reported as it comes. The first failure that is not a submission's (a
 * kernel that cannot start) stops the rest: none of the untried ones gets a
 * row, and it is thrown.
 */
async function gradeAll(
  todo: ReadonlyArray<{ submission: Submission; fileKey: string }>,
  batch: {
    options: BatchOptions;
    context: Omit<GradingContext, "kernels">;
    run: GradingRun;
    snapshot: Promise<KernelSource["snapshotBlob"]>;
    journal: GradingJournal;
    record: ReturnType<typeof recorder>;
    outDir: string;
  },
): Promise<GradeResult[]> {
  const { options, context, run, snapshot, journal, record, outDir } = batch;
  let done = 0;
  let stoppedBy: Error | undefined;
  options.onProgress?.(0, todo.length);
  const graded = await inParallel(todo, options.jobs, async ({ submission, fileKey }, index) => {
    if (stoppedBy !== undefined) return undefined;
    // While the snapshot is built (a few seconds on one core), the first
    // submission runs on another core in a kernel started as tslab starts.
    const snapshotBlob = index === 0 && options.jobs > 1 ? undefined : await snapshot;
    let result: GradeResult;
    journal.started(fileKey);
    try {
      result = await gradeSubmission(submission, fileKey, { ...context, kernels: { run, snapshotBlob } });
    } catch (error) {
      stoppedBy ??= error instanceof Error ? error : new Error(String(error));
      journal.finished(fileKey);
      return undefined;
    }
    await record(submission, result);
    journal.finished(fileKey);
    writeReport(outDir, result);
    options.onProgress?.(++done, todo.length, result.row);
    return result;
  });
  if (stoppedBy !== undefined) throw stoppedBy;
  return graded.filter((result): result is GradeResult => result !== undefined);
}

/** A file whose name says another problem than its contents, for the summary. */
export function fileNameNotices(results: readonly GradeResult[]): string[] {
  return results.flatMap((result) =>
    result.row.reason
      .split("; ")
      .filter((part) => part.startsWith("the file name says"))
      .map((note) => `${result.row.file}: ${note}`),
  );
}

/** Where a run starts from, local or through a queue. */
export interface BatchStart {
  gradebook: Gradebook;
  courseRun: CourseRun;
  submissions: Array<{ submission: Submission; fileKey: string }>;
  record: ReturnType<typeof recorder>;
  /** For the summary: the same student twice, and what an earlier run died on. */
  notices: string[];
  /** The rows of what an earlier run died on, recorded now. */
  interrupted: GradeResult[];
  /** What is to be graded. */
  todo: Array<{ submission: Submission; fileKey: string }>;
}

/**
 * Opens the gradebooks, finds the submissions, records what an earlier run
 * died on, and picks what is to be graded: a file not graded yet, handed in
 * again in its place, or graded for an older version of its lesson
 * (everything with --regrade).
 */
export async function startBatch(
  options: Pick<BatchOptions, "inputs" | "lessonsDir" | "regrade">,
  run: { keys: AnswerKey; known: ReadonlySet<string>; outDir: string; journal: GradingJournal },
): Promise<BatchStart> {
  const { keys, known, outDir, journal } = run;
  const gradebook = await Gradebook.open(path.join(outDir, "gradebook.csv"));
  const submissions = findSubmissions(options, outDir);
  const courseRun = await CourseRun.open({
    outDir,
    inputs: options.inputs,
    lessonsDir: options.lessonsDir,
    keys,
    kind: options.regrade ? "regrade" : "grade",
  });
  try {
    const record = recorder(courseRun, gradebook);
    const notices = noteDuplicates(submissions, known);
    const interrupted = await recordInterrupted(submissions, journal, { record, outDir, keys, known });
    notices.push(...interrupted.map((result) => `${result.row.file}: ${result.row.reason}`));
    journal.clear();
    const todo = submissions.filter(
      ({ submission, fileKey }) =>
        !journal.interrupted.has(fileKey) &&
        (options.regrade || !gradebook.has(fileKey) || courseRun.isOutdated(submission.file)),
    );
    return { gradebook, courseRun, submissions, record, notices, interrupted, todo };
  } catch (error) {
    courseRun.finish();
    throw error;
  }
}

export async function gradeBatch(options: BatchOptions): Promise<BatchSummary> {
  const started = performance.now();
  const warn = options.onWarning ?? (() => undefined);
  // Imported when the grader started: nothing a submission does later can change it.
  const keys = answerKey;
  const sandbox = chooseSandbox(options.unsafeNoSandbox ?? false, warn);
  const { checks, lessons } = loadLessonChecks(options.lessonsDir, keys, warn);
  const known = new Set(checks.keys());
  const outDir = path.resolve(options.outDir);
  fs.mkdirSync(path.join(outDir, "reports"), { recursive: true });
  const journal = GradingJournal.open(outDir);
  let course: CourseRun | undefined;
  try {
    const start = await startBatch(options, { keys, known, outDir, journal });
    course = start.courseRun;
    const { gradebook, submissions, record, notices, interrupted, todo } = start;
    const run = GradingRun.create({ keys, sandbox, memoryMb: options.memoryMb });
    const letGo = holdRun(run, journal);
    const snapshot = scheduleSnapshot(run, todo.length, options, warn);
    const kernels = (): Promise<KernelSource> => snapshot.then((blob) => ({ run, snapshotBlob: blob }));
    const { context, hiddenSeed } = gradingContext(options, { keys, checks, lessons }, kernels, warn);
    try {
      const results = [...interrupted, ...(await gradeAll(todo, { options, context, run, snapshot, journal, record, outDir }))];
      notices.push(...fileNameNotices(results));
      return {
        found: submissions.length,
        skipped: submissions.length - todo.length - interrupted.length,
        results,
        gradebook: gradebook.path,
        seconds: (performance.now() - started) / 1000,
        sandbox: describeOsSandbox(sandbox),
        notices,
        ...(hiddenSeed === null ? {} : { hiddenSeed }),
      };
    } finally {
      await snapshot;
      letGo();
      await run.close();
    }
  } finally {
    course?.finish();
    journal.close();
  }
}
