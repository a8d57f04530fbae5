/**
 * `npm run grade -- <submissions...> --out <dir>`: grades student notebooks
 * in fresh sandboxed kernels against the answer key, into a gradebook CSV
 * and one HTML report per submission.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";
import { progressLine } from "dlfs";
import { exitCodes, messageOf, runCommand, UsageError, usageMessage } from "../jupyter-client";
import { defaultLessonsDir } from "./lessons";
import { type BatchOptions, gradeBatch, NoSandboxError } from "./grader/grade-batch";
import { submissionCellsOfTime } from "./grader/grade-submission";
import { GradingLockedError } from "./grader/journal";
import { GradingSetupError } from "./grader/run-submission";
import { gradeThroughQueue } from "./queue/collector";
import { queueUrl } from "./queue/connection";
import { defaultSecretFile, readCourseSecret, readVariantManifest, secretFingerprint } from "./variants";

/** Beyond the common exit codes: nothing could be graded here (no grading kernel, no sandbox); stopped by Ctrl-C. */
const cannotGradeHere = 3;
const interrupted = 130;

const defaults = { out: "grades", timeout: 30, memoryMb: 1024, jobs: os.availableParallelism() };
const submissionTimeoutOf = (timeout: number): number => submissionCellsOfTime * timeout;

const help = `Grade student notebooks against the answer key.

Usage:
  npm run grade -- <folder or notebook>... [--out <dir>] [options]

Each submission runs in a fresh TypeScript kernel inside an operating-system
sandbox (bubblewrap: its own PID and network namespaces, a read-only view of
the installed packages and no answer key), under Node's permission model as
a second fence. Without an OS sandbox the grader refuses, unless
--unsafe-no-sandbox. Kernels start from a snapshot of a started kernel made
once per run (the same compiler and types, a few times faster than starting
tslab). The
problem comes from the notebook's metadata (dlfs.problem) or its file name; a
folder per student ("kim/213_fruit_backward.ipynb") or the name in the file
("kim_213.ipynb") says whose it is.

Writes <dir>/gradebook.csv (one row per submission: student, problem, points,
max, status, reason, seconds, file), <dir>/reports/*.html, the course gradebook
<dir>/course.sqlite (every run, the grade per student and lesson under the
policy of course.json next to the submissions) and the class dashboard
<dir>/index.html. Results are written as they arrive; a re-run skips what is
already graded, and grades again a file handed in anew in its place or a
lesson that changed. npm run gradebook -- --help: the class, exports, feedback.

Options:
  --out <dir>         where the gradebook and reports go (default ${defaults.out})
  --regrade           grade again what the gradebook already has
  --timeout <s>       time limit per cell in seconds (default ${defaults.timeout})
  --submission-timeout <s>
                      time limit per submission in seconds (default ${submissionCellsOfTime} x --timeout)
  --memory-mb <n>     memory limit per kernel in MB (default ${defaults.memoryMb})
  --jobs <n>          kernels at the same time (default ${defaults.jobs}, the number of cores)
  --lessons <dir>     the teacher's lessons, whose check cells say what to grade (default notebooks)
  --no-snapshot       start every kernel as tslab starts (slower; for comparison)
  --unsafe-no-sandbox grade where no operating-system sandbox exists, with Node's permission
                      model as the only fence (a submission may then reach the machine)
  --full              grade the lessons that train on MNIST (237, 238) on their full training
                      and its final accuracies (about a minute per submission) instead of on their
                      short run (the default: a few hundred updates from the lesson's seeds,
                      every loss and accuracy compared with the teacher's lesson run the same way)
  --hidden-seed <n>   the seed of the hidden inputs (default: a new one per run, printed)
  --hidden-weight <w> how much of an answer's point needs the hidden inputs too, 0 to 1
                      (default 1: an answer counts when it is right on the lesson's data
                      and on hidden data; 0.5: half for the lesson's data alone)
  --no-hidden         grade on the lessons' own data only (typed-in numbers then pass)
  --variants <file>   the variants.json that npm run student -- --roster wrote beside the
                      handouts: each student of the lessons it lists is graded on their own
                      data; a notebook holding another's data, or an answer right for
                      another's, is flagged
  --secret <text>     the course secret the handouts were made with (default: the file
                      ${defaultSecretFile})
  --secret-file <f>   where the course secret is kept (default ${defaultSecretFile})
  --queue <url>       grade on workers through a BullMQ queue in Redis (redis://host:6379/0):
                      each submission not graded yet becomes a job, and results go into the
                      gradebook as they arrive; start workers with npm run grade:worker -- --queue <url>
                      (teaching/README.md, "Grading a MOOC"). --jobs is then the workers' option
  -h, --help          show this help

Hidden inputs: every lesson that declares them (209-236) runs a second time in
the same kernel, its data replaced by values drawn from the run's seed; the
teacher's own lesson, run on the same values, is the reference. The teacher's
reports show the seed and the inputs; the learners' feedback does not.

Statuses: graded (all correct), partial, error (a cell failed), timeout,
crashed (the kernel died: process.exit, memory), invalid (not a notebook for
these lessons), flagged (code or behaviour a teacher should look at).

Exit status: 0 graded (whatever the points), 1 something else failed,
2 wrong command line, 3 stopped because no grading kernel could start here,
or no sandbox exists here (the cause is printed; nothing was graded as zero for it).`;

function positiveInteger(value: string | undefined, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0) throw new UsageError(`${option} needs a positive whole number, not "${value}"`);
  return number;
}

/** The batch options from the command line, "help", or a UsageError. */
type CommandLine = Omit<BatchOptions, "onProgress" | "onWarning"> & { queue?: string };

function parseCommandLine(argv: string[]): CommandLine | "help" {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: "string" },
      regrade: { type: "boolean", default: false },
      timeout: { type: "string" },
      "submission-timeout": { type: "string" },
      "unsafe-no-sandbox": { type: "boolean", default: false },
      "memory-mb": { type: "string" },
      jobs: { type: "string" },
      lessons: { type: "string" },
      "no-snapshot": { type: "boolean", default: false },
      full: { type: "boolean", default: false },
      "hidden-seed": { type: "string" },
      "hidden-weight": { type: "string" },
      "no-hidden": { type: "boolean", default: false },
      variants: { type: "string" },
      secret: { type: "string" },
      "secret-file": { type: "string" },
      queue: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) return "help";
  if (positionals.length === 0) throw new UsageError("name at least one submissions folder or notebook");
  const missing = positionals.filter((input) => !fs.existsSync(input));
  if (missing.length > 0) throw new UsageError(`${missing.join(", ")}: no such file or folder`);
  const timeoutSeconds = positiveInteger(values.timeout, "--timeout", defaults.timeout);
  if (values.queue !== undefined && values.variants !== undefined)
    throw new UsageError("--variants is not graded through a queue yet: grade handouts made per student without --queue");
  return {
    ...(values.queue === undefined ? {} : { queue: queueUrl(values.queue) }),
    inputs: positionals,
    outDir: values.out ?? defaults.out,
    regrade: values.regrade ?? false,
    timeoutSeconds,
    submissionTimeoutSeconds: positiveInteger(
      values["submission-timeout"],
      "--submission-timeout",
      submissionTimeoutOf(timeoutSeconds),
    ),
    unsafeNoSandbox: values["unsafe-no-sandbox"] ?? false,
    memoryMb: positiveInteger(values["memory-mb"], "--memory-mb", defaults.memoryMb),
    jobs: positiveInteger(values.jobs, "--jobs", defaults.jobs),
    lessonsDir: path.resolve(values.lessons ?? defaultLessonsDir),
    snapshot: !(values["no-snapshot"] ?? false),
    fullTraining: values.full ?? false,
    hiddenSeed: hiddenSeedOf(values["hidden-seed"], values["no-hidden"] ?? false),
    hiddenWeight: hiddenWeightOf(values["hidden-weight"]),
    ...variantsOf(values.variants, { secret: values.secret, file: values["secret-file"] }),
  };
}

/** The handouts made per student and the course secret, when they were. */
function variantsOf(manifestFile: string | undefined, given: { secret?: string; file?: string }): Pick<BatchOptions, "variants"> {
  if (manifestFile === undefined) {
    if (given.secret !== undefined || given.file !== undefined)
      throw new UsageError("the course secret grades handouts made per student: give --variants too");
    return {};
  }
  try {
    const manifest = readVariantManifest(path.resolve(manifestFile));
    const secret = readCourseSecret(given);
    if (secretFingerprint(secret) !== manifest.secret)
      throw new UsageError(
        `the course secret given is not the one ${manifestFile} was made with: give that one (--secret, --secret-file)`,
      );
    return { variants: { secret, manifest } };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(messageOf(error));
  }
}

function hiddenSeedOf(value: string | undefined, none: boolean): number | null | undefined {
  if (none) {
    if (value !== undefined) throw new UsageError("--no-hidden and --hidden-seed do not go together");
    return null;
  }
  if (value === undefined) return undefined;
  const seed = Number(value);
  if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32)
    throw new UsageError(`--hidden-seed needs a whole number from 0 to 4294967295, not "${value}"`);
  return seed;
}

function hiddenWeightOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const weight = Number(value);
  if (value.trim() === "" || !Number.isFinite(weight) || weight < 0 || weight > 1)
    throw new UsageError(`--hidden-weight needs a number from 0 to 1, not "${value}"`);
  return weight;
}

async function main(argv: string[]): Promise<number> {
  let options: ReturnType<typeof parseCommandLine>;
  try {
    options = parseCommandLine(argv);
  } catch (error) {
    console.error(usageMessage("grade", error));
    return exitCodes.usage;
  }
  if (options === "help") {
    console.log(help);
    return exitCodes.ok;
  }
  const progress = progressLine({ output: process.stderr });
  // Every result is already in the gradebook; the kernels are stopped on exit (process-reaper).
  process.once("SIGINT", () => {
    progress.finish();
    console.error("Interrupted. The gradebook keeps every result so far: run the same command again to grade the rest.");
    process.exit(interrupted);
  });
  try {
    const { queue, ...local } = options;
    const callbacks: Pick<BatchOptions, "onProgress" | "onWarning"> = {
      onWarning: (message) => console.error(`warning: ${message}`),
      onProgress: (done, total, last) => {
        const latest = last === undefined ? "" : ` · ${last.student} ${last.problem}: ${last.status} ${last.points}/${last.max}`;
        progress.update(total === 0 ? 1 : done / total, `graded ${done}/${total}${latest}`);
      },
    };
    const summary =
      queue === undefined
        ? await gradeBatch({ ...local, ...callbacks })
        : await gradeThroughQueue({ ...local, ...callbacks, queue });
    progress.finish();
    const counts = new Map<string, number>();
    for (const { row } of summary.results) counts.set(row.status, (counts.get(row.status) ?? 0) + 1);
    const byStatus = [...counts].map(([status, count]) => `${count} ${status}`).join(", ") || "nothing new";
    console.log(`Graded ${summary.results.length} submission(s) in ${summary.seconds.toFixed(1)} s: ${byStatus}.`);
    console.log(`Sandbox: ${summary.sandbox}.`);
    if (summary.hiddenSeed !== undefined)
      console.log(`Hidden inputs: seed ${summary.hiddenSeed} (--hidden-seed ${summary.hiddenSeed} draws the same ones again).`);
    for (const notice of summary.notices) console.log(`Look at: ${notice}`);
    if (summary.skipped > 0) console.log(`Skipped ${summary.skipped} already in the gradebook (--regrade grades them again).`);
    console.log(
      `Gradebook: ${path.relative(process.cwd(), summary.gradebook)}; reports: ${path.relative(process.cwd(), path.join(path.dirname(summary.gradebook), "index.html"))}`,
    );
    return exitCodes.ok;
  } catch (error) {
    progress.finish();
    if (error instanceof NoSandboxError) {
      console.error(`grade: refused: ${error.message}.`);
      return cannotGradeHere;
    }
    if (error instanceof GradingLockedError) {
      console.error(`grade: ${error.message}.`);
      return exitCodes.failed;
    }
    if (error instanceof GradingSetupError) {
      console.error(`grade: stopped, ${error.message}.`);
      console.error(
        "No submission was given a row for it. Fix the cause (`npm run doctor` checks that grading works here) and run the same command again: it grades what the gradebook does not have yet.",
      );
      return cannotGradeHere;
    }
    console.error(`grade: ${messageOf(error)}`);
    return exitCodes.failed;
  }
}

// main catches every error it expects: what escapes it is a bug.
runCommand("grade", () => main(process.argv.slice(2)), "bugs");
