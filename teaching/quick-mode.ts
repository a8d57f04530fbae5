/**
 * A lesson's quick mode, for lessons that train networks on MNIST for
 * minutes (237, 238): edits of the code the lesson gives that shorten the
 * training, and the answers that only full training can judge. The tests
 * (mistake cases, the grader's tests) and the grader (its short run) run a
 * lesson this way; a learner never does. In the lesson's metadata:
 *
 *   "dlfs": { "quick": { "edits": [{ "find": "const itersNum = 10000;", "replace": "const itersNum = 200;" }],
 *                        "unchecked": ["reluTestAcc", "sigmoidTestAcc", "reluLead"],
 *                        "history": { "reluTestAcc": ["reluHistory"], "sigmoidTestAcc": ["sigmoidHistory"],
 *                                     "reluLead": ["reluHistory", "sigmoidHistory"] } } }
 *
 * The grader grades such a lesson on this short run by default: what only
 * the full training reaches is judged instead by the training histories it
 * rests on, which must be the teacher's (teaching/grader/short-run.ts).
 */
import type { ProblemKey } from "dlfs/answer-key";
import { isJsonObject, type JsonValue, type Notebook } from "../jupyter-client";
import { dlfsMetadata } from "./lessons";
import { applyEdits, type NotebookEdit } from "./notebook-edits";

export interface QuickMode {
  edits: NotebookEdit[];
  /** Answers of the check that quick mode does not judge. */
  unchecked: string[];
  /**
   * What judges each unchecked answer in the grader's short run: the training
   * histories (TrainHistory variables) it rests on, compared point by point
   * with the teacher's short run (teaching/grader/short-run.ts).
   */
  history?: Record<string, string[]>;
}

const shape = `{ "edits": [{ "find": "...", "replace": "..." }], "unchecked": ["answer", ...] }`;

/** metadata.dlfs.quick of a teacher's lesson, checked; undefined when the lesson has none. */
export function lessonQuickMode(notebook: Notebook, name: string): QuickMode | undefined {
  const quick = dlfsMetadata(notebook).quick;
  if (quick === undefined) return undefined;
  const fail = (why: string): never => {
    throw new Error(`${name}: metadata.dlfs.quick ${why}; it must look like ${shape}`);
  };
  if (!isJsonObject(quick)) return fail("is not an object");
  const { edits, unchecked, history } = quick;
  if (!Array.isArray(edits) || edits.length === 0) return fail("has no edits");
  if (!Array.isArray(unchecked) || !unchecked.every((answer): answer is string => typeof answer === "string"))
    return fail("has no unchecked list");
  const variables = (list: JsonValue | undefined): list is string[] =>
    Array.isArray(list) && list.length > 0 && list.every((name) => typeof name === "string" && /^[A-Za-z_$][\w$]*$/.test(name));
  if (
    history !== undefined &&
    (!isJsonObject(history) ||
      !Object.entries(history).every(([answer, histories]) => unchecked.includes(answer) && variables(histories)) ||
      !unchecked.every((answer) => answer in history))
  )
    return fail(
      'has a history that does not map every unchecked answer to the TrainHistory variables it rests on ({ "reluTestAcc": ["reluHistory"], ... })',
    );
  return {
    ...(history === undefined ? {} : { history: history as Record<string, string[]> }),
    edits: edits.map((edit, i) => {
      if (!isJsonObject(edit) || typeof edit.find !== "string" || typeof edit.replace !== "string")
        return fail(`edit ${i + 1} needs a find and a replace text`);
      return { find: edit.find, replace: edit.replace };
    }),
    unchecked: unchecked,
  };
}

/** `notebook` (a lesson or a submission of it) with the lesson's quick edits applied to the code it gives. */
export function quickVersion(notebook: Notebook, quick: QuickMode, name: string): Notebook {
  return applyEdits(notebook, quick.edits, "given", name);
}

/** What runs in quick mode: the shortened notebook, and the answers and key without the unchecked ones. */
export interface QuickRun<Answer extends { name: string }> {
  notebook: Notebook;
  answers: Answer[];
  key: ProblemKey;
  /** One sentence for a report. */
  note: string;
}

export function inQuickMode<Answer extends { name: string }>(
  notebook: Notebook,
  quick: QuickMode,
  answers: readonly Answer[],
  key: ProblemKey,
  name: string,
): QuickRun<Answer> {
  const judged = (answer: string): boolean => !quick.unchecked.includes(answer);
  return {
    notebook: quickVersion(notebook, quick, name),
    answers: answers.filter((answer) => judged(answer.name)),
    key: { ...key, items: key.items.filter((item) => judged(item.name)) },
    note: `quick mode: training shortened, ${quick.unchecked.join(", ")} not graded`,
  };
}
