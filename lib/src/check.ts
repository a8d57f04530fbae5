// Self-check for learners: compare your values with the answer key of a problem.
//   check("213", { dappleNum, dapple, dorange, dorangeNum, dtax })
// The key is written by real NumPy (reference/make_answer_key.py) and is the
// same one the notebook tests and the grader use.
import { clearKey, handoutOf, sealedKey } from "./answer-key/check-key";
import { courseLanguage } from "./answer-key/course-language";
import { type AnswerKey, compareWithKey, type CheckReport } from "./answer-key/compare";
import { checkReportHtml } from "./answer-key/report-html";
import { compareWithSealedKey, type SealedAnswerKey } from "./answer-key/sealed-key";
import { displayBundle, type MimeBundle } from "./display/bundle";
import { messagesIn } from "./messages/catalogue";

function entryOf<T>(key: Readonly<Record<string, T>>, problem: string): T {
  const entry = key[problem];
  if (entry === undefined) throw new RangeError(messagesIn(courseLanguage()).noSuchProblem(problem, Object.keys(key).join(", ")));
  return entry;
}

/**
 * The report of check(), as a value: for code that wants to look at it rather
 * than show it. In a handout it shows no expected value (check-key.ts).
 */
export function checkReport(problem: string | number, values: Record<string, unknown>): CheckReport {
  const name = String(problem);
  const clear: AnswerKey | undefined = clearKey();
  const handout = handoutOf(name);
  if (clear !== undefined && handout === undefined) return compareWithKey(name, entryOf(clear, name), values);
  const sealed: SealedAnswerKey = sealedKey();
  return compareWithSealedKey(name, handout?.variantKey ?? entryOf(sealed, name), values);
}

/** A report as a notebook output: a table for people, and the plain text for terminals and tests. */
export function checkBundle(report: CheckReport): MimeBundle {
  return { "text/plain": report.toString(), "text/html": checkReportHtml(report) };
}

/**
 * Compare your values with the answer key of a problem and show the result.
 * Pass them by the names the lesson uses: check("213", { dappleNum, dapple, dorange, dorangeNum, dtax }).
 * Items you leave out are listed as not given. In a notebook the result is a
 * table (with the same text for plain-text front ends); elsewhere it is
 * printed. It returns nothing, so that a notebook shows it once; use
 * checkReport() for the report as a value.
 */
export function check(problem: string | number, values: Record<string, unknown>): void {
  displayBundle(checkBundle(checkReport(problem, values)));
}
