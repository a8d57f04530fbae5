// Where the lesson notebooks are, and which problem each one is for.
import * as fs from "node:fs";
import * as path from "node:path";

export const notebooksDir = path.join(__dirname, "..", "..", "notebooks");

/** notebooks/NNN_*.ipynb, in problem order. */
export function lessonNotebooks(): string[] {
  return fs
    .readdirSync(notebooksDir)
    .filter((f) => /^\d{3}_.*\.ipynb$/.test(f))
    .sort()
    .map((f) => path.join(notebooksDir, f));
}

/** "213" for notebooks/213_fruit_backward.ipynb. */
export function problemOf(file: string): string {
  return path.basename(file).slice(0, 3);
}
