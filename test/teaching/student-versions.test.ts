// The student versions: made from the lessons as they are now (regenerated
// here and, if notebooks/student exists, compared with it), faithful to the
// lesson outside the solutions, and none of them passes its check when run
// as handed out.
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  cellTags,
  compareNotebooks,
  executeNotebook,
  formatDifferences,
  inParallel,
  outputText,
  readNotebook,
  writeNotebook,
  type Notebook,
  type NotebookRun,
  type Output,
} from "../../jupyter-client";
import { collectSubmissions } from "../../teaching/grader/submission";
import { guidePageName } from "../../teaching/lessons";
import { hasSolutions, studentVersionMark, writeStudentVersions } from "../../teaching/student-version";
import { lessonQuickMode, quickVersion } from "../../teaching/quick-mode";
import {
  checkTag,
  hideMarkdownSolutions,
  notImplemented,
  solutionRegions,
  solutionTag,
  yourCodeHere,
  yourResultHere,
} from "../../teaching/solution-regions";
import { lessonFolder, lessonKernelLaunch } from "../support/lesson-kernel";
import { lessonNotebooks, notebooksDir, problemOf } from "../support/lessons";
import { projectRoot } from "../support/paths";
import { tempFolder } from "./support/submissions";

const lessons = lessonNotebooks();

/** The text of all outputs; an error by its message alone. */
function textOfOutputs(outputs: Output[]): string {
  return outputs.map((o) => (o.output_type === "error" ? o.evalue : outputText(o))).join("\n");
}

/**
 * A handout filled in as a learner who gets everything right would: each
 * placeholder replaced by the lesson's own solution region, in order, and a
 * cell tagged solution by the lesson's cell.
 */
function filledIn(handout: Notebook, lesson: Notebook, name: string): Notebook {
  return {
    ...handout,
    cells: handout.cells.map((cell, index) => {
      const original = lesson.cells[index];
      if (cell.cell_type !== "code" || cell.source === original.source) return cell;
      if (cellTags(original).includes(solutionTag)) return { ...cell, source: original.source };
      const regions = solutionRegions(original.source, `${name}, cell ${index + 1}`);
      const lines = cell.source.split("\n");
      const filled: string[] = [];
      for (let i = 0; i < lines.length; i++) {
        if (lines[i].trim() === yourCodeHere && lines[i + 1]?.trim() === notImplemented) {
          const region = regions.shift();
          if (region === undefined) throw new Error(`${name}, cell ${index + 1}: more placeholders than solution regions`);
          filled.push(...region.lines);
          i++;
        } else filled.push(lines[i]);
      }
      return { ...cell, source: filled.join("\n") };
    }),
  };
}

describe("student versions of the lessons", function () {
  this.timeout(4 * 60 * 1000);
  const out = tempFolder("dlfs-student-");
  let written: string[];

  before(() => {
    const withoutSolutions = lessons.filter((file) => !hasSolutions(readNotebook(file))).map((file) => path.basename(file));
    expect(withoutSolutions, "lessons that mark no solution").to.deep.equal([]);
    written = writeStudentVersions(lessons, out).written;
  });

  after(() => fs.rmSync(out, { recursive: true, force: true }));

  it("are what `npm run student` writes, on a fresh clone too", () => {
    const cliOut = tempFolder("dlfs-student-cli-");
    try {
      const run = spawnSync(
        process.execPath,
        ["--import", "tsx", path.join(projectRoot, "teaching", "student.ts"), "--out", cliOut],
        {
          encoding: "utf8",
          timeout: 120_000,
        },
      );
      expect(run.status, run.stderr).to.equal(0);
      expect(run.stdout).to.include(`Wrote ${lessons.length} student notebook(s)`);
      expect(fs.existsSync(path.join(cliOut, guidePageName)), guidePageName).to.equal(true);
      for (const file of written) {
        expect(fs.readFileSync(path.join(cliOut, path.basename(file)), "utf8"), path.basename(file)).to.equal(
          fs.readFileSync(file, "utf8"),
        );
      }
    } finally {
      fs.rmSync(cliOut, { recursive: true, force: true });
    }
  });

  it("go out with the page their first cells link to, to which the grader gives no row", () => {
    const page = fs.readFileSync(path.join(out, guidePageName), "utf8");
    expect(page).to.equal(fs.readFileSync(path.join(notebooksDir, guidePageName), "utf8"));
    for (const file of written) expect(readNotebook(file).cells[0].source, path.basename(file)).to.include(`](${guidePageName})`);
    const stems = lessons.map((file) => path.basename(file, ".ipynb"));
    const collected = collectSubmissions([out], stems).map((submission) => path.basename(submission.file));
    expect(collected.sort()).to.deep.equal(written.map((file) => path.basename(file)).sort());
  });

  it("keep the markdown and the check cell, and the code outside the solutions", () => {
    for (const [index, lessonFile] of lessons.entries()) {
      const lesson = readNotebook(lessonFile);
      const student = readNotebook(written[index]);
      const name = path.basename(lessonFile);
      // The language stays: a handout's check speaks what the lesson speaks.
      expect(student.metadata.dlfs, name).to.deep.equal({
        problem: problemOf(lessonFile),
        lang: "ko",
        version: studentVersionMark,
      });
      expect(student.cells.length, name).to.equal(lesson.cells.length);
      student.cells.forEach((cell, i) => {
        const original = lesson.cells[i];
        if (cell.cell_type === "markdown" && original.cell_type === "markdown") {
          // The markdown as it is, but for what states an answer: a cell tagged solution, or its marked regions.
          const expected = cellTags(original).includes(solutionTag)
            ? yourResultHere
            : hideMarkdownSolutions(original.source, name);
          expect(cell, `${name} cell ${i + 1}`).to.deep.equal({ ...original, source: expected });
          expect(cell.source, `${name} cell ${i + 1}`).to.not.include("BEGIN SOLUTION");
          return;
        }
        if (cell.cell_type !== "code" || original.cell_type !== "code") {
          expect(cell, `${name} cell ${i + 1}`).to.deep.equal(original);
          return;
        }
        expect(cell.outputs, `${name} cell ${i + 1} outputs`).to.deep.equal([]);
        expect(cell.execution_count).to.equal(null);
        if (cellTags(original).includes(checkTag)) expect(cell.source, `${name}: the check cell`).to.equal(original.source);
        if (cellTags(original).includes(solutionTag)) expect(cell.source).to.equal(`${yourCodeHere}\n${notImplemented}`);
        // Every line of the student's cell is the lesson's, or a placeholder line.
        const lessonLines = new Set(original.source.split("\n").map((line) => line.trim()));
        for (const line of cell.source.split("\n")) {
          const trimmed = line.trim();
          if (trimmed !== yourCodeHere && trimmed !== notImplemented)
            expect(lessonLines.has(trimmed), `${name} cell ${i + 1}: ${line}`).to.equal(true);
        }
        expect(cell.source, `${name} cell ${i + 1}`).to.not.include("BEGIN SOLUTION");
      });
    }
  });

  it("do not pass their check when run as handed out @slow", async () => {
    // Every cell, even after a failure: no check may pass whatever a learner runs.
    // In a folder outside the project, as a class's handouts are; kernels
    // start from a snapshot made for that folder, as the grader's do (the
    // grader sandbox test shows they run lessons as tslab does).
    const launch = await lessonKernelLaunch(2);
    // Lessons that train on MNIST run in their quick mode (training shortened): without
    // the learner's classes no answer can pass, however long the training.
    const toRun = written.map((file, index) => {
      const quick = lessonQuickMode(readNotebook(lessons[index]), lessons[index]);
      if (quick === undefined) return file;
      const quickFile = file.replace(/\.ipynb$/, ".quick.ipynb");
      writeNotebook(quickFile, quickVersion(readNotebook(file), quick, file));
      return quickFile;
    });
    const runs = await inParallel(toRun, 2, (file): Promise<NotebookRun> =>
      executeNotebook(file, { timeoutSeconds: 20, stopOnError: false, cwd: lessonFolder(), launch }),
    );
    runs.forEach((run, index) => {
      const problem = problemOf(written[index]);
      const text = run.cells.map((cell) => textOfOutputs(cell.outputs)).join("\n");
      const passed = new RegExp(`(?:Problem|문제) ${problem} \\(.*\\): (\\d+)/\\1 (?:correct|정답)`).test(text);
      expect(passed, `${path.basename(written[index])} passes its check without any solution`).to.equal(false);
      expect(text, path.basename(written[index])).to.include("not implemented yet");
    });
  });
  it("run filled in with the solutions, from a folder outside the project, and print what the lessons print @slow", async function () {
    this.timeout(15 * 60 * 1000);
    const launch = await lessonKernelLaunch(2);
    const filled = written.map((file, index) => {
      const lesson = readNotebook(lessons[index]);
      const name = path.basename(file);
      const notebook = filledIn(readNotebook(file), lesson, name);
      const quick = lessonQuickMode(lesson, lessons[index]);
      // Lessons that train on MNIST run in their quick mode; their outputs are compared up to the shortened training.
      if (quick === undefined) return { name, notebook, lesson, compareUpTo: lesson.cells.length };
      const shortened = quickVersion(notebook, quick, name);
      const firstEdited = shortened.cells.findIndex((cell, i) => cell.source !== notebook.cells[i].source);
      return { name, notebook: shortened, lesson, compareUpTo: firstEdited };
    });
    const runs = await inParallel(filled, 2, ({ name, notebook }): Promise<NotebookRun> =>
      executeNotebook(notebook, { name, timeoutSeconds: 300, cwd: lessonFolder(), launch }),
    );
    runs.forEach((run, index) => {
      const { name, lesson, compareUpTo } = filled[index];
      expect(run.failure ?? "", name).to.equal("");
      const first = (notebook: Notebook): Notebook => ({ ...notebook, cells: notebook.cells.slice(0, compareUpTo) });
      const differences = compareNotebooks(first(lesson), first(run.notebook));
      expect(differences, `${name}\n${formatDifferences(differences)}`).to.have.length(0);
    });
  });
});
