/**
 * `npm run student [-- --out <dir>] [lessons...]`: writes the student
 * version of every lesson (default: all of notebooks/NNN_*.ipynb into
 * notebooks/student/).
 */
import * as path from "path";
import { parseArgs } from "util";
import { NotebookFormatError, readNotebook } from "../jupyter-client";
import { answerKey } from "dlfs/answer-key";
import { describeAnswerLeak, findAnswerLeaks } from "./answer-leaks";
import { describeLeak, findLeaks } from "./leaks";
import { defaultLessonsDir, lessonFiles, problemInMetadata } from "./lessons";
import { SolutionMarkerError } from "./solution-regions";
import { writeStudentVersions } from "./student-version";

const help = `Write the student versions of the lessons: each solution region
(// BEGIN SOLUTION ... // END SOLUTION, or a cell tagged "solution") becomes
"// YOUR CODE HERE" and throw new Error("not implemented yet"); outputs are cleared;
markdown that states an answer (<!-- BEGIN SOLUTION --> ... <!-- END SOLUTION -->, or a
markdown cell tagged "solution") is replaced. It warns where a student version still shows
solution code (teaching/leaks.ts) or a checked value (teaching/answer-leaks.ts).

Usage:
  npm run student [-- --out <dir>] [lesson.ipynb...]

Options:
  --out <dir>   where to write (default notebooks/student)
  -h, --help    show this help`;

function main(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { out: { type: "string" }, help: { type: "boolean", short: "h", default: false } },
  });
  if (values.help) {
    console.log(help);
    return 0;
  }
  const lessons = positionals.length > 0 ? positionals.map((file) => path.resolve(file)) : lessonFiles(defaultLessonsDir);
  const outDir = path.resolve(values.out ?? path.join(defaultLessonsDir, "student"));
  try {
    const result = writeStudentVersions(lessons, outDir);
    console.log(`Wrote ${result.written.length} student notebook(s) to ${path.relative(process.cwd(), outDir) || "."}`);
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
    return 0;
  } catch (error) {
    if (error instanceof SolutionMarkerError || error instanceof NotebookFormatError) {
      console.error(`student: ${error.message}\nNothing was written.`);
      return 1;
    }
    throw error;
  }
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  console.error(`student: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
}
