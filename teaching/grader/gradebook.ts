/**
 * The gradebook: one CSV row per submission (student, problem, points, max,
 * status, reason, seconds, file), kept as a danfo.js DataFrame and written
 * again, whole and atomically, after every result, so a run that is
 * interrupted loses nothing and a re-run knows what is done.
 *
 * danfo reads the file (its reader, PapaParse, understands quoted fields).
 * Its writer joins values with commas without quoting them, and reasons
 * contain commas, so the frame's rows are written out here with quoting.
 */
import * as fs from "fs";
import type { DataFrame } from "danfojs-node";
import { textOf } from "../../jupyter-client";
import type { GradeRow, GradeStatus } from "./grade-submission";

type Danfo = typeof import("danfojs-node");

/** Loaded on first use: requiring danfojs-node takes a second or more. */
function danfo(): Danfo {
  return require("danfojs-node") as Danfo;
}

const gradebookColumns = ["student", "problem", "points", "max", "status", "reason", "seconds", "file"] as const;

const statuses = new Set<GradeStatus>(["graded", "partial", "error", "timeout", "crashed", "invalid", "flagged"]);

/** Spreadsheets run a cell that starts with one of these as a formula. */
const formulaStart = /^[=+\-@\t\r]/;

function csvField(value: string | number, isText: boolean): string {
  let text = String(value);
  if (isText && formulaStart.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The frame's rows as CSV text, header first. */
function frameToCsv(frame: DataFrame): string {
  const numeric = new Set(["points", "max", "seconds"]);
  const columns = frame.columns;
  const lines = [columns.join(",")];
  for (const values of frame.values as unknown as (string | number)[][]) {
    lines.push(values.map((value, i) => csvField(value, !numeric.has(columns[i]))).join(","));
  }
  return lines.join("\n") + "\n";
}

/**
 * PapaParse options (danfo passes them on; its type omits them because
 * PapaParse's types are not installed): everything as text, so that a
 * student number like 007 stays 007.
 */
const textOnly = { dynamicTyping: false, skipEmptyLines: "greedy" } as Parameters<Danfo["readCSV"]>[1];

function rowFrom(record: Record<string, unknown>, file: string, line: number): GradeRow {
  const text = (name: string): string => textOf(record[name]);
  const number = (name: string): number => {
    const value = Number(record[name]);
    if (!Number.isFinite(value)) throw new Error(`${file}, row ${line}: ${name} is not a number (${text(name)})`);
    return value;
  };
  const status = text("status") as GradeStatus;
  if (!statuses.has(status)) throw new Error(`${file}, row ${line}: unknown status "${text("status")}"`);
  return {
    student: text("student"),
    problem: text("problem"),
    points: number("points"),
    max: number("max"),
    status,
    reason: text("reason"),
    seconds: number("seconds"),
    file: text("file"),
  };
}

function byStudentThenProblem(a: GradeRow, b: GradeRow): number {
  return a.student.localeCompare(b.student) || a.problem.localeCompare(b.problem) || a.file.localeCompare(b.file);
}

export class Gradebook {
  private readonly rowsByFile = new Map<string, GradeRow>();
  private writing: Promise<void> = Promise.resolve();

  private constructor(readonly path: string) {}

  /** Opens the gradebook at `path`, reading the rows it already has. */
  static async open(path: string): Promise<Gradebook> {
    const book = new Gradebook(path);
    if (!fs.existsSync(path) || fs.readFileSync(path, "utf8").trim() === "") return book;
    const frame = await danfo().readCSV(path, textOnly);
    const missing = gradebookColumns.filter((column) => !frame.columns.includes(column));
    if (missing.length > 0) throw new Error(`${path} is not a gradebook of this grader: it has no ${missing.join(", ")} column`);
    (frame.values as unknown as unknown[][]).forEach((values, index) => {
      const record = Object.fromEntries(frame.columns.map((column, i) => [column, values[i]]));
      const row = rowFrom(record, path, index + 2);
      book.rowsByFile.set(row.file, row);
    });
    return book;
  }

  /** True when the submission with this file key already has a row. */
  has(file: string): boolean {
    return this.rowsByFile.has(file);
  }

  get rows(): GradeRow[] {
    return [...this.rowsByFile.values()].sort(byStudentThenProblem);
  }

  /** Adds or replaces the row of `row.file` and writes the file; writes happen one at a time. */
  record(row: GradeRow): Promise<void> {
    this.rowsByFile.set(row.file, row);
    this.writing = this.writing.then(() => this.write());
    return this.writing;
  }

  private write(): void {
    const { DataFrame } = danfo();
    const rows = this.rows;
    const frame =
      rows.length === 0
        ? new DataFrame([], { columns: [...gradebookColumns] })
        : new DataFrame(
            rows.map((row) => gradebookColumns.map((column) => row[column])),
            { columns: [...gradebookColumns] },
          );
    const temporary = `${this.path}.tmp-${process.pid}`;
    fs.writeFileSync(temporary, frameToCsv(frame));
    fs.renameSync(temporary, this.path);
  }
}
