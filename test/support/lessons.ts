// Where the lesson notebooks are, and which problem each one is for.
import * as fs from "node:fs";
import * as path from "node:path";
import type { Notebook } from "../../jupyter-client";
import { dlfsMetadata } from "../../teaching/lessons";

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

/**
 * `items` with those of the lessons that train on MNIST first (the ones with a
 * quick mode, metadata.dlfs.quick), in their order, then the rest: a batch run
 * a few at a time ends sooner when its longest jobs start first, the short
 * ones filling the other cores meanwhile, than when one of them starts last.
 */
export function longestFirst<T>(items: readonly T[], notebookOf: (item: T) => Notebook): T[] {
  const trains = (item: T): boolean => dlfsMetadata(notebookOf(item)).quick !== undefined;
  return [...items.filter(trains), ...items.filter((item) => !trains(item))];
}
