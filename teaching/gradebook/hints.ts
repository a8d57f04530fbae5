/**
 * A check's hint, as a student may read it and as the class's mistakes are
 * counted. The answer key's comparison says "differs at flat index 3:
 * expected 5, got 7" when it knows no mistake: that names an expected value,
 * which feedback must not hand out, and it differs from student to student,
 * so the dashboard counts all of them as one kind.
 */

const differs = /^differs(?: at flat index (\d+))?: expected .*, got .*$/s;
const wrongShape = /^expected shape .*, got (.*)$/s;

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
  const difference = differs.exec(hint);
  if (difference)
    return difference[1] === undefined
      ? "differs from the expected value"
      : `differs from the expected value at flat index ${difference[1]}`;
  const shape = wrongShape.exec(hint);
  if (shape) return `the shape ${shape[1]} is not the one asked for`;
  return hint;
}

/** The hint as the class's mistakes are grouped: what varies from student to student taken out. */
export function mistakeKind(full: string): string {
  const [prefix, hint] = splitPrefix(full);
  return prefix + ownMistakeKind(hint);
}

function ownMistakeKind(hint: string): string {
  if (differs.test(hint)) return "differs from the expected value, no known mistake";
  if (wrongShape.test(hint)) return "the shape is not the one asked for";
  if (hint.startsWith("could not be evaluated: ")) return hint.replace(/\d+/g, "#");
  return hint;
}
