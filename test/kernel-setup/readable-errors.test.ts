// Errors as a learner sees them under a cell: the message and the learner's
// own cells and lines, nothing of dlfs, tslab or Node (kernel-setup/patch-tslab.js,
// "cell line numbers" and "errors a learner can read").
import { expect } from "chai";
import { CellTimeoutError, KernelSession, type Output } from "../../jupyter-client";
import { interruptedText } from "../../jupyterlite/kernel/learner-error";
import { lessonFolder, lessonKernelLaunch } from "../support/lesson-kernel";
import { notebooksDir } from "../support/lessons";
import { numpyHintCases, numpyHintSetup } from "../support/numpy-hint-cases";

function stderrOf(outputs: Output[]): string {
  return outputs.map((output) => (output.output_type === "stream" && output.name === "stderr" ? output.text : "")).join("");
}

/** Frames and source lines of machinery that a learner's error must not show. */
const machinery = /evalmachine|node:|tslab[\\/]|lib[\\/]dist|ndarray\.js|^\s*\^|ERR_/m;

describe("tslab: errors a learner can read", function () {
  this.timeout(60_000);
  let session: KernelSession;

  before(async () => {
    // The notebooks' folder, so that the cells import dlfs as a lesson does.
    session = await KernelSession.start({ cwd: notebooksDir });
  });

  after(async () => {
    await session?.shutdown();
  });

  async function failing(code: string): Promise<{ count: number | null; text: string }> {
    const result = await session.execute(code, { timeoutSeconds: 30 });
    expect(result.status, `${code} should fail`).to.equal("error");
    return { count: result.executionCount, text: stderrOf(result.outputs) };
  }

  it("a dlfs error: its message and the cell and line that called dlfs, with that line's code", async () => {
    await session.execute('import { array, dot } from "dlfs";\nconst a = array([1, 2, 3]);', { timeoutSeconds: 30 });
    const cell = [
      "// Types and comments take lines in the cell, not in the compiled code:",
      "interface Shape {",
      "  rows: number;",
      "}",
      "",
      "const b = array([[1, 2]]);",
      "const c = dot(",
      "  a,",
      "  b,",
      ");",
    ].join("\n");
    const { count, text } = await failing(cell);
    expect(text).to.equal(
      "ValueError: shapes (3,) and (1,2) not aligned: 3 (dim 0) != 1 (dim 0)\n" +
        `    at cell In [${count}], line 7: const c = dot(\n`,
    );
    expect(text).to.not.match(machinery);
  });

  it("an error in a method written in an earlier cell: both cells, each with its line", async () => {
    const definition = await session.execute(
      [
        "class Doubler {",
        "  forward(x: number): number {",
        "    if (x < 0) {",
        "      throw new RangeError(`x must not be negative, got ${x}`);",
        "    }",
        "    return 2 * x;",
        "  }",
        "}",
      ].join("\n"),
      { timeoutSeconds: 30 },
    );
    const { count, text } = await failing("const doubler = new Doubler();\ndoubler.forward(-1);");
    expect(text).to.equal(
      "RangeError: x must not be negative, got -1\n" +
        `    at Doubler.forward, cell In [${definition.executionCount}], line 4: throw new RangeError(\`x must not be negative, got \${x}\`);\n` +
        `    at cell In [${count}], line 2: doubler.forward(-1);\n`,
    );
  });

  it("an error after an await: the cell's line all the same", async () => {
    const { count, text } = await failing("await Promise.resolve();\nconst d = dot(array([1, 2]), array([1, 2, 3]));");
    expect(text).to.match(new RegExp(`^ValueError: .*\\n    at cell In \\[${count}\\], line 2: const d = dot\\(`));
    expect(text).to.not.match(machinery);
  });

  it("type errors stay as tslab shows them, and a thrown non-error value is printed as it is", async () => {
    expect((await failing("const wrong: string = 1;")).text).to.equal(
      "1:7 - Type 'number' is not assignable to type 'string'.\n",
    );
    expect((await failing('throw "not an Error";')).text).to.equal("not an Error\n");
  });

  describe('a NumPy habit\'s type error has a hint after it, as in the site kernel (patch "hints for NumPy habits")', () => {
    before(async () => {
      const setup = await session.execute(numpyHintSetup, { timeoutSeconds: 30 });
      expect(setup.status).to.equal("ok");
    });

    for (const { habit, code, errors } of numpyHintCases) {
      it(habit, async () => {
        expect((await failing(code)).text).to.equal(errors.map((error) => error + "\n").join(""));
      });
    }
  });

  for (const [kind, code] of [
    ["a loop", "let spins = 0;\nwhile (true) spins++;"],
    ["an await", "await new Promise(() => undefined);"],
  ]) {
    it(`an interrupt of ${kind} says so in one line`, async () => {
      let outputs: Output[] = [];
      try {
        await session.execute(code, { timeoutSeconds: 2 });
      } catch (error) {
        expect(error).to.be.instanceOf(CellTimeoutError);
        outputs = (error as CellTimeoutError).outputs;
      }
      expect(stderrOf(outputs)).to.equal(`${interruptedText}\n`);
    });
  }
});

describe("tslab from a start-up snapshot, as the grader starts it: errors a learner can read @slow", function () {
  this.timeout(120_000);
  let session: KernelSession;

  before(async () => {
    session = await KernelSession.start({ cwd: lessonFolder(), launch: await lessonKernelLaunch(1) });
  });

  after(async () => {
    await session?.shutdown();
  });

  it("an error thrown deep in the learner's code still shows the cell's own line (more than V8's 10 frames)", async () => {
    const cell = [
      "function deep(n: number): number {",
      "  if (n === 0) throw new RangeError(`reached the bottom`);",
      "  return 1 + deep(n - 1);",
      "}",
      "deep(12);",
    ].join("\n");
    const result = await session.execute(cell, { timeoutSeconds: 60 });
    expect(result.status).to.equal("error");
    const text = stderrOf(result.outputs);
    expect(text).to.match(/^RangeError: reached the bottom\n/);
    expect(text).to.include(`at deep, cell In [${result.executionCount}], line 2:`);
    expect(text).to.include(`cell In [${result.executionCount}], line 5: deep(12);`);
  });
});
