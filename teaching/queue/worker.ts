/**
 * A grading worker: pulls jobs from the queue and grades each as local
 * grading does (the same sandbox, kernels from a snapshot, the teacher's
 * references per lesson made once), against its own lessons checkout. It
 * refuses, and stops, on a job of another lessons version; a machine that
 * cannot start grading kernels puts its job back and stops too, so that no
 * submission is given a row for the machine's fault.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DelayedError, type Job, Worker } from "bullmq";
import { answerKey } from "dlfs/answer-key";
import { chooseSandbox, gradingContext, loadLessonChecks } from "../grader/grade-batch";
import { gradeSubmission, type GradingContext } from "../grader/grade-submission";
import { GradingRun } from "../grader/grading-run";
import { GradingSetupError, type KernelSource } from "../grader/run-submission";
import { connectionOf, keyPrefix, metaClient, metaKeys, queueName, reachQueue } from "./connection";
import { type GradingJobData, type GradingJobResult, type GradingSettings, lessonsVersion, type WorkerIdentity } from "./jobs";

export interface WorkerOptions {
  queue: string;
  lessonsDir: string;
  /** Submissions graded at a time (kernels at a time). */
  jobs: number;
  snapshot: boolean;
  /** A submission whose worker dies this many times is failed (the collector records it crashed). */
  maxCrashes: number;
  /** How long a job's lock lasts without its worker renewing it (a dead worker's job is free after this). */
  lockMs: number;
  /** How often workers look for jobs whose worker died (BullMQ's stalled-job check). */
  stalledCheckMs: number;
  /** How long to wait at start for Redis to answer. */
  connectSeconds: number;
  /** Lines for the person who started the worker (one per job started and graded). */
  log: (line: string) => void;
}

/** Why a worker stopped of its own accord: it must not grade here (another lessons version, no kernels). */
export class WorkerRefusal extends Error {}

/** What grading with one set of settings needs: its run (kernels, snapshot) and its context. */
interface Setup {
  run: GradingRun;
  context: GradingContext;
}

/** A running worker: `stopped` settles when it ends (rejected with a WorkerRefusal when it refused). */
export interface RunningWorker {
  stopped: Promise<void>;
  /** Stops taking jobs, lets the running ones finish, and ends. */
  stop(): Promise<void>;
}

export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const keys = answerKey;
  const warn = (message: string): void => options.log(`warning: ${message}`);
  // Never without the operating system's sandbox: a kernel outside it could reach Redis, and so every job.
  const sandbox = chooseSandbox(false, warn);
  const { checks, lessons } = loadLessonChecks(options.lessonsDir, keys, warn);
  const version = lessonsVersion(options.lessonsDir, keys);
  const identity: WorkerIdentity = { host: os.hostname(), pid: process.pid, node: process.version };
  await reachQueue(options.queue, options.connectSeconds);
  await refuseOtherVersion(options.queue, version);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "dlfs-worker-"));
  const setups = new Map<string, Promise<Setup>>();
  const setupFor = (settings: GradingSettings): Promise<Setup> => {
    const id = JSON.stringify(settings);
    let setup = setups.get(id);
    if (setup === undefined) {
      const run = GradingRun.create({ keys, sandbox, memoryMb: settings.memoryMb });
      const snapshot = options.snapshot ? run.buildSnapshot(warn) : Promise.resolve(undefined);
      const kernels = (): Promise<KernelSource> => snapshot.then((blob) => ({ run, snapshotBlob: blob }));
      const { context } = gradingContext(settings, { keys, checks, lessons }, kernels, warn);
      setup = kernels().then((source) => ({ run, context: { ...context, kernels: source } }));
      setups.set(id, setup);
    }
    return setup;
  };

  let refusal: WorkerRefusal | undefined;
  let stopAfterRefusal: () => void = () => undefined;
  const refuse = async (job: Job<GradingJobData>, token: string | undefined, why: string): Promise<never> => {
    refusal ??= new WorkerRefusal(why);
    // Back to the queue for a worker that can grade it; this one stops.
    await job.moveToDelayed(Date.now() + 1000, token);
    stopAfterRefusal();
    throw new DelayedError();
  };

  const grade = async (job: Job<GradingJobData>, token?: string): Promise<GradingJobResult> => {
    const data = job.data;
    if (data.lessonsVersion !== version) {
      const current = await queueVersion(options.queue);
      // A job left from an earlier version of the lessons: no collector of now waits for it.
      if (current === version)
        throw new Error(
          `enqueued for lessons version ${data.lessonsVersion}, which this queue no longer grades (it grades ${version} now): run the collector again`,
        );
      return refuse(
        job,
        token,
        `the job of ${data.fileKey} is for lessons version ${data.lessonsVersion}, and this worker has ${version} (${options.lessonsDir}): run every worker on the collector's lessons commit and the same npm ci`,
      );
    }
    options.log(`grading ${data.fileKey} (job ${job.id ?? "?"})`);
    const folder = fs.mkdtempSync(path.join(scratch, "job-"));
    try {
      const file = path.join(folder, path.basename(data.name));
      fs.writeFileSync(file, Buffer.from(data.content, "base64"));
      const { context } = await setupFor(data.settings);
      // No student's name: the collector makes the row each submission's own.
      const result = await gradeSubmission({ file, student: "submission", found: "named" }, data.fileKey, context);
      const { row } = result;
      options.log(`graded ${data.fileKey}: ${row.status} ${row.points}/${row.max} (job ${job.id ?? "?"})`);
      return { result, worker: identity };
    } catch (error) {
      // The grader's own failure (no kernel, a full disk, a bug) is this machine's, never the submission's:
      // the job goes back for another worker and this one stops, as local grading stops.
      const why =
        error instanceof GradingSetupError
          ? `grading kernels cannot start here: ${error.message}`
          : `grading failed here: ${error instanceof Error ? error.message : String(error)}`;
      return refuse(job, token, why);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  };

  const worker = new Worker<GradingJobData, GradingJobResult>(queueName, grade, {
    connection: connectionOf(options.queue),
    prefix: keyPrefix,
    concurrency: options.jobs,
    maxStalledCount: options.maxCrashes - 1,
    lockDuration: options.lockMs,
    stalledInterval: options.stalledCheckMs,
  });
  // Redis gone for a while: BullMQ reconnects by itself. Each message once a minute at most.
  const said = new Map<string, number>();
  worker.on("error", (error) => {
    const now = Date.now();
    if (now - (said.get(error.message) ?? -Infinity) < 60_000) return;
    said.set(error.message, now);
    options.log(`warning: the queue: ${error.message}`);
  });
  await worker.waitUntilReady();
  options.log(
    `worker ${identity.host}:${identity.pid} (Node ${identity.node}) grades lessons version ${version}, ${options.jobs} at a time`,
  );

  let ended: (error?: Error) => void = () => undefined;
  const stopped = new Promise<void>((resolve, reject) => {
    ended = (error) => (error === undefined ? resolve() : reject(error));
  });
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      await worker.close();
      for (const setup of setups.values()) await (await setup).run.close();
      fs.rmSync(scratch, { recursive: true, force: true });
      ended(refusal);
    })();
    return stopping;
  };
  stopAfterRefusal = () => void stop();
  return { stopped, stop };
}

/** The lessons version the last collector published for the queue, if any. */
async function queueVersion(url: string): Promise<string | null> {
  const client = metaClient(url);
  try {
    return await client.get(metaKeys.lessonsVersion);
  } finally {
    client.disconnect();
  }
}

/** At start: the lessons version the collector published for the queue must be this worker's. */
async function refuseOtherVersion(url: string, version: string): Promise<void> {
  const wanted = await queueVersion(url);
  if (wanted !== null && wanted !== version)
    throw new WorkerRefusal(
      `the queue grades lessons version ${wanted}, and this worker has ${version}: check out the collector's lessons commit, run npm ci, and start the worker again`,
    );
}
