// The page "NumPy에서 dlfs로" (notebooks/numpy_to_dlfs.ipynb) stays true: run
// top to bottom in a fresh kernel in a folder outside the project, it shows
// its committed outputs, and fails only where it says it does (its cells
// tagged raises-exception: the type errors with their hints, and x[0]); every
// dlfs column of its table runs after its cells; and every lesson's first
// cell links to it, in the student versions too.
import { expect } from "chai";
import * as path from "node:path";
import {
  type Cell,
  cellTags,
  compareNotebooks,
  executeNotebook,
  formatDifferences,
  type Notebook,
  type NotebookRun,
  outputText,
  readNotebook,
} from "../../jupyter-client";
import { guidePageName } from "../../teaching/lessons";
import { studentVersion } from "../../teaching/student-version";
import { koreanSemicolons } from "../support/lesson-instructions";
import { lessonFolder, lessonKernelLaunch } from "../support/lesson-kernel";
import { lessonNotebooks, notebooksDir } from "../support/lessons";

const pageFile = path.join(notebooksDir, guidePageName);

/** The code spans of each row of the page's table, left (NumPy) and right (dlfs). */
function tableRows(page: Notebook): { numpy: string[]; dlfs: string[] }[] {
  const codeSpans = (text: string): string[] => [...text.matchAll(/`([^`]+)`/g)].map((match) => match[1]);
  return page.cells[0].source
    .split("\n")
    .filter((line) => line.startsWith("| `"))
    .map((line) => {
      const [numpy, dlfs] = line.split(" | ");
      return { numpy: codeSpans(numpy), dlfs: codeSpans(dlfs) };
    });
}

function codeCell(source: string): Cell {
  return { cell_type: "code", source, metadata: {}, outputs: [], execution_count: null };
}

/** The link every lesson's first cell has, just before "**할 일**". */
const link = `[NumPy에서 dlfs로](${guidePageName})`;

// @slow: one more kernel than the fast tier's budget allows (test/run.ts).
describe(`the page "NumPy에서 dlfs로" (notebooks/${guidePageName}) @slow`, function () {
  this.timeout(5 * 60 * 1000);
  const page = readNotebook(pageFile);
  const rows = tableRows(page);
  let run: NotebookRun;

  before(async () => {
    // The page, then each dlfs snippet of its table as a cell of its own, in one kernel.
    const snippets = rows.flatMap((row) => row.dlfs).map(codeCell);
    run = await executeNotebook(
      { ...page, cells: [...page.cells, ...snippets] },
      { name: guidePageName, cwd: lessonFolder(), timeoutSeconds: 120, stopOnError: false, launch: await lessonKernelLaunch(1) },
    );
  });

  it("has a table of NumPy and dlfs, code on both sides of every row", () => {
    expect(rows.length).to.be.above(15);
    for (const row of rows) {
      expect(row.numpy, JSON.stringify(row)).to.not.deep.equal([]);
      expect(row.dlfs, JSON.stringify(row)).to.not.deep.equal([]);
    }
  });

  it("shows the outputs it has committed, run top to bottom in a folder outside the project", () => {
    const ran = { ...run.notebook, cells: run.notebook.cells.slice(0, page.cells.length) };
    const differences = compareNotebooks(page, ran);
    expect(differences, formatDifferences(differences)).to.have.length(0);
  });

  it("fails only in its cells tagged raises-exception, with a type error's hint or x[0]'s error", () => {
    const pageCells = run.cells.filter((cell) => cell.index < page.cells.length);
    const failed = pageCells.filter((cell) => cell.status !== "ok").map((cell) => cell.index);
    const tagged = page.cells.flatMap((cell, index) => (cellTags(cell).includes("raises-exception") ? [index] : []));
    expect(failed).to.deep.equal(tagged);
    expect(tagged).to.have.length(3);
    const shown = pageCells.filter((cell) => tagged.includes(cell.index)).map((cell) => cell.outputs.map(outputText).join(""));
    expect(shown[0]).to.match(/^1:11 - .*\n힌트: .*x\.mul\(2\)\nHint: .*x\.mul\(2\)\n$/);
    expect(shown[1]).to.match(/^1:1 - Cannot find name 'y'\.\n힌트: .*const y = …/);
    expect(shown[2]).to.match(/^TypeError: NDArray는 x\[0\]처럼 .*x\.get\(0, j\).*x\.take\(\[0\]\)/);
  });

  it("runs every dlfs snippet of its table after its cells", () => {
    const snippets = run.cells.filter((cell) => cell.index >= page.cells.length);
    expect(snippets).to.have.length(rows.flatMap((row) => row.dlfs).length);
    for (const cell of snippets) expect(cell.status, `${cell.source}: ${cell.error?.message ?? ""}`).to.equal("ok");
  });

  it("has no semicolon in its Korean, as the lessons", () => {
    expect(koreanSemicolons(page)).to.deep.equal([]);
  });

  it("is linked from the first cell of every lesson and of its student version", () => {
    for (const file of lessonNotebooks()) {
      const name = path.basename(file);
      const lesson = readNotebook(file);
      expect(lesson.cells[0].source, name).to.include(`${link}에 있다.\n\n**할 일** — `);
      expect(studentVersion(lesson, name).cells[0].source, `${name}, student version`).to.include(link);
    }
  });
});
