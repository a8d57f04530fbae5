/**
 * A check's hint, as a student may read it and as the class's mistakes are
 * counted. The answer key's comparison says "differs at flat index 3:
 * expected 5, got 7" (in Korean "평탄화한 인덱스 3에서 다르다: 정답 5, 낸 값 7")
 * when it knows no mistake: that names an expected value, which feedback
 * must not hand out, and it differs from student to student, so the
 * dashboard counts all of them as one kind. The patterns follow the
 * catalogue's messages (dlfs's messages/catalogue.ts), in both languages.
 */
import type { Language } from "dlfs";

const differs: Readonly<Record<Language, RegExp>> = {
  en: /^differs(?: at flat index (\d+))?: expected .*, got .*$/s,
  ko: /^(?:평탄화한 인덱스 (\d+)에서 )?다르다: 정답 .*, 낸 값 .*$/s,
};
const wrongShape: Readonly<Record<Language, RegExp>> = {
  en: /^expected shape .*, got (.*)$/s,
  ko: /^형상이 .*이어야 하는데 (.*)이다$/s,
};

/** What a hint without the key says in place of the expected value, in the hint's language. */
const withoutKey: Readonly<
  Record<
    Language,
    { differs: string; differsAt: (index: string) => string; shape: (shape: string) => string; kind: string; shapeKind: string }
  >
> = {
  en: {
    differs: "differs from the expected value",
    differsAt: (index) => `differs from the expected value at flat index ${index}`,
    shape: (shape) => `the shape ${shape} is not the one asked for`,
    kind: "differs from the expected value, no known mistake",
    shapeKind: "the shape is not the one asked for",
  },
  ko: {
    differs: "정답과 다르다",
    differsAt: (index) => `평탄화한 인덱스 ${index}에서 정답과 다르다`,
    shape: (shape) => `형상 ${shape}: 문제가 요구한 형상이 아니다`,
    kind: "정답과 다르다, 알려진 실수는 아니다",
    shapeKind: "형상이 문제가 요구한 것이 아니다",
  },
};

const languagesOfHints: readonly Language[] = ["en", "ko"];

/** An answer the grader could not evaluate (its kernel's error follows). */
export const notEvaluatedPrefix = "평가할 수 없었다 · could not be evaluated: ";

/**
 * How the grader begins the hint of an answer right on the lesson's data and
 * wrong on hidden inputs; what follows is a hint as the comparison gives it.
 */
export const otherDataPrefix =
  "문제의 데이터로는 맞고 다른 데이터로는 틀리다 · right on the lesson's data, wrong on other data: ";

/** A hint split into the hidden data's prefix (or "") and the comparison's own hint. */
function splitPrefix(hint: string): [string, string] {
  return hint.startsWith(otherDataPrefix) ? [otherDataPrefix, hint.slice(otherDataPrefix.length)] : ["", hint];
}

/** The hint without any part of the expected answer (nor of what was given on hidden inputs). */
export function hintWithoutKey(hint: string): string {
  const [prefix, own] = splitPrefix(hint);
  return prefix + ownHintWithoutKey(own);
}

function ownHintWithoutKey(hint: string): string {
  for (const language of languagesOfHints) {
    const words = withoutKey[language];
    const difference = differs[language].exec(hint);
    if (difference) return difference[1] === undefined ? words.differs : words.differsAt(difference[1]);
    const shape = wrongShape[language].exec(hint);
    if (shape) return words.shape(shape[1]);
  }
  return hint;
}

/** The hint as the class's mistakes are grouped: what varies from student to student taken out. */
export function mistakeKind(full: string): string {
  const [prefix, hint] = splitPrefix(full);
  return prefix + ownMistakeKind(hint);
}

function ownMistakeKind(hint: string): string {
  for (const language of languagesOfHints) {
    if (differs[language].test(hint)) return withoutKey[language].kind;
    if (wrongShape[language].test(hint)) return withoutKey[language].shapeKind;
  }
  if (hint.startsWith(notEvaluatedPrefix)) return hint.replace(/\d+/g, "#");
  return hint;
}
