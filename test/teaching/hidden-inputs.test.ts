// Hidden inputs: what is drawn for a seed, and how a lesson's inputs cells are
// rewritten with it. No kernel: the rewritten source is read as text.
import { expect } from "chai";
import type { Notebook } from "../../jupyter-client";
import {
  describeHiddenInputs,
  drawHiddenInputs,
  type HiddenSpec,
  HiddenInputsError,
  withHiddenInputs,
} from "../../teaching/hidden-inputs";
import { codeCell } from "./support/submissions";

const seeds = Array.from({ length: 50 }, (_, i) => i + 1);

/** A lesson of three code cells: the set-up, the data (tagged inputs), and code that uses them. */
function lesson(data: string): Notebook {
  const inputs = codeCell(data);
  inputs.metadata.tags = ["inputs"];
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: [codeCell('import { array, random } from "dlfs";'), inputs, codeCell("const X = array([[9, 9]]); // not tagged")],
  };
}

const data = [
  "random.seed(1234);",
  "const X = array([[1, 2], [3, 4]]);",
  'const dout = array([[2.0, 3.0], [-3.0, -4.0]], "float64");',
  "const t = array([[0, 0, 1], [0, 0, 1]]);",
  "const a = random.randn(2, 3);",
  "const tax = 1.1;",
].join("\n");

const spec: HiddenSpec = {
  dims: { N: [2, 4] },
  values: {
    "random.seed": { int: [0, 100000] },
    X: { array: ["N", 3], ints: [-5, 5] },
    dout: { array: ["N", 3], numbers: [-5, 5] },
    t: { oneHot: ["N", 3] },
    a: { args: ["N", 3] },
    tax: { number: [1.05, 1.3], decimals: 2 },
  },
};

/** The inputs cell of `data` rewritten for `seed`. */
function rewritten(seed: number, source = data, hidden = spec): string {
  return withHiddenInputs(lesson(source), hidden, drawHiddenInputs(hidden, seed)).notebook.cells[1].source;
}

/** The value `name` gets for `seed`, as nested lists. */
function drawn(name: string, seed: number, hidden = spec): unknown {
  return JSON.parse(drawHiddenInputs(hidden, seed).code.get(name)!);
}

describe("hidden inputs", () => {
  it("are the same for the same seed, and differ between seeds", () => {
    expect(rewritten(7)).to.equal(rewritten(7));
    expect(drawHiddenInputs(spec, 7)).to.deep.equal(drawHiddenInputs(spec, 7));
    expect(rewritten(7)).to.not.equal(rewritten(8));
    expect(new Set(seeds.map((seed) => rewritten(seed))).size).to.equal(seeds.length);
  });

  it("rewrite only the initializers of the cells tagged inputs, and say where the second run starts", () => {
    const { notebook, rerun } = withHiddenInputs(lesson(data), spec, drawHiddenInputs(spec, 3));
    expect(rerun, "every cell from the first inputs cell on").to.deep.equal([1, 2]);
    const inputsOnly = withHiddenInputs(lesson(data), { ...spec, rerun: "inputs" }, drawHiddenInputs(spec, 3));
    expect(inputsOnly.rerun, "the inputs cells alone").to.deep.equal([1]);
    expect(notebook.cells[0].source).to.equal('import { array, random } from "dlfs";');
    expect(notebook.cells[2].source).to.equal("const X = array([[9, 9]]); // not tagged");
    const lines = notebook.cells[1].source.split("\n");
    expect(lines[1]).to.match(/^const X = array\(\[\[-?\d, .*\]\]\);$/);
    expect(lines[5]).to.match(/^const tax = 1\.\d{1,2};$/);
  });

  it("give an array with a signed range entries of both signs, and never all equal", () => {
    for (const seed of seeds) {
      const values = (drawn("X", seed) as number[][]).flat();
      expect(values.some((v) => v < 0) && values.some((v) => v > 0), `seed ${seed}: ${values.join(" ")}`).to.equal(true);
      expect(values.every((v) => Number.isInteger(v) && v >= -5 && v <= 5)).to.equal(true);
      const numbers = (drawn("dout", seed) as number[][]).flat();
      expect(numbers.some((v) => v < 0) && numbers.some((v) => v > 0), `seed ${seed}: ${numbers.join(" ")}`).to.equal(true);
      expect(numbers.every((v) => Number(v.toFixed(1)) === v)).to.equal(true);
    }
  });

  it("give one-hot rows, with N rows, not all of one class", () => {
    for (const seed of seeds) {
      const { dims } = drawHiddenInputs(spec, seed);
      const rows = drawn("t", seed) as number[][];
      expect(rows).to.have.length(dims.N);
      for (const row of rows) expect([...row].sort()).to.deep.equal([0, 0, 1]);
      expect(new Set(rows.map((row) => row.indexOf(1))).size, `seed ${seed}`).to.be.above(1);
    }
  });

  it("ask for a float array when numbers are drawn, and keep a dtype already given", () => {
    const source = rewritten(5, "const x = array([[1, 2]]);\nconst n = array([[1, 2]]);", {
      values: { x: { array: [1, 2], numbers: [-5, 5] }, n: { array: [1, 2], ints: [-5, 5] } },
    });
    const [x, n] = source.split("\n");
    expect(x).to.match(/^const x = array\(\[\[.*\]\], "float64"\);$/);
    expect(n).to.match(/^const n = array\(\[\[-?\d, -?\d\]\]\);$/);
    expect(rewritten(5).split("\n")[2]).to.match(/^const dout = array\(\[\[.*\]\], "float64"\);$/);
    expect(rewritten(5).match(/float64/g)).to.have.length(1);
  });

  it("rewrite the arguments of call statements and of calls that make a value", () => {
    for (const seed of [1, 2, 3]) {
      const { dims, code } = drawHiddenInputs(spec, seed);
      const lines = rewritten(seed).split("\n");
      expect(lines[0]).to.equal(`random.seed(${code.get("random.seed")});`);
      expect(Number(code.get("random.seed"))).to.be.within(0, 100000);
      expect(lines[4]).to.equal(`const a = random.randn(${dims.N}, 3);`);
    }
  });

  it("are said in words for the teacher's report, each name with its value", () => {
    const inputs = drawHiddenInputs(spec, 4);
    const words = describeHiddenInputs(inputs);
    for (const [name, code] of inputs.code) expect(words).to.include(`${name} = ${code}`);
    expect(words.split("; ")).to.have.length(Object.keys(spec.values).length);
  });

  it("throw HiddenInputsError naming what the inputs cells no longer set", () => {
    const withoutTax = data.replace("const tax = 1.1;", "const taxRate = 1.1;");
    expect(() => rewritten(1, withoutTax)).to.throw(HiddenInputsError, /no longer set tax /);
    const withoutSeed = data.replace("random.seed(1234);", "");
    expect(() => rewritten(1, withoutSeed)).to.throw(HiddenInputsError, /no longer set random\.seed/);
    // A submission that sets the data another way is the learner's doing: a HiddenInputsError, never an error that stops the grader.
    const fromAnotherName = data.replace("const X = array([[1, 2], [3, 4]]);", "const X = dout;");
    expect(() => rewritten(1, fromAnotherName)).to.throw(HiddenInputsError, /X is no longer set by a list or a call/);
    const notACall = data.replace("const a = random.randn(2, 3);", "const a = X;");
    expect(() => rewritten(1, notACall)).to.throw(HiddenInputsError, /a is no longer set by a call/);
    const untagged = lesson(data);
    untagged.cells[1].metadata.tags = [];
    expect(() => withHiddenInputs(untagged, spec, drawHiddenInputs(spec, 1))).to.throw(
      HiddenInputsError,
      /no code cell is tagged "inputs"/,
    );
  });
});
