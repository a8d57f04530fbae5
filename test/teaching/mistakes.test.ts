// Mistake cases (test/teaching/mistakes/NNN.ts, format in support/mistakes.ts):
// each lesson passes its check as the teacher wrote it, and each typical
// mistake, made in its solution, fails the check with a hint that points at
// it. Lessons run as the grader runs them, up to the check, two at a time.
import { expect } from "chai";
import * as path from "node:path";
import { inParallel, type Notebook, readNotebook } from "../../jupyter-client";
import { lessonCheck } from "../../teaching/grader/check-call";
import { NotebookEditError } from "../../teaching/notebook-edits";
import { lessonNotebooks, longestFirst, problemOf } from "../support/lessons";
import {
  judgeLesson,
  judgeMistake,
  type LessonRun,
  type LessonRunner,
  loadMistakeCases,
  type Mistake,
  pointsOfRun,
  startLessonRunner,
  typedValues,
  withMistake,
} from "./support/mistakes";
import { answerKey } from "dlfs/answer-key";
import { hiddenSpecOf } from "../../teaching/hidden-inputs";

const lessons = new Map(lessonNotebooks().map((file) => [problemOf(file), file]));
const cases = loadMistakeCases();

/** A correct variant of 230's solution (the check must pass it) and a mistake with a hint that does not fit. */
const harmless: Mistake = {
  name: "a correct rewrite, not a mistake",
  edit: {
    find: "return this.y.sub(this.t).mul(dout).div(batchSize);",
    replace: "return this.y.mul(dout).sub(this.t.mul(dout)).div(batchSize);",
  },
  failing: ["batchDx"],
  hint: /did not divide by the batch size/,
};
const wrongHint: Mistake = { ...(cases.get("230") ?? [])[0], hint: /forgot the mask/ };

interface Job {
  problem: string;
  label: string;
  notebook: Notebook;
  /** The teacher's lesson: its hidden inputs are run too, with it as the reference. */
  lesson: Notebook;
}

describe("mistake cases: typical mistakes fail the check with a hint that points at them @slow", function () {
  this.timeout(10 * 60 * 1000);
  const runs = new Map<string, Promise<LessonRun>>();
  let runner: LessonRunner | undefined;

  const jobs: Job[] = [];
  const hasHidden = new Set<string>();
  const typedAnswers = new Map<string, string[]>();
  for (const [problem, mistakes] of cases) {
    const file = lessons.get(problem);
    if (file === undefined) continue; // reported below
    const lesson = readNotebook(file);
    const name = path.basename(file);
    jobs.push({ problem, label: `${problem}: as written`, notebook: lesson, lesson });
    for (const mistake of mistakes)
      jobs.push({ problem, label: `${problem}: ${mistake.name}`, notebook: withMistake(lesson, mistake, name), lesson });
    if (hiddenSpecOf(lesson) !== undefined) {
      hasHidden.add(problem);
      const typed = typedValues(lesson, lessonCheck(lesson, name), answerKey[problem], name);
      typedAnswers.set(problem, typed.typed);
      jobs.push({ problem, label: `${problem}: typed values`, notebook: typed.notebook, lesson });
    }
  }
  const lesson230 = readNotebook(lessons.get("230")!);
  jobs.push({ problem: "230", label: "230: harmless", notebook: withMistake(lesson230, harmless, "230"), lesson: lesson230 });

  // The hints as a learner who chose English reads them: the cases name them in
  // English (messages.test.ts holds the Korean of every one).
  const languageBefore = process.env.DLFS_LANG;
  before(async function () {
    process.env.DLFS_LANG = "en";
    runner = await startLessonRunner();
    const started = runner;
    const checks = new Map(
      [...lessons].map(([problem, file]) => [problem, lessonCheck(readNotebook(file), path.basename(file))]),
    );
    // Each job's test waits for that job only, not for all of them: with every
    // lesson's cases the whole batch takes longer than one test's time limit.
    const settle = new Map<string, (run: Promise<LessonRun>) => void>();
    for (const job of jobs) {
      const run = new Promise<LessonRun>((resolve) => settle.set(job.label, resolve));
      run.catch(() => undefined); // reported by the job's own test
      runs.set(job.label, run);
    }
    void inParallel(
      longestFirst(jobs, (job) => job.notebook),
      2,
      (job) => {
        const run = started.run(job.notebook, checks.get(job.problem)!, job.label, job.lesson);
        settle.get(job.label)!(run);
        return run.catch(() => undefined); // one failed run does not stop the others
      },
    );
  });

  after(async () => {
    await runner?.close();
    if (languageBefore === undefined) delete process.env.DLFS_LANG;
    else process.env.DLFS_LANG = languageBefore;
  });

  for (const [problem, mistakes] of cases) {
    describe(`lesson ${problem}`, () => {
      it("has a lesson notebook", () => expect(lessons.has(problem), `notebooks/${problem}_*.ipynb`).to.equal(true));

      it("passes its check as the teacher wrote it", async () => {
        const run = await runs.get(`${problem}: as written`)!;
        expect(judgeLesson(run)).to.deep.equal([]);
      });

      for (const mistake of mistakes) {
        it(`${mistake.name}: ${mistake.failing.join(", ")} fail with ${String(mistake.hint)}`, async () => {
          const run = await runs.get(`${problem}: ${mistake.name}`)!;
          expect(judgeMistake(mistake, run).join("\n")).to.equal("");
        });
      }

      if (hasHidden.has(problem))
        it("typed values in the handout: right on the lesson's data, wrong on hidden inputs, with a hint that says so", async () => {
          const run = await runs.get(`${problem}: typed values`)!;
          const typed = typedAnswers.get(problem)!;
          expect(typed, "answers that can be typed").to.not.deep.equal([]);
          const shown = run.report.outcomes.filter((o) => typed.includes(o.name));
          expect(
            shown.every((o) => o.passed),
            run.report.toString(),
          ).to.equal(true);
          expect(run.hidden, "graded on hidden inputs").to.not.equal(undefined);
          expect(pointsOfRun(run)).to.be.below(run.report.outcomes.length);
          // A bound (238's gradient difference) does not depend on the data: typed, it passes on both.
          const bounds = new Set(answerKey[problem].items.filter((i) => i.atLeast || i.atMost).map((i) => i.name));
          const hidden = run.hidden!.outcomes.filter((o) => typed.includes(o.name) && !bounds.has(o.name));
          expect(
            hidden.some((o) => o.passed),
            run.hidden!.toString(),
          ).to.equal(false);
          // The typed value stayed, or (237, 238: only the inputs cell runs again, and fails in the handout) it is gone.
          expect(hidden.map((o) => o.hint ?? "").join("\n")).to.match(
            /stays the same when the inputs change|wrong on other data: (?:평가할 수 없었다 · )?could not be evaluated/,
          );
        });
    });
  }

  describe("every lesson that declares hidden inputs is graded on them", () => {
    for (const problem of hasHidden)
      it(`lesson ${problem}: as written, right on hidden inputs too`, async () => {
        const run = await runs.get(`${problem}: as written`)!;
        expect(run.hidden, "graded on hidden inputs").to.not.equal(undefined);
        expect(pointsOfRun(run)).to.equal(run.report.outcomes.length);
      });
  });

  describe("every lesson has at least two mistake cases", () => {
    for (const problem of lessons.keys()) {
      it(`lesson ${problem}`, function () {
        expect((cases.get(problem) ?? []).length, `test/teaching/mistakes/${problem}.ts`).to.be.at.least(2);
      });
    }
  });

  describe("the test itself", () => {
    it("fails on a mistake that the check does not catch", async () => {
      const run = await runs.get("230: harmless")!;
      expect(judgeLesson(run), "the rewrite is correct").to.deep.equal([]);
      expect(judgeMistake(harmless, run).join("\n")).to.match(/batchDx passes: the check does not catch "a correct rewrite/);
    });

    it("fails on a hint that does not point at the mistake", async () => {
      const run = await runs.get(`230: ${wrongHint.name}`)!;
      expect(judgeMistake(wrongHint, run).join("\n")).to.match(/does not match \/forgot the mask\/:\nbatchDx: did not divide/);
    });

    it("refuses an edit that finds nothing, finds more than once, or lies outside the solution", () => {
      const make = (find: string): Notebook =>
        withMistake(lesson230, { name: "x", edit: { find, replace: "" }, failing: [], hint: /x/ }, "230");
      expect(() => make("no such code")).to.throw(NotebookEditError, /finds nothing/);
      expect(() => make("this.t")).to.throw(NotebookEditError, /finds it \d+ times/);
      expect(() => make("const x1 = array(")).to.throw(NotebookEditError, /not inside a solution region/);
    });
  });
});
