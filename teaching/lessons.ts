/**
 * The lesson notebooks (notebooks/NNN_name.ipynb) and which problem a
 * notebook is for: its metadata.dlfs.problem, else a lesson number in its
 * file name.
 */
import * as fs from "fs";
import * as path from "path";
import { isJsonObject, type JsonValue, type Notebook } from "../jupyter-client";

const lessonFileName = /^(\d{3})_.*\.ipynb$/;

/** The teacher's lessons: the project's notebooks/ folder. */
export const defaultLessonsDir = path.resolve(__dirname, "..", "notebooks");

/**
 * The page beside the lessons, "NumPy에서 dlfs로" (the book's NumPy habits and
 * what dlfs writes instead), which every lesson's first cell links to: a
 * student version goes out with a copy of it, and the grader gives it no row.
 */
export const guidePageName = "numpy_to_dlfs.ipynb";

/** Copies the guide page of notebooks/ into `dir` (made if need be), beside handouts that link to it. */
export function copyGuidePage(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const target = path.join(dir, guidePageName);
  fs.copyFileSync(path.join(defaultLessonsDir, guidePageName), target);
  return target;
}

/** notebooks/NNN_*.ipynb in `dir`, in problem order. */
export function lessonFiles(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((name) => lessonFileName.test(name))
    .sort()
    .map((name) => path.join(dir, name));
}

/** metadata.dlfs as an object (empty when absent). */
export function dlfsMetadata(notebook: Notebook): { [key: string]: JsonValue } {
  const dlfs = notebook.metadata.dlfs;
  return isJsonObject(dlfs) ? dlfs : {};
}

/** The problem named in the notebook's metadata, if any. */
export function problemInMetadata(notebook: Notebook): string | undefined {
  const problem = dlfsMetadata(notebook).problem;
  if (typeof problem === "number" && Number.isInteger(problem)) return String(problem);
  return typeof problem === "string" && /^\d{3}$/.test(problem.trim()) ? problem.trim() : undefined;
}

/**
 * The problem a file name points at: the first three-digit number in it that
 * is one of `known` ("kim_213.ipynb", "213_fruit_backward (1).ipynb").
 */
export function problemInFileName(file: string, known: ReadonlySet<string>): string | undefined {
  const numbers = path.basename(file).match(/(?<!\d)\d{3}(?!\d)/g) ?? [];
  return numbers.find((number) => known.has(number));
}

/**
 * What a lesson needs beyond the grader's defaults, from its
 * metadata.dlfs.grading: `timeoutSeconds` per cell (training cells take
 * minutes), `submissionTimeoutSeconds` for the whole notebook (by default 5
 * times the time per cell) and `memoryMb` of resident memory (MNIST in
 * float64 is 440 MB). Read from the teacher's lessons only, never from a
 * submission.
 */
export interface LessonLimits {
  timeoutSeconds?: number;
  submissionTimeoutSeconds?: number;
  memoryMb?: number;
}

export function lessonLimits(notebook: Notebook, name: string): LessonLimits {
  const grading = dlfsMetadata(notebook).grading;
  if (grading === undefined) return {};
  if (!isJsonObject(grading))
    throw new Error(`${name}: metadata.dlfs.grading must be an object like { "timeoutSeconds": 300, "memoryMb": 2048 }`);
  const limits: LessonLimits = {};
  for (const key of ["timeoutSeconds", "submissionTimeoutSeconds", "memoryMb"] as const) {
    const value = grading[key];
    if (value === undefined) continue;
    if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) {
      throw new Error(`${name}: metadata.dlfs.grading.${key} must be a positive whole number, not ${JSON.stringify(value)}`);
    }
    limits[key] = value;
  }
  return limits;
}
