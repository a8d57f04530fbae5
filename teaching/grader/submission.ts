/**
 * Submissions: finding them in the folders and files a teacher names,
 * telling whose they are, and reading one as a notebook for a known lesson
 * (or saying in plain words why it is not one).
 */
import * as fs from "fs";
import * as path from "path";
import { isJsonObject, NotebookFormatError, type Notebook, parseNotebook } from "../../jupyter-client";
import { problemInFileName, problemInMetadata } from "../lessons";
import { classFolderFiles } from "../gradebook/index";

export interface Submission {
  /** Absolute path of the file. */
  file: string;
  /** Whose it is: the sub-folder it was found in, or its file name without the lesson part. */
  student: string;
  /** Found in a folder (a link there is the student's doing, not followed), or named by the teacher (followed). */
  found: "in a folder" | "named";
  /** What the teacher should know beside the grade (the same student twice, ...). */
  notes?: string[];
}

/** Notebooks larger than this are not lessons (they are a few hundred KB with outputs). */
const maxNotebookBytes = 20 * 1024 * 1024;

function isHidden(name: string): boolean {
  return name.startsWith(".");
}

/**
 * Every entry under `folder` but hidden ones (.ipynb_checkpoints), the
 * course's own files (course.json, nbgrader's timestamp.txt, the page
 * numpy_to_dlfs.ipynb beside the handouts) and those
 * inside `exclude` (the gradebook's own folder): notebooks, and whatever
 * else is there, which then gets a row saying why it is not one. Links
 * are not followed.
 */
function entriesUnder(folder: string, exclude: readonly string[]): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (isHidden(entry.name) || classFolderFiles.includes(entry.name)) continue;
    const full = path.join(folder, entry.name);
    if (exclude.includes(full)) continue;
    if (entry.isDirectory()) found.push(...entriesUnder(full, exclude));
    else found.push(full);
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
 * The submissions in `inputs`: a folder is searched for every entry in it
 * (but hidden ones and those in `exclude`), a file is taken whatever its
 * name. Throws for a path that does not exist.
 */
export function collectSubmissions(
  inputs: readonly string[],
  lessonStems: readonly string[],
  exclude: readonly string[] = [],
): Submission[] {
  const submissions: Submission[] = [];
  for (const input of inputs) {
    const full = path.resolve(input);
    if (!fs.existsSync(full)) throw new Error(`${input} does not exist`);
    if (fs.statSync(full).isDirectory()) {
      for (const file of entriesUnder(full, exclude))
        submissions.push({ file, student: studentOf(file, full, lessonStems), found: "in a folder" });
    } else {
      submissions.push({ file: full, student: studentOf(full, undefined, lessonStems), found: "named" });
    }
  }
  return submissions;
}

export type LoadedSubmission =
  { ok: true; notebook: Notebook; problem: string; notes: string[] } | { ok: false; problem: string; reason: string };

/** The notebook's kernel, when it names one that is not tslab (TypeScript). */
function foreignKernel(notebook: Notebook): string | undefined {
  const spec = notebook.metadata.kernelspec;
  if (isJsonObject(spec)) {
    const name = spec.name;
    if (typeof name === "string" && name !== "tslab") {
      const shown = typeof spec.display_name === "string" ? `${name}, "${spec.display_name}"` : name;
      return `it was written for the ${shown} kernel; these lessons run on the TypeScript kernel (tslab)`;
    }
  }
  const language = notebook.metadata.language_info;
  if (isJsonObject(language)) {
    const name = language.name;
    if (typeof name === "string" && !/^(typescript|javascript)$/i.test(name)) {
      return `its language is ${name}; these lessons are TypeScript`;
    }
  }
  return undefined;
}

/** What a file-system entry is, when it is not a file: the sentence a teacher reads. */
function notAFile(stat: fs.Stats): string {
  if (stat.isSymbolicLink()) return "is a symbolic link, not a file: hand in the notebook itself";
  if (stat.isSocket()) return "is a socket, not a file";
  if (stat.isFIFO()) return "is a named pipe, not a file";
  if (stat.isDirectory()) return "is a folder, not a file";
  return "is a device, not a file";
}

/**
 * The text of a submission file: opened without following a link (for one
 * found in a folder) and without blocking (a named pipe would wait forever),
 * and read only if what was opened is a regular file of a lesson's size.
 * A UTF-8 byte-order mark, which some editors write, is left out.
 */
function readText(submission: Pick<Submission, "file" | "found">): string {
  const name = path.basename(submission.file);
  const flags =
    fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | (submission.found === "in a folder" ? fs.constants.O_NOFOLLOW : 0);
  let fd: number;
  try {
    fd = fs.openSync(submission.file, flags);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // O_NOFOLLOW on a link fails with ELOOP; a socket cannot be opened (ENXIO).
    if (code === "ELOOP" || code === "ENXIO") throw new NotebookFormatError(`${name} ${notAFile(fs.lstatSync(submission.file))}`);
    throw new NotebookFormatError(`${name} cannot be read (${code ?? String(error)})`);
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new NotebookFormatError(`${name} ${notAFile(stat)}`);
    if (stat.size > maxNotebookBytes) {
      throw new NotebookFormatError(
        `the file is ${(stat.size / 1024 / 1024).toFixed(1)} MB, more than a lesson notebook can be (${maxNotebookBytes / 1024 / 1024} MB)`,
      );
    }
    const text = fs.readFileSync(fd, "utf8");
    return text.startsWith("\uFEFF") ? text.slice(1) : text;
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads a submission and finds its problem among `known`, or says why it cannot be graded. */
export function loadSubmission(submission: Pick<Submission, "file" | "found">, known: ReadonlySet<string>): LoadedSubmission {
  const { file } = submission;
  const name = path.basename(file);
  let notebook: Notebook;
  try {
    notebook = parseNotebook(readText(submission), name);
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
  const notes: string[] = [];
  const named = problemInFileName(file, known);
  if (fromMetadata !== undefined && named !== undefined && named !== fromMetadata)
    notes.push(`the file name says ${named}, but the notebook is problem ${fromMetadata}'s: graded as ${fromMetadata}`);
  return { ok: true, notebook, problem, notes };
}
