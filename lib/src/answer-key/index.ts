// The answer key: what each problem's answers are, as real NumPy computed them
// (reference/make_answer_key.py writes answer-key.json), and how a value is
// compared with it (compare.ts). The grader and the tests import it as
// "dlfs/answer-key"; a lesson's check() reaches it through check-key.ts.
import answerKeyJson from "./answer-key.json";
import { type AnswerKey, keyText, type ProblemKey, problemLanguage } from "./compare";
import { messagesIn } from "../messages/catalogue";

export * from "./compare";
export { compareWithSealedKey, notShown, sealKey } from "./sealed-key";
export type { SealedAnswerKey, SealedItem, SealedProblemKey } from "./sealed-key";

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** The answer key, frozen: nothing that runs later can change it. */
export const answerKey: AnswerKey = deepFreeze(answerKeyJson as unknown as Record<string, ProblemKey>);

/** The answer key of one problem, e.g. answerKeyOf("213"). */
export function answerKeyOf(problem: string | number): ProblemKey {
  const entry = answerKey[String(problem)];
  if (!entry) {
    throw new RangeError(`there is no answer key for problem ${problem}; the problems are ${Object.keys(answerKey).join(", ")}`);
  }
  return entry;
}

/**
 * check()'s headline for a problem, in the language its check speaks now:
 * "문제 213 (사과와 오렌지, 역전파): 6/6 정답", "Problem 213 (…): 6/6 correct".
 */
export function checkHeadlineOf(problem: string | number, score: number, total: number): string {
  const entry = answerKeyOf(problem);
  const language = problemLanguage(entry);
  return messagesIn(language).headline(String(problem), keyText(language, entry.title, entry.titleKo), score, total);
}

/** A check()'s headline in any language; its groups are the score and the total. */
export const checkHeadlinePattern = /(?:Problem|문제) \S+ \(.*\): (\d+)\/(\d+) (?:correct|정답)/;
