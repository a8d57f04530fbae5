// @ts-check
// The grader's code inside a submission's kernel (see ../grader/grading-cells.ts).
// Evaluated once per kernel, before any student code, as plain JavaScript:
// it keeps the built-ins it needs in this closure and returns the function
// that evaluation cells call with a nonce and the answers' thunks. That
// function writes one JSON line to a pipe only the grader reads (fd 3).
//
// The JSON is built by concatenating primitives, so hooks a student might add
// later (toJSON on Object.prototype, a patched Array.prototype, a replaced
// JSON.stringify) never run; what it finds replaced it reports as tampering.
// The file is one function expression: its value when evaluated. Its
// arguments: the kernel's require (to reach fs and dlfs), and the limits
// (numbers per evaluation, the pipe's fd).
(function (/** @type {NodeJS.Require} */ require, /** @type {{ maxNumbers: number, fd: number }} */ limits) {
  "use strict";
  /** @type {typeof import("fs")} */
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
  /** The typed arrays' length, read without a getter the student could replace. */
  const lengthGetter = /** @type {(this: Float64Array) => number} */ (
    getOwnPropertyDescriptor(Object.getPrototypeOf(Float64Array.prototype), "length")?.get
  );
  /** @type {typeof import("dlfs").NDArray} */
  const NDArray = require("dlfs").NDArray;
  const maxNumbers = limits.maxNumbers;

  /** @param {string} text */
  const short = (text) => (text.length > 300 ? apply(sliceString, text, [0, 300]) + "…" : text);
  /** A number as JSON; NaN and the infinities as strings. @param {number} n */
  const number = (n) => (n === n && n !== Infinity && n !== -Infinity ? "" + n : stringify("" + n));
  /** @param {unknown} error */
  const describeError = (error) => {
    try {
      return short("" + (error instanceof Error ? error.name + ": " + error.message : error));
    } catch {
      return "an error that cannot be shown";
    }
  };

  let budget = 0;
  /**
   * One value as the JSON of an EncodedValue (../grader/answer-payload.ts).
   * @param {unknown} value
   * @param {number} depth
   * @returns {string}
   */
  const encode = (value, depth) => {
    if (typeof value === "number") return '{"kind":"number","value":' + number(value) + "}";
    if (typeof value === "boolean") return '{"kind":"boolean","value":' + (value ? "true" : "false") + "}";
    if (typeof value === "string") return '{"kind":"string","value":' + stringify(short(value)) + "}";
    if (value === null || value === undefined)
      return '{"kind":"missing","what":"' + (value === null ? "null" : "undefined") + '"}';
    if (value instanceof NDArray) {
      const data = value.data;
      /** @type {unknown} */
      const shape = value.shape;
      if (!isArray(shape)) return '{"kind":"other","what":"a broken array"}';
      const size = apply(lengthGetter, data, []);
      if (size > budget)
        return '{"kind":"other","what":' + stringify("an array of " + size + " numbers, too many to grade") + "}";
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
    /** @param {string} what */
    const add = (what) => (list += (list === "" ? "" : ",") + stringify(what));
    if (JSON.stringify !== stringify) add("JSON.stringify");
    if (fs.writeSync !== writeSync) add("fs.writeSync");
    if (console.log !== consoleLog) add("console.log");
    if (apply(hasOwn, NDArray, [hasInstance])) add("instanceof NDArray");
    const write = getOwnPropertyDescriptor(process.stdout, "write");
    if (write !== undefined && (write.get !== undefined || write.set !== undefined)) add("process.stdout.write");
    return list;
  };

  /** @param {string} line */
  const send = (line) => {
    const bytes = bufferFrom(line, "utf8");
    let offset = 0;
    while (offset < bytes.length) {
      try {
        offset += writeSync(limits.fd, bytes, offset);
      } catch (error) {
        if (/** @type {NodeJS.ErrnoException} */ (error).code !== "EAGAIN") throw error;
      }
    }
  };

  return (/** @type {string} */ nonce, /** @type {Record<string, () => unknown>} */ thunks) => {
    budget = maxNumbers;
    const names = ownKeys(thunks);
    let values = "";
    for (let i = 0; i < names.length; i++) {
      /** @type {string} */
      let encoded;
      try {
        encoded = encode(thunks[names[i]](), 0);
      } catch (error) {
        encoded = '{"kind":"failed","error":' + stringify(describeError(error)) + "}";
      }
      values += (i > 0 ? "," : "") + stringify(names[i]) + ":" + encoded;
    }
    send('{"nonce":' + stringify(nonce) + ',"values":{' + values + '},"tampered":[' + tampered() + "]}\n");
  };
});
