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
import type { CheckedAnswer } from "./check-call";

/** Numbers per evaluation at most: lesson answers are a few dozen, MNIST ones a handful. */
export const maxNumbersPerEvaluation = 100_000;

/** The fd the kernel writes answers to (the 4th stdio entry of the kernel process). */
export const answerFd = 3;

function randomToken(): string {
  return randomBytes(12).toString("hex");
}

/**
 * The prelude's JavaScript: a function of `require` returning the function
 * that evaluation cells call. Plain JavaScript evaluated by V8, because
 * tslab type-checks every cell and a hundred lines of TypeScript cost it
 * most of a second per submission.
 */
function preludeJavaScript(): string {
  return `(function (require) {
  "use strict";
  const fs = require("fs");
  const writeSync = fs.writeSync;
  const bufferFrom = Buffer.from;
  const stringify = JSON.stringify;
  const isArray = Array.isArray;
  const apply = Reflect.apply;
  const ownKeys = Object.keys;
  const hasOwn = Object.prototype.hasOwnProperty;
  const getOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
  const sliceString = String.prototype.slice;
  const hasInstance = Symbol.hasInstance;
  const consoleLog = console.log;
  const lengthGetter = getOwnPropertyDescriptor(Object.getPrototypeOf(Float64Array.prototype), "length").get;
  const NDArray = require("dlfs").NDArray;
  const maxNumbers = ${maxNumbersPerEvaluation};

  const short = (text) => (text.length > 300 ? apply(sliceString, text, [0, 300]) + "…" : text);
  const number = (n) => (n === n && n !== Infinity && n !== -Infinity ? "" + n : stringify("" + n));
  const describeError = (error) => {
    try {
      return short("" + (error instanceof Error ? error.name + ": " + error.message : error));
    } catch {
      return "an error that cannot be shown";
    }
  };

  let budget = 0;
  const encode = (value, depth) => {
    if (typeof value === "number") return '{"kind":"number","value":' + number(value) + "}";
    if (typeof value === "boolean") return '{"kind":"boolean","value":' + (value ? "true" : "false") + "}";
    if (typeof value === "string") return '{"kind":"string","value":' + stringify(short(value)) + "}";
    if (value === null || value === undefined) return '{"kind":"missing","what":"' + (value === null ? "null" : "undefined") + '"}';
    if (value instanceof NDArray) {
      const data = value.data;
      const shape = value.shape;
      if (!isArray(shape)) return '{"kind":"other","what":"a broken array"}';
      const size = apply(lengthGetter, data, []);
      if (size > budget) return '{"kind":"other","what":' + stringify("an array of " + size + " numbers, too many to grade") + "}";
      budget -= size;
      let numbers = "";
      for (let i = 0; i < size; i++) numbers += (i > 0 ? "," : "") + number(data[i]);
      let dims = "";
      for (let i = 0; i < shape.length; i++) dims += (i > 0 ? "," : "") + number(+shape[i]);
      return '{"kind":"ndarray","dtype":' + stringify("" + value.dtype) + ',"shape":[' + dims + '],"data":[' + numbers + "]}";
    }
    if (isArray(value)) {
      if (depth > 5 || value.length > budget) return '{"kind":"other","what":"a list too long or too deep to grade"}';
      budget -= value.length;
      let items = "";
      for (let i = 0; i < value.length; i++) items += (i > 0 ? "," : "") + encode(value[i], depth + 1);
      return '{"kind":"list","items":[' + items + "]}";
    }
    return '{"kind":"other","what":' + stringify("a " + typeof value) + "}";
  };

  const tampered = () => {
    let list = "";
    const add = (what) => (list += (list === "" ? "" : ",") + stringify(what));
    if (JSON.stringify !== stringify) add("JSON.stringify");
    if (fs.writeSync !== writeSync) add("fs.writeSync");
    if (console.log !== consoleLog) add("console.log");
    if (apply(hasOwn, NDArray, [hasInstance])) add("instanceof NDArray");
    const write = getOwnPropertyDescriptor(process.stdout, "write");
    if (write !== undefined && (write.get !== undefined || write.set !== undefined)) add("process.stdout.write");
    return list;
  };

  const send = (line) => {
    const bytes = bufferFrom(line, "utf8");
    let offset = 0;
    while (offset < bytes.length) {
      try {
        offset += writeSync(${answerFd}, bytes, offset);
      } catch (error) {
        if (error.code !== "EAGAIN") throw error;
      }
    }
  };

  return (nonce, thunks) => {
    budget = maxNumbers;
    const names = ownKeys(thunks);
    let values = "";
    for (let i = 0; i < names.length; i++) {
      let encoded;
      try {
        encoded = encode(thunks[names[i]](), 0);
      } catch (error) {
        encoded = '{"kind":"failed","error":' + stringify(describeError(error)) + "}";
      }
      values += (i > 0 ? "," : "") + stringify(names[i]) + ":" + encoded;
    }
    send('{"nonce":' + stringify(nonce) + ',"values":{' + values + '},"tampered":[' + tampered() + "]}\\n");
  };
})`;
}

/**
 * The prelude cell: one short line of TypeScript for tslab to check, the rest
 * evaluated as JavaScript. Its type mentions dlfs: every later cell is checked
 * against the declarations of the earlier ones, so dlfs's types then stay in
 * tslab's program instead of being dropped here and parsed again for the
 * student's `import ... from "dlfs"` (0.4 s per submission).
 */
function preludeSource(name: string): string {
  const type = `((nonce: string, thunks: Record<string, () => unknown>) => void) & { arrays?: typeof import("dlfs").NDArray }`;
  return `const ${name}: ${type} = (0, eval)(${JSON.stringify(preludeJavaScript())})(require);`;
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
      const thunks = answers.map((answer) => `  // @ts-ignore\n  ${JSON.stringify(answer.name)}: () => (${answer.expression}),\n`).join("");
      return { nonce, code: `void ${name}(${JSON.stringify(nonce)}, {\n${thunks}});` };
    },
  };
}
