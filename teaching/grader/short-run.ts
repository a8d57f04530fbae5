/**
 * Lessons that train on MNIST for minutes (237, 238) are graded on a short
 * run: their quick mode (teaching/quick-mode.ts: the same seeds, a few
 * hundred updates), where every loss and accuracy of the training histories
 * must be the teacher's lesson's, run the same way once per grading run.
 * A seeded training is deterministic to the bit (dlfs keeps the order of
 * its sums), so a network whose layers, activation or gradient differ
 * cannot reproduce it, while a final accuracy bound can be met by many
 * wrong networks. The full training's accuracies stay in the learner's own
 * notebook, and in `npm run grade -- --full`.
 */
import type { AnswerItem } from "dlfs/answer-key";
import { inQuickMode, type QuickMode } from "../quick-mode";
import { EvaluationFailed } from "./answer-payload";
import type { CheckedAnswer } from "./check-call";
import type { TeacherLessonRun } from "./hidden-reference";
import { runSubmission } from "./run-submission";

/** What a history is compared on, each a list of numbers in TrainHistory. */
const historyFields = ["trainLoss", "trainAcc", "testAcc"] as const;

/** Within this of the teacher's: the same computation gives the same bits; 1e-9 leaves room for a sum written in another order. */
const historyTolerance = 1e-9;

/**
 * The answers of a short run that stand for the full training's: each the
 * histories it rests on, every field of each, as one list of numbers.
 */
function historyAnswers(quick: QuickMode): CheckedAnswer[] {
  return Object.entries(quick.history ?? {}).map(([name, histories]) => ({
    name,
    expression: `[${histories.flatMap((history) => historyFields.map((field) => `...${history}.${field}`)).join(", ")}]`,
  }));
}

/** One part of a history answer's list: which history's field, and how many numbers. */
interface Segment {
  label: string;
  length: number;
}

/** The teacher's short run: the answers that stand for the full training's, and their items. */
export interface ShortRunReference {
  answers: CheckedAnswer[];
  items: AnswerItem[];
  /** Each answer's list in parts, for the hint that says where a history first differs. */
  segments: ReadonlyMap<string, readonly Segment[]>;
}

function numbers(value: unknown): number[] | undefined {
  return Array.isArray(value) && value.every((v): v is number => typeof v === "number") ? value : undefined;
}

/**
 * Runs the teacher's lesson in its quick mode and keeps its histories; a
 * string says why it could not (the lesson is then graded without them).
 * Undefined for a lesson that names no history.
 */
export async function shortRunReference(request: TeacherLessonRun): Promise<ShortRunReference | string | undefined> {
  const { problem, lesson, check, key } = request;
  const quick = check.quick;
  if (quick?.history === undefined) return undefined;
  const answers = historyAnswers(quick);
  // Each field's length, read as its own answer.
  const parts = Object.entries(quick.history).flatMap(([name, histories]) =>
    histories.flatMap((history) =>
      historyFields.map((field) => ({ answer: name, label: `${history}.${field}`, expression: `${history}.${field}.length` })),
    ),
  );
  const lengths = parts.map((part, i) => ({ name: `length ${i}`, expression: part.expression }));
  const planned = inQuickMode(lesson, quick, check.answers, key, `lesson ${problem}`);
  const run = await runSubmission(planned.notebook, [...answers, ...lengths], request.limits, request.kernels);
  if (run.events.length > 0) return run.events.join("; ");
  const items: AnswerItem[] = [];
  for (const answer of answers) {
    const value = run.answers.get(answer.name);
    if (value instanceof EvaluationFailed) return `${answer.name} could not be evaluated: ${value.error}`;
    const expected = numbers(value);
    if (expected === undefined) return `${answer.name}'s histories are not lists of numbers`;
    items.push({ name: answer.name, expected, rtol: historyTolerance });
  }
  const segments = new Map<string, Segment[]>();
  parts.forEach((part, i) => {
    const length = run.answers.get(`length ${i}`);
    segments.set(part.answer, [...(segments.get(part.answer) ?? []), { label: part.label, length: Number(length) }]);
  });
  return { answers, items, segments };
}

/** The words of a history that is not the teacher's: which, and from which point on. */
export function historyHint(segments: readonly Segment[], given: unknown, expected: readonly number[]): string {
  const values = numbers(given);
  if (values === undefined || values.length !== expected.length)
    return `학습 기록의 길이가 다르다 · the training histories have ${values?.length ?? "no"} numbers where the teacher's short run has ${expected.length}: train() was called with other options`;
  // As the key compares (compare.ts): within the tolerance of the larger, and only finite numbers are close.
  const close = (a: number, b: number): boolean =>
    Number.isFinite(a) && Number.isFinite(b) ? Math.abs(a - b) <= historyTolerance * Math.max(Math.abs(a), Math.abs(b)) : a === b;
  const first = Math.max(
    0,
    expected.findIndex((want, i) => !close(values[i], want)),
  );
  let at = first;
  const segment = segments.find((part) => {
    if (at < part.length) return true;
    at -= part.length;
    return false;
  });
  const where = segment === undefined ? `number ${first}` : `${segment.label}[${at}]`;
  return `같은 시드로 학습했는데 ${where}부터 선생님의 학습과 다르다: 계층, 활성화 함수, 가중치 초기화, 기울기 중 무엇인가가 다르다 · trained from the same seeds, it differs from the teacher's training from ${where} on: a layer, the activation, the weights' initialisation or a gradient differs`;
}
