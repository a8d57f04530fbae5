/**
 * The student version of a lesson: every solution region replaced by a
 * placeholder, outputs and execution counts cleared, the markdown that
 * states an answer replaced (a markdown cell tagged `solution`, or its
 * marked regions), the rest of the markdown and the check cell kept, and
 * the notebook's metadata saying what it is.
 */
import * as fs from "fs";
import * as path from "path";
import { type Cell, cellTags, describeCell, type Notebook, readNotebook, writeNotebook } from "../jupyter-client";
import { copyGuidePage, dlfsMetadata } from "./lessons";
import {
  hasSolutionRegion,
  hideMarkdownSolutions,
  hideSolutionRegions,
  placeholder,
  solutionTag,
  yourResultHere,
} from "./solution-regions";

/** metadata.dlfs.version of a student version. */
export const studentVersionMark = "student";

function studentCell(cell: Cell, index: number, notebookName: string): Cell {
  const where = `${notebookName}, ${describeCell(index, cell.source)}`;
  if (cell.cell_type === "markdown") {
    const source = cellTags(cell).includes(solutionTag) ? yourResultHere : hideMarkdownSolutions(cell.source, where);
    return { ...structuredClone(cell), source };
  }
  if (cell.cell_type !== "code") return structuredClone(cell);
  const source = cellTags(cell).includes(solutionTag) ? placeholder() : hideSolutionRegions(cell.source, where);
  return { ...structuredClone(cell), source, outputs: [], execution_count: null };
}

/** True when the lesson marks at least one solution (a region or a tagged cell). */
export function hasSolutions(notebook: Notebook): boolean {
  return notebook.cells.some(
    (cell) => cell.cell_type === "code" && (cellTags(cell).includes(solutionTag) || hasSolutionRegion(cell.source)),
  );
}

/** The student version of `notebook`; `name` appears in marker errors. */
export function studentVersion(notebook: Notebook, name: string): Notebook {
  const metadata = structuredClone(notebook.metadata);
  // The grading limits, the quick mode and the hidden inputs are the grader's business, read from the teacher's lesson only.
  const { grading: _grading, quick: _quick, hidden: _hidden, ...dlfs } = dlfsMetadata(notebook);
  metadata.dlfs = { ...dlfs, version: studentVersionMark };
  return {
    nbformat: notebook.nbformat,
    nbformat_minor: notebook.nbformat_minor,
    metadata,
    cells: notebook.cells.map((cell, index) => studentCell(cell, index, name)),
  };
}

export interface StudentVersionsResult {
  written: string[];
  /** The copy of the page the lessons link to ("NumPy에서 dlfs로"), beside them. */
  guidePage: string;
  /** Lessons without any solution marked: written all the same, but they give the answers away. */
  withoutSolutions: string[];
}

/**
 * Writes the student version of each lesson into `outDir` under the same
 * file name, and a copy of the page their first cells link to. Everything
 * is converted before anything is written, so a marker error leaves the
 * folder as it was.
 */
export function writeStudentVersions(lessons: string[], outDir: string): StudentVersionsResult {
  const versions = lessons.map((file) => {
    const notebook = readNotebook(file);
    return { file, notebook: studentVersion(notebook, file), hasSolutions: hasSolutions(notebook) };
  });
  fs.mkdirSync(outDir, { recursive: true });
  const written = versions.map(({ file, notebook }) => {
    const target = path.join(outDir, path.basename(file));
    writeNotebook(target, notebook);
    return target;
  });
  const guidePage = copyGuidePage(outDir);
  return { written, guidePage, withoutSolutions: versions.filter((v) => !v.hasSolutions).map((v) => v.file) };
}
