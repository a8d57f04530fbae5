// The answer channel on its own, between this process and a plain Node
// process running the kernel's side of it (no tslab): the line the kernel's
// code signs is accepted, with the values as they were; lines that anything
// else writes are counted and never accepted; what cannot be encoded is said
// as such; and the channel reads no more than it should keep.
import { expect } from "chai";
import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Duplex } from "node:stream";
import { AnswerChannel, expressionAsJavaScript } from "../../teaching/grader/answer-channel";
import { decodeValue } from "../../teaching/grader/answer-payload";
import { projectRoot } from "../support/paths";

const kernelSide = path.join(projectRoot, "teaching", "in-kernel", "answer-channel.js");

/**
 * A Node process that does what the grader's set-up cell does in a kernel:
 * reads the key, compiles `expressions` against `names`, and then runs `after` (the "student").
 */
function kernelLike(names: string, expressions: [string, string][], after = ""): ChildProcess {
  const program = `
    const names = ${names};
    const setUp = (0, eval)(require("fs").readFileSync(${JSON.stringify(kernelSide)}, "utf8"));
    setUp(require, names, ${JSON.stringify({ fd: 3, expressions, maxNumbers: 1000, maxChars: 100_000 })});
    ${after}
    setInterval(() => undefined, 1000);`;
  return spawn(process.execPath, ["-e", program], { cwd: projectRoot, stdio: ["ignore", "ignore", "pipe", "pipe"] });
}

describe("the grader's answer channel", function () {
  this.timeout(30_000);
  const children: ChildProcess[] = [];

  function start(names: string, expressions: [string, string][], after?: string): AnswerChannel {
    const child = kernelLike(names, expressions, after);
    children.push(child);
    return new AnswerChannel(child.stdio[3] as Duplex);
  }

  after(() => {
    for (const child of children) child.kill("SIGKILL");
  });

  it("brings back each answer, signed, as the kernel's code evaluated it", async () => {
    const channel = start(
      `{ price: 715.0000000000001, layer: { dW: require("dlfs").array([[1, 2], [3, 4]], "float64") }, mask: require("dlfs").array([1, -1]).le(0), text: "café" }`,
      [
        ["price", "price"],
        ["dW", expressionAsJavaScript("layer.dW!")],
        ["mask", "mask"],
        ["missing", "notDeclared"],
        ["list", "[price, Infinity, NaN, true]"],
        ["text", "text"],
        // A reduction without an axis is a NumPy scalar, a Number object; a forged one is not.
        ["sum", "layer.dW.sum()"],
        ["forged", "Object.create(Number.prototype)"],
      ],
    );
    const answer = await channel.evaluate(10_000);
    if (answer.kind !== "answered") throw new Error(`no answer: ${JSON.stringify(answer)}`);
    const values = answer.payload.values;
    expect(decodeValue(values.price)).to.equal(715.0000000000001);
    const dW = decodeValue(values.dW) as { shape: number[]; data: Float64Array; dtype: string };
    expect([dW.shape, [...dW.data], dW.dtype]).to.deep.equal([[2, 2], [1, 2, 3, 4], "float64"]);
    expect((decodeValue(values.mask) as { dtype: string }).dtype).to.equal("bool");
    expect(decodeValue(values.missing)).to.deep.include({ error: "ReferenceError: notDeclared is not defined" });
    expect(decodeValue(values.list)).to.deep.equal([715.0000000000001, Infinity, NaN, true]);
    expect(decodeValue(values.text)).to.equal("café");
    expect(decodeValue(values.sum)).to.equal(10);
    expect(decodeValue(values.forged)).to.not.be.a("number");
    expect(channel.problems).to.deep.equal([]);
  });

  it("accepts no line the kernel's code did not sign, and says how many there were", async () => {
    const forged = JSON.stringify({ values: { price: { kind: "number", value: 715 } }, tampered: [] });
    const channel = start(
      `{ price: 0 }`,
      [["price", "price"]],
      `
      const fs = require("fs");
      fs.writeSync(3, "0".repeat(64) + " " + ${JSON.stringify(forged)} + "\\n");
      fs.writeSync(3, "unfinished, with no newline: ");`,
    );
    const answer = await channel.evaluate(10_000);
    if (answer.kind !== "answered") throw new Error(`no answer: ${JSON.stringify(answer)}`);
    expect(decodeValue(answer.payload.values.price)).to.equal(0);
    expect(channel.foreignLines).to.equal(2);
    expect(channel.problems.join()).to.match(/2 line\(s\) on the grader's answer channel were not written by the grader's code/);
  });

  it("never runs a getter or toJSON a student put on an answer, and says when a value is none it can grade", async () => {
    const channel = start(
      `{ sneaky: Object.defineProperty(require("dlfs").array([1, 2]), "data", { get() { return new Float64Array([715, 715]); } }), f: () => 1, big: new Array(5000).fill(1) }`,
      [
        ["sneaky", "sneaky"],
        ["f", "f"],
        ["big", "big"],
      ],
      `Object.prototype.toJSON = () => "fake"; JSON.stringify = () => "{}";`,
    );
    const answer = await channel.evaluate(10_000);
    if (answer.kind !== "answered") throw new Error(`no answer: ${JSON.stringify(answer)}`);
    expect(String(decodeValue(answer.payload.values.sneaky))).to.match(/not its own/);
    expect(String(decodeValue(answer.payload.values.f))).to.equal("a function");
    expect(String(decodeValue(answer.payload.values.big))).to.match(/too long/);
    expect(answer.payload.tampered).to.include.members(["JSON.stringify", "toJSON of every object"]);
  });

  it("keeps no more than a line's worth of what a kernel floods it with", async () => {
    // Written whole, as a determined student would: the socket takes it in pieces.
    const channel = start(
      `{ price: 1 }`,
      [["price", "price"]],
      `
      const flood = Buffer.from("[".repeat(6_000_000) + "\\n");
      for (let at = 0; at < flood.length; ) {
        try { at += require("fs").writeSync(3, flood, at); } catch (error) { if (error.code !== "EAGAIN") throw error; }
      }`,
    );
    const answer = await channel.evaluate(10_000);
    expect(answer.kind).to.equal("answered");
    expect(channel.longLines).to.equal(1);
  });

  it("says when the kernel's channel closes before it answers", async () => {
    const child = spawn(process.execPath, ["-e", "process.exit(0)"], { stdio: ["ignore", "ignore", "ignore", "pipe"] });
    const channel = new AnswerChannel(child.stdio[3] as Duplex);
    await new Promise((resolve) => child.once("exit", resolve));
    expect(await channel.evaluate(5_000)).to.deep.equal({ kind: "none", why: "closed" });
  });

  it("turns a TypeScript check expression into JavaScript", () => {
    // TypeScript keeps or drops the parentheses it was given: either is the same expression.
    const js = (expression: string): string => expressionAsJavaScript(expression).replace(/^\((.*)\)$/s, "$1");
    expect(js("net.params.get('W1')! as NDArray")).to.equal("net.params.get('W1')");
    expect(js("layer1.dW")).to.equal("layer1.dW");
    expect(js("[...net.layers.values()].filter((layer) => layer instanceof Sigmoid).length")).to.equal(
      "[...net.layers.values()].filter((layer) => layer instanceof Sigmoid).length",
    );
    expect(fs.existsSync(kernelSide)).to.equal(true);
  });
});
