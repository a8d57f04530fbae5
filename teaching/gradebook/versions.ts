/**
 * What tells the gradebook that something changed: a submission's content
 * hash and time, a lesson's version (its code, check and key: a change means
 * its submissions are graded again) and the grader's version.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import type { ProblemKey } from "dlfs/answer-key";
import { isJsonObject, type Notebook, parseNotebook, readNotebook } from "../../jupyter-client";
import { dlfsMetadata, lessonFiles, problemInMetadata } from "../lessons";

export function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/**
 * Opens `file` for reading if it is a regular file, else undefined: without
 * waiting (a named pipe in a class folder would otherwise block the grader
 * for good) and checked after opening, so that what is read is what was checked.
 */
function openRegularFile(file: string): number | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch {
    return undefined; // a socket, a link to nothing, a file gone since it was listed
  }
  if (fs.fstatSync(fd).isFile()) return fd;
  fs.closeSync(fd);
  return undefined;
}

/** The bytes of a regular file, or undefined for anything else or a file over `maxBytes`. */
export function readRegularFile(file: string, maxBytes: number): Buffer | undefined {
  const fd = openRegularFile(file);
  if (fd === undefined) return undefined;
  try {
    return fs.fstatSync(fd).size > maxBytes ? undefined : fs.readFileSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** The largest notebook the grader reads (teaching/grader/submission.ts): a variant is looked for in no larger one. */
const maxNotebookBytes = 20 * 1024 * 1024;

/** The SHA-256 of a submission's bytes; of the words "not a regular file" for anything else a class folder holds. */
export function contentHash(file: string): string {
  const fd = openRegularFile(file);
  if (fd === undefined) return sha256("not a regular file");
  const hash = createHash("sha256");
  const chunk = Buffer.alloc(1 << 20);
  try {
    for (let read = fs.readSync(fd, chunk); read > 0; read = fs.readSync(fd, chunk)) hash.update(chunk.subarray(0, read));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest("hex");
}

/** nbgrader's record of when a submission was handed in, beside it. */
export const handInTimeFileName = "timestamp.txt";

/**
 * When a submission was handed in: the time in nbgrader's `timestamp.txt`
 * beside it (its collect step writes one per submission folder), else the
 * file's modification time (copy with `cp -p` or `rsync -t` to keep it).
 */
export function submittedAt(file: string): Date {
  const stamp = readRegularFile(path.join(path.dirname(file), handInTimeFileName), 1024);
  if (stamp !== undefined) {
    // nbgrader writes "2025-04-01 17:42:06.442362 UTC".
    const time = new Date(stamp.toString("utf8").trim().replace(" UTC", "Z").replace(" ", "T"));
    if (!Number.isNaN(time.getTime())) return time;
  }
  try {
    return fs.lstatSync(file).mtime;
  } catch {
    return new Date(); // gone since it was graded: it was handed in by now
  }
}

/** The lesson variant's seed a student's notebook carries (metadata.dlfs.variant), if any. */
export function variantOf(file: string): string | undefined {
  try {
    const bytes = readRegularFile(file, maxNotebookBytes);
    if (bytes === undefined) return undefined;
    const variant = dlfsMetadata(parseNotebook(bytes.toString("utf8"), path.basename(file))).variant;
    // A handout per student (npm run student -- --roster) says { id, student, key }.
    const id = isJsonObject(variant) ? variant.id : variant;
    return typeof id === "string" || typeof id === "number" ? String(id) : undefined;
  } catch {
    return undefined; // not a notebook: the grader says so in its row
  }
}

export interface LessonInfo {
  problem: string;
  title: string;
  answers: number;
  version: string;
}

/** A lesson's version: its code cells, its grading metadata and its key; not its prose. */
function lessonVersion(notebook: Notebook, key: ProblemKey): string {
  const code = notebook.cells.filter((cell) => cell.cell_type === "code").map((cell) => cell.source);
  const { grading = null, quick = null } = dlfsMetadata(notebook);
  return sha256(JSON.stringify({ code, grading, quick, key })).slice(0, 16);
}

/** The teacher's lessons that the key knows, with their versions. */
export function lessonInfos(lessonsDir: string, keys: Readonly<Record<string, ProblemKey>>): LessonInfo[] {
  const infos: LessonInfo[] = [];
  for (const file of lessonFiles(lessonsDir)) {
    let notebook: Notebook;
    try {
      notebook = readNotebook(file);
    } catch {
      continue; // the grader warns about lessons it cannot read
    }
    const problem = problemInMetadata(notebook) ?? path.basename(file).slice(0, 3);
    const key = keys[problem];
    if (key === undefined) continue;
    infos.push({ problem, title: key.title, answers: key.items.length, version: lessonVersion(notebook, key) });
  }
  return infos;
}

/** The grader's version: the project's, and a hash of the grader's own code, so that two builds never share one. */
export function graderVersion(): string {
  const root = path.resolve(__dirname, "..", "..");
  const { version } = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { version: string };
  const sources = [path.join(root, "teaching", "grader"), path.join(root, "teaching", "in-kernel")]
    .flatMap((dir) =>
      fs.existsSync(dir)
        ? fs
            .readdirSync(dir)
            .sort()
            .map((name) => path.join(dir, name))
        : [],
    )
    .filter((file) => fs.statSync(file).isFile());
  const hash = createHash("sha256");
  for (const file of sources) hash.update(path.basename(file)).update(fs.readFileSync(file));
  return `${version}+${hash.digest("hex").slice(0, 10)}`;
}
