// Answers on the page: no student version shows a value its lesson checks,
// as the lesson prints it; and the finder finds one planted in a copy.
import { expect } from "chai";
import * as path from "node:path";
import { answerKey } from "dlfs/answer-key";
import { type Notebook, readNotebook } from "../../jupyter-client";
import { describeAnswerLeak, findAnswerLeaks, printedForms, significantDigits } from "../../teaching/answer-leaks";
import { lessonNotebooks, notebooksDir, problemOf } from "../support/lessons";

function withMarkdown(notebook: Notebook, index: number, source: string): Notebook {
  const cells = [...notebook.cells];
  cells.splice(index, 0, { cell_type: "markdown", metadata: {}, source });
  return { ...notebook, cells };
}

describe("answer leaks: checked values that a student version shows", () => {
  for (const file of lessonNotebooks()) {
    const name = path.basename(file);
    it(`${name} states none of its answers`, () => {
      const leaks = findAnswerLeaks(readNotebook(file), name, answerKey[problemOf(file)]);
      expect(leaks.map(describeAnswerLeak)).to.deep.equal([]);
    });
  }

  describe("the finder", () => {
    const lesson = readNotebook(path.join(notebooksDir, "228_two_layers_backward.ipynb"));
    const key = answerKey["228"];

    it("counts significant digits as a number prints", () => {
      expect(["650", "165.0", "0.0105", "715.0000000000001", "1.1", "2", "1e-06", "12385"].map(significantDigits)).to.deep.equal([
        2, 3, 3, 16, 2, 1, 1, 5,
      ]);
    });

    it("finds an array as NumPy prints it, spaced otherwise, and its numbers", () => {
      const planted = withMarkdown(lesson, 2, "dW1 is `[[ 937 1241 1545]\n [1874 2482 3090]]`");
      const found = findAnswerLeaks(planted, "planted.ipynb", key).map((leak) => `${leak.answer} ${leak.printed}`);
      expect(found).to.include("dW1 [[ 937 1241 1545] [1874 2482 3090]]").and.include("dW1 1241");
      expect(describeAnswerLeak(findAnswerLeaks(planted, "planted.ipynb", key)[0])).to.match(/in cell 3/);
    });

    it("finds a number as a whole token only", () => {
      const dx = key.items.find((item) => item.name === "dx")!;
      const [, first] = printedForms(dx);
      expect(first.pattern.test("dx is 12385.")).to.equal(true);
      expect(first.pattern.test("dx is 12385.0")).to.equal(true);
      expect(first.pattern.test("123850 or 0.12385 or 112385")).to.equal(false);
    });

    it("does not search the inputs cells, where an answer may equal the data", () => {
      const relu = readNotebook(path.join(notebooksDir, "214_relu_layer.ipynb"));
      expect(findAnswerLeaks(relu, "214", answerKey["214"])).to.deep.equal([]);
    });
  });
});
