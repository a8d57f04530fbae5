// Made-up submissions for the grader tests, built from the lesson notebooks:
// the teacher's lesson is a correct submission, its student version an empty
// one, and each broken kind is one of them with a cell added or changed.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type CodeCell, type Notebook, readNotebook, serializeNotebook } from "../../../jupyter-client";
import { studentVersion } from "../../../teaching/student-version";
import { notebooksDir } from "../../support/lessons";

const lesson209 = path.join(notebooksDir, "209_mul_layer.ipynb");

export function teacher209(): Notebook {
  return readNotebook(lesson209);
}

export function student209(): Notebook {
  return studentVersion(teacher209(), lesson209);
}

export function codeCell(source: string): CodeCell {
  return { cell_type: "code", metadata: {}, source, outputs: [], execution_count: null };
}

/** The notebook with `source` as a new code cell before the cell at `index` (default: before the check). */
export function withCell(notebook: Notebook, source: string, index = notebook.cells.length - 1): Notebook {
  const cells = [...notebook.cells];
  cells.splice(index, 0, codeCell(source));
  return { ...notebook, cells };
}

/** The notebook with `find` replaced by `replace` in its code. */
export function withCode(notebook: Notebook, find: string, replace: string): Notebook {
  let found = false;
  const cells = notebook.cells.map((cell) => {
    if (cell.cell_type !== "code" || !cell.source.includes(find)) return cell;
    found = true;
    return { ...cell, source: cell.source.replace(find, replace) };
  });
  if (!found) throw new Error(`the notebook has no code ${JSON.stringify(find)}`);
  return { ...notebook, cells };
}

/** The notebook without metadata.dlfs, so that only its file name says which problem it is. */
export function withoutProblemMetadata(notebook: Notebook): Notebook {
  const metadata = { ...notebook.metadata };
  delete metadata.dlfs;
  return { ...notebook, metadata };
}

export function tempFolder(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Writes `content` (a notebook or raw text) to `folder/name`, making folders as needed. */
export function put(folder: string, name: string, content: Notebook | string): string {
  const file = path.join(folder, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, typeof content === "string" ? content : serializeNotebook(content));
  return file;
}
