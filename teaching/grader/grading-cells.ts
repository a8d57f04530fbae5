/**
 * The two cells the grader adds to a submission, in the student's kernel:
 *
 * - a prelude, run before any student code, that keeps the built-ins it
 *   needs (JSON.stringify for strings, fs.writeSync, Reflect.apply, the
 *   typed-array length getter, dlfs's NDArray class) inside a closure, and
 *   binds the one function it exposes to a name that is random for every
 *   submission, so student code cannot name it in advance;
 * - an evaluation cell, run after the student's cells, that evaluates the
 *   lesson's check expressions (taken from the teacher's notebook) and
 *   writes them as one JSON line, with a fresh nonce, to fd 3: a pipe that
 *   only the grader reads, and that neither tslab nor the notebook's outputs
 *   touch.
 *
 * The JSON is built by string concatenation of primitives, so prototype
 * hooks a student might add (toJSON on Object.prototype, a patched
 * Array.prototype) never run. What this cannot stop, and where its limits
 * are, is described in the README ("Grading a class").
 */
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as path from "path";
import type { CheckedAnswer } from "./check-call";

/** Numbers per evaluation at most: lesson answers are a few dozen, MNIST ones a handful. */
const maxNumbersPerEvaluation = 100_000;

/** The fd the kernel writes answers to (the 4th stdio entry of the kernel process). */
const answerFd = 3;

function randomToken(): string {
  return randomBytes(12).toString("hex");
}

/** The prelude's JavaScript: a function of `require` and the limits, in a file of its own. */
const answerChannel = fs.readFileSync(path.join(__dirname, "..", "in-kernel", "answer-channel.js"), "utf8");

/**
 * The prelude cell: one short line of TypeScript for tslab to check, the rest
 * evaluated as JavaScript. Its type mentions dlfs: every later cell is checked
 * against the declarations of the earlier ones, so dlfs's types then stay in
 * tslab's program instead of being dropped here and parsed again for the
 * student's `import ... from "dlfs"` (0.4 s per submission).
 */
function preludeSource(name: string): string {
  const type = `((nonce: string, thunks: Record<string, () => unknown>) => void) & { arrays?: typeof import("dlfs").NDArray }`;
  const limits = JSON.stringify({ maxNumbers: maxNumbersPerEvaluation, fd: answerFd });
  return `const ${name}: ${type} = (0, eval)(${JSON.stringify(answerChannel)})(require, ${limits});`;
}

/** One evaluation cell and the nonce its answer line will carry. */
export interface EvaluationCell {
  code: string;
  nonce: string;
}

export interface GradingCells {
  /** Run first, before the student's cells. */
  prelude: string;
  /** A cell that evaluates `answers` and sends them to the grader. */
  evaluate(answers: readonly CheckedAnswer[]): EvaluationCell;
}

/** Fresh cells, with a fresh random name, for one submission. */
export function gradingCells(): GradingCells {
  const name = `grader_${randomToken()}`;
  return {
    prelude: preludeSource(name),
    evaluate(answers) {
      const nonce = randomToken();
      // A name the submission never declared would stop the whole cell from
      // compiling; ignored, it fails only its own answer, at run time, with
      // "x is not defined", and the other answers still count.
      const thunks = answers
        .map((answer) => `  // @ts-ignore\n  ${JSON.stringify(answer.name)}: () => (${answer.expression}),\n`)
        .join("");
      return { nonce, code: `void ${name}(${JSON.stringify(nonce)}, {\n${thunks}});` };
    },
  };
}
