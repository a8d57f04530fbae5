// How check() compares a value with the answer key and what its hint says:
// a known mistake by its own words, another convention accepted with a note,
// and the usual kinds of wrong value recognised by their pattern.
import { expect } from "chai";
import { compareWithKey, type AnswerItem, type CheckOutcome } from "dlfs/answer-key";
import { array } from "dlfs";

function outcome(item: Omit<AnswerItem, "name">, given: unknown): CheckOutcome {
  const report = compareWithKey("999", { title: "test", items: [{ name: "dx", ...item }] }, { dx: given });
  return report.outcomes[0];
}

const dx = {
  expected: [
    [0.5, -1.0, 0.0],
    [2.0, 0.0, -4.0],
  ],
  dtype: "float64",
};

describe("answer key: comparing a value and hinting at the mistake", () => {
  it("passes the expected value, within rtol", () => {
    expect(
      outcome(
        dx,
        array([
          [0.5, -1.0, 0.0],
          [2.0, 0.0, -4.0 * (1 + 1e-9)],
        ]),
      ).passed,
    ).to.equal(true);
  });

  it("names a known mistake by the key's words, before any other hint", () => {
    const known = {
      ...dx,
      mistakes: [
        {
          value: [
            [1, -2, 0],
            [4, 0, -8],
          ],
          text: "did not divide by the batch size",
        },
      ],
    };
    const result = outcome(
      known,
      array([
        [1, -2, 0],
        [4, 0, -8],
      ]),
    );
    expect(result.passed).to.equal(false);
    expect(result.hint).to.equal("did not divide by the batch size");
    expect(result.message).to.include("— did not divide by the batch size");
  });

  it("recognises a known mistake of another shape", () => {
    const known = { ...dx, mistakes: [{ value: [2.5, -1.0, -4.0], text: "summed over the wrong axis" }] };
    expect(outcome(known, array([2.5, -1.0, -4.0])).hint).to.equal("summed over the wrong axis");
  });

  it("accepts another convention, saying which", () => {
    const item = {
      ...dx,
      accepted: [
        {
          value: [
            [0.05, -0.1, 0.0],
            [0.2, 0.0, -0.4],
          ],
          text: "the book's convention",
        },
      ],
    };
    const result = outcome(
      item,
      array([
        [0.05, -0.1, 0.0],
        [0.2, 0.0, -0.4],
      ]),
    );
    expect(result.passed).to.equal(true);
    expect(result.message).to.include("(the book's convention)");
  });

  it("says when the sign is reversed", () => {
    expect(
      outcome(
        dx,
        array([
          [-0.5, 1.0, 0.0],
          [-2.0, 0.0, 4.0],
        ]),
      ).hint,
    ).to.match(/sign is reversed/);
  });

  it("says when every value is off by the same factor", () => {
    expect(
      outcome(
        dx,
        array([
          [1, -2, 0],
          [4, 0, -8],
        ]),
      ).hint,
    ).to.match(/every value is 2 times the expected one/);
    expect(
      outcome(
        dx,
        array([
          [0.05, -0.1, 0.0],
          [0.2, 0.0, -0.4],
        ]),
      ).hint,
    ).to.match(/every value is 1\/10 of the expected one/);
  });

  it("does not call a single wrong number a factor off, which any wrong number is", () => {
    expect(outcome({ expected: 2 }, 3).hint).to.equal("differs: expected 2, got 3");
    expect(outcome({ expected: 2 }, -2).hint).to.match(/sign is reversed/);
  });

  it("says when only the entries that should be 0 are wrong (a mask not applied)", () => {
    expect(
      outcome(
        dx,
        array([
          [0.5, -1.0, 3.0],
          [2.0, 7.0, -4.0],
        ]),
      ).hint,
    ).to.match(/forgot the mask/);
  });

  it("says when the shape is transposed, or just different", () => {
    expect(
      outcome(
        dx,
        array([
          [0.5, 2.0],
          [-1.0, 0.0],
          [0.0, -4.0],
        ]),
      ).hint,
    ).to.match(/transposed/);
    expect(outcome(dx, array([0.5, -1.0, 0.0])).hint).to.equal("expected shape (2, 3), got (3,)");
  });

  it("otherwise says where the value differs", () => {
    expect(
      outcome(
        dx,
        array([
          [0.5, -1.0, 0.0],
          [2.0, 0.0, -5.0],
        ]),
      ).hint,
    ).to.equal("differs at flat index 5: expected -4, got -5");
  });

  it("says that null is a layer's value not computed yet (a mask before forward)", () => {
    expect(outcome(dx, null).hint).to.match(/stays null until its forward or backward has run/);
    expect(outcome(dx, "0.5").hint).to.equal("a string is not a number or an array");
  });

  it("gives a bound's own hint when it is missed", () => {
    const bound = { expected: 0.01, atLeast: true, boundHint: "ReLU should be ahead of Sigmoid" };
    expect(outcome(bound, 0.002).hint).to.equal("ReLU should be ahead of Sigmoid");
    expect(outcome(bound, 0.02).passed).to.equal(true);
  });

  it("never passes NaN or an infinity for a finite answer, in arrays or alone, nor for a bound", () => {
    const price = { expected: 715.0000000000001 };
    for (const given of [Infinity, -Infinity, NaN]) expect(outcome(price, given).passed, String(given)).to.equal(false);
    expect(outcome(price, Infinity).hint).to.match(/infinite/);
    const withInfinity = array([
      [0.5, -1.0, 0.0],
      [2.0, 0.0, -Infinity],
    ]);
    expect(outcome(dx, withInfinity).passed).to.equal(false);
    // Every known mistake and accepted value is finite too: an infinity matches none.
    const known = { ...price, mistakes: [{ value: 65000, text: "the order of backward's outputs" }] };
    expect(outcome(known, Infinity).hint).to.match(/infinite/);
    for (const bound of [
      { expected: 0.9, atLeast: true },
      { expected: 1e-6, atMost: true },
    ]) {
      for (const given of [Infinity, -Infinity, NaN]) expect(outcome(bound, given).passed, `${given}`).to.equal(false);
    }
  });

  it("compares a mask as booleans: numbers 0 and 1 are not true and false, nor the other way round", () => {
    const mask = {
      expected: [
        [false, true],
        [true, false],
      ],
      dtype: "bool",
    };
    expect(outcome(mask, array([1, -1, -2, 3]).reshape(2, 2).le(0)).passed).to.equal(true);
    expect(
      outcome(mask, [
        [false, true],
        [true, false],
      ]).passed,
    ).to.equal(true);
    const numbers = outcome(mask, [
      [0, 1],
      [1, 0],
    ]);
    expect(numbers.passed).to.equal(false);
    expect(numbers.hint).to.match(/expected true\/false values/);
    expect(
      outcome(
        mask,
        array(
          [
            [0, 1],
            [1, 0],
          ],
          "float64",
        ),
      ).passed,
    ).to.equal(false);
    expect(outcome({ expected: 1 }, true).hint).to.equal("expected numbers, got true/false values");
  });
});
