// The site kernel's cell compiler (jupyterlite/kernel/compiler.ts), run in
// Node: cells compiled as the worker compiles them and run in a fresh global
// scope (a vm context standing in for the worker), with dlfs's real
// declarations and library. What carries over from cell to cell, what a cell's
// value is, and how type errors read, as in tslab.
import { expect } from "chai";
import { numpyHintCases, numpyHintSetup } from "../support/numpy-hint-cases";
import { SiteKernelSession } from "../support/site-kernel";

/** A kernel's worth of cells (test/support/site-kernel.ts), with a cell's value at hand. */
class Session extends SiteKernelSession {
  async value(code: string): Promise<unknown> {
    const { errors, thrown, value } = await this.run(code);
    expect(errors, code).to.deep.equal([]);
    expect(thrown, code).to.equal(undefined);
    return value;
  }
}

describe("the site kernel's cell compiler", function () {
  this.timeout(60_000);

  it("carries names and their types from cell to cell, and a cell's value is its last expression", async () => {
    const session = new Session();
    expect(await session.value("const a = 2;\nlet count = 0;")).to.equal(undefined);
    expect(await session.value("a * 3")).to.equal(6);
    await session.value("count = count + 5;");
    expect(await session.value("count")).to.equal(5);
    await session.value(
      "class Counter {\n  n = 0;\n  up(): number {\n    return ++this.n;\n  }\n}\nfunction twice(x: number): number {\n  return 2 * x;\n}",
    );
    expect(await session.value("const counter = new Counter();\ncounter.up();\ntwice(counter.up())")).to.equal(4);
    // Declared again with another type: the new one counts.
    await session.value('const a = "text";');
    expect(await session.value("a.toUpperCase()")).to.equal("TEXT");
  });

  it("imports dlfs, and its names and types stay known in later cells", async () => {
    const session = new Session();
    await session.value(
      'import { array, MulLayer } from "dlfs";\nimport type { NDArray } from "dlfs";\nimport * as lib from "dlfs";',
    );
    expect(await session.value("array([1, 2, 3]).shape")).to.deep.equal([3]);
    expect(await session.value("function sizeOf(x: NDArray): number {\n  return x.size;\n}\nsizeOf(lib.zeros([2, 3]))")).to.equal(
      6,
    );
    expect(await session.value("new MulLayer().forward(100, 2)")).to.equal(200);
  });

  it("keeps a namespace import a namespace of types in later cells, as tslab does (lessons 214, 217, 219)", async () => {
    const session = new Session();
    await session.value('import * as dlfs from "dlfs";');
    await session.value(
      "class Doubler {\n  input: dlfs.NDArray | null = null;\n  forward(x: dlfs.NDArray): dlfs.NDArray {\n    this.input = x;\n    return x.mul(2);\n  }\n}",
    );
    expect(
      await session.value("const doubled: dlfs.NDArray = new Doubler().forward(dlfs.array([1, 2]));\ndoubled.toArray()"),
    ).to.deep.equal([2, 4]);
    // Declared again as a value, the name is that value only.
    await session.value("const dlfs = 3;");
    expect(await session.value("dlfs + 1")).to.equal(4);
    expect((await session.run("let kept: dlfs.NDArray;")).errors).to.deep.equal(["1:11 - Cannot find namespace 'dlfs'."]);
  });

  it("carries a cell's namespaces and enums to later cells, as values and as types", async () => {
    const session = new Session();
    await session.value(
      "enum Color {\n  Red,\n  Green,\n}\nnamespace Geometry {\n  export type Point = [number, number];\n  export const origin: Point = [0, 0];\n}",
    );
    expect(await session.value("const shade: Color = Color.Green;\nshade")).to.equal(1);
    expect(await session.value("const corner: Geometry.Point = Geometry.origin;\ncorner")).to.deep.equal([0, 0]);
  });

  it("runs top-level await", async () => {
    const session = new Session();
    await session.value("const v = await Promise.resolve(5);");
    expect(await session.value("v + 1")).to.equal(6);
  });

  it("stops a cell with type errors, reported as tslab reports them, and keeps the earlier names", async () => {
    const session = new Session();
    await session.value("const n = 1;");
    const { errors } = await session.run('const m: number = n;\nconst s: number = "one";');
    expect(errors).to.deep.equal(["2:7 - Type 'string' is not assignable to type 'number'."]);
    expect((await session.run("m")).errors).to.deep.equal(["1:1 - Cannot find name 'm'."]);
    expect((await session.run('import { nothing } from "dlfs";')).errors[0]).to.match(
      /^1:10 - Module '"dlfs"' has no exported member 'nothing'/,
    );
    expect(await session.value("n")).to.equal(1);
  });

  it("lets a cell declare a name the worker's globals have, without breaking later cells", async () => {
    const session = new Session();
    await session.value('const name = "mine";');
    expect(await session.value("name.length")).to.equal(4);
  });

  it("completes names of earlier cells and members from their types", async () => {
    const session = new Session();
    await session.value('import { array } from "dlfs";\nconst alpha = 1;\nconst alps = array([1]);');
    expect(session.complete("al")).to.include.members(["alpha", "alps"]);
    expect(session.complete("alps.res")).to.include("reshape");
  });
});

describe("the site kernel's hints for NumPy habits", function () {
  this.timeout(60_000);
  const session = new Session();

  before(async () => {
    await session.value(numpyHintSetup);
  });

  for (const { habit, code, errors } of numpyHintCases) {
    it(habit, async () => {
      expect((await session.run(code)).errors).to.deep.equal(errors);
    });
  }

  it("x[0] and x[0] = 1 compile (a cell is not strict) and throw dlfs's error, naming get, set and take", async () => {
    const read = await session.run("const first = x[0];");
    expect(read.errors).to.deep.equal([]);
    expect(read.thrown).to.match(/^TypeError: NDArray는 x\[0\]처럼 .* x\.get\(0\) .*\nAn NDArray cannot be read with brackets/);
    const write = await session.run("x[-1] = 5;");
    expect(write.thrown).to.match(/^TypeError: NDArray의 원소는 x\[-1\] = 5처럼 .* x\.set\(5, -1\) /);
    expect(await session.value("x.get(-1)")).to.equal(-2);
  });
});
