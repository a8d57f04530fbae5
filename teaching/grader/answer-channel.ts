/**
 * The grader's side of the answer channel (the kernel's side is
 * ../in-kernel/answer-channel.js): fd 3 of the kernel, a socket pair apart
 * from Jupyter's sockets and from everything the notebook prints.
 *
 * - Before any student code runs, the grader sends a fresh secret key (32
 *   bytes), and a set-up cell, run first, reads it into a closure together
 *   with the teacher's check expressions. Nothing of it is on a global.
 * - After the student's cells, the grader asks for the answers with a fresh
 *   nonce; the kernel's code evaluates the expressions and answers with one
 *   line signed with HMAC-SHA256 over the request and the values.
 * - The grader accepts the first line whose signature is right and counts
 *   every other line as foreign (written by something else than its code).
 *   It reads at most a bounded number of bytes, and never keeps more than
 *   one line of them.
 */
import { createHmac, randomBytes, timingSafeEqual } from "crypto";
import * as fs from "fs";
import * as path from "path";
import type { Duplex } from "stream";
import * as ts from "typescript";
import type { CheckedAnswer } from "./check-call";
import { type AnswerPayload, parsePayload } from "./answer-payload";

/** Numbers per evaluation at most: lesson answers are a few dozen, MNIST ones a handful. */
const maxNumbers = 100_000;
/** Characters of one answer line at most (100,000 numbers of up to 24 characters, and room). */
const maxLineChars = 4_000_000;
/** Bytes read from the channel over a kernel's life; past that the kernel is flooding it, and it is not read on. */
const maxChannelBytes = 64 * 1024 * 1024;

/** The fd the kernel's channel is (the 4th stdio entry of the kernel process). */
const channelFd = 3;

/** The prelude's JavaScript: a function of `require`, tslab's names and the options, in a file of its own. */
const kernelSide = fs.readFileSync(path.join(__dirname, "..", "in-kernel", "answer-channel.js"), "utf8");

/** A check expression (TypeScript, from the teacher's check cell) as JavaScript. */
export function expressionAsJavaScript(expression: string): string {
  const { outputText } = ts.transpileModule(`(${expression});`, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.None, removeComments: true },
    reportDiagnostics: false,
  });
  return outputText
    .replace(/^"use strict";\s*/, "")
    .trim()
    .replace(/;$/, "");
}

/**
 * The set-up cell: one line of TypeScript for tslab to check, the rest
 * evaluated as JavaScript. It declares a name whose type mentions dlfs:
 * every later cell is checked against the declarations of the earlier
 * ones, so dlfs's types then stay in tslab's program instead of being dropped
 * here and parsed again for the student's `import ... from "dlfs"` (0.4 s per
 * submission). The name's value is undefined: the grader's code returns nothing.
 */
export function preludeSource(answers: readonly CheckedAnswer[]): string {
  const name = `dlfsTypes_${randomBytes(6).toString("hex")}`;
  const options = JSON.stringify({
    fd: channelFd,
    expressions: answers.map((answer) => [answer.name, expressionAsJavaScript(answer.expression)]),
    maxNumbers,
    maxChars: maxLineChars - 1000,
  });
  const tslabNames = `(globalThis as unknown as { __tslab__: { exports: object } }).__tslab__.exports`;
  return `const ${name}: typeof import("dlfs") | undefined = (0, eval)(${JSON.stringify(kernelSide)})(require, ${tslabNames}, ${options});`;
}

/** What came back for one request. */
export type ChannelAnswer =
  | { kind: "answered"; payload: AnswerPayload }
  /** The line was signed right but its content could not be read (should not happen: a bug, not a student). */
  | { kind: "unreadable" }
  | { kind: "none"; why: "timeout" | "closed" };

export class AnswerChannel {
  private readonly key = randomBytes(32);
  private partial: Buffer[] = [];
  private partialBytes = 0;
  private skippingLongLine = false;
  private bytesRead = 0;
  private waiting: { request: string; resolve: (answer: ChannelAnswer) => void } | undefined;
  /** Lines the grader's code did not write (bad signature, no request pending, answered already). */
  foreignLines = 0;
  /** Lines longer than any answer line can be. */
  longLines = 0;
  /** More was written than the channel reads over a kernel's life. */
  flooded = false;
  private closed = false;

  /** Sends the key at once: the kernel's set-up cell reads it before any student code runs. */
  constructor(private readonly stream: Duplex) {
    stream.write(this.key);
    stream.on("data", (chunk: Buffer) => this.take(chunk));
    stream.on("close", () => this.close());
    stream.on("error", () => this.close());
  }

  /** Asks for the answers and waits at most `timeoutMs` for the signed line. */
  evaluate(timeoutMs: number): Promise<ChannelAnswer> {
    if (this.closed) return Promise.resolve({ kind: "none", why: "closed" });
    const request = `evaluate ${randomBytes(12).toString("hex")}`;
    return new Promise<ChannelAnswer>((resolve) => {
      const timer = setTimeout(() => finish({ kind: "none", why: "timeout" }), timeoutMs);
      const finish = (answer: ChannelAnswer): void => {
        clearTimeout(timer);
        this.waiting = undefined;
        resolve(answer);
      };
      this.waiting = { request, resolve: finish };
      this.stream.write(`${request}\n`);
    });
  }

  /** What the teacher should hear about the channel, in plain words. */
  get problems(): string[] {
    const problems: string[] = [];
    if (this.foreignLines > 0)
      problems.push(`${this.foreignLines} line(s) on the grader's answer channel were not written by the grader's code`);
    if (this.longLines > 0) problems.push(`${this.longLines} overlong line(s) were written to the grader's answer channel`);
    if (this.flooded) problems.push(`more than ${maxChannelBytes / 1024 / 1024} MB were written to the grader's answer channel`);
    return problems;
  }

  private close(): void {
    this.closed = true;
    this.waiting?.resolve({ kind: "none", why: "closed" });
  }

  private take(chunk: Buffer): void {
    if (this.flooded) return;
    this.bytesRead += chunk.length;
    if (this.bytesRead > maxChannelBytes) {
      this.flooded = true;
      this.partial = [];
      this.stream.pause();
      return;
    }
    let start = 0;
    for (let newline = chunk.indexOf(10); newline !== -1; newline = chunk.indexOf(10, start)) {
      this.append(chunk.subarray(start, newline));
      const line = Buffer.concat(this.partial, this.partialBytes);
      const wasTooLong = this.skippingLongLine;
      this.partial = [];
      this.partialBytes = 0;
      this.skippingLongLine = false;
      if (!wasTooLong) this.judge(line.toString("latin1"));
      start = newline + 1;
    }
    this.append(chunk.subarray(start));
  }

  /** Keeps a piece of the current line, unless the line is already too long to be an answer. */
  private append(piece: Buffer): void {
    if (this.skippingLongLine || piece.length === 0) return;
    if (this.partialBytes + piece.length > maxLineChars) {
      this.skippingLongLine = true;
      this.longLines++;
      this.partial = [];
      this.partialBytes = 0;
      return;
    }
    this.partial.push(Buffer.from(piece));
    this.partialBytes += piece.length;
  }

  /** One whole line: the answer awaited, or a foreign one. */
  private judge(line: string): void {
    // The kernel's code starts its line with a newline (see answer-channel.js): the empty line before it is nobody's.
    if (line === "") return;
    const waiting = this.waiting;
    const space = line.indexOf(" ");
    if (waiting === undefined || space !== 64) {
      this.foreignLines++;
      return;
    }
    const json = line.slice(space + 1);
    const expected = createHmac("sha256", this.key).update(`${waiting.request}\n${json}`, "latin1").digest();
    const given = Buffer.from(line.slice(0, space), "latin1");
    const signature = Buffer.from(given.toString("latin1"), "hex");
    if (signature.length !== 32 || !timingSafeEqual(signature, expected)) {
      this.foreignLines++;
      return;
    }
    const payload = parsePayload(json);
    waiting.resolve(payload === undefined ? { kind: "unreadable" } : { kind: "answered", payload });
  }
}
