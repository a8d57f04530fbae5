// Grading on hidden inputs, without a kernel: the key the teacher's run makes,
// how the answers on it are explained, and how the two data sets weigh.
import { inEnglish } from "../support/language";
import { expect } from "chai";
import { array } from "dlfs";
import { answerKey, type ProblemKey } from "dlfs/answer-key";
import { EvaluationFailed } from "../../teaching/grader/answer-payload";
import { compareAnswers, compareHidden, pointsOf } from "../../teaching/grader/grade-submission";
import { referenceKey } from "../../teaching/grader/hidden-reference";
import { hintWithoutKey, mistakeKind } from "../../teaching/gradebook/hints";

const key228 = answerKey["228"];
/** The teacher's values on some hidden inputs of 228 (a batch of 2, a Relu that blocks). */
const teacher = new Map<string, unknown>([
  [
    "out2",
    array([
      [-2, 5],
      [0, 3],
    ]),
  ],
  [
    "dx",
    array([
      [10, 10],
      [0, 0],
    ]),
  ],
  [
    "dW1",
    array([
      [0, 0, 10],
      [0, 0, 20],
    ]),
  ],
  ["db1", array([0, 0, 10])],
]);
const shownRight = new Map<string, unknown>(key228.items.map((item) => [item.name, array(item.expected as number[][])]));

function hiddenKey(): ProblemKey {
  const made = referenceKey(key228, teacher);
  if (typeof made === "string") throw new Error(made);
  return made;
}

describe("grading on hidden inputs", () => {
  // The hints as a teacher who chose English reads them (DLFS_LANG=en); their Korean: messages.test.ts.
  inEnglish();
  it("makes the key from the teacher's values, with the lesson's items, tolerances and NumPy's print", () => {
    const key = hiddenKey();
    expect(key.items.map((i) => i.name)).to.deep.equal(key228.items.map((i) => i.name));
    expect(key.items[0].expected).to.deep.equal([
      [-2, 5],
      [0, 3],
    ]);
    expect(key.items[0].dtype).to.equal("int64");
    expect(key.items[0].numpy).to.equal("[[-2  5]\n [ 0  3]]");
    expect(
      key.items.every((i) => i.mistakes === undefined),
      "the printed data's mistakes are not carried",
    ).to.equal(true);
  });

  it("carries another accepted convention when it is one factor off the answer (230's 1/10)", () => {
    const key230 = answerKey["230"];
    const dx = key230.items.find((i) => i.name === "dx")!;
    expect(dx.accepted, "230 accepts the book's convention").to.not.equal(undefined);
    const values = new Map<string, unknown>(key230.items.map((i) => [i.name, i.expected]));
    const made = referenceKey(key230, values);
    if (typeof made === "string") throw new Error(made);
    const carried = made.items.find((i) => i.name === "dx")!.accepted!;
    expect(carried).to.have.length(1);
    const want = (dx.accepted![0].value as number[]).flat();
    const got = (carried[0].value as number[]).flat();
    got.forEach((value, i) => expect(value).to.be.closeTo(want[i], 1e-15));
  });

  it("gives no key when the teacher's lesson could not evaluate an answer", () => {
    const broken = new Map(teacher);
    broken.set("dx", new EvaluationFailed("ReferenceError: dout1 is not defined"));
    expect(referenceKey(key228, broken)).to.match(/dx could not be evaluated: ReferenceError/);
  });

  it("says an answer right on the lesson's data and unchanged on other data was typed in", () => {
    const shown = compareAnswers("228", key228, shownRight);
    const hidden = compareHidden("228", hiddenKey(), shown, shownRight, new Map(shownRight));
    expect(hidden.score).to.equal(0);
    for (const outcome of hidden.outcomes)
      expect(outcome.hint).to.match(
        /^문제의 데이터로는 맞고 다른 데이터로는 틀리다 · right on the lesson's data, wrong on other data: .*stays the same when the inputs change/,
      );
  });

  it("names the pattern of a difference (a mask not applied) and leaves an answer wrong on both alone", () => {
    const given = new Map(teacher);
    given.set(
      "dx",
      array([
        [10, 10],
        [3, 4],
      ]),
    ); // right except where the answer is 0
    const shownValues = new Map(shownRight);
    shownValues.set("db1", array([1, 1, 1]));
    const shown = compareAnswers("228", key228, shownValues);
    given.set("db1", array([1, 1, 1]));
    const hidden = compareHidden("228", hiddenKey(), shown, shownValues, given);
    const dx = hidden.outcomes.find((o) => o.name === "dx")!;
    expect(dx.hint).to.match(
      /right on the lesson's data, wrong on other data: right except where the answer is 0: looks like you forgot the mask/,
    );
    const db1 = hidden.outcomes.find((o) => o.name === "db1")!;
    expect(db1.passed).to.equal(false);
    expect(db1.hint).to.not.match(/right on the lesson's data/);
    expect(hidden.outcomes.filter((o) => o.passed).map((o) => o.name)).to.deep.equal(["out2", "dW1"]);
  });

  it("weighs the two data sets as the teacher says", () => {
    const shown = compareAnswers("228", key228, shownRight); // 4 right
    const hiddenValues = new Map(teacher);
    hiddenValues.set(
      "dx",
      array([
        [0, 0],
        [0, 0],
      ]),
    );
    const hidden = compareHidden("228", hiddenKey(), shown, shownRight, hiddenValues); // 3 right
    expect(pointsOf(shown, undefined)).to.equal(4);
    expect(pointsOf(shown, hidden)).to.equal(3);
    expect(pointsOf(shown, hidden, 0.5)).to.equal(3.5);
    expect(pointsOf(shown, hidden, 0)).to.equal(4);
  });

  it("hands a learner the hint of a hidden difference without the teacher's value or the learner's", () => {
    const shown = compareAnswers("228", key228, shownRight);
    const given = new Map(teacher);
    given.set(
      "out2",
      array([
        [-16, 5],
        [28, -95],
      ]),
    );
    const hint = compareHidden("228", hiddenKey(), shown, shownRight, given).outcomes[0].hint!;
    expect(hint).to.match(/wrong on other data: differs at flat index 0: expected -2, got -16$/);
    const told = hintWithoutKey(hint);
    expect(told).to.match(
      /^문제의 데이터로는 맞고 다른 데이터로는 틀리다 · right on the lesson's data, wrong on other data: differs from the expected value at flat index 0$/,
    );
    expect(told).to.not.match(/-2|-16/);
    expect(mistakeKind(hint)).to.match(/wrong on other data: differs from the expected value, no known mistake$/);
  });
});
