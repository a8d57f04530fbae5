/**
 * The answer key as a grading kernel sees it: every problem and answer name,
 * no answer. The grader compares outside the kernel with the key it read
 * when it started, so inside nothing needs the answers, and a submission can
 * learn none of them (answerKeyOf, the library's files). The learner's own
 * check() still runs there (a cell may call it among other code) and finds
 * every answer wrong: its report is never read.
 */
import * as fs from "fs";
import type { AnswerKey } from "dlfs/answer-key";

const note = "the answer key is not available while a submission is graded: the grader compares the answers itself";

/** The key with its answers, known mistakes and accepted values taken out. */
function redactedAnswerKey(keys: AnswerKey): Record<string, unknown> {
  const redacted: Record<string, unknown> = {};
  for (const [problem, key] of Object.entries(keys)) {
    // The lesson's language stays: the kernel's own errors speak it (courseLanguage).
    const { title, titleKo, lang } = key;
    redacted[problem] = { title, titleKo, lang, note, items: key.items.map((item) => ({ name: item.name, expected: [] })) };
  }
  return redacted;
}

/** Writes the redacted key to `file`, readable by the kernels. */
export function writeRedactedAnswerKey(keys: AnswerKey, file: string): string {
  fs.writeFileSync(file, JSON.stringify(redactedAnswerKey(keys)), { mode: 0o644 });
  return file;
}
