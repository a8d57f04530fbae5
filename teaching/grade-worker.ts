/**
 * `npm run grade:worker -- --queue redis://host:6379/0`: a grading worker.
 * Pulls the jobs `npm run grade -- <submissions> --queue <url>` enqueued and
 * grades each in the same sandbox as local grading, against this checkout's
 * lessons; runs until stopped (Ctrl-C or SIGTERM: the jobs it is grading finish first).
 */
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";
import { exitCodes, messageOf, runCommand, UsageError, usageMessage } from "../jupyter-client";
import { defaultLessonsDir } from "./lessons";
import { NoSandboxError } from "./grader/grade-batch";
import { queueUrl, shownUrl } from "./queue/connection";
import { startWorker, WorkerRefusal, type WorkerOptions } from "./queue/worker";

/** Beyond the common exit codes: this machine must not grade (no sandbox, another lessons version, no kernels). */
const cannotGradeHere = 3;

const defaults = { jobs: os.availableParallelism(), maxCrashes: 2, lockSeconds: 30, stalledCheckSeconds: 30, connectSeconds: 30 };

const help = `A grading worker: grades the submissions that npm run grade -- <submissions> --queue <url>
put in the queue, each in a fresh kernel inside the operating-system sandbox, as local grading does.

Usage:
  npm run grade:worker -- --queue redis://host:6379/0 [options]

Start one on each machine that grades (a systemd service, a Kubernetes Deployment: teaching/README.md,
"Grading a MOOC"). Every worker must run the collector's lessons commit (after npm ci) and the same
Node: a worker refuses jobs of another lessons version, and says so. A worker that dies mid-job (killed,
its machine lost) leaves the job to another after the stalled-job check.

Options:
  --queue <url>            the Redis of the queue (required; or the environment's DLFS_QUEUE)
  --jobs <n>               submissions graded at a time (default ${defaults.jobs}, the number of cores)
  --lessons <dir>          the teacher's lessons (default notebooks)
  --no-snapshot            start every kernel as tslab does (slower)
  --max-crashes <n>        a submission whose worker died this many times is recorded crashed (default ${defaults.maxCrashes})
  --lock-seconds <s>       a dead worker's job is free again after this (default ${defaults.lockSeconds})
  --stalled-check-seconds <s>
                           how often workers look for jobs of dead workers (default ${defaults.stalledCheckSeconds})
  --connect-seconds <s>    how long to wait at start for Redis to answer (default ${defaults.connectSeconds}); once
                           running, a worker waits for a Redis that went away until it is back
  -h, --help               show this help

Exit status: 0 stopped (Ctrl-C, SIGTERM), 1 something else failed, 2 wrong command line,
3 refused: no sandbox, another lessons version than the queue's, or grading fails on this machine (no kernel starts, a full disk):
the job goes back to the queue for another worker.`;

function positive(value: string | undefined, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new UsageError(`${option} needs a positive number, not "${value}"`);
  return number;
}

function parseCommandLine(argv: string[]): Omit<WorkerOptions, "log"> | "help" {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      queue: { type: "string" },
      jobs: { type: "string" },
      lessons: { type: "string" },
      "no-snapshot": { type: "boolean", default: false },
      "max-crashes": { type: "string" },
      "lock-seconds": { type: "string" },
      "stalled-check-seconds": { type: "string" },
      "connect-seconds": { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) return "help";
  if (positionals.length > 0)
    throw new UsageError(`a worker takes no submissions (${positionals.join(", ")}): the collector enqueues them`);
  // From the environment too (a service's EnvironmentFile), so that a password is not on a command line ps shows.
  const queue = values.queue ?? process.env.DLFS_QUEUE;
  if (queue === undefined || queue === "") throw new UsageError("--queue <redis url> (or DLFS_QUEUE) is required");
  const maxCrashes = positive(values["max-crashes"], "--max-crashes", defaults.maxCrashes);
  const jobs = positive(values.jobs, "--jobs", defaults.jobs);
  if (!Number.isInteger(maxCrashes) || !Number.isInteger(jobs))
    throw new UsageError("--jobs and --max-crashes need whole numbers");
  return {
    queue: queueUrl(queue),
    jobs,
    lessonsDir: path.resolve(values.lessons ?? defaultLessonsDir),
    snapshot: !(values["no-snapshot"] ?? false),
    maxCrashes,
    lockMs: 1000 * positive(values["lock-seconds"], "--lock-seconds", defaults.lockSeconds),
    stalledCheckMs: 1000 * positive(values["stalled-check-seconds"], "--stalled-check-seconds", defaults.stalledCheckSeconds),
    connectSeconds: positive(values["connect-seconds"], "--connect-seconds", defaults.connectSeconds),
  };
}

async function main(argv: string[]): Promise<number> {
  let options: ReturnType<typeof parseCommandLine>;
  try {
    options = parseCommandLine(argv);
  } catch (error) {
    console.error(usageMessage("grade:worker", error));
    return exitCodes.usage;
  }
  if (options === "help") {
    console.log(help);
    return exitCodes.ok;
  }
  try {
    const worker = await startWorker({ ...options, log: (line) => console.log(line) });
    console.log(`waiting for jobs on ${shownUrl(options.queue)}`);
    const stop = (): void => {
      console.log("stopping: the jobs being graded finish first");
      void worker.stop();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    await worker.stopped;
    return exitCodes.ok;
  } catch (error) {
    if (error instanceof WorkerRefusal || error instanceof NoSandboxError) {
      console.error(`grade:worker: refused: ${error.message}.`);
      return cannotGradeHere;
    }
    console.error(`grade:worker: ${messageOf(error)}`);
    return exitCodes.failed;
  }
}

runCommand("grade:worker", () => main(process.argv.slice(2)), "bugs");
