// Fix 5, first half: cell line numbers. tslab compiles a cell twice
// (TypeScript to an ES module, then to CommonJS) and keeps no map of either,
// so an error's frames name lines of compiled code. The converter now keeps
// both source maps and composes them: a line of the code that ran, back to
// the line of the learner's cell (readable-errors.ts prints it).
import type * as TS from "typescript";

/** A decoded source map segment: [generated column, source line, source column], all from 0. */
type Segment = [number, number, number];

const base64Digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** A source map's "mappings" decoded: for each generated line, its segments that name a source position. */
function decodeMappings(mappings: string): Segment[][] {
  const lines: Segment[][] = [];
  let sourceLine = 0;
  let sourceColumn = 0;
  for (const lineText of mappings.split(";")) {
    const segments: Segment[] = [];
    let column = 0;
    for (const segment of lineText.split(",")) {
      if (segment === "") continue;
      const values = decodeVlq(segment);
      column += values[0];
      if (values.length >= 4) {
        sourceLine += values[2];
        sourceColumn += values[3];
        segments.push([column, sourceLine, sourceColumn]);
      }
    }
    lines.push(segments);
  }
  return lines;
}

/** The signed numbers of one segment, in base-64 VLQ as source maps write them. */
function decodeVlq(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const character of segment) {
    const digit = base64Digits.indexOf(character);
    value += (digit & 31) * 2 ** shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value % 2 === 1 ? -(value - 1) / 2 : value / 2);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

/** The source position of a generated one (all from 0), or null where the map says nothing. */
function lookUp(lines: readonly Segment[][], line: number, column: number): { line: number; column: number } | null {
  const segments = lines[line];
  if (segments === undefined || segments.length === 0) return null;
  let best = segments[0];
  for (const segment of segments) if (segment[0] <= column) best = segment;
  return { line: best[1], column: best[2] };
}

/** The cell's CommonJS code, and the line of the cell (from 1) that a line and column of it (from 1) came from. */
interface CommonJsWithLines {
  output: string;
  dlfsLineOf: (line: number, column: number) => number | null;
}

/**
 * The cell's CommonJS code as tslab's esModuleToCommonJSModule makes it from
 * `js` (an ES module whose source map is `esMap`), with the two maps
 * composed, less the `prefixLines` lines tslab puts before every cell.
 */
export function commonJsWithLines(
  ts: typeof TS,
  js: string,
  esMap: string | undefined,
  target: TS.ScriptTarget,
  prefixLines: number,
): CommonJsWithLines {
  const esLines = esMap === undefined ? null : decodeMappings((JSON.parse(esMap) as { mappings: string }).mappings);
  const result = ts.transpileModule(js, {
    fileName: "custom.js",
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      esModuleInterop: true,
      target,
      newLine: ts.NewLineKind.LineFeed,
      noImplicitUseStrict: true,
      sourceMap: esLines !== null,
    },
  });
  const output = result.outputText.replace(/\n\/\/# sourceMappingURL=\S*\s*$/, "\n");
  if (esLines === null || result.sourceMapText === undefined) return { output, dlfsLineOf: () => null };
  const cjsLines = decodeMappings((JSON.parse(result.sourceMapText) as { mappings: string }).mappings);
  const dlfsLineOf = (line: number, column: number): number | null => {
    const es = lookUp(cjsLines, line - 1, column - 1);
    const source = es && lookUp(esLines, es.line, es.column);
    return source && source.line >= prefixLines ? source.line - prefixLines + 1 : null;
  };
  return { output, dlfsLineOf };
}
