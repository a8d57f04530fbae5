// Every lesson that declares hidden inputs runs on 20 of them, and its own
// solution gets full points on each: the inputs a seed draws never break the
// teacher's lesson (a shape that does not fit, a NaN), and two kernels agree
// on its answers to the last tolerance, so no grade depends on the machine.
// The inputs show every mistake the lesson's printed data hide
// (teaching/hidden-mistakes): none is left that gives the right values.
import { expect } from "chai";
import * as path from "node:path";
import { compareWithKey, type ProblemKey } from "dlfs/answer-key";
import { inParallel, readNotebook } from "../../jupyter-client";
import { lessonCheck } from "../../teaching/grader/check-call";
import { type HiddenReference, type HiddenUnavailable, isHiddenReference } from "../../teaching/grader/hidden-reference";
import { hiddenSpecOf } from "../../teaching/hidden-inputs";
import { lessonNotebooks, problemOf } from "../support/lessons";
import { type LessonRunner, startLessonRunner } from "./support/mistakes";

const seeds = Array.from({ length: 20 }, (_, i) => i + 1);
const lessons = lessonNotebooks().filter((file) => hiddenSpecOf(readNotebook(file)) !== undefined);

/** A reference's values, as a submission would give them. */
function valuesOf(key: ProblemKey): Record<string, unknown> {
  return Object.fromEntries(key.items.map((item) => [item.name, item.expected]));
}

type References = Array<HiddenReference | HiddenUnavailable>;

describe("hidden inputs: each lesson's solution gets full points on 20 seeds @slow", function () {
  this.timeout(20 * 60 * 1000);
  let runner: LessonRunner | undefined;
  const runs = new Map<string, Promise<[References, References]>>();

  before(async function () {
    runner = await startLessonRunner();
    const started = runner;
    const settle = new Map<string, (made: Promise<[References, References]>) => void>();
    for (const file of lessons) {
      const made = new Promise<[References, References]>((resolve) => settle.set(file, resolve));
      made.catch(() => undefined); // reported by the lesson's own test
      runs.set(file, made);
    }
    void inParallel(lessons, 2, (file) => {
      const lesson = readNotebook(file);
      const check = lessonCheck(lesson, path.basename(file));
      // Twice, in two kernels: the reference, and the lesson graded against it.
      const made = (async (): Promise<[References, References]> => [
        await started.references(lesson, check, seeds),
        await started.references(lesson, check, seeds),
      ])();
      settle.get(file)!(made);
      return made.catch(() => undefined);
    });
  });

  after(() => runner?.close());

  it("is declared by every lesson, 209-238", () => {
    expect(lessons.map(problemOf)).to.deep.equal(Array.from({ length: 30 }, (_, i) => String(209 + i)));
  });

  for (const file of lessons) {
    const problem = problemOf(file);
    it(`lesson ${problem}`, async () => {
      const [reference, graded] = await runs.get(file)!;
      const seen = new Set<string>();
      for (const [i, made] of reference.entries()) {
        if (!isHiddenReference(made)) throw new Error(`seed ${seeds[i]} (${made.seed}): ${made.why}`);
        const again = graded[i];
        if (!isHiddenReference(again)) throw new Error(`seed ${seeds[i]} again: ${again.why}`);
        expect(again.description, "the same seed draws the same inputs").to.equal(made.description);
        const report = compareWithKey(problem, made.key, valuesOf(again.key));
        expect(report.passed, `seed ${seeds[i]}: ${made.description}\n${report.toString()}`).to.equal(true);
        expect(made.notes, `seed ${seeds[i]}: ${made.description}`).to.deep.equal([]);
        seen.add(made.description);
      }
      expect(seen.size, "different seeds draw different inputs").to.be.above(seeds.length / 2);
    });
  }
});
