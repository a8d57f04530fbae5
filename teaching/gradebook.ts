/**
 * `npm run gradebook -- <command>`: the course gradebook that `npm run grade`
 * fills (grades/course.sqlite): the class or a student in the terminal, the
 * LMS exports, feedback folders to hand back, and what to look at.
 */
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { exitCodes, runCommand, UsageError } from "../jupyter-client";
import {
  classTable,
  collectFlags,
  classGrades,
  exportFormats,
  exportGrades,
  type ExportFormat,
  openForReading,
  policies,
  type Policy,
  readRoster,
  studentRecord,
  writeFeedback,
} from "./gradebook/index";

const help = `The course gradebook: every run of npm run grade, in grades/course.sqlite.

Usage:
  npm run gradebook -- show [<student>]          the class as students × lessons, or one student's record
  npm run gradebook -- export --format canvas|moodle|csv [--roster roster.csv] [--out FILE]
  npm run gradebook -- feedback --out <dir>      a folder per student to hand back
  npm run gradebook -- flags                     what to look at: same answers across variants,
                                                 the same file from two students, tampering, late work

Options:
  --grades <dir>      the folder npm run grade wrote (its --out; default grades)
  --course <file>     the course file (policy, due dates, late rule; default: the one
                      next to the submissions that the last grading run used)
  --policy <p>        latest or best: which attempt counts (default: the course file's, else latest)
  --format <f>        export: canvas (Gradebook import CSV), moodle (grade import CSV), csv (a spreadsheet)
  --roster <file>     export: CSV with a column "student" (the names the grader knows) and the
                      LMS's own columns: Canvas ID, SIS User ID, SIS Login ID, Student, Section;
                      Moodle Email address, ID number, First name, Last name (default: course.json's)
  --out <path>        export: the file (default <grades>/<format>.csv, "-" for the terminal);
                      feedback: the folder
  -h, --help          show this help

The grades are also plain SQL: sqlite3 grades/course.sqlite "select * from grade_sheet"`;

const commands = ["show", "export", "feedback", "flags"] as const;
type Command = (typeof commands)[number];

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      grades: { type: "string", default: "grades" },
      course: { type: "string" },
      policy: { type: "string" },
      format: { type: "string" },
      roster: { type: "string" },
      out: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help || positionals.length === 0) {
    console.log(help);
    return values.help ? exitCodes.ok : exitCodes.usage;
  }
  const [command, ...rest] = positionals;
  if (!commands.includes(command as Command))
    throw new UsageError(`unknown command "${command}"; the commands are ${commands.join(", ")}`);
  if (values.policy !== undefined && !policies.includes(values.policy as Policy))
    throw new UsageError(`--policy must be ${policies.join(" or ")}, not "${values.policy}"`);
  const gradesDir = path.resolve(values.grades ?? "grades");
  if (values.course !== undefined && !fs.existsSync(values.course))
    throw new UsageError(`--course ${values.course}: no such file`);
  const { db, course } = await openForReading(gradesDir, values.course);
  const policy = (values.policy as Policy | undefined) ?? course.policy;
  try {
    switch (command as Command) {
      case "show":
        if (rest.length > 1) throw new UsageError("show takes at most one student");
        console.log(rest.length === 0 ? classTable(db, policy) : studentRecord(db, rest[0], policy));
        return exitCodes.ok;
      case "export": {
        const format = values.format as ExportFormat | undefined;
        if (format === undefined || !exportFormats.includes(format))
          throw new UsageError(
            `export needs --format ${exportFormats.join("|")}${format === undefined ? "" : `, not "${format}"`}`,
          );
        const rosterFile = values.roster ?? course.roster;
        const roster = format === "csv" || rosterFile === undefined ? undefined : readRoster(rosterFile);
        const text = exportGrades(format, classGrades(db, policy), course, roster);
        const out = values.out ?? path.join(gradesDir, `${format}.csv`);
        if (out === "-") process.stdout.write(text);
        else {
          fs.writeFileSync(out, text);
          console.log(`Wrote ${path.relative(process.cwd(), out)} (${format}, the ${policy} attempt of each lesson).`);
        }
        return exitCodes.ok;
      }
      case "feedback": {
        if (values.out === undefined)
          throw new UsageError("feedback needs --out <dir>, the folder to write the students' folders to");
        const folders = writeFeedback(db, path.resolve(values.out), policy);
        console.log(
          `Wrote feedback for ${folders.length} student(s) to ${path.relative(process.cwd(), path.resolve(values.out)) || "."}/<student>/index.html`,
        );
        return exitCodes.ok;
      }
      case "flags": {
        const flags = collectFlags(db, policy);
        if (flags.length === 0) console.log("Nothing to look at.");
        for (const flag of flags)
          console.log(`${flag.kind.padEnd(26)} ${flag.problem.padEnd(4)} ${flag.students.join(", ")}: ${flag.detail}`);
        return exitCodes.ok;
      }
    }
  } finally {
    db.close();
  }
}

// What escapes main is for the teacher to read: no gradebook yet, a roster that misses a student.
runCommand("gradebook", () => main(process.argv.slice(2)), "user errors");
