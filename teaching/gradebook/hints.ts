/**
 * A check's hint, as a student may read it and as the class's mistakes are
 * counted. The answer key's comparison says "differs at flat index 3:
 * expected 5, got 7" when it knows no mistake: that names an expected value,
 * which feedback must not hand out, and it differs from student to student,
 * so the dashboard counts all of them as one kind.
 */

const differs = /^differs(?: at flat index (\d+))?: expected .*, got .*$/s;
const wrongShape = /^expected shape .*, got (.*)$/s;

/** The hint without any part of the expected answer. */
export function hintWithoutKey(hint: string): string {
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
export function mistakeKind(hint: string): string {
  if (differs.test(hint)) return "differs from the expected value, no known mistake";
  if (wrongShape.test(hint)) return "the shape is not the one asked for";
  if (hint.startsWith("could not be evaluated: ")) return hint.replace(/\d+/g, "#");
  return hint;
}
