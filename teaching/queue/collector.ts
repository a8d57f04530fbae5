/**
 * The teacher's side of queue mode: finds the submissions as local grading
 * does, enqueues each one not graded yet (one job per distinct content,
 * lesson version and settings), and records each result in the course
 * gradebook as it arrives. It holds nothing the queue does not: stopped and
 * started again, it finds the jobs already done among the queue's completed
 * ones and records them. A job the queue lost (a Redis without persistence
 * that restarted) is enqueued again.
 */
import { randomInt } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { performance } from "perf_hooks";
import { Job, type JobsOptions, Queue, QueueEvents } from "bullmq";
import { answerKey } from "dlfs/answer-key";
import { type CourseRun, contentHash, lessonInfos, readRegularFile, sha256 } from "../gradebook/index";
import {
  type BatchOptions,
  type BatchSummary,
  fileNameNotices,
  loadLessonChecks,
  startBatch,
  writeReport,
} from "../grader/grade-batch";
import { clip, type GradeResult, submissionCellsOfTime, zeroPointResult } from "../grader/grade-submission";
import { GradingJournal } from "../grader/journal";
import { loadSubmission, type Submission } from "../grader/submission";
import { connectionOf, keyPrefix, metaClient, metaKeys, queueName, reachQueue, shownUrl } from "./connection";
import {
  type GradingJobData,
  type GradingJobResult,
  type GradingSettings,
  jobIdOf,
  lessonsVersion,
  reviveResult,
  type WorkerIdentity,
} from "./jobs";

export interface QueueBatchOptions extends Omit<BatchOptions, "jobs" | "snapshot" | "unsafeNoSandbox" | "variants"> {
  /** The Redis URL of the queue. */
  queue: string;
  /** How often every job still awaited is looked up (besides the queue's events). Default 5 s. */
  sweepMs?: number;
  /** How long to wait at start for Redis to answer. Default 30 s. */
  connectSeconds?: number;
}

/** A submission waiting for its job, with what is its own beside the job's result (its notes). */
interface Awaited {
  submission: Submission;
  fileKey: string;
  notes: string[];
}

/** The largest file a job carries (the grader reads no larger notebook). */
const maxSubmissionBytes = 20 * 1024 * 1024;

/** A file that changed between being found and being enqueued (a folder still being copied). */
class SubmissionChangedError extends Error {}

/**
 * A job's result is graded without a name (a job is shared by every file of
 * the same bytes): the row is made the submission's own, its notes among the
 * reason's parts where local grading puts them (after what was flagged).
 */
function ownResult(graded: GradeResult, { submission, fileKey, notes }: Awaited): GradeResult {
  const parts = graded.row.reason === "" ? [] : graded.row.reason.split("; ");
  const flagged = parts.findIndex((part) => !part.startsWith("flagged: "));
  const at = flagged === -1 ? parts.length : graded.row.status === "invalid" ? Math.max(flagged, 1) : flagged;
  const reason = clip([...parts.slice(0, at), ...notes.map((note) => note.replace(/\.$/, "")), ...parts.slice(at)].join("; "));
  return { ...graded, row: { ...graded.row, student: submission.student, file: fileKey, reason } };
}

/** What the worker that died on a job said, as the row's reason. */
function crashedReason(failedReason: string, attempts: number, submission: Submission): string {
  const died = /stalled more than allowable limit/.test(failedReason)
    ? `the worker grading this submission died ${attempts} time(s) (killed, or its machine lost)`
    : `the worker grading this submission failed: ${failedReason}`;
  return clip(
    `${died}, so it was not run again; to see why, grade it alone: npm run grade -- ${JSON.stringify(submission.file)} --regrade`,
  );
}

export async function gradeThroughQueue(options: QueueBatchOptions): Promise<BatchSummary> {
  const started = performance.now();
  await reachQueue(options.queue, options.connectSeconds ?? 30);
  const warn = options.onWarning ?? (() => undefined);
  const keys = answerKey;
  const { checks } = loadLessonChecks(options.lessonsDir, keys, warn);
  const known = new Set(checks.keys());
  const version = lessonsVersion(options.lessonsDir, keys);
  const lessonVersions = new Map(lessonInfos(options.lessonsDir, keys).map((info) => [info.problem, info.version]));
  const outDir = path.resolve(options.outDir);
  fs.mkdirSync(path.join(outDir, "reports"), { recursive: true });
  const journal = GradingJournal.open(outDir);
  const meta = metaClient(options.queue);
  const connection = connectionOf(options.queue);
  const queue = new Queue<GradingJobData, GradingJobResult>(queueName, { connection, prefix: keyPrefix });
  const events = new QueueEvents(queueName, { connection, prefix: keyPrefix });
  queue.on("error", () => undefined); // reconnecting: the sweep catches up
  events.on("error", () => undefined);
  let course: CourseRun | undefined;
  try {
    const start = await startBatch(options, { keys, known, outDir, journal });
    course = start.courseRun;
    const { gradebook, submissions, record, notices, interrupted, todo } = start;
    await meta.set(metaKeys.lessonsVersion, version);
    const hiddenSeed = await queueHiddenSeed(meta, options.hiddenSeed);
    const settings: GradingSettings = {
      timeoutSeconds: options.timeoutSeconds,
      submissionTimeoutSeconds: options.submissionTimeoutSeconds ?? submissionCellsOfTime * options.timeoutSeconds,
      memoryMb: options.memoryMb,
      fullTraining: options.fullTraining ?? false,
      hiddenSeed,
      ...(options.hiddenWeight === undefined ? {} : { hiddenWeight: options.hiddenWeight }),
    };

    const results: GradeResult[] = [];
    let done = 0;
    options.onProgress?.(0, todo.length);
    // One result at a time into the gradebook (its writes are whole transactions, in order).
    // A result that cannot be written (a full disk) stops the run: waiting on would lose the rest.
    let writing = Promise.resolve();
    let failedWrite: Error | undefined;
    const recordResult = (awaited: Awaited, result: GradeResult): Promise<void> =>
      (writing = writing
        .then(async () => {
          await record(awaited.submission, result);
          writeReport(outDir, result);
          results.push(result);
          options.onProgress?.(++done, todo.length, result.row);
        })
        .catch((error: unknown) => {
          failedWrite ??= error instanceof Error ? error : new Error(String(error));
        }));

    // Files that are no notebook of these lessons need no kernel: their rows now.
    const byJob = new Map<string, Awaited[]>();
    const problems = new Map<string, string>();
    const hashes = new Map<string, string>();
    for (const { submission, fileKey } of todo) {
      const loaded = loadSubmission(submission, known);
      if (!loaded.ok) {
        const awaited = { submission, fileKey, notes: [] };
        const reason = clip([loaded.reason, ...(submission.notes ?? [])].join("; "));
        const row = {
          student: submission.student,
          problem: loaded.problem,
          status: "invalid" as const,
          reason,
          seconds: 0,
          file: fileKey,
        };
        await recordResult(awaited, zeroPointResult(row, keys));
        continue;
      }
      const hash = contentHash(submission.file);
      const jobId = jobIdOf(hash, lessonVersions.get(loaded.problem) ?? "none", version, settings);
      const own = { submission, fileKey, notes: [...(submission.notes ?? []), ...loaded.notes] };
      byJob.set(jobId, [...(byJob.get(jobId) ?? []), own]);
      problems.set(jobId, loaded.problem);
      hashes.set(jobId, hash);
    }
    // A job as it is enqueued: the file read now (a class's files are not all held in memory at
    // once), and only if its bytes are still those its id names. No name, no notes: the job is
    // every file of these bytes, whoever handed it in.
    const jobOf = (jobId: string): { name: string; data: GradingJobData; opts: JobsOptions } => {
      const [{ submission, fileKey }] = byJob.get(jobId) ?? [];
      const problem = problems.get(jobId) ?? "";
      const bytes = readRegularFile(submission.file, maxSubmissionBytes);
      if (bytes === undefined || sha256(bytes) !== hashes.get(jobId))
        throw new SubmissionChangedError(
          `${submission.file} changed after it was found (a folder still being copied?): run the same command again when the folder is complete`,
        );
      const data: GradingJobData = {
        lessonsVersion: version,
        settings,
        fileKey,
        name: `${problem}.ipynb`,
        content: bytes.toString("base64"),
      };
      return { name: problem, data, opts: { jobId, removeOnComplete: false, removeOnFail: false } };
    };
    const jobIds = [...byJob.keys()];
    // --regrade: finished jobs are graded again (one being graded now is left to finish).
    if (options.regrade) for (const jobId of jobIds) await queue.remove(jobId).catch(() => 0);
    // An id the queue has already (finished, or waiting) is left as it is: the same file is not graded twice.
    for (let at = 0; at < jobIds.length; at += 200) await queue.addBulk(jobIds.slice(at, at + 200).map(jobOf));

    const nodes = new Set<string>();
    // Said once until it changes: a wait of hours must not fill the teacher's screen.
    let lastSaid = "";
    const sayOnce = (message: string): void => {
      if (message !== lastSaid) warn(message);
      lastSaid = message;
    };
    const arrive = async (jobId: string): Promise<void> => {
      const waiting = byJob.get(jobId);
      if (waiting === undefined) return;
      // The state first, and the job read only once it is finished: a waiting job's bytes are not fetched.
      const state = await queue.getJobState(jobId);
      if (byJob.get(jobId) !== waiting) return; // recorded meanwhile
      if (state === "unknown") {
        // The queue lost it (Redis restarted without its data): enqueue it again.
        const again = jobOf(jobId);
        await queue.add(again.name, again.data, again.opts);
        return;
      }
      if (state !== "completed" && state !== "failed") return;
      const job = await Job.fromId<GradingJobData, GradingJobResult>(queue, jobId);
      if (job === undefined || byJob.get(jobId) !== waiting) return;
      let outcome: (awaited: Awaited) => GradeResult;
      if (state === "completed") {
        const value = job.returnvalue as GradingJobResult | null;
        if (value?.result === undefined || value.worker === undefined)
          throw new Error(`job ${jobId} is completed without a result (a worker of another grader version?)`);
        noteWorker(nodes, value.worker, warn);
        const graded = reviveResult(value.result);
        outcome = (awaited) => ownResult(graded, awaited);
      } else {
        const reason = job.failedReason;
        outcome = (awaited) => {
          const { submission, fileKey } = awaited;
          const problem = problems.get(jobId) ?? "";
          const why = crashedReason(reason, job.stalledCounter, submission);
          const row = {
            student: submission.student,
            problem,
            status: "crashed" as const,
            reason: why,
            seconds: 0,
            file: fileKey,
          };
          return ownResult(zeroPointResult(row, keys, [why]), awaited);
        };
      }
      // Looked up twice at once (an event and the sweep): recorded by the first only.
      if (byJob.get(jobId) !== waiting) return;
      byJob.delete(jobId);
      for (const awaited of waiting) await recordResult(awaited, outcome(awaited));
      // Recorded: the bytes are not needed any more (a course's finished jobs keep only their results).
      await job.updateData({ ...job.data, content: "" }).catch(() => undefined);
    };
    const sweep = async (): Promise<void> => {
      const ids = [...byJob.keys()];
      for (let at = 0; at < ids.length; at += 200) await Promise.all(ids.slice(at, at + 200).map(arrive));
      if ((await queue.getWorkersCount()) === 0)
        sayOnce(
          `no worker is taking jobs from ${shownUrl(options.queue)}: start npm run grade:worker -- --queue <url> on the grading machines (${byJob.size} submission(s) waiting)`,
        );
      else lastSaid = "";
    };

    const finishedIds: string[] = [];
    let wake: () => void = () => undefined;
    const onFinished = ({ jobId }: { jobId: string }): void => {
      finishedIds.push(jobId);
      wake();
    };
    events.on("completed", onFinished);
    events.on("failed", onFinished);
    const sweepMs = options.sweepMs ?? 5000;
    let lastSweep = -Infinity;
    while (byJob.size > 0 && failedWrite === undefined) {
      if (performance.now() - lastSweep >= sweepMs) {
        lastSweep = performance.now();
        await sweep().catch((error: unknown) => {
          if (error instanceof SubmissionChangedError) throw error;
          sayOnce(`the queue: ${error instanceof Error ? error.message : String(error)} (trying again)`);
        });
      }
      // An event whose job cannot be read now is left to the next sweep.
      for (const jobId of finishedIds.splice(0)) await arrive(jobId).catch(() => undefined);
      if (byJob.size === 0 || failedWrite !== undefined) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(sweepMs, 1000));
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    await writing;
    if (failedWrite !== undefined) throw failedWrite;
    const all = [...interrupted, ...results];
    notices.push(...fileNameNotices(all));
    return {
      found: submissions.length,
      skipped: submissions.length - todo.length - interrupted.length,
      results: all,
      gradebook: gradebook.path,
      seconds: (performance.now() - started) / 1000,
      sandbox: `the workers' (queue ${shownUrl(options.queue)}, ${nodes.size === 0 ? "no worker seen" : [...nodes].join(", ")})`,
      notices,
      ...(hiddenSeed === null ? {} : { hiddenSeed }),
    };
  } finally {
    course?.finish();
    journal.close();
    await events.close();
    await queue.close();
    meta.disconnect();
  }
}

/** The hidden inputs' seed: as given, or the queue's own (made by the first collector), so that the same file maps to the same job run after run. */
async function queueHiddenSeed(meta: ReturnType<typeof metaClient>, given: number | null | undefined): Promise<number | null> {
  if (given !== undefined) return given;
  await meta.set(metaKeys.hiddenSeed, String(randomInt(0, 2 ** 32)), "NX");
  return Number(await meta.get(metaKeys.hiddenSeed));
}

/** Every worker should run the same Node: a second one is warned about once. */
function noteWorker(nodes: Set<string>, worker: WorkerIdentity, warn: (message: string) => void): void {
  if (nodes.has(worker.node)) return;
  nodes.add(worker.node);
  if (nodes.size > 1)
    warn(
      `workers run different Node versions (${[...nodes].join(", ")}): grades may differ by a last digit; run one Node everywhere`,
    );
}
