// @ts-check
// The grader's code inside a submission's kernel (see ../grader/answer-channel.ts).
// Evaluated once per kernel, before any student code, as plain JavaScript:
// one function expression, called with the kernel's `require`, tslab's table
// of the notebook's names and the options below. It returns nothing and
// leaves nothing on any global: what it needs stays in this closure.
//
// - It reads a secret key, 32 bytes, from its channel (fd 3, a socket only the
//   grader holds the other end of) before any student code runs.
// - It compiles the teacher's check expressions (JavaScript, from the
//   teacher's check cell) into functions that look names up in tslab's table.
// - When the grader asks ("evaluate <nonce>" on the channel), it evaluates
//   them, encodes the values by concatenating primitives, and writes one
//   ASCII line: HMAC-SHA256(key, request + "\n" + json) in hex, a space, the
//   json. SHA-256 is computed here, in plain arithmetic: no library function
//   a student could replace takes part in what is sent.
//
// Student code can write to fd 3 too, and can replace anything it reaches,
// but without the key it cannot make a line the grader accepts: the worst it
// can do is keep the answers from arriving, which gives it no points.
(function (
  /** @type {NodeJS.Require} */ require,
  /** @type {Record<string, unknown>} */ names,
  /** @type {{ fd: number, expressions: [string, string][], maxNumbers: number, maxChars: number }} */ options,
) {
  "use strict";
  /** @type {typeof import("fs")} */
  const fs = require("fs");
  /** @type {typeof import("net")} */
  const net = require("net");
  const readSync = fs.readSync;
  const writeSync = fs.writeSync;
  const apply = Reflect.apply;
  const isArray = Array.isArray;
  const getPrototypeOf = Reflect.getPrototypeOf;
  const getOwnPropertyDescriptor = Reflect.getOwnPropertyDescriptor;
  const makeFunction = Function;
  const now = Date.now;
  const Uint8 = Uint8Array;
  const Int32 = Int32Array;
  const charCodeAt = String.prototype.charCodeAt;
  // A reduction's NumPy scalar is a Number (or Boolean) object: its value is read by the
  // built-in valueOf, which throws for anything that is not one, whatever its prototype says.
  const numberValueOf = Number.prototype.valueOf;
  const booleanValueOf = Boolean.prototype.valueOf;
  /** The one-character strings of the codes 0-127, made before any student code runs. */
  const asciiChars = /** @type {string[]} */ ([]);
  for (let code = 0; code < 128; code++) asciiChars[code] = String.fromCharCode(code);
  const typedArrayPrototype = /** @type {object} */ (getPrototypeOf(Float64Array.prototype));
  /** The length and kind of a typed array, read without anything a student could replace. */
  const lengthOf = /** @type {(this: unknown) => number} */ (getOwnPropertyDescriptor(typedArrayPrototype, "length")?.get);
  const tagOf = /** @type {(this: unknown) => string | undefined} */ (
    getOwnPropertyDescriptor(typedArrayPrototype, Symbol.toStringTag)?.get
  );
  const stringify = JSON.stringify;
  const consoleLog = console.log;
  const tslabTable = /** @type {{ __tslab__?: { exports?: unknown } }} */ (globalThis).__tslab__;
  /** @type {typeof import("dlfs").NDArray} */
  const NDArray = require("dlfs").NDArray;
  const arrayPrototype = NDArray.prototype;
  // Every array's values computed at once (dlfs defers a large Affine dx until it is read): an
  // answer's data is then an own data property, read without running a getter, as any array's.
  require("dlfs/internal").setDeferredGradients(false);
  const fd = options.fd;

  // ---- SHA-256 and HMAC, on byte arrays --------------------------------------
  const K = new Int32([
    0x428a2f98, 0x71374491, -0x4a3f0431, -0x164a245b, 0x3956c25b, 0x59f111f1, -0x6dc07d5c, -0x54e3a12b, -0x27f85568, 0x12835b01,
    0x243185be, 0x550c7dc3, 0x72be5d74, -0x7f214e02, -0x6423f959, -0x3e640e8c, -0x1b64963f, -0x1041b87a, 0x0fc19dc6, 0x240ca1cc,
    0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, -0x67c1aeae, -0x57ce3993, -0x4ffcd838, -0x40a68039, -0x391ff40d, -0x2a586eb9,
    0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, -0x7e3d36d2, -0x6d8dd37b,
    -0x5d40175f, -0x57e599b5, -0x3db47490, -0x3893ae5d, -0x2e6d17e7, -0x2966f9dc, -0xbf1ca7b, 0x106aa070, 0x19a4c116, 0x1e376c08,
    0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, -0x7b3787ec, -0x7338fdf8,
    -0x6f410006, -0x5baf9315, -0x41065c09, -0x398e870e,
  ]);

  /**
   * SHA-256 of `bytes[0..length)`, as 32 bytes.
   * @param {Uint8Array} bytes
   * @param {number} length
   */
  const sha256 = (bytes, length) => {
    const h = new Int32([0x6a09e667, -0x4498517b, 0x3c6ef372, -0x5ab00ac6, 0x510e527f, -0x64fa9774, 0x1f83d9ab, 0x5be0cd19]);
    const w = new Int32(64);
    const padded = ((length + 8) >>> 6) * 64 + 64;
    const block = new Uint8(padded);
    for (let i = 0; i < length; i++) block[i] = bytes[i];
    block[length] = 0x80;
    const bits = length * 8;
    block[padded - 4] = (bits >>> 24) & 0xff;
    block[padded - 3] = (bits >>> 16) & 0xff;
    block[padded - 2] = (bits >>> 8) & 0xff;
    block[padded - 1] = bits & 0xff;
    block[padded - 5] = (length / 0x20000000) & 0xff;
    for (let offset = 0; offset < padded; offset += 64) {
      for (let t = 0; t < 16; t++) {
        const j = offset + t * 4;
        w[t] = (block[j] << 24) | (block[j + 1] << 16) | (block[j + 2] << 8) | block[j + 3];
      }
      for (let t = 16; t < 64; t++) {
        const a = w[t - 15];
        const b = w[t - 2];
        const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
        const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
        w[t] = (w[t - 16] + s0 + w[t - 7] + s1) | 0;
      }
      let a = h[0],
        b = h[1],
        c = h[2],
        d = h[3],
        e = h[4],
        f = h[5],
        g = h[6],
        k = h[7];
      for (let t = 0; t < 64; t++) {
        const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
        const ch = (e & f) ^ (~e & g);
        const t1 = (k + S1 + ch + K[t] + w[t]) | 0;
        const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
        const maj = (a & b) ^ (a & c) ^ (b & c);
        const t2 = (S0 + maj) | 0;
        k = g;
        g = f;
        f = e;
        e = (d + t1) | 0;
        d = c;
        c = b;
        b = a;
        a = (t1 + t2) | 0;
      }
      h[0] = (h[0] + a) | 0;
      h[1] = (h[1] + b) | 0;
      h[2] = (h[2] + c) | 0;
      h[3] = (h[3] + d) | 0;
      h[4] = (h[4] + e) | 0;
      h[5] = (h[5] + f) | 0;
      h[6] = (h[6] + g) | 0;
      h[7] = (h[7] + k) | 0;
    }
    const digest = new Uint8(32);
    for (let i = 0; i < 8; i++) {
      digest[i * 4] = (h[i] >>> 24) & 0xff;
      digest[i * 4 + 1] = (h[i] >>> 16) & 0xff;
      digest[i * 4 + 2] = (h[i] >>> 8) & 0xff;
      digest[i * 4 + 3] = h[i] & 0xff;
    }
    return digest;
  };

  /**
   * HMAC-SHA256 with `key` (32 bytes) of `message[0..length)`.
   * @param {Uint8Array} key
   * @param {Uint8Array} message
   * @param {number} length
   */
  const hmac = (key, message, length) => {
    const inner = new Uint8(64 + length);
    const outer = new Uint8(64 + 32);
    for (let i = 0; i < 64; i++) {
      const byte = i < key.length ? key[i] : 0;
      inner[i] = byte ^ 0x36;
      outer[i] = byte ^ 0x5c;
    }
    for (let i = 0; i < length; i++) inner[64 + i] = message[i];
    const innerDigest = sha256(inner, 64 + length);
    for (let i = 0; i < 32; i++) outer[64 + i] = innerDigest[i];
    return sha256(outer, 96);
  };

  const hexDigits = "0123456789abcdef";
  /** @param {Uint8Array} bytes */
  const hex = (bytes) => {
    let text = "";
    for (let i = 0; i < bytes.length; i++) text += hexDigits[bytes[i] >>> 4] + hexDigits[bytes[i] & 15];
    return text;
  };

  /**
   * An ASCII string's bytes.
   * @param {string} text
   */
  const asciiBytes = (text) => {
    const bytes = new Uint8(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = apply(charCodeAt, text, [i]);
    return bytes;
  };

  // ---- the key, before any student code ------------------------------------
  const key = new Uint8(32);
  {
    let got = 0;
    const deadline = now() + 10_000;
    while (got < 32) {
      try {
        got += readSync(fd, key, got, 32 - got, null);
      } catch (error) {
        if (/** @type {NodeJS.ErrnoException} */ (error).code !== "EAGAIN" || now() > deadline) throw error;
      }
    }
  }

  // ---- the teacher's expressions, compiled now ------------------------------
  // Sloppy-mode code, so that `with` can look each name up in tslab's table of
  // the notebook's names, as a later cell would find them.
  let source = "with (names) { return [";
  for (let i = 0; i < options.expressions.length; i++) source += "() => (" + options.expressions[i][1] + "),\n";
  source += "]; }";
  const thunks = /** @type {(() => unknown)[]} */ (makeFunction("names", source)(names));

  // ---- encoding values as ASCII JSON ------------------------------------------
  /**
   * A string as an ASCII JSON string: quotes, backslashes, control and non-ASCII characters escaped.
   * @param {string} text
   */
  const quote = (text) => {
    let quoted = '"';
    const length = text.length > 300 ? 300 : text.length;
    for (let i = 0; i < length; i++) {
      const code = apply(charCodeAt, text, [i]);
      if (code === 34) quoted += '\\"';
      else if (code === 92) quoted += "\\\\";
      else if (code >= 32 && code < 127) quoted += text[i];
      else
        quoted +=
          "\\u" +
          hexDigits[(code >>> 12) & 15] +
          hexDigits[(code >>> 8) & 15] +
          hexDigits[(code >>> 4) & 15] +
          hexDigits[code & 15];
    }
    return quoted + (text.length > 300 ? '..."' : '"');
  };
  /**
   * A number as JSON; NaN and the infinities as strings.
   * @param {number} n
   */
  const number = (n) => (n === n && n !== Infinity && n !== -Infinity ? "" + n : '"' + n + '"');

  let numbersLeft = 0;
  /** @param {string} what */
  const other = (what) => '{"kind":"other","what":' + quote(what) + "}";

  /**
   * True when `value`'s prototype chain holds dlfs's NDArray (at most 16 steps).
   * @param {object} value
   */
  const isNDArray = (value) => {
    let prototype = getPrototypeOf(value);
    for (let steps = 0; prototype !== null && steps < 16; steps++) {
      if (prototype === arrayPrototype) return true;
      prototype = getPrototypeOf(prototype);
    }
    return false;
  };

  /**
   * An own data property's value, never running a getter.
   * @param {object} value
   * @param {string} name
   */
  const own = (value, name) => {
    const descriptor = getOwnPropertyDescriptor(value, name);
    return descriptor !== undefined && "value" in descriptor ? descriptor.value : undefined;
  };

  /** @param {object} value */
  const encodeArray = (value) => {
    const data = own(value, "data");
    const shape = own(value, "shape");
    const dtype = own(value, "dtype");
    if (typeof data !== "object" || data === null || !isArray(shape) || typeof dtype !== "string")
      return other("an array whose data, shape or dtype is not its own");
    let tag;
    try {
      tag = apply(tagOf, data, []);
    } catch {
      tag = undefined;
    }
    if (tag !== "Float64Array" && tag !== "Float32Array") return other("an array whose data is not a Float64Array");
    const size = apply(lengthOf, data, []);
    if (size > numbersLeft) return other("an array of " + size + " numbers, too many to grade");
    numbersLeft -= size;
    const dims = /** @type {unknown[]} */ (shape);
    if (dims.length > 32) return other("an array of more than 32 dimensions");
    let shapeText = "";
    for (let i = 0; i < dims.length; i++) {
      const dim = dims[i];
      if (typeof dim !== "number") return other("an array whose shape is not numbers");
      shapeText += (i > 0 ? "," : "") + number(dim);
    }
    const values = /** @type {Float64Array | Float32Array} */ (data);
    let numbers = "";
    for (let i = 0; i < size; i++) numbers += (i > 0 ? "," : "") + number(values[i]);
    return '{"kind":"ndarray","dtype":' + quote(dtype) + ',"shape":[' + shapeText + '],"data":[' + numbers + "]}";
  };

  /**
   * The number or boolean inside a Number or Boolean object (a NumPy scalar), or undefined.
   * @param {object} value
   * @returns {number | boolean | undefined}
   */
  const unbox = (value) => {
    try {
      return /** @type {number} */ (apply(numberValueOf, value, []));
    } catch {
      // not a Number object
    }
    try {
      return /** @type {boolean} */ (apply(booleanValueOf, value, []));
    } catch {
      return undefined;
    }
  };

  /**
   * One value as the JSON of an EncodedValue (../grader/answer-payload.ts).
   * @param {unknown} value
   * @param {number} depth
   * @returns {string}
   */
  const encode = (value, depth) => {
    if (typeof value === "number") return '{"kind":"number","value":' + number(value) + "}";
    if (typeof value === "boolean") return '{"kind":"boolean","value":' + (value ? "true" : "false") + "}";
    if (typeof value === "string") return '{"kind":"string","value":' + quote(value) + "}";
    if (value === null) return '{"kind":"missing","what":"null"}';
    if (value === undefined) return '{"kind":"missing","what":"undefined"}';
    if (typeof value !== "object") return other("a " + typeof value);
    if (isNDArray(value)) return encodeArray(value);
    const boxed = unbox(value);
    if (boxed !== undefined) return encode(boxed, depth);
    if (isArray(value)) {
      const length = value.length;
      if (typeof length !== "number" || depth > 5 || length > numbersLeft) return other("a list too long or too deep to grade");
      numbersLeft -= length;
      let items = "";
      for (let i = 0; i < length; i++) items += (i > 0 ? "," : "") + encode(value[i], depth + 1);
      return '{"kind":"list","items":[' + items + "]}";
    }
    return other("an object");
  };

  /** @param {unknown} error */
  const describeError = (error) => {
    try {
      if (typeof error === "object" && error !== null) {
        const name = own(error, "name") ?? own(getPrototypeOf(error) ?? {}, "name");
        const message = own(error, "message");
        return (typeof name === "string" ? name : "Error") + ": " + (typeof message === "string" ? message : "");
      }
      return typeof error === "string" ? error : "a thrown " + typeof error;
    } catch {
      return "an error that cannot be shown";
    }
  };

  /** What a student replaced that the kernel's output or the grader's view depend on, as a JSON list. */
  const tampered = () => {
    let list = "";
    /** @param {string} what */
    const add = (what) => (list += (list === "" ? "" : ",") + quote(what));
    try {
      if (JSON.stringify !== stringify) add("JSON.stringify");
      if (console.log !== consoleLog) add("console.log");
      if (/** @type {{ __tslab__?: unknown }} */ (globalThis).__tslab__ !== tslabTable)
        add("the kernel's table of names (__tslab__)");
      if (getOwnPropertyDescriptor(NDArray, Symbol.hasInstance) !== undefined) add("instanceof NDArray");
      if (getOwnPropertyDescriptor(Object.prototype, "toJSON") !== undefined) add("toJSON of every object");
      if (getOwnPropertyDescriptor(Array.prototype, "toJSON") !== undefined) add("toJSON of every list");
      const write = getOwnPropertyDescriptor(process.stdout, "write");
      if (write !== undefined && (write.get !== undefined || write.set !== undefined)) add("process.stdout.write");
    } catch {
      add("a built-in that cannot be inspected");
    }
    return list;
  };

  /**
   * Writes `line` whole, waiting while the socket is full.
   * @param {string} line
   */
  const send = (line) => {
    const bytes = asciiBytes(line);
    let offset = 0;
    while (offset < bytes.length) {
      try {
        offset += writeSync(fd, bytes, offset, bytes.length - offset);
      } catch (error) {
        if (/** @type {NodeJS.ErrnoException} */ (error).code !== "EAGAIN") throw error;
      }
    }
  };

  /**
   * Evaluates every expression and sends the signed answer line for `request`.
   * @param {string} request
   */
  const answer = (request) => {
    numbersLeft = options.maxNumbers;
    let values = "";
    for (let i = 0; i < thunks.length; i++) {
      /** @type {string} */
      let encoded;
      try {
        encoded = encode(thunks[i](), 0);
      } catch (error) {
        encoded = '{"kind":"failed","error":' + quote(describeError(error)) + "}";
      }
      if (values.length + encoded.length > options.maxChars) encoded = other("more than the grader reads of one answer line");
      values += (i > 0 ? "," : "") + quote(options.expressions[i][0]) + ":" + encoded;
    }
    const json = '{"values":{' + values + '},"tampered":[' + tampered() + "]}";
    const signed = asciiBytes(request + "\n" + json);
    // A newline first: whatever a student left unfinished on the channel ends there, apart from this line.
    send("\n" + hex(hmac(key, signed, signed.length)) + " " + json + "\n");
  };

  // ---- requests -------------------------------------------------------------
  // Read byte by byte from the chunks as they arrive (never through a
  // decoder a student could replace): a request is "evaluate " and 24 hex digits.
  let pending = "";
  const requestPrefix = "evaluate ";
  /** @param {Uint8Array} chunk */
  const onData = (chunk) => {
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (byte === 10) {
        const request = pending;
        pending = "";
        let valid = request.length === requestPrefix.length + 24;
        for (let j = 0; valid && j < request.length; j++) {
          const code = apply(charCodeAt, request, [j]);
          valid =
            j < requestPrefix.length
              ? request[j] === requestPrefix[j]
              : (code >= 48 && code <= 57) || (code >= 97 && code <= 102);
        }
        if (valid) answer(request);
      } else if (pending.length < 64) {
        pending += byte < 128 ? asciiChars[byte] : "?";
      }
    }
  };
  const channel = new net.Socket({ fd, readable: true, writable: false });
  channel.on("data", onData);
  channel.on("error", () => undefined);
  // The grader's requests must not keep an idle kernel from ending.
  channel.unref();
  return undefined;
});
