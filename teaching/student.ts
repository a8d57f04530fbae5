/**
 * `npm run student [-- --out <dir>] [lessons...]`: writes the student
 * version of every lesson (default: all of notebooks/NNN_*.ipynb into
 * notebooks/student/); with `--roster`, a handout per student with the
 * student's own data (teaching/variant-handouts.ts).
 */
import * as path from "path";
import { parseArgs } from "util";
import { exitCodes, messageOf, NotebookFormatError, readNotebook, runCommand, usageMessage } from "../jupyter-client";
import { answerKey } from "dlfs/answer-key";
import { readRoster } from "./gradebook/index";
import { describeAnswerLeak, findAnswerLeaks } from "./answer-leaks";
import { describeLeak, findLeaks } from "./leaks";
import { defaultLessonsDir, lessonFiles, problemInMetadata } from "./lessons";
import { SolutionMarkerError } from "./solution-regions";
import { writeStudentVersions } from "./student-version";
import { writeVariantHandouts } from "./variant-handouts";
import { courseSecretForHandouts, CourseSecretError, defaultSecretFile } from "./variants";

const help = `Write the student versions of the lessons: each solution region
(// BEGIN SOLUTION ... // END SOLUTION, or a cell tagged "solution") becomes
"// YOUR CODE HERE" and throw new Error("not implemented yet"); outputs are cleared;
markdown that states an answer (<!-- BEGIN SOLUTION --> ... <!-- END SOLUTION -->, or a
markdown cell tagged "solution") is replaced. It warns where a student version still shows
solution code (teaching/leaks.ts) or a checked value (teaching/answer-leaks.ts).

With --roster, each student gets a handout of each lesson with data of their
own (drawn from the lesson, the student's name and the course secret), in
<out>/<student>/, and <out>/variants.json says what was handed out to whom:
check() in a handout checks that student's answers, and the grader
(npm run grade -- --variants <out>/variants.json) grades each student on their own data.

Usage:
  npm run student [-- --out <dir>] [lesson.ipynb...]
  npm run student -- --roster roster.csv --out handouts [lesson.ipynb...]

Options:
  --out <dir>           where to write (default notebooks/student)
  --roster <file>       a CSV with a column "student" (the names the grader will know:
                        each student's folder of submissions): a handout per student
  --secret <text>       the course secret (default: the file ${defaultSecretFile}, made the
                        first time; keep it, the grader needs the same one)
  --secret-file <file>  where the course secret is kept (default ${defaultSecretFile})
  -h, --help            show this help`;

function parseCommandLine(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: "string" },
      roster: { type: "string" },
      secret: { type: "string" },
      "secret-file": { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
}

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(argv);
  } catch (error) {
    console.error(usageMessage("student", error));
    return exitCodes.usage;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(help);
    return exitCodes.ok;
  }
  const lessons = positionals.length > 0 ? positionals.map((file) => path.resolve(file)) : lessonFiles(defaultLessonsDir);
  if (values.roster !== undefined) {
    if (values.out === undefined) {
      console.error("student: --roster needs --out <dir>: the folder the handouts go in, a folder per student");
      return exitCodes.usage;
    }
    return variants(lessons, values.roster, path.resolve(values.out), { secret: values.secret, file: values["secret-file"] });
  }
  if (values.secret !== undefined || values["secret-file"] !== undefined) {
    console.error("student: a course secret is for handouts per student: give --roster too");
    return exitCodes.usage;
  }
  const outDir = path.resolve(values.out ?? path.join(defaultLessonsDir, "student"));
  try {
    const result = writeStudentVersions(lessons, outDir);
    console.log(
      `Wrote ${result.written.length} student notebook(s) to ${path.relative(process.cwd(), outDir) || "."}, ` +
        `and ${path.basename(result.guidePage)}, the page they link to`,
    );
    for (const file of result.withoutSolutions) {
      console.warn(`warning: ${path.basename(file)} marks no solution, so its student version still contains the answers`);
    }
    for (const file of lessons) {
      const lesson = readNotebook(file);
      for (const leak of findLeaks(lesson, path.basename(file))) {
        console.warn(`warning: ${path.basename(file)}: ${describeLeak(leak)}`);
      }
      const problem = problemInMetadata(lesson);
      const key = problem === undefined ? undefined : answerKey[problem];
      for (const leak of key === undefined ? [] : findAnswerLeaks(lesson, path.basename(file), key)) {
        console.warn(`warning: ${path.basename(file)}: ${describeAnswerLeak(leak)}`);
      }
    }
    return exitCodes.ok;
  } catch (error) {
    if (error instanceof SolutionMarkerError || error instanceof NotebookFormatError) {
      console.error(`student: ${error.message}\nNothing was written.`);
      return exitCodes.failed;
    }
    throw error;
  }
}

/** The handouts per student of --roster. */
async function variants(
  lessons: string[],
  rosterFile: string,
  outDir: string,
  given: { secret?: string; file?: string },
): Promise<number> {
  let students: string[];
  let secret: string;
  try {
    students = [...readRoster(path.resolve(rosterFile)).keys()];
    if (students.length === 0) throw new Error(`${rosterFile} lists no student`);
    const course = courseSecretForHandouts(given);
    secret = course.secret;
    if (course.made !== undefined)
      console.log(
        `Made the course secret in ${path.relative(process.cwd(), course.made)}: keep it (the grader needs it to grade these handouts) and share it with no one.`,
      );
  } catch (error) {
    console.error(`student: ${messageOf(error)}\nNothing was written.`);
    return error instanceof CourseSecretError ? exitCodes.usage : exitCodes.failed;
  }
  console.log(
    `Drawing ${students.length} student(s)' data for ${lessons.length} lesson(s) and running the teacher's lesson on each…`,
  );
  const result = await writeVariantHandouts({
    lessons,
    students,
    secret,
    outDir,
    onProgress: (message) => console.log(`  ${message}`),
  });
  for (const warning of result.warnings) console.warn(`warning: ${warning}`);
  const manifest = path.relative(process.cwd(), result.manifest);
  console.log(
    `Wrote ${result.written.length} handout(s) to ${path.relative(process.cwd(), outDir) || "."}/<student>/: each with the student's own data, and ${manifest} (what was handed out to whom). Grade them with npm run grade -- <submissions> --variants ${manifest}.`,
  );
  return exitCodes.ok;
}

runCommand("student", () => main(process.argv.slice(2)), "user errors");
