// Every lesson notebook, executed top to bottom in a fresh tslab kernel in a
// folder outside the project (as a class's copies run): no errors, the same
// outputs as committed, and the course's answers printed.
// The lessons that train on MNIST (237, 238) run in their quick mode in the
// fast tier (training shortened: the outputs before the training, and the
// answers it does not judge) and in full in the slow one.
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  compareNotebooks,
  executeNotebook,
  formatDifferences,
  outputText,
  readNotebook,
  type Notebook,
  type NotebookRun,
  type Output,
} from "../../jupyter-client";
import { answerKey, checkHeadlineOf } from "dlfs/answer-key";
import { lessonQuickMode, quickVersion, type QuickMode } from "../../teaching/quick-mode";
import { lessonFolder, lessonKernelLaunch } from "../support/lesson-kernel";
import { lessonNotebooks, longestFirst, problemOf } from "../support/lessons";

interface KeyItem {
  name: string;
  expected: unknown;
  atLeast?: boolean;
  atMost?: boolean;
}
const key = answerKey as unknown as Record<string, { title: string; items: KeyItem[] }>;

/** Run at most `limit` kernels at once (one per core); each test awaits its own notebook. */
function pool(limit: number): <T>(job: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(job: () => Promise<T>): Promise<T> => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await job();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

/** The text of an output that is not an error (errors fail the run anyway). */
function shownText(output: Output): string {
  return output.output_type === "error" ? "" : outputText(output);
}

/**
 * The numbers a text shows, in order (True/False count as 1/0, as in a NumPy
 * mask). Digits that are part of a name (x2, dW1) are not numbers.
 */
function numbersIn(text: string): number[] {
  const tokens = text.match(/(?<![\w.])(?:True|False|[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)/g) ?? [];
  return tokens.map((t) => (t === "True" ? 1 : t === "False" ? 0 : Number(t)));
}

function flatNumbers(value: unknown): number[] {
  if (Array.isArray(value)) return value.flatMap(flatNumbers);
  return [Number(value)];
}

/** Whether `needle` appears as consecutive numbers in `haystack`, each within rtol 1e-6. */
function containsRun(haystack: number[], needle: number[]): boolean {
  // Within 1e-6 of each other, or as close as NumPy's print of 8 decimals can be (-0.00465419 for -0.0046541949).
  const close = (a: number, b: number): boolean => Math.abs(a - b) <= Math.max(1e-6 * Math.max(Math.abs(a), Math.abs(b)), 5e-9);
  for (let start = 0; start + needle.length <= haystack.length; start++) {
    if (needle.every((n, i) => close(haystack[start + i], n))) return true;
  }
  return false;
}

const notebooks = lessonNotebooks();
const kernelsAtOnce = Math.max(1, os.cpus().length);
const runKernel = pool(kernelsAtOnce);
const launch = lessonKernelLaunch(kernelsAtOnce);

/**
 * Starts running `notebook` (a few kernels at a time); its tests await it.
 * The time limit per cell only stops a cell that hangs: a full training takes
 * half a minute on an idle machine and several on a busy one.
 */
function startRun(notebook: Notebook, name: string): Promise<NotebookRun> {
  const run = runKernel(async () =>
    executeNotebook(notebook, { name, cwd: lessonFolder(), timeoutSeconds: 900, launch: await launch }),
  );
  run.catch(() => undefined); // reported by the notebook's own test
  return run;
}

/** The notebook's first `count` cells. */
function firstCells(notebook: Notebook, count: number): Notebook {
  return { ...notebook, cells: notebook.cells.slice(0, count) };
}

/**
 * The tests of one lesson's run. In quick mode only the cells before the
 * first one its edits change are compared, and the answers it leaves
 * unchecked are not asked for.
 */
function lessonTests(file: string, run: () => Promise<NotebookRun>, quick?: QuickMode): void {
  const name = path.basename(file);
  const problem = problemOf(file);
  const unchecked = new Set(quick?.unchecked ?? []);
  let committed: Notebook;
  before(() => {
    committed = readNotebook(file);
  });

  it("runs top to bottom without an error and without stderr", async () => {
    const result = await run();
    expect(result.failure ?? "", result.failure).to.equal("");
    expect(result.ok).to.equal(true);
    const stderr = result.cells.flatMap((c) => c.outputs).filter((o) => o.output_type === "stream" && o.name === "stderr");
    expect(stderr.map(shownText).join(""), "stderr output").to.equal("");
  });

  it(
    quick ? "shows the committed outputs up to the shortened training" : "shows the same outputs as the committed notebook",
    async () => {
      const result = await run();
      let expected = committed;
      let actual = result.notebook;
      if (quick) {
        const shortened = quickVersion(committed, quick, name);
        const firstEdited = shortened.cells.findIndex((cell, i) => cell.source !== committed.cells[i].source);
        expected = firstCells(committed, firstEdited);
        actual = firstCells(actual, firstEdited);
      }
      const differences = compareNotebooks(expected, actual);
      expect(differences, formatDifferences(differences)).to.have.length(0);
    },
  );

  it(`prints the answers of problem ${problem} and passes its check`, async () => {
    const result = await run();
    const entry = key[problem];
    expect(entry, `answer key for problem ${problem}`).to.not.equal(undefined);
    const judged = entry.items.filter((item) => !unchecked.has(item.name));
    // Values must be printed by the lesson's own cells, not only by check().
    const lessonCells = result.cells.filter((c) => !/\bcheck\(/.test(c.source));
    const printed = numbersIn(
      lessonCells
        .flatMap((c) => c.outputs)
        .map(shownText)
        .join("\n"),
    );
    for (const item of judged) {
      if (item.atLeast || item.atMost) continue; // thresholds: judged by check() below
      const expected = flatNumbers(item.expected);
      expect(containsRun(printed, expected), `${name} prints ${item.name} = ${JSON.stringify(item.expected)}`).to.equal(true);
    }
    const checkText = result.cells
      .filter((c) => /\bcheck\(/.test(c.source))
      .flatMap((c) => c.outputs)
      .map(shownText)
      .join("\n");
    if (!quick) {
      const count = entry.items.length;
      expect(checkText, `${name}: the check cell`).to.include(checkHeadlineOf(problem, count, count));
      return;
    }
    // The check's own line per answer: ✔ or ✘ and the answer's name.
    for (const item of judged) expect(checkText, `${name}: the check of ${item.name}`).to.match(new RegExp(`✔ ${item.name} = `));
  });
}

describe("lesson notebooks, executed in a fresh tslab kernel in a folder outside the project (started from a snapshot, see support/lesson-kernel.ts)", function () {
  this.timeout(10 * 60 * 1000);
  const runs = new Map<string, Promise<NotebookRun>>();

  before(function () {
    expect(notebooks.length, "notebooks found in notebooks/").to.be.greaterThan(0);
    // Start every notebook now (the lessons that train first); each test below awaits its own.
    for (const file of longestFirst(notebooks, readNotebook)) {
      const lesson = readNotebook(file);
      const quick = lessonQuickMode(lesson, file);
      runs.set(file, startRun(quick ? quickVersion(lesson, quick, file) : lesson, path.basename(file)));
    }
  });

  for (const file of notebooks) {
    const quick = lessonQuickMode(readNotebook(file), file);
    describe(quick ? `${path.basename(file)} (quick mode: training shortened)` : path.basename(file), () => {
      lessonTests(file, () => runs.get(file)!, quick);
    });
  }

  it("covers every problem of the answer key with a notebook", () => {
    const covered = new Set(notebooks.map(problemOf));
    const missing = Object.keys(key).filter((p) => !covered.has(p));
    expect(missing, `problems without a notebook`).to.deep.equal([]);
  });

  it("has committed outputs in every notebook (a reader sees them without running anything)", () => {
    for (const file of notebooks) {
      const nb = JSON.parse(fs.readFileSync(file, "utf8")) as Notebook;
      const codeCells = nb.cells.filter((c) => c.cell_type === "code");
      const withOutputs = codeCells.filter((c) => "outputs" in c && c.outputs.length > 0);
      expect(withOutputs.length, `${path.basename(file)} has no stored outputs`).to.be.greaterThan(0);
    }
  });
});

describe("lessons that train on MNIST, in full @slow", function () {
  this.timeout(30 * 60 * 1000);
  const training = notebooks.filter((file) => lessonQuickMode(readNotebook(file), file) !== undefined);
  const runs = new Map<string, Promise<NotebookRun>>();

  before(() => {
    for (const file of training) runs.set(file, startRun(readNotebook(file), path.basename(file)));
  });

  for (const file of training) {
    describe(path.basename(file), () => {
      lessonTests(file, () => runs.get(file)!);
    });
  }
});
