/**
 * Small edits of a lesson's code: `find` replaced by `replace`. A mistake
 * case of the tests is one (a learner's typical mistake, written into the
 * solution), and so is a lesson's quick mode (its training shortened, in
 * the code the lesson gives). Each edit must find its text exactly once,
 * and in the right place: inside a solution region for a mistake, outside
 * every one for a quick mode; otherwise it says which and where.
 */
import { cellTags, describeCell, type Notebook } from "../jupyter-client";
import { solutionRegions, solutionTag } from "./solution-regions";

export interface NotebookEdit {
  /** The 0-based index of the cell to edit; by default, the one code cell that holds `find`. */
  cell?: number;
  find: string;
  replace: string;
}

/** Where an edit may change the code: the learner's part, or the part the lesson gives. */
export type EditPlace = "solution" | "given";

export class NotebookEditError extends Error {}

/** [start, end) character ranges of a code cell's solution code. */
function solutionSpans(source: string, wholeCell: boolean, where: string): [number, number][] {
  if (wholeCell) return [[0, source.length]];
  const lineStarts = [0];
  for (let i = 0; i < source.length; i++) if (source[i] === "\n") lineStarts.push(i + 1);
  return solutionRegions(source, where).map((region) => {
    const start = lineStarts[region.firstLine - 1] ?? source.length;
    const endLine = region.firstLine - 1 + region.lines.length;
    return [start, lineStarts[endLine] ?? source.length];
  });
}

function occurrences(text: string, find: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(find); at !== -1; at = text.indexOf(find, at + 1)) found.push(at);
  return found;
}

/** `notebook` with `edits` applied in order; `name` names it in errors. */
export function applyEdits(notebook: Notebook, edits: readonly NotebookEdit[], place: EditPlace, name: string): Notebook {
  const cells = notebook.cells.map((cell) => structuredClone(cell));
  for (const edit of edits) {
    const what = `${name}: the edit of ${JSON.stringify(edit.find)}`;
    if (edit.find === "") throw new NotebookEditError(`${what}: find must not be empty`);
    const candidates = cells
      .map((cell, index) => ({ cell, index }))
      .filter(({ cell, index }) => cell.cell_type === "code" && (edit.cell === undefined || edit.cell === index));
    const hits = candidates.flatMap(({ cell, index }) => occurrences(cell.source, edit.find).map((at) => ({ cell, index, at })));
    const scope = edit.cell === undefined ? "the code cells" : `cell ${edit.cell}`;
    if (hits.length === 0) throw new NotebookEditError(`${what} finds nothing in ${scope}`);
    if (hits.length > 1) {
      const where = hits.map((hit) => `cell ${hit.index}`).join(", ");
      throw new NotebookEditError(`${what} finds it ${hits.length} times (${where}); make find longer, or name the cell`);
    }
    const [{ cell, index, at }] = hits;
    const label = `${name}, ${describeCell(index, cell.source)}`;
    const spans = solutionSpans(cell.source, cellTags(cell).includes(solutionTag), label);
    const inside = spans.some(([start, end]) => at >= start && at + edit.find.length <= end);
    if (place === "solution" && !inside) {
      throw new NotebookEditError(
        `${what} is not inside a solution region (${describeCell(index, cell.source)}): a mistake is made where the learner writes`,
      );
    }
    const touches = spans.some(([start, end]) => at < end && at + edit.find.length > start);
    if (place === "given" && touches) {
      throw new NotebookEditError(
        `${what} touches a solution region (${describeCell(index, cell.source)}): it must change only code the lesson gives`,
      );
    }
    cell.source = cell.source.slice(0, at) + edit.replace + cell.source.slice(at + edit.find.length);
  }
  return { ...notebook, cells };
}
