// Which key a lesson's check() compares with. In the teacher's lesson (and
// for self-study) the key itself: a wrong answer is shown next to the
// expected one. In a handout (a student version: metadata.dlfs.version is
// "student") the sealed key: right or wrong and the hint of a known mistake,
// never the expected value; in a student's own variant, the sealed key of
// that student's data (its metadata carries it). A kernel does not know its notebook, but Jupyter
// starts it in the notebook's folder, where the lesson of the problem checked
// is a file NNN_*.ipynb: its metadata says which it is. The site built for a
// class has no key but the sealed one (this module is replaced in its build).
import * as fs from "fs";
import * as path from "path";
import { answerKey } from "./index";
import type { AnswerKey } from "./compare";
import { type SealedAnswerKey, type SealedProblemKey, sealKey } from "./sealed-key";

let sealed: SealedAnswerKey | undefined;

/** The key itself, where this build has it (a class site's has not). */
export function clearKey(): AnswerKey | undefined {
  return answerKey;
}

/** The key sealed: what a handout's check() compares with. */
export function sealedKey(): SealedAnswerKey {
  sealed ??= sealKey(answerKey);
  return sealed;
}

/**
 * A handout in the kernel's folder: the student version of a lesson, and,
 * when it is a student's own variant (npm run student -- --roster), the
 * sealed key of that student's data.
 */
export interface Handout {
  variantKey?: SealedProblemKey;
}

function isSealedProblemKey(value: unknown): value is SealedProblemKey {
  return typeof value === "object" && value !== null && Array.isArray((value as { items?: unknown }).items);
}

/** The handout of `problem` in the kernel's folder, or undefined where the lesson there is the teacher's (or none). */
export function handoutOf(problem: string): Handout | undefined {
  // Outside Node (the site's kernel) there is no folder to look in.
  if (typeof process === "undefined" || typeof fs.readdirSync !== "function") return undefined;
  try {
    const folder = process.cwd();
    const lessons = fs.readdirSync(folder).filter((name) => name.startsWith(`${problem}_`) && name.endsWith(".ipynb"));
    for (const name of lessons) {
      const notebook = JSON.parse(fs.readFileSync(path.join(folder, name), "utf8")) as {
        metadata?: { dlfs?: { version?: unknown; variant?: { key?: unknown } } };
      };
      const dlfs = notebook.metadata?.dlfs;
      if (dlfs?.version !== "student") continue;
      const key = dlfs.variant?.key;
      return isSealedProblemKey(key) ? { variantKey: key } : {};
    }
    return undefined;
  } catch {
    return undefined;
  }
}
