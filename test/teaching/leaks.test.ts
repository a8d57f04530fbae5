// Leaks: no student version shows the code its solution regions hide, as it
// is or under other names; and the checker finds a leak planted in a copy of
// a lesson.
import { expect } from "chai";
import * as path from "node:path";
import { type Notebook, readNotebook } from "../../jupyter-client";
import { describeLeak, findLeaks, leakRunLength, normalisedTokens } from "../../teaching/leaks";
import { lessonNotebooks, notebooksDir } from "../support/lessons";
import { codeCell } from "./support/submissions";

function tokenText(code: string): string {
  return normalisedTokens(code)
    .map((token) => token.text)
    .join(" ");
}

/** `notebook` with a code cell holding `source` inserted at `index`. */
function withVisibleCell(notebook: Notebook, index: number, source: string): Notebook {
  const cells = [...notebook.cells];
  cells.splice(index, 0, codeCell(source));
  return { ...notebook, cells };
}

describe("leaks: solution code that a student version shows", () => {
  describe("every lesson", () => {
    for (const file of lessonNotebooks()) {
      const name = path.basename(file);
      it(`${name} shows none of its solutions`, function () {
        const leaks = findLeaks(readNotebook(file), name);
        expect(leaks.map(describeLeak), name).to.deep.equal([]);
      });
    }
  });

  describe("the checker", () => {
    // Lesson 234: the solution cells hold the backward chain, the visible cells the forward one.
    const lessonFile = path.join(notebooksDir, "234_three_layers_backward.ipynb");
    const lesson = (): Notebook => readNotebook(lessonFile);
    const solutionLine = "const dout2Relu = relu2.backward(dout3);";
    const visibleIndex = 4; // after the cell that builds the network

    it("gives code with other names the same tokens, and keeps the names of what is called or constructed", () => {
      expect(tokenText("const dout2Relu = relu2.backward(dout3); // comment")).to.equal(
        tokenText("const g = second.backward(upstream);"),
      );
      expect(tokenText("out = layer.forward(out);")).to.not.equal(tokenText("out = layer.backward(out);"));
      expect(tokenText("const last = new SoftmaxWithLoss();")).to.not.equal(tokenText("const relu = new Relu();"));
      // A field read through a dot is one name, like a variable: this.layers and layers look alike.
      expect(tokenText("[...this.layers.values()].reverse()")).to.equal(tokenText("[...layers.values()].reverse()"));
      expect(tokenText('console.log(`x${i + 1}`, "label")')).to.equal('$ . log ( "…" $ + 1 "…" , "…" )');
    });

    it("finds a solution line copied as it is into a visible cell", () => {
      const planted = withVisibleCell(lesson(), visibleIndex, `const copied = 1;\n${solutionLine}`);
      const leaks = findLeaks(planted, "planted.ipynb");
      expect(leaks.map((leak) => leak.kind)).to.include("line");
      expect(leaks.map(describeLeak).join("\n"))
        .to.include(solutionLine)
        .and.include(`cell ${visibleIndex + 1}`);
    });

    it("finds two solution lines copied under other names", () => {
      const renamed = "const g3 = third.backward(fromLoss);\nconst g2 = second.backward(g3);";
      const leaks = findLeaks(withVisibleCell(lesson(), visibleIndex, renamed), "planted.ipynb");
      expect(leaks, "the leaks found").to.have.length.greaterThan(0);
      expect(leaks[0].kind).to.equal("run");
      expect(describeLeak(leaks[0])).to.match(/dout3 = layer3\.backward\(doutSoft\).*appears with other names/);
    });

    it(`finds a run of ${leakRunLength} tokens, and not a shorter one`, () => {
      // The solution has `; const $ = $ . backward ( $ ) ; const $ = …`: 11 tokens of it, then 12.
      const eleven = withVisibleCell(lesson(), visibleIndex, "x;\nconst g = second.backward(upstream);");
      expect(findLeaks(eleven, "eleven.ipynb").map(describeLeak)).to.deep.equal([]);
      const twelve = withVisibleCell(lesson(), visibleIndex, "const g = second.backward(upstream);\nconst h = 0;");
      expect(findLeaks(twelve, "twelve.ipynb")).to.have.length(1);
    });

    it("finds code shown in markdown", () => {
      const cells = [...lesson().cells];
      cells.splice(visibleIndex, 0, {
        cell_type: "markdown",
        metadata: {},
        source: "Hint: `const a = b.backward(c); const d = e.backward(a);`",
      });
      const leaks = findLeaks({ ...lesson(), cells }, "markdown.ipynb");
      expect(leaks).to.have.length(1);
      expect(leaks[0].visible).to.match(/^cell 5 .*\(markdown\)$/);
    });

    it("does not count what only prints a result", () => {
      const printing = withVisibleCell(
        lesson(),
        visibleIndex,
        'console.log("역전파값:", dout1);\nconsole.log("dW값:", layer1.dW);',
      );
      expect(findLeaks(printing, "printing.ipynb").map(describeLeak)).to.deep.equal([]);
    });
  });
});
