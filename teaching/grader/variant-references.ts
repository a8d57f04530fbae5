/**
 * Each student's variant of a lesson (teaching/variants.ts) with its
 * reference: the inputs drawn from the student's seed and the teacher's
 * lesson run on them, exactly as for hidden inputs (the same draws, the same
 * hidden mistakes named). The handouts are written from it and the grader
 * makes it again from the same secret: the same seeds give the same inputs
 * and the same key.
 */
import type { ProblemKey } from "dlfs/answer-key";
import { hiddenSpecOf } from "../hidden-inputs";
import { inQuickMode } from "../quick-mode";
import { variantSeed } from "../variants";
import { type HiddenReference, hiddenReferences, type HiddenUnavailable, type TeacherLessonRun } from "./hidden-reference";

export interface VariantRequest extends TeacherLessonRun {
  secret: string;
  students: readonly string[];
}

/** Students whose variants one kernel computes: a class is cut into groups, each well within a submission's time. */
const studentsPerKernel = 40;

/**
 * The key of a variant: the reference's items, and the lesson's bounds (an
 * accuracy to reach) for the answers a quick run of the lesson left out.
 */
function withBounds(key: ProblemKey, reference: ProblemKey): ProblemKey {
  const made = new Map(reference.items.map((item) => [item.name, item]));
  const items = key.items.flatMap((item) => {
    const ofVariant = made.get(item.name);
    if (ofVariant !== undefined) return [ofVariant];
    return item.atLeast === true || item.atMost === true ? [item] : [];
  });
  return { ...reference, items };
}

/**
 * Every student's variant of `problem`, by name; undefined when the lesson
 * declares no inputs (it has no variants). A lesson that trains after its
 * inputs cells and runs only those again (237, 238) is run in its quick
 * mode: what its inputs give does not depend on the training, and its
 * accuracy bounds stay as they are.
 */
export async function variantReferences(
  request: VariantRequest,
): Promise<Map<string, HiddenReference | HiddenUnavailable> | undefined> {
  const { problem, lesson, check, key } = request;
  const spec = hiddenSpecOf(lesson);
  if (spec === undefined) return undefined;
  const planned =
    check.quick !== undefined && spec.rerun === "inputs"
      ? inQuickMode(lesson, check.quick, check.answers, key, `lesson ${problem}`)
      : { notebook: lesson, answers: check.answers, key };
  const made = new Map<string, HiddenReference | HiddenUnavailable>();
  const referencesOf = async (students: readonly string[]): Promise<void> => {
    const references = await hiddenReferences({
      problem,
      lesson: planned.notebook,
      answers: planned.answers,
      key: planned.key,
      limits: request.limits,
      kernels: request.kernels,
      runSeeds: students.map((student) => variantSeed(request.secret, problem, student)),
    });
    students.forEach((student, i) => {
      const reference = references?.[i];
      if (reference === undefined) return;
      made.set(student, "key" in reference ? { ...reference, key: withBounds(key, reference.key) } : reference);
    });
  };
  for (let start = 0; start < request.students.length; start += studentsPerKernel) {
    const students = request.students.slice(start, start + studentsPerKernel);
    await referencesOf(students);
    // A cell failing on one student's data fails the whole group's run: each is run again alone, to know whose.
    const failed = students.filter((student) => made.get(student) !== undefined && !("key" in made.get(student)!));
    if (students.length > 1) for (const student of failed) await referencesOf([student]);
  }
  return made;
}
