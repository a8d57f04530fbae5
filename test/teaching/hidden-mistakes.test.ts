// The mistakes the printed data hide (teaching/hidden-mistakes), without a
// kernel: each is an edit of its lesson's solution and a mistake case of the
// tests, and the hidden key names it by the values it gives.
import { expect } from "chai";
import { array } from "dlfs";
import { answerKey, type ProblemKey } from "dlfs/answer-key";
import { readNotebook } from "../../jupyter-client";
import { EvaluationFailed } from "../../teaching/grader/answer-payload";
import { compareAnswers } from "../../teaching/grader/grade-submission";
import { referenceKey, withMistakeValues } from "../../teaching/grader/hidden-reference";
import { hiddenMistakesOf, problemsWithHiddenMistakes } from "../../teaching/hidden-mistakes";
import { applyEdits } from "../../teaching/notebook-edits";
import { lessonNotebooks, problemOf } from "../support/lessons";
import { loadMistakeCases } from "./support/mistakes";

const lessons = new Map(lessonNotebooks().map((file) => [problemOf(file), file]));

describe("hidden mistakes", () => {
  const cases = loadMistakeCases();
  for (const problem of problemsWithHiddenMistakes()) {
    for (const mistake of hiddenMistakesOf(problem)) {
      it(`${problem}, ${mistake.name}: an edit of the solution, and a mistake case`, () => {
        const lesson = readNotebook(lessons.get(problem)!);
        const edits = Array.isArray(mistake.edit) ? mistake.edit : [mistake.edit];
        expect(() => applyEdits(lesson, edits, "solution", `${problem}: ${mistake.name}`)).not.to.throw();
        const names = (cases.get(problem) ?? []).map((c) => c.name);
        expect(names.some((name) => name.startsWith(mistake.name))).to.equal(true, names.join("\n"));
      });
    }
    it(`${problem}: the hints say it in Korean first`, () => {
      for (const mistake of hiddenMistakesOf(problem)) {
        const [korean, english, ...more] = mistake.hint.split(" · ");
        expect(more).to.deep.equal([]);
        expect(korean).to.match(/[가-힣]/);
        expect(english).to.match(/^[\x20-\x7e]+$/);
      }
    });
  }

  describe("the hidden key with a mistake's values", () => {
    const key228 = answerKey["228"];
    const teacher = new Map<string, unknown>([
      ["out2", array([[-2, 5]])],
      ["dx", array([[10, 10]])],
      ["dW1", array([[0, 0, 10]])],
      ["db1", array([0, 0, 10])],
    ]);
    const reference = referenceKey(key228, teacher) as ProblemKey;
    const [noRelu] = hiddenMistakesOf("228");

    it("names the mistake where its values differ from the answer", () => {
      const mistaken = new Map<string, unknown>([...teacher, ["out2", array([[-3, 6]])], ["dx", array([[12, 10]])]]);
      const marked = withMistakeValues(reference, noRelu, mistaken);
      expect(marked.shows).to.equal(true);
      const report = compareAnswers("228", marked.key, mistaken);
      const wrong = report.outcomes.filter((o) => !o.passed);
      expect(wrong.map((o) => o.name)).to.deep.equal(["out2", "dx"]);
      for (const outcome of wrong) expect(outcome.hint).to.equal(noRelu.hint);
      // Another wrong value is not taken for the mistake.
      const other = compareAnswers("228", marked.key, new Map([...teacher, ["out2", array([[7, 7]])]]));
      expect(other.outcomes[0].hint).not.to.equal(noRelu.hint);
    });

    it("says when the inputs cannot show the mistake (its values are the answer's)", () => {
      expect(withMistakeValues(reference, noRelu, teacher).shows).to.equal(false);
    });

    it("a mistake whose code fails shows itself, and adds no value", () => {
      const failed = new Map<string, unknown>([...teacher, ["dx", new EvaluationFailed("RangeError")]]);
      const marked = withMistakeValues(reference, noRelu, failed);
      expect(marked.shows).to.equal(true);
      expect(marked.key.items.every((item) => item.mistakes === undefined)).to.equal(true);
    });
  });
});
