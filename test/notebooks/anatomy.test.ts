// Every lesson is made as CONTRIBUTING.md says, and the check that says so
// catches a lesson that is not.
import { expect } from "chai";
import * as path from "node:path";
import { answerKey } from "dlfs/answer-key";
import { readNotebook, type Cell, type JsonValue, type Notebook } from "../../jupyter-client";
import { lessonCheck } from "../../teaching/grader/check-call";
import { hiddenSpecOf } from "../../teaching/hidden-inputs";
import { lessonAnatomyProblems } from "../../teaching/lesson-anatomy";
import { dlfsMetadata } from "../../teaching/lessons";
import { instructionProblems, koreanSemicolons } from "../support/lesson-instructions";
import { lessonNotebooks } from "../support/lessons";

const lessons = lessonNotebooks();
const lesson213 = lessons.find((file) => path.basename(file).startsWith("213_"))!;

/** 213 with `change` applied to a copy. */
function broken213(change: (notebook: Notebook) => void): Notebook {
  const notebook = readNotebook(lesson213);
  change(notebook);
  return notebook;
}

function checkCell(notebook: Notebook): Cell {
  return notebook.cells.find(
    (cell) => cell.cell_type === "code" && (cell.metadata.tags as string[] | undefined)?.includes("check"),
  )!;
}

describe("lessons: how each is made (CONTRIBUTING.md)", () => {
  it("finds all thirty lessons, 209 to 238", () => {
    expect(lessons.map((file) => path.basename(file).slice(0, 3))).to.deep.equal(
      Array.from({ length: 30 }, (_, i) => String(209 + i)),
    );
  });

  for (const file of lessons) {
    it(`${path.basename(file)} follows the rules`, () => {
      expect(lessonAnatomyProblems(readNotebook(file), path.basename(file), answerKey)).to.deep.equal([]);
    });
  }

  for (const file of lessons) {
    it(`${path.basename(file)}: its first cell says in Korean what to do, and its Korean has no semicolons`, () => {
      const notebook = readNotebook(file);
      expect(instructionProblems(notebook, path.basename(file))).to.deep.equal([]);
      expect(koreanSemicolons(notebook)).to.deep.equal([]);
    });
  }

  describe("catches a lesson that breaks them", () => {
    const name = path.basename(lesson213);
    const problemsOf = (notebook: Notebook, fileName = name): string[] => lessonAnatomyProblems(notebook, fileName, answerKey);

    it("a check cell without its tag", () => {
      const notebook = broken213((nb) => (checkCell(nb).metadata.tags = []));
      expect(problemsOf(notebook).join("\n")).to.match(/exactly one code cell must be tagged "check", found 0/);
    });

    it("a check cell that leaves out an answer or names an unknown one", () => {
      const notebook = broken213((nb) => {
        checkCell(nb).source = 'check("213", { price, dappleNum, dapple, dorange, dorangeNum, dtaxes: dtax })';
      });
      const problems = problemsOf(notebook).join("\n");
      expect(problems).to.match(/names dtaxes, which the answer key of 213 does not have/);
      expect(problems).to.match(/leaves out dtax of the answer key/);
    });

    it("a check cell that does more than check", () => {
      const notebook = broken213((nb) => (checkCell(nb).source = `console.log(price);\ncheck("213", { price })`));
      expect(problemsOf(notebook).join("\n")).to.match(/must hold one call, check\("213", \{ \.\.\. \}\), and nothing else/);
    });

    it("no solution marked", () => {
      const notebook = broken213((nb) => {
        for (const cell of nb.cells) cell.source = cell.source.replace(/\/\/ (BEGIN|END) SOLUTION\n/g, "");
      });
      expect(problemsOf(notebook).join("\n")).to.match(/no solution is marked/);
    });

    it("wrong metadata, kernel, title or file name", () => {
      const notebook = broken213((nb) => {
        nb.metadata.dlfs = { problem: "214" };
        nb.metadata.kernelspec = { name: "python3", display_name: "Python 3", language: "python" };
        nb.cells[0].source = "# Problem 213";
      });
      const problems = problemsOf(notebook).join("\n");
      expect(problems).to.match(/metadata\.dlfs\.problem must be "213"/);
      expect(problems).to.match(/the kernel must be tslab's/);
      expect(problems).to.match(/the first cell must be markdown starting with "# 문제 213 · Problem 213 — "/);
      expect(problemsOf(readNotebook(lesson213), "Fruit Backward.ipynb").join("\n")).to.match(
        /file name must be NNN_short_name\.ipynb/,
      );
    });

    it("a quick mode that is malformed, edits nothing, edits a solution or leaves out answers the check does not name", () => {
      const withQuick = (quick: JsonValue): Notebook => broken213((nb) => (nb.metadata.dlfs = { ...dlfsMetadata(nb), quick }));
      expect(problemsOf(withQuick({ edits: [] })).join("\n")).to.match(/metadata\.dlfs\.quick has no edits/);
      const edit = (find: string): JsonValue => ({ edits: [{ find, replace: "x" }], unchecked: [] });
      expect(problemsOf(withQuick(edit("no such code"))).join("\n")).to.match(/finds nothing in the code cells/);
      expect(problemsOf(withQuick(edit("mulTaxLayer.backward(dprice)"))).join("\n")).to.match(/touches a solution region/);
      const unchecked = { edits: [{ find: "const apple = 100;", replace: "const apple = 100; " }], unchecked: ["dtaxes"] };
      expect(problemsOf(withQuick(unchecked)).join("\n")).to.match(/leaves unchecked dtaxes, which the check does not name/);
      expect(problemsOf(withQuick({ ...unchecked, unchecked: ["dtax"] }))).to.deep.equal([]);
    });

    it("hidden inputs missing, untagged, not found, after the check, or set in a solution", () => {
      const withHidden = (change: (hidden: { values: Record<string, JsonValue> }) => void) =>
        broken213((nb) => {
          const hidden = structuredClone(dlfsMetadata(nb).hidden) as { values: Record<string, JsonValue> };
          change(hidden);
          nb.metadata.dlfs = { ...dlfsMetadata(nb), hidden: hidden as unknown as JsonValue };
        });
      const inputsCell = (nb: Notebook): Cell => nb.cells.find((cell) => cell.source.includes("const apple = 100;"))!;

      const undeclared = broken213((nb) => {
        const { hidden: _hidden, ...rest } = dlfsMetadata(nb);
        nb.metadata.dlfs = rest;
      });
      expect(problemsOf(undeclared).join("\n")).to.match(/metadata\.dlfs\.hidden is missing/);
      const untagged = broken213((nb) => (inputsCell(nb).metadata.tags = []));
      expect(problemsOf(untagged).join("\n")).to.match(/no code cell is tagged "inputs"/);
      const notFound = withHidden((hidden) => (hidden.values.pear = { int: [1, 5] }));
      expect(problemsOf(notFound).join("\n")).to.match(/hidden inputs: the cells tagged "inputs" no longer set pear/);
      const afterCheck = broken213((nb) => {
        const late = structuredClone(inputsCell(nb));
        late.source = "const late = 1;";
        nb.cells.push(late);
      });
      expect(problemsOf(afterCheck).join("\n")).to.match(/the cells tagged "inputs" must come before the check cell/);
      // dprice is set inside the backward cell's solution region: the student version does not have it.
      const inSolution = withHidden((hidden) => (hidden.values.dprice = { int: [2, 5] }));
      const backward = inSolution.cells.find((cell) => cell.source.includes("const dprice = 1;"))!;
      backward.metadata.tags = ["inputs"];
      expect(problemsOf(inSolution).join("\n")).to.match(/hidden inputs in the student version: .*no longer set dprice/);
    });

    it("of the lessons that train on MNIST too, run again in their inputs cells alone", () => {
      const mnist = lessons.filter((file) => /^23[78]_/.test(path.basename(file)));
      expect(mnist).to.have.length(2);
      for (const file of mnist) {
        const notebook = readNotebook(file);
        expect(hiddenSpecOf(notebook)?.rerun, path.basename(file)).to.equal("inputs");
        expect(lessonAnatomyProblems(notebook, path.basename(file), answerKey)).to.deep.equal([]);
      }
    });

    it("a first cell that does not say what to do, or says it wrong", () => {
      const problemsOf = (change: (first: string) => string): string[] =>
        instructionProblems(
          broken213((nb) => (nb.cells[0].source = change(nb.cells[0].source))),
          name,
        );
      expect(problemsOf((first) => first.slice(0, first.indexOf("**할 일**"))).join("\n")).to.match(
        /must end with a paragraph "\*\*할 일\*\* — …"/,
      );
      expect(problemsOf((first) => first.replace("자리 두 곳", "자리 한 곳")).join("\n")).to.match(/the student version has 2/);
      expect(problemsOf((first) => first.replace(/ 채운 자리의 .* 줄은 지운다\./, "")).join("\n")).to.match(/line goes/);
      expect(problemsOf((first) => first.replace("마지막 셀의 `check`가", "`check` 셀이")).join("\n")).to.match(
        /must say where the check is/,
      );
      expect(problemsOf((first) => first.replaceAll("`dtax`", "dtax")).join("\n")).to.match(
        /the check reads `dtax`, which the learner makes/,
      );
      expect(problemsOf((first) => `${first}\n\n노트는 파이썬으로 쓴다.`).join("\n")).to.match(/say "TypeScript로" too/);
      expect(problemsOf((first) => first)).to.deep.equal([]);
    });

    it("a Korean sentence with a semicolon", () => {
      const notebook = broken213(
        (nb) => (nb.cells[1].source += "\n\n역전파는 역순이다; 연쇄법칙 때문이다. Backward; English may."),
      );
      expect(koreanSemicolons(notebook)).to.deep.equal(["역전파는 역순이다; 연쇄법칙 때문이다."]);
    });

    it("and the grader refuses a lesson without a tagged check cell instead of guessing", () => {
      const notebook = broken213((nb) => (checkCell(nb).metadata.tags = []));
      expect(() => lessonCheck(notebook, name)).to.throw(/no code cell is tagged "check"; tag the one cell that calls check/);
      expect(lessonCheck(readNotebook(lesson213), name).answers.map((answer) => answer.name)).to.deep.equal(
        answerKey["213"].items.map((item) => item.name),
      );
    });
  });
});
