/**
 * Solution regions in lesson notebooks, marked the way nbgrader marks them:
 *
 *   forward(x: number, y: number): number {
 *     // BEGIN SOLUTION
 *     return x * y;
 *     // END SOLUTION
 *   }
 *
 * or a whole code cell tagged `solution`. The student version replaces each
 * region with a placeholder that keeps the indentation; inside a function
 * body the placeholder's `throw` keeps the code type-correct.
 */

/** Tag of a code cell that is solution from top to bottom. */
export const solutionTag = "solution";
/** Tag of the cell that calls check(); it stays in the student version. */
export const checkTag = "check";

const beginSolution = "// BEGIN SOLUTION";
const endSolution = "// END SOLUTION";
export const yourCodeHere = "// YOUR CODE HERE";
export const notImplemented = 'throw new Error("not implemented yet");';

/** A marker out of place; the message names the notebook, the cell and the line. */
export class SolutionMarkerError extends Error {}

/** The placeholder for a region, indented like the region's BEGIN line. */
export function placeholder(indent = ""): string {
  return `${indent}${yourCodeHere}\n${indent}${notImplemented}`;
}

function markerOf(line: string): "begin" | "end" | undefined {
  const trimmed = line.trim();
  if (trimmed === beginSolution) return "begin";
  if (trimmed === endSolution) return "end";
  return undefined;
}

/** One solution region of a cell: its lines (without the markers) and where it starts. */
export interface SolutionRegion {
  /** 1-based line of the cell where the region's code starts. */
  firstLine: number;
  lines: string[];
}

/**
 * The BEGIN…END regions of a cell's source, in order; a cell tagged
 * `solution` is one region from its first line (pass `wholeCell`).
 */
export function solutionRegions(source: string, where: string, wholeCell = false): SolutionRegion[] {
  const lines = source.split("\n");
  if (wholeCell) return [{ firstLine: 1, lines }];
  hideSolutionRegions(source, where); // the same errors for markers out of place
  const regions: SolutionRegion[] = [];
  let open: SolutionRegion | undefined;
  lines.forEach((line, index) => {
    const marker = markerOf(line);
    if (marker === "begin") open = { firstLine: index + 2, lines: [] };
    else if (marker === "end" && open !== undefined) {
      regions.push(open);
      open = undefined;
    } else open?.lines.push(line);
  });
  return regions;
}

export function hasSolutionRegion(source: string): boolean {
  return source.split("\n").some((line) => markerOf(line) === "begin");
}

/**
 * The source with every BEGIN…END region replaced by the placeholder.
 * `where` names the cell in errors, e.g. "notebooks/209_mul_layer.ipynb, cell 5".
 */
export function hideSolutionRegions(source: string, where: string): string {
  const kept: string[] = [];
  let openedAt: number | undefined;
  source.split("\n").forEach((line, index) => {
    const marker = markerOf(line);
    const lineNumber = index + 1;
    if (marker === "begin") {
      if (openedAt !== undefined) {
        throw new SolutionMarkerError(
          `${where}, line ${lineNumber}: ${beginSolution} inside the region opened on line ${openedAt}; close it with ${endSolution} first`,
        );
      }
      openedAt = lineNumber;
      kept.push(placeholder(/^\s*/.exec(line)?.[0] ?? ""));
    } else if (marker === "end") {
      if (openedAt === undefined)
        throw new SolutionMarkerError(`${where}, line ${lineNumber}: ${endSolution} without a ${beginSolution} before it`);
      openedAt = undefined;
    } else if (openedAt === undefined) {
      kept.push(line);
    }
  });
  if (openedAt !== undefined)
    throw new SolutionMarkerError(`${where}, line ${openedAt}: ${beginSolution} is never closed by ${endSolution}`);
  return kept.join("\n");
}
