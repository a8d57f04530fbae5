// Times grading through the queue (npm run grade -- --queue, npm run
// grade:worker) against grading on this machine, on one class of made-up
// submissions of one lesson (by default 30 of lesson 213, each file distinct,
// two thirds correct and a third as handed out): local grading with --jobs
// 1 and 2, one worker with --jobs 1 and 2 (the same kernels at a time as
// local: their difference is the queue's overhead), then 2 and 4 workers of
// one job each. Redis is a redis-server of its own on a free port, emptied
// between runs (every run grades everything). Workers are started and ready
// before the clock starts, as long-lived workers are; their kernel snapshot
// is built on their first job, inside the time, as local grading builds its own.
//
//   npm run bench:queue [-- --lesson 209] [-- --count 30] [-- --only local-2,worker-1x2] [-- --rounds 3]
//
// The last line printed is JSON: per setup the medians over the rounds (the setups
// alternate) of {"seconds", "cpu_seconds", "per_submission_seconds", "submissions_per_minute"},
// and "overhead_per_job" (one worker against local, same --jobs: seconds and CPU-s per job,
// and throughput_ratio, local's time over the worker's).
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { exitCodes, readNotebook, runCommand, serializeNotebook } from "../jupyter-client";
import { defaultLessonsDir, gradeBatch, gradeThroughQueue, lessonFiles, studentVersion } from "../teaching";

const { values: args } = parseArgs({
  options: {
    lesson: { type: "string", default: "213" },
    count: { type: "string", default: "30" },
    only: { type: "string" },
    rounds: { type: "string", default: "1" },
  },
});
const count = Number(args.count);
if (!Number.isInteger(count) || count < 1) throw new Error(`--count must be a whole number >= 1, got ${args.count}`);
const rounds = Number(args.rounds);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a whole number >= 1, got ${args.rounds}`);

/** A run: graded locally or through the queue, by `workers` workers of `jobs` kernels each. */
interface Setup {
  name: string;
  workers: number;
  jobs: number;
}
const allSetups: Setup[] = [
  { name: "local-1", workers: 0, jobs: 1 },
  { name: "worker-1x1", workers: 1, jobs: 1 },
  { name: "local-2", workers: 0, jobs: 2 },
  { name: "worker-1x2", workers: 1, jobs: 2 },
  { name: "workers-2x1", workers: 2, jobs: 1 },
  { name: "workers-4x1", workers: 4, jobs: 1 },
];
const setups = args.only === undefined ? allSetups : allSetups.filter((setup) => args.only!.split(",").includes(setup.name));
if (setups.length === 0) throw new Error(`--only names none of ${allSetups.map((setup) => setup.name).join(", ")}`);

const lessonFile = lessonFiles(defaultLessonsDir).find((file) => path.basename(file).startsWith(`${args.lesson}_`));
if (lessonFile === undefined) throw new Error(`no lesson ${args.lesson} in ${defaultLessonsDir}`);
const lesson = readNotebook(lessonFile);
const handout = studentVersion(lesson, lessonFile);
const submissions = fs.mkdtempSync(path.join(os.tmpdir(), "dlfs-bench-queue-"));
for (let i = 0; i < count; i++) {
  const notebook = i < count - Math.round(count / 3) ? lesson : handout;
  // Each file its own content: identical files would be one job.
  const distinct = { ...notebook, metadata: { ...notebook.metadata, submission: i } };
  fs.writeFileSync(
    path.join(submissions, `student${String(i + 1).padStart(3, "0")}_${args.lesson}.ipynb`),
    serializeNotebook(distinct),
  );
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function startRedis(port: number, dir: string): Promise<ChildProcess> {
  const server = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", ""], {
    stdio: "ignore",
  });
  for (
    let tries = 0;
    spawnSync("redis-cli", ["-p", String(port), "ping"], { encoding: "utf8" }).stdout.trim() !== "PONG";
    tries++
  ) {
    if (tries > 100) throw new Error("redis-server did not start");
    await sleep(100);
  }
  return server;
}

/** A worker process, resolved once it waits for jobs. */
async function startWorker(url: string, jobs: number): Promise<ChildProcess> {
  const worker = spawn(
    process.execPath,
    ["--import", "tsx", path.join(__dirname, "..", "teaching", "grade-worker.ts"), "--queue", url, "--jobs", String(jobs)],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  await new Promise<void>((resolve, reject) => {
    let said = "";
    worker.stdout.on("data", (chunk: Buffer) => {
      said += chunk.toString();
      if (said.includes("waiting for jobs")) resolve();
    });
    worker.once("exit", (code) => reject(new Error(`a worker exited (${code}): ${said}`)));
  });
  return worker;
}

/** CPU seconds of this process and of its children that have ended (workers, kernels). */
function cpuSeconds(): number {
  const own = process.cpuUsage();
  const fields = fs.readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
  // After "pid (comm) ": cutime and cstime are fields 16 and 17, at 13 and 14 here; 100 ticks a second.
  return (own.user + own.system) / 1e6 + (Number(fields[13]) + Number(fields[14])) / 100;
}

interface Figures {
  seconds: number;
  /** CPU of the grader, the workers and every kernel: less at the mercy of other work on the machine than the seconds. */
  cpu_seconds: number;
  per_submission_seconds: number;
  submissions_per_minute: number;
}

async function gradeOnce(setup: Setup, url: string, port: number): Promise<Figures> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "dlfs-bench-queue-grades-"));
  const common = {
    inputs: [submissions],
    outDir: out,
    regrade: true,
    timeoutSeconds: 60,
    memoryMb: 1024,
    lessonsDir: defaultLessonsDir,
    hiddenSeed: 1,
    onWarning: (message: string) => console.error(`warning: ${message}`),
  };
  spawnSync("redis-cli", ["-p", String(port), "flushall"]);
  const cpuBefore = cpuSeconds();
  let seconds: number;
  const workers = await Promise.all(Array.from({ length: setup.workers }, () => startWorker(url, setup.jobs)));
  try {
    const summary =
      setup.workers === 0
        ? await gradeBatch({ ...common, jobs: setup.jobs })
        : await gradeThroughQueue({ ...common, queue: url, sweepMs: 1000 });
    seconds = summary.seconds;
  } finally {
    for (const worker of workers) worker.kill("SIGTERM");
    await Promise.all(
      workers.map((worker) => new Promise((resolve) => (worker.exitCode === null ? worker.once("exit", resolve) : resolve(0)))),
    );
    fs.rmSync(out, { recursive: true, force: true });
  }
  const cpu = cpuSeconds() - cpuBefore;
  const figures = {
    seconds: round(seconds),
    cpu_seconds: round(cpu),
    per_submission_seconds: round(seconds / count),
    submissions_per_minute: round((60 * count) / seconds),
  };
  console.log(
    `${setup.name}: ${count} submissions in ${figures.seconds} s (${figures.cpu_seconds} CPU-s), ${figures.submissions_per_minute} a minute`,
  );
  return figures;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

async function main(): Promise<number> {
  console.log(
    `grading ${count} submissions of ${path.basename(lessonFile!)} on ${os.availableParallelism()} cores (they bound every figure)`,
  );
  const port = await freePort();
  const redisDir = fs.mkdtempSync(path.join(os.tmpdir(), "dlfs-bench-redis-"));
  const redis = await startRedis(port, redisDir);
  const url = `redis://127.0.0.1:${port}/0`;
  const runs = new Map<string, Figures[]>(setups.map((setup) => [setup.name, []]));
  try {
    for (let round = 0; round < rounds; round++)
      for (const setup of setups) runs.get(setup.name)?.push(await gradeOnce(setup, url, port));
  } finally {
    redis.kill("SIGTERM");
    fs.rmSync(submissions, { recursive: true, force: true });
    fs.rmSync(redisDir, { recursive: true, force: true });
  }
  // Medians over the rounds.
  const results: Record<string, Figures> = {};
  for (const [name, figures] of runs) {
    const of = (pick: (f: Figures) => number): number => round(median(figures.map(pick)));
    results[name] = {
      seconds: of((f) => f.seconds),
      cpu_seconds: of((f) => f.cpu_seconds),
      per_submission_seconds: of((f) => f.per_submission_seconds),
      submissions_per_minute: of((f) => f.submissions_per_minute),
    };
  }
  const overhead = (local?: Figures, queued?: Figures): object | undefined =>
    local && queued
      ? {
          seconds: round((queued.seconds - local.seconds) / count),
          cpu_seconds: round((queued.cpu_seconds - local.cpu_seconds) / count),
          throughput_ratio: round(local.seconds / queued.seconds),
        }
      : undefined;
  console.log(
    JSON.stringify({
      submissions: count,
      rounds,
      cores: os.availableParallelism(),
      ...results,
      overhead_per_job: {
        jobs_1: overhead(results["local-1"], results["worker-1x1"]),
        jobs_2: overhead(results["local-2"], results["worker-1x2"]),
      },
    }),
  );
  return exitCodes.ok;
}

runCommand("bench-queue", main, "user errors");
