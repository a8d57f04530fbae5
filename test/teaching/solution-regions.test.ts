// Solution regions and the student version of one notebook, without a kernel.
import { expect } from "chai";
import { hideMarkdownSolutions, hideSolutionRegions, SolutionMarkerError, yourResultHere } from "../../teaching/solution-regions";
import { studentVersion } from "../../teaching/student-version";
import type { Notebook } from "../../jupyter-client";
import { codeCell } from "./support/submissions";

describe("solution regions", () => {
  it("become the placeholder, indented like the region", () => {
    const source = [
      "class A {",
      "  f(): number {",
      "    // BEGIN SOLUTION",
      "    return 1;",
      "    // END SOLUTION",
      "  }",
      "}",
    ].join("\n");
    expect(hideSolutionRegions(source, "x")).to.equal(
      ["class A {", "  f(): number {", "    // YOUR CODE HERE", '    throw new Error("not implemented yet");', "  }", "}"].join(
        "\n",
      ),
    );
  });

  it("keep the code around and between regions", () => {
    const source = "a;\n// BEGIN SOLUTION\nb;\n// END SOLUTION\nc;\n// BEGIN SOLUTION\nd;\n// END SOLUTION";
    expect(hideSolutionRegions(source, "x")).to.equal(
      'a;\n// YOUR CODE HERE\nthrow new Error("not implemented yet");\nc;\n// YOUR CODE HERE\nthrow new Error("not implemented yet");',
    );
  });

  it("name the notebook, cell and line of a marker out of place", () => {
    const where = "notebooks/209_mul_layer.ipynb, cell 5 (`class MulLayer {`)";
    expect(() => hideSolutionRegions("a;\n// BEGIN SOLUTION\nb;", where)).to.throw(
      SolutionMarkerError,
      `${where}, line 2: // BEGIN SOLUTION is never closed by // END SOLUTION`,
    );
    expect(() => hideSolutionRegions("// END SOLUTION", where)).to.throw(
      SolutionMarkerError,
      "line 1: // END SOLUTION without a // BEGIN SOLUTION",
    );
    expect(() => hideSolutionRegions("// BEGIN SOLUTION\n// BEGIN SOLUTION", where)).to.throw(
      SolutionMarkerError,
      "line 2: // BEGIN SOLUTION inside the region opened on line 1",
    );
  });
});

describe("markdown that states an answer", () => {
  it("is replaced by a line that sends the learner to their own result", () => {
    const source = "The idea.\n\n<!-- BEGIN SOLUTION -->\nThe answer is `[[1. 0.] [0. 3.]]`.\n<!-- END SOLUTION -->\n\nMore.";
    expect(hideMarkdownSolutions(source, "x")).to.equal(`The idea.\n\n${yourResultHere}\n\nMore.`);
  });

  it("names the cell and line of a marker out of place", () => {
    expect(() => hideMarkdownSolutions("a\n<!-- BEGIN SOLUTION -->\nb", "lesson.ipynb, cell 2")).to.throw(
      SolutionMarkerError,
      "lesson.ipynb, cell 2, line 2: <!-- BEGIN SOLUTION --> is never closed by <!-- END SOLUTION -->",
    );
  });
});

describe("studentVersion", () => {
  const lesson: Notebook = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { dlfs: { problem: "209" }, kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" } },
    cells: [
      { cell_type: "markdown", metadata: {}, source: "# Problem" },
      {
        ...codeCell("const x = 1;"),
        metadata: { tags: ["solution"] },
        outputs: [{ output_type: "stream", name: "stdout", text: "1\n" }],
        execution_count: 1,
      },
      { ...codeCell('check("209", { x })'), metadata: { tags: ["check"] }, execution_count: 2 },
    ],
  };

  it("replaces solution cells, clears outputs, keeps markdown and the check, and says what it is", () => {
    const student = studentVersion(lesson, "lesson.ipynb");
    expect(student.metadata.dlfs).to.deep.equal({ problem: "209", version: "student" });
    expect(student.metadata.kernelspec).to.deep.equal(lesson.metadata.kernelspec);
    expect(student.cells[0]).to.deep.equal(lesson.cells[0]);
    expect(student.cells[1]).to.include({
      source: '// YOUR CODE HERE\nthrow new Error("not implemented yet");',
      execution_count: null,
    });
    expect(student.cells[2]).to.include({ source: 'check("209", { x })', execution_count: null });
    expect(lesson.cells[1]).to.include({ execution_count: 1 }); // the lesson itself is untouched
  });

  it("replaces a markdown cell tagged solution", () => {
    const withAnswer: Notebook = {
      ...lesson,
      cells: [...lesson.cells, { cell_type: "markdown", metadata: { tags: ["solution"] }, source: "The answer is 715." }],
    };
    const student = studentVersion(withAnswer, "lesson.ipynb");
    expect(student.cells[3]).to.deep.equal({ cell_type: "markdown", metadata: { tags: ["solution"] }, source: yourResultHere });
  });

  it("names the notebook and cell when a marker is missing", () => {
    const broken = { ...lesson, cells: [codeCell("// BEGIN SOLUTION\nconst y = 2;")] };
    expect(() => studentVersion(broken, "notebooks/210_apple_price.ipynb")).to.throw(
      SolutionMarkerError,
      /notebooks\/210_apple_price\.ipynb, cell 1 \(`\/\/ BEGIN SOLUTION`\), line 1/,
    );
  });
});
