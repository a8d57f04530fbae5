import { expect } from "chai";
import { compareNotebooks, compareText, formatDifferences, numbersMatch } from "../../jupyter-client/notebook/compare";
import type { CodeCell, Notebook, Output } from "../../jupyter-client/notebook/format";

function codeCell(source: string, outputs: Output[], tags: string[] = []): CodeCell {
  return { cell_type: "code", source, metadata: tags.length > 0 ? { tags } : {}, outputs, execution_count: 1 };
}

function notebookOf(...cells: CodeCell[]): Notebook {
  return { nbformat: 4, nbformat_minor: 5, metadata: {}, cells };
}

const stdout = (text: string): Output => ({ output_type: "stream", name: "stdout", text });
const stderr = (text: string): Output => ({ output_type: "stream", name: "stderr", text });
const display = (data: { [mime: string]: string }): Output => ({ output_type: "display_data", data, metadata: {} });

describe("compare: text with numeric tolerance", () => {
  it("tolerates floating-point noise of 1e-15", () => {
    expect(compareText("loss: 0.3\n", "loss: 0.30000000000000004\n")).to.equal(undefined);
    expect(compareText("[[ 1.5, -2.25 ]]", "[[ 1.5000000000000013, -2.2499999999999987 ]]")).to.equal(undefined);
    // Near zero only an absolute tolerance, when asked for, lets noise pass: by default tiny values are compared by their digits.
    expect(compareText("grad: 0", "grad: 1.1102230246251565e-15", { atol: 1e-12 })).to.equal(undefined);
    expect(compareText("grad: 0", "grad: 1.1102230246251565e-15")).to.not.equal(undefined);
    expect(compareText("dW [[1.69726637e-131]]", "dW [[2.69726637e-131]]")).to.not.equal(undefined);
  });

  it("catches a changed digit and shows the line of each side", () => {
    const mismatch = compareText("a\nloss: 2.302585\n", "a\nloss: 2.302595\n");
    expect(mismatch).to.deep.equal({ line: 2, expected: "loss: 2.302585", actual: "loss: 2.302595" });
  });

  it("compares integers exactly, since they are counts, shapes and indices", () => {
    expect(numbersMatch("60000", "60001")).to.equal(false);
    expect(numbersMatch("1", "0.9999999999999999")).to.equal(true);
    expect(numbersMatch("NaN", "NaN")).to.equal(true);
    expect(numbersMatch("Infinity", "-Infinity")).to.equal(false);
  });

  it("honours a looser rtol when asked", () => {
    expect(compareText("0.1234", "0.1235")).to.not.equal(undefined);
    expect(compareText("0.1234", "0.1235", { rtol: 1e-3 })).to.equal(undefined);
  });

  it("matches other text exactly except trailing whitespace", () => {
    expect(compareText("accuracy 0.9  \nok\n\n", "accuracy 0.9\nok")).to.equal(undefined);
    expect(compareText("accuracy 0.9", "acuracy 0.9")).to.deep.include({ expected: "accuracy 0.9", actual: "acuracy 0.9" });
    expect(compareText("a  b", "a b")).to.not.equal(undefined);
  });

  it("reports output that ends early or goes on", () => {
    expect(compareText("1\n2\n", "1\n")).to.deep.include({ expected: "2", actual: "(nothing more)" });
    expect(compareText("done", "done\nextra")).to.deep.include({ actual: "extra" });
  });
});

describe("compare: notebooks", () => {
  it("compares stream text and text/plain, merging consecutive streams", () => {
    const committed = notebookOf(codeCell("f(x)", [stdout("1.0\n2.0\n"), display({ "text/plain": "0.5" })]));
    const fresh = notebookOf(
      codeCell("f(x)", [stdout("1.0\n"), stdout("2.0000000000000004\n"), display({ "text/plain": "0.5" })]),
    );
    expect(compareNotebooks(committed, fresh)).to.deep.equal([]);
  });

  it("compares every display's text/plain and its MIME types, not the HTML or plotly JSON whose ids change", () => {
    const html = (id: string, text: string): Output =>
      display({ "text/html": `<div id="${id}"></div><script>plot("${id}")</script>`, "text/plain": text });
    const plot = (id: string): Output => display({ "application/vnd.plotly.v1+json": id });
    const committed = notebookOf(codeCell("show()", [html("a1", "test acc 0.9693"), plot("p1")]));
    expect(
      compareNotebooks(committed, notebookOf(codeCell("show()", [html("b2", "test acc 0.9693"), plot("p2")]))),
    ).to.deep.equal([]);

    const [changed] = compareNotebooks(committed, notebookOf(codeCell("show()", [html("b2", "test acc 0.9694"), plot("p2")])));
    expect(changed).to.deep.include({ cellIndex: 0, expected: "test acc 0.9693", actual: "test acc 0.9694" });

    const imageInstead = notebookOf(codeCell("show()", [display({ "image/png": "iVBOR" }), plot("p2")]));
    const [difference] = compareNotebooks(committed, imageInstead);
    expect(difference).to.deep.include({ cellIndex: 0, expected: "text/html, text/plain", actual: "image/png" });
  });

  it("lets a duration (a number in s or ms) be any other, and nothing else", () => {
    expect(compareText("10000 iterations in 41.2 s, test acc 0.9693", "10000 iterations in 17.9 s, test acc 0.9693")).to.equal(
      undefined,
    );
    expect(compareText("took 350 ms", "took 12 ms")).to.equal(undefined);
    // The lessons' Korean progress line: "10000회 반복, 41.2초, …".
    expect(compareText("10000회 반복, 41.2초, 시험 정확도 0.9693", "10000회 반복, 17.9초, 시험 정확도 0.9693")).to.equal(
      undefined,
    );
    expect(compareText("10000회 반복, 41.2초", "10001회 반복, 41.2초")).to.not.equal(undefined);
    expect(compareText("10000 iterations in 41.2 s", "10001 iterations in 41.2 s")).to.not.equal(undefined);
    expect(compareText("3 samples", "4 samples")).to.not.equal(undefined);
  });

  it("catches a change in the ninth significant digit (rtol 1e-9), not float noise", () => {
    expect(compareText("[0.88079708 0.98201379]", "[0.88079709 0.98201379]")).to.not.equal(undefined);
    expect(compareText("0.8807970779778823", "0.8807970779778825")).to.equal(undefined);
  });

  it("skips cells tagged nbval-ignore-output", () => {
    const committed = notebookOf(codeCell("Date.now()", [stdout("1700000000000\n")], ["nbval-ignore-output"]));
    const fresh = notebookOf(codeCell("Date.now()", [stdout("1800000000000\n")]));
    expect(compareNotebooks(committed, fresh)).to.deep.equal([]);
  });

  it("ignores stack frames, whose paths depend on the machine", () => {
    const error = (path: string): Output =>
      stderr(
        `Error: shapes (2,3) and (2,3) not aligned\n    at Object.execute (${path}/node_modules/tslab/dist/executor.js:160:38)\n`,
      );
    const committed = notebookOf(codeCell("dot(a, b)", [error("/home/me/dlfs")]));
    expect(compareNotebooks(committed, notebookOf(codeCell("dot(a, b)", [error("/ci/clone")])))).to.deep.equal([]);
  });

  it("lists differences readably with the cell, the output and both snippets", () => {
    const committed = notebookOf(
      codeCell("net.loss(x, t)", [stdout("loss 2.302585\n")]),
      codeCell("x.shape", [stdout("[ 2, 3 ]\n")]),
    );
    const fresh = notebookOf(codeCell("net.loss(x, t)", [stdout("loss 2.302595\n")]), codeCell("x.shape", []));
    const differences = compareNotebooks(committed, fresh);
    expect(differences.map((difference) => difference.cellIndex)).to.deep.equal([0, 1]);
    expect(formatDifferences(differences)).to.equal(
      [
        "cell 1 (`net.loss(x, t)`), output 1 (stdout), line 1:",
        "  expected: loss 2.302585",
        "  actual:   loss 2.302595",
        "cell 2 (`x.shape`), kinds of output:",
        "  expected: stdout",
        "  actual:   no output",
      ].join("\n"),
    );
  });
});
