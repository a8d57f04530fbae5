/**
 * Submissions: finding them in the folders and files a teacher names,
 * telling whose they are, and reading one as a notebook for a known lesson
 * (or saying in plain words why it is not one).
 */
import * as fs from "fs";
import * as path from "path";
import { NotebookFormatError, type Notebook, parseNotebook } from "../../jupyter-client";
import { problemInFileName, problemInMetadata } from "../lessons";

export interface Submission {
  /** Absolute path of the file. */
  file: string;
  /** Whose it is: the sub-folder it was found in, or its file name without the lesson part. */
  student: string;
}

/** Notebooks larger than this are not lessons (they are a few hundred KB with outputs). */
const maxNotebookBytes = 20 * 1024 * 1024;

function isHidden(name: string): boolean {
  return name.startsWith(".");
}

/** Every *.ipynb under `folder`, skipping hidden folders (.ipynb_checkpoints) and links. */
function notebooksUnder(folder: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (isHidden(entry.name)) continue;
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) found.push(...notebooksUnder(full));
    else if (entry.isFile() && entry.name.toLowerCase().endsWith(".ipynb")) found.push(full);
  }
  return found;
}

/**
 * "kim/213_fruit_backward.ipynb" → "kim" (a folder per student);
 * "kim_213.ipynb", "213_fruit_backward-kim.ipynb" → "kim" (lesson number
 * and name taken out of the file name).
 */
export function studentOf(file: string, root: string | undefined, lessonStems: readonly string[]): string {
  if (root !== undefined) {
    const [first, ...rest] = path.relative(root, file).split(path.sep);
    if (rest.length > 0 && first !== "") return first;
  }
  const stem = path.basename(file).replace(/\.[^.]*$/, "");
  const lessonNumbers = new Set(lessonStems.map((lesson) => lesson.slice(0, 3)));
  let name = stem;
  for (const lesson of lessonStems) name = name.split(lesson).join(" ");
  name = name
    .replace(/(?<!\d)\d{3}(?!\d)/g, (number) => (lessonNumbers.has(number) ? " " : number))
    .replace(/^[\s._\-()]+|[\s._\-()]+$/g, "")
    .replace(/\s+/g, " ");
  return name === "" ? stem : name;
}

/**
 * The submissions in `inputs`: a folder is searched for notebooks, a file
 * is taken whatever its name. Throws for a path that does not exist.
 */
export function collectSubmissions(inputs: readonly string[], lessonStems: readonly string[]): Submission[] {
  const submissions: Submission[] = [];
  for (const input of inputs) {
    const full = path.resolve(input);
    if (!fs.existsSync(full)) throw new Error(`${input} does not exist`);
    if (fs.statSync(full).isDirectory()) {
      for (const file of notebooksUnder(full)) submissions.push({ file, student: studentOf(file, full, lessonStems) });
    } else {
      submissions.push({ file: full, student: studentOf(full, undefined, lessonStems) });
    }
  }
  return submissions;
}

export type LoadedSubmission = { ok: true; notebook: Notebook; problem: string } | { ok: false; problem: string; reason: string };

/** The notebook's kernel, when it names one that is not tslab (TypeScript). */
function foreignKernel(notebook: Notebook): string | undefined {
  const spec = notebook.metadata.kernelspec;
  if (typeof spec === "object" && spec !== null && !Array.isArray(spec)) {
    const name = spec.name;
    if (typeof name === "string" && name !== "tslab") {
      const shown = typeof spec.display_name === "string" ? `${name}, "${spec.display_name}"` : name;
      return `it was written for the ${shown} kernel; these lessons run on the TypeScript kernel (tslab)`;
    }
  }
  const language = notebook.metadata.language_info;
  if (typeof language === "object" && language !== null && !Array.isArray(language)) {
    const name = language.name;
    if (typeof name === "string" && !/^(typescript|javascript)$/i.test(name)) {
      return `its language is ${name}; these lessons are TypeScript`;
    }
  }
  return undefined;
}

function readText(file: string): string {
  const bytes = fs.statSync(file).size;
  if (bytes > maxNotebookBytes) {
    throw new NotebookFormatError(
      `the file is ${(bytes / 1024 / 1024).toFixed(1)} MB, more than a lesson notebook can be (${maxNotebookBytes / 1024 / 1024} MB)`,
    );
  }
  return fs.readFileSync(file, "utf8");
}

/** Reads a submission and finds its problem among `known`, or says why it cannot be graded. */
export function loadSubmission(file: string, known: ReadonlySet<string>): LoadedSubmission {
  const name = path.basename(file);
  let notebook: Notebook;
  try {
    notebook = parseNotebook(readText(file), name);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, problem: problemInFileName(file, known) ?? "", reason };
  }
  const fromMetadata = problemInMetadata(notebook);
  const problem = fromMetadata ?? problemInFileName(file, known);
  const kernel = foreignKernel(notebook);
  if (kernel !== undefined) return { ok: false, problem: problem ?? "", reason: `${name} cannot be graded: ${kernel}` };
  if (problem === undefined) {
    return {
      ok: false,
      problem: "",
      reason: `${name} names no lesson: neither metadata.dlfs.problem nor the file name holds one of ${[...known].join(", ")}`,
    };
  }
  if (!known.has(problem))
    return { ok: false, problem, reason: `${name} is for problem ${problem}, which has no lesson to grade against` };
  if (!notebook.cells.some((cell) => cell.cell_type === "code" && cell.source.trim() !== "")) {
    return { ok: false, problem, reason: `${name} has no code to run` };
  }
  return { ok: true, notebook, problem };
}
