// Times the batch grader on a class of made-up submissions of one lesson:
// by default 30 of lesson 213, 20 correct (the lesson itself) and 10 handed
// in as handed out (the student version), graded with one kernel per core,
// once with kernels started from the run's snapshot and once as tslab starts
// them, in the same session so that the two can be compared as a ratio.
//
//   npm run bench:grade [-- --lesson 209] [-- --count 30] [-- --jobs 2] [-- --only snapshot]
//
// The last line printed is JSON: {"submissions", "jobs", "snapshot": {"seconds", "cpu_seconds", ...}, "tslab": {...}, "ratio"}.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { readNotebook, serializeNotebook } from "../jupyter-client";
import { defaultLessonsDir, gradeBatch, lessonFiles, studentVersion } from "../teaching";

const { values: args } = parseArgs({
  options: {
    lesson: { type: "string", default: "213" },
    count: { type: "string", default: "30" },
    jobs: { type: "string", default: String(os.availableParallelism()) },
    only: { type: "string" },
  },
});
const count = Number(args.count);
const jobs = Number(args.jobs);
if (!Number.isInteger(count) || count < 1) throw new Error(`--count must be a whole number >= 1, got ${args.count}`);
if (!Number.isInteger(jobs) || jobs < 1) throw new Error(`--jobs must be a whole number >= 1, got ${args.jobs}`);
const modes = args.only === undefined ? ["snapshot", "tslab"] : [args.only];
if (!modes.every((mode) => mode === "snapshot" || mode === "tslab"))
  throw new Error(`--only must be snapshot or tslab, got ${args.only}`);

const lessonFile = lessonFiles(defaultLessonsDir).find((file) => path.basename(file).startsWith(`${args.lesson}_`));
if (lessonFile === undefined) throw new Error(`no lesson ${args.lesson} in ${defaultLessonsDir}`);
const lesson = readNotebook(lessonFile);
const handout = studentVersion(lesson, lessonFile);

const submissions = fs.mkdtempSync(path.join(os.tmpdir(), "dlfs-bench-submissions-"));
const correct = Math.round((count * 2) / 3);
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
    snapshot: mode === "snapshot",
    onWarning: (message) => console.error(`warning: ${message}`),
  });
  const cpu = cpuSeconds() - cpuBefore;
  fs.rmSync(out, { recursive: true, force: true });
  const statuses: Record<string, number> = {};
  for (const { row } of summary.results) statuses[row.status] = (statuses[row.status] ?? 0) + 1;
  const figures = {
    seconds: round(summary.seconds),
    cpu_seconds: round(cpu),
    per_submission_seconds: round(summary.seconds / count),
    statuses,
  };
  console.log(
    `${mode}: ${count} submissions of ${path.basename(lessonFile!)} in ${figures.seconds} s (${figures.cpu_seconds} CPU-s), ${JSON.stringify(statuses)}; sandbox: ${summary.sandbox}`,
  );
  return figures;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

async function main(): Promise<void> {
  console.log(
    `grading ${count} submissions (${correct} correct, ${count - correct} as handed out), ${jobs} at a time, on ${os.availableParallelism()} cores`,
  );
  const results: Record<string, Figures> = {};
  try {
    for (const mode of modes) results[mode] = await gradeOnce(mode);
  } finally {
    fs.rmSync(submissions, { recursive: true, force: true });
  }
  const ratio = results.snapshot && results.tslab ? round(results.snapshot.seconds / results.tslab.seconds) : undefined;
  console.log(JSON.stringify({ submissions: count, jobs, ...results, ratio }));
}

main().catch((error: unknown) => {
  console.error(`bench-grade: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
