/**
 * What tells the gradebook that something changed: a submission's content
 * hash and time, a lesson's version (its code, check and key: a change means
 * its submissions are graded again) and the grader's version.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import type { ProblemKey } from "dlfs/answer-key";
import { type Notebook, readNotebook } from "../../jupyter-client";
import { dlfsMetadata, lessonFiles, problemInMetadata } from "../lessons";

export function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

export function contentHash(file: string): string {
  return sha256(fs.readFileSync(file));
}

/** nbgrader's record of when a submission was handed in, beside it. */
export const handInTimeFileName = "timestamp.txt";

/**
 * When a submission was handed in: the time in nbgrader's `timestamp.txt`
 * beside it (its collect step writes one per submission folder), else the
 * file's modification time (copy with `cp -p` or `rsync -t` to keep it).
 */
export function submittedAt(file: string): Date {
  const stamp = path.join(path.dirname(file), handInTimeFileName);
  if (fs.existsSync(stamp)) {
    // nbgrader writes "2025-04-01 17:42:06.442362 UTC".
    const text = fs.readFileSync(stamp, "utf8").trim().replace(" UTC", "Z").replace(" ", "T");
    const time = new Date(text);
    if (!Number.isNaN(time.getTime())) return time;
  }
  return fs.statSync(file).mtime;
}

/** The lesson variant's seed a student's notebook carries (metadata.dlfs.variant), if any. */
export function variantOf(file: string): string | undefined {
  try {
    const variant = dlfsMetadata(readNotebook(file)).variant;
    return typeof variant === "string" || typeof variant === "number" ? String(variant) : undefined;
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
