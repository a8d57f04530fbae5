// Times the batch grader on a class of made-up submissions of one lesson:
// by default 30 of lesson 213, 20 correct (the lesson itself) and 10 handed
// in as handed out (the student version), graded with one kernel per core,
// once with kernels started from the run's snapshot and once as tslab starts
// them, and once from the snapshot without the second run on hidden inputs,
// in the same session so that they can be compared as ratios. With
// --rounds n the modes alternate n times and the medians are compared. For
// a lesson that trains (237, 238), the mode "full" grades its full training
// where the others grade its short run (teaching/grader/short-run.ts):
//
//   npm run bench:grade [-- --lesson 209] [-- --count 30] [-- --handouts 10] [-- --jobs 2] [-- --only snapshot,no-hidden] [-- --rounds 3]
//   npm run bench:grade -- --lesson 237 --count 6 --only snapshot,full
//
// The last line printed is JSON: {"submissions", "jobs", "snapshot": {"seconds", "cpu_seconds",
// "cpu_seconds_per_submission", ...}, "no-hidden": {...}, "tslab": {...}, "full": {...}, "ratio" (snapshot / tslab),
// "hidden_ratio" (snapshot / no-hidden), "full_ratio" (snapshot / full)}: medians over the rounds. The CPU
// seconds are the grader's and its kernels', the teacher's reference runs (once per run) included.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { exitCodes, readNotebook, runCommand, serializeNotebook } from "../jupyter-client";
import { defaultLessonsDir, gradeBatch, lessonFiles, studentVersion } from "../teaching";

const { values: args } = parseArgs({
  options: {
    lesson: { type: "string", default: "213" },
    count: { type: "string", default: "30" },
    jobs: { type: "string", default: String(os.availableParallelism()) },
    only: { type: "string" },
    rounds: { type: "string", default: "1" },
    handouts: { type: "string" },
  },
});
const count = Number(args.count);
const jobs = Number(args.jobs);
if (!Number.isInteger(count) || count < 1) throw new Error(`--count must be a whole number >= 1, got ${args.count}`);
if (!Number.isInteger(jobs) || jobs < 1) throw new Error(`--jobs must be a whole number >= 1, got ${args.jobs}`);
const rounds = Number(args.rounds);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a whole number >= 1, got ${args.rounds}`);
const allModes = ["snapshot", "no-hidden", "tslab", "full"];
const modes = args.only === undefined ? allModes.filter((mode) => mode !== "full") : args.only.split(",");
if (!modes.every((mode) => allModes.includes(mode)))
  throw new Error(`--only must name modes among ${allModes.join(", ")}, got ${args.only}`);

const lessonFile = lessonFiles(defaultLessonsDir).find((file) => path.basename(file).startsWith(`${args.lesson}_`));
if (lessonFile === undefined) throw new Error(`no lesson ${args.lesson} in ${defaultLessonsDir}`);
const lesson = readNotebook(lessonFile);
const handout = studentVersion(lesson, lessonFile);

const submissions = fs.mkdtempSync(path.join(os.tmpdir(), "dlfs-bench-submissions-"));
// A third handed in as handed out unless told (--handouts 0: every one a finished lesson, as a class's best case costs most).
const handouts = args.handouts === undefined ? count - Math.round((count * 2) / 3) : Number(args.handouts);
if (!Number.isInteger(handouts) || handouts < 0 || handouts > count)
  throw new Error(`--handouts must be a whole number from 0 to --count, got ${args.handouts}`);
const correct = count - handouts;
for (let i = 0; i < count; i++) {
  const student = `student${String(i + 1).padStart(2, "0")}`;
  fs.writeFileSync(path.join(submissions, `${student}_${args.lesson}.ipynb`), serializeNotebook(i < correct ? lesson : handout));
}

/** CPU seconds of this process and of its children that have ended (the kernels). */
function cpuSeconds(): number {
  const own = process.cpuUsage();
  const fields = fs.readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
  // After "pid (comm) ": state is field 3, so cutime (16) and cstime (17) are at 13 and 14.
  const ticksPerSecond = 100;
  const children = (Number(fields[13]) + Number(fields[14])) / ticksPerSecond;
  return (own.user + own.system) / 1e6 + children;
}

interface Figures {
  seconds: number;
  cpu_seconds: number;
  cpu_seconds_per_submission: number;
  per_submission_seconds: number;
  statuses: Record<string, number>;
}

async function gradeOnce(mode: string): Promise<Figures> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "dlfs-bench-grades-"));
  const cpuBefore = cpuSeconds();
  const summary = await gradeBatch({
    inputs: [submissions],
    outDir: out,
    regrade: true,
    timeoutSeconds: 60,
    memoryMb: 1024,
    jobs,
    lessonsDir: defaultLessonsDir,
    snapshot: mode !== "tslab",
    // One seed for all rounds: each round grades the same inputs.
    hiddenSeed: mode === "no-hidden" ? null : 1,
    fullTraining: mode === "full",
    onWarning: (message) => console.error(`warning: ${message}`),
  });
  const cpu = cpuSeconds() - cpuBefore;
  fs.rmSync(out, { recursive: true, force: true });
  const statuses: Record<string, number> = {};
  for (const { row } of summary.results) statuses[row.status] = (statuses[row.status] ?? 0) + 1;
  const figures = {
    seconds: round(summary.seconds),
    cpu_seconds: round(cpu),
    cpu_seconds_per_submission: round(cpu / count),
    per_submission_seconds: round(summary.seconds / count),
    statuses,
  };
  console.log(
    `${mode}: ${count} submissions of ${path.basename(lessonFile!)} in ${figures.seconds} s (${figures.cpu_seconds} CPU-s, ${figures.cpu_seconds_per_submission} per submission), ${JSON.stringify(statuses)}; sandbox: ${summary.sandbox}`,
  );
  return figures;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The medians of a mode's rounds (the statuses of its first round). */
function medianFigures(figures: Figures[]): Figures {
  return {
    seconds: round(median(figures.map((f) => f.seconds))),
    cpu_seconds: round(median(figures.map((f) => f.cpu_seconds))),
    cpu_seconds_per_submission: round(median(figures.map((f) => f.cpu_seconds_per_submission))),
    per_submission_seconds: round(median(figures.map((f) => f.per_submission_seconds))),
    statuses: figures[0].statuses,
  };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

async function main(): Promise<number> {
  console.log(
    `grading ${count} submissions (${correct} correct, ${count - correct} as handed out), ${jobs} at a time, on ${os.availableParallelism()} cores`,
  );
  const runs = new Map<string, Figures[]>(modes.map((mode) => [mode, []]));
  try {
    for (let round = 0; round < rounds; round++) for (const mode of modes) runs.get(mode)!.push(await gradeOnce(mode));
  } finally {
    fs.rmSync(submissions, { recursive: true, force: true });
  }
  const results: Record<string, Figures> = {};
  for (const [mode, figures] of runs) results[mode] = medianFigures(figures);
  const ratioOf = (a?: Figures, b?: Figures): number | undefined => (a && b ? round(a.seconds / b.seconds) : undefined);
  console.log(
    JSON.stringify({
      submissions: count,
      jobs,
      rounds,
      ...results,
      ratio: ratioOf(results.snapshot, results.tslab),
      full_ratio: ratioOf(results.snapshot, results.full),
      hidden_ratio: ratioOf(results.snapshot, results["no-hidden"]),
    }),
  );
  return exitCodes.ok;
}

runCommand("bench-grade", main, "user errors");
