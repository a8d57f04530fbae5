// Self-check for learners: compare your values with the answer key of a problem.
//   check("213", { dappleNum, dapple, dorange, dorangeNum, dtax })
// The key is written by real NumPy (reference/make_answer_key.py) and is the
// same one the notebook tests and the grader use.
import { answerKeyOf, compareWithKey, type CheckReport } from "./answer-key";
import { checkReportHtml } from "./answer-key/report-html";
import { displayBundle, type MimeBundle } from "./display/bundle";

/** The report of check(), as a value: for code that wants to look at it rather than show it. */
export function checkReport(problem: string | number, values: Record<string, unknown>): CheckReport {
  return compareWithKey(problem, answerKeyOf(problem), values);
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
