// The gradebook reads the check's hints in both languages: a hint that names
// the expected value (no known mistake, or a wrong shape) is told without it,
// and counted as one kind of mistake, in the language it came in.
import { expect } from "chai";
import { messagesIn } from "dlfs/internal";
import { hintWithoutKey, mistakeKind, otherDataPrefix } from "../../../teaching/gradebook/hints";

describe("gradebook: hints without the key, in Korean and in English", () => {
  const cases = [
    {
      language: "ko",
      differs: "평탄화한 인덱스 3에서 정답과 다르다",
      scalar: "정답과 다르다",
      shape: "형상 (3, 2): 문제가 요구한 형상이 아니다",
    },
    {
      language: "en",
      differs: "differs from the expected value at flat index 3",
      scalar: "differs from the expected value",
      shape: "the shape (3, 2) is not the one asked for",
    },
  ] as const;

  for (const { language, differs, scalar, shape } of cases) {
    it(`${language}: drops the expected value from the catalogue's hints, keeps a known mistake's words`, () => {
      const m = messagesIn(language);
      const hint = m.differsAt(3, "0.731", "0.881");
      expect(hintWithoutKey(hint)).to.equal(differs).and.not.include("0.731");
      expect(hintWithoutKey(m.differsAt(undefined, "5", "7"))).to.equal(scalar);
      expect(hintWithoutKey(m.wrongShape("(2, 3)", "(3, 2)")))
        .to.equal(shape)
        .and.not.include("(2, 3)");
      expect(hintWithoutKey(`${otherDataPrefix}${hint}`)).to.equal(`${otherDataPrefix}${differs}`);
      expect(hintWithoutKey(m.maskForgotten)).to.equal(m.maskForgotten);
      // Every "differs" is one kind on the dashboard, whatever its numbers.
      expect(mistakeKind(hint)).to.equal(mistakeKind(m.differsAt(0, "1", "2")));
      expect(mistakeKind(m.wrongShape("(2, 3)", "(1, 2)"))).to.equal(mistakeKind(m.wrongShape("(4,)", "(5,)")));
    });
  }
});
