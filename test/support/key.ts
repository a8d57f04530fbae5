// Values of the answer key (written by real NumPy, lib/reference/make_answer_key.py),
// so that tests compare with the reference instead of repeating its numbers.
import { answerKey, type AnswerItem } from "dlfs/answer-key";

function item(problem: string, name: string): AnswerItem {
  const found = answerKey[problem]?.items.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`the answer key of ${problem} has no ${name}`);
  return found;
}

/** An answer that is one number. */
export function keyNumber(problem: string, name: string): number {
  const { expected } = item(problem, name);
  if (typeof expected !== "number") throw new Error(`${problem}'s ${name} is not a number`);
  return expected;
}

/** An array answer as NumPy prints it, one line per row. */
export function keyPrinted(problem: string, name: string): string[] {
  const { numpy } = item(problem, name);
  if (numpy === undefined) throw new Error(`${problem}'s ${name} has no NumPy print`);
  return numpy.split("\n");
}

/** An array answer's numbers, flat. */
export function keyNumbers(problem: string, name: string): number[] {
  const flat = (value: unknown): number[] => (Array.isArray(value) ? value.flatMap(flat) : [Number(value)]);
  return flat(item(problem, name).expected);
}
