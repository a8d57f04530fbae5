/**
 * The grades as a file the school's LMS imports, in its own format.
 *
 * Canvas (Grades → Import, "How do I import grades in the Gradebook?"; its
 * importer, GradebookImporter): the header `Student, ID, SIS User ID, SIS
 * Login ID, Section`, then one column per assignment named `Title (id)` (an
 * id updates that assignment, a bare title makes a new one); a second row
 * starting with `Points Possible`; a row per student, found by ID, else the
 * SIS ids, else the name. An empty cell changes nothing.
 *
 * Moodle (Grades → Import → CSV file; "the import file format is the same as
 * the corresponding export format", its plain-text export): `First name,
 * Last name, ID number, Institution, Department, Email address`, then one
 * column per grade item. The teacher maps "Email address" (or "ID number")
 * to the user and each column to a grade item, or to a new one. No "Last
 * downloaded from this course" column: Moodle would compare it with its own
 * grades' times. Every row must find its user, or Moodle refuses the file.
 *
 * csv: a plain table for a spreadsheet, one row per student, one column per
 * lesson (score, late days), and the total.
 *
 * A roster (CSV, the LMS's own column names plus `student`, the name the
 * grader knows) maps the class's names to the LMS's ids.
 */
import * as fs from "fs";
import type { CourseSettings } from "./course-file";
import { type CsvValue, parseCsv, toCsv } from "./csv";
import type { ClassGrades, LessonRow } from "./queries";

export const exportFormats = ["canvas", "moodle", "csv"] as const;
export type ExportFormat = (typeof exportFormats)[number];

const canvasColumns = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"] as const;
const moodleColumns = ["First name", "Last name", "ID number", "Institution", "Department", "Email address"] as const;

/** A roster row: the LMS's fields by their column names (matched without regard to case). */
type RosterEntry = Map<string, string>;

/** student (the grader's name) → the LMS's fields. */
export type Roster = Map<string, RosterEntry>;

export function readRoster(file: string): Roster {
  if (!fs.existsSync(file)) throw new Error(`the roster ${file} does not exist`);
  const [header, ...rows] = parseCsv(fs.readFileSync(file, "utf8"));
  const columns = (header ?? []).map((name) => name.trim());
  const studentColumn = columns.findIndex((name) => name.toLowerCase() === "student");
  if (studentColumn < 0)
    throw new Error(`${file} has no column "student" (the name the grader knows: the submission's folder or file name)`);
  const roster: Roster = new Map();
  rows.forEach((row, index) => {
    const student = row[studentColumn]?.trim() ?? "";
    if (student === "") throw new Error(`${file}, row ${index + 2}: the student column is empty`);
    if (roster.has(student)) throw new Error(`${file}, row ${index + 2}: ${student} is listed twice`);
    const entry: RosterEntry = new Map();
    columns.forEach((name, i) => entry.set(name.toLowerCase(), row[i]?.trim() ?? ""));
    roster.set(student, entry);
  });
  return roster;
}

function field(entry: RosterEntry | undefined, name: string): string {
  return entry?.get(name.toLowerCase()) ?? "";
}

/** The points a lesson is worth in the LMS, and the student's score on that scale (two decimals, as Canvas keeps them). */
function lmsPoints(lesson: LessonRow, course: CourseSettings): number {
  return course.lessons[lesson.problem]?.points ?? lesson.answers;
}

function scaled(score: number, max: number, worth: number): number {
  return max === 0 ? 0 : Math.round((score / max) * worth * 100) / 100;
}

function lessonName(lesson: LessonRow, course: CourseSettings): string {
  return course.lessons[lesson.problem]?.title ?? `${lesson.problem} ${lesson.title}`;
}

/** Every graded student must be in the roster with the fields the LMS matches on, or nothing is written. */
function checkRoster(grades: ClassGrades, roster: Roster, format: "canvas" | "moodle"): void {
  const missing = grades.students.filter((student) => !roster.has(student));
  if (missing.length > 0)
    throw new Error(`the roster has no row for ${missing.join(", ")}: add them (column "student" with the name the grader uses)`);
  const idColumns = format === "canvas" ? ["ID", "SIS User ID", "SIS Login ID"] : ["Email address", "ID number"];
  const unmatched = grades.students.filter((student) => idColumns.every((name) => field(roster.get(student), name) === ""));
  if (unmatched.length > 0)
    throw new Error(
      `the roster gives ${format === "canvas" ? "Canvas" : "Moodle"} no way to find ${unmatched.join(", ")}: fill in ${idColumns.join(" or ")}`,
    );
}

function canvas(grades: ClassGrades, course: CourseSettings, roster: Roster): CsvValue[][] {
  checkRoster(grades, roster, "canvas");
  const header: CsvValue[] = [
    ...canvasColumns,
    ...grades.lessons.map((lesson) => {
      const id = course.lessons[lesson.problem]?.canvasId;
      return id === undefined ? lessonName(lesson, course) : `${lessonName(lesson, course)} (${id})`;
    }),
  ];
  const possible: CsvValue[] = ["Points Possible", "", "", "", "", ...grades.lessons.map((lesson) => lmsPoints(lesson, course))];
  const students = [...new Set([...grades.students, ...roster.keys()])].sort();
  const rows = students.map((student) => {
    const entry = roster.get(student);
    return [
      field(entry, "Student") || student,
      field(entry, "ID"),
      field(entry, "SIS User ID"),
      field(entry, "SIS Login ID"),
      field(entry, "Section"),
      ...grades.lessons.map((lesson) => {
        const cell = grades.grades.get(student)?.get(lesson.problem);
        return cell === undefined ? "" : scaled(cell.score, cell.max, lmsPoints(lesson, course));
      }),
    ];
  });
  return [header, possible, ...rows];
}

function moodle(grades: ClassGrades, course: CourseSettings, roster: Roster): CsvValue[][] {
  checkRoster(grades, roster, "moodle");
  const header: CsvValue[] = [...moodleColumns, ...grades.lessons.map((lesson) => lessonName(lesson, course))];
  const students = [...new Set([...grades.students, ...roster.keys()])].sort();
  const rows = students.map((student) => {
    const entry = roster.get(student);
    return [
      ...moodleColumns.map((name) => field(entry, name)),
      ...grades.lessons.map((lesson) => {
        const cell = grades.grades.get(student)?.get(lesson.problem);
        return cell === undefined ? "" : scaled(cell.score, cell.max, lmsPoints(lesson, course));
      }),
    ];
  });
  return [header, ...rows];
}

function plain(grades: ClassGrades, course: CourseSettings): CsvValue[][] {
  const header: CsvValue[] = ["student", ...grades.lessons.flatMap((l) => [l.problem, `${l.problem} late days`]), "total", "max"];
  const rows = grades.students.map((student) => {
    let total = 0;
    const cells = grades.lessons.flatMap((lesson): CsvValue[] => {
      const cell = grades.grades.get(student)?.get(lesson.problem);
      if (cell === undefined) return ["", ""];
      const score = scaled(cell.score, cell.max, lmsPoints(lesson, course));
      total += score;
      return [score, cell.lateDays];
    });
    const max = grades.lessons.reduce((sum, lesson) => sum + lmsPoints(lesson, course), 0);
    return [student, ...cells, Math.round(total * 100) / 100, max];
  });
  return [header, ...rows];
}

/** The export's text; `roster` is needed for canvas and moodle. */
export function exportGrades(
  format: ExportFormat,
  grades: ClassGrades,
  course: CourseSettings,
  roster: Roster | undefined,
): string {
  if (format === "csv") return toCsv(plain(grades, course));
  if (roster === undefined)
    throw new Error(
      `export to ${format} needs a roster (--roster FILE, or "roster" in course.json): a CSV with a column "student" and ${format === "canvas" ? canvasColumns.join(", ") : moodleColumns.join(", ")}`,
    );
  return toCsv(format === "canvas" ? canvas(grades, course, roster) : moodle(grades, course, roster), { guardFormulas: false });
}
