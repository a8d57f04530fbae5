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
 *
 * Markdown that states an answer is marked the same way, with HTML comments
 * that the teacher's lesson does not show:
 *
 *   <!-- BEGIN SOLUTION -->
 *   The mask is `[[False True] [True False]]`, ...
 *   <!-- END SOLUTION -->
 *
 * or a whole markdown cell tagged `solution`; the student version puts a
 * line that sends the learner to their own result in its place.
 */

/** Tag of a code cell that is solution from top to bottom. */
export const solutionTag = "solution";
/** Tag of the cell that calls check(); it stays in the student version. */
export const checkTag = "check";

const beginSolution = "// BEGIN SOLUTION";
const endSolution = "// END SOLUTION";
export const yourCodeHere = "// YOUR CODE HERE";
export const notImplemented = 'throw new Error("not implemented yet");';

const beginMarkdownSolution = "<!-- BEGIN SOLUTION -->";
const endMarkdownSolution = "<!-- END SOLUTION -->";
/** What a student version shows in place of markdown that states an answer. */
export const yourResultHere = "*(여기에 들어갈 값은 직접 실행해서 확인한다 · run the code and see this for yourself)*";

interface Markers {
  begin: string;
  end: string;
  /** What replaces a region, given the indentation of its BEGIN line. */
  placeholder: (indent: string) => string;
}

const codeMarkers: Markers = { begin: beginSolution, end: endSolution, placeholder: (indent) => placeholder(indent) };
const markdownMarkers: Markers = {
  begin: beginMarkdownSolution,
  end: endMarkdownSolution,
  placeholder: (indent) => `${indent}${yourResultHere}`,
};

/** A marker out of place; the message names the notebook, the cell and the line. */
export class SolutionMarkerError extends Error {}

/** The placeholder for a region, indented like the region's BEGIN line. */
export function placeholder(indent = ""): string {
  return `${indent}${yourCodeHere}\n${indent}${notImplemented}`;
}

function markerOf(line: string, markers: Markers = codeMarkers): "begin" | "end" | undefined {
  const trimmed = line.trim();
  if (trimmed === markers.begin) return "begin";
  if (trimmed === markers.end) return "end";
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
  return hideRegions(source, where, codeMarkers);
}

/** A markdown cell's source with every <!-- BEGIN SOLUTION -->…<!-- END SOLUTION --> region replaced. */
export function hideMarkdownSolutions(source: string, where: string): string {
  return hideRegions(source, where, markdownMarkers);
}

function hideRegions(source: string, where: string, markers: Markers): string {
  const { begin, end } = markers;
  const kept: string[] = [];
  let openedAt: number | undefined;
  source.split("\n").forEach((line, index) => {
    const marker = markerOf(line, markers);
    const lineNumber = index + 1;
    if (marker === "begin") {
      if (openedAt !== undefined) {
        throw new SolutionMarkerError(
          `${where}, line ${lineNumber}: ${begin} inside the region opened on line ${openedAt}; close it with ${end} first`,
        );
      }
      openedAt = lineNumber;
      kept.push(markers.placeholder(/^\s*/.exec(line)?.[0] ?? ""));
    } else if (marker === "end") {
      if (openedAt === undefined)
        throw new SolutionMarkerError(`${where}, line ${lineNumber}: ${end} without a ${begin} before it`);
      openedAt = undefined;
    } else if (openedAt === undefined) {
      kept.push(line);
    }
  });
  if (openedAt !== undefined) throw new SolutionMarkerError(`${where}, line ${openedAt}: ${begin} is never closed by ${end}`);
  return kept.join("\n");
}
