// Fix 5, second half: errors a learner can read. tslab printed a failed
// cell's error with console.error: Node's source line of wherever it was
// thrown (inside dlfs), then ten frames of dlfs, evalmachine, node:vm and
// tslab, with lines of the compiled JavaScript. Now the error reads as
// learner-error.ts has it in both kernels: its message, its causes, and only
// the frames in the learner's own cells, as "cell In [n], line L: code". An
// interrupt prints one line. TSLAB_FULL_ERRORS=1 in the kernel's environment
// prints errors as before.
import { interruptedText, learnerErrorText } from "../../jupyterlite/kernel/learner-error";

interface CellRun {
  number: number;
  source: string[];
  lineOf: (line: number, column: number) => number | null;
  /** The length of the wrapper tslab puts before the code on its first line. */
  prefixLength: number;
}

/** The cells run so far, by the file name their code ran under; a long session keeps its recent 500. */
const cells = new Map<string, CellRun>();
let cellCount = 0;

/** Counts a cell that starts to execute, as tslab's execution count does. */
export function startCell(): void {
  cellCount++;
  // Enough frames to reach the learner's cell from deep inside dlfs. Set for each cell, not
  // once when this module loads: a kernel started from a V8 snapshot loads it while the
  // snapshot is built, and sets the limit back to V8's 10 when it starts.
  Error.stackTraceLimit = Math.max(Error.stackTraceLimit, 50);
}

/** A name for this cell's code in stack frames, remembered with what maps its lines back to the cell. */
export function cellFile(
  converted: { dlfsLineOf?: (line: number, column: number) => number | null },
  src: string,
  prefixLength: number,
): string {
  const file = `tslab-cell-${cellCount}.js`;
  cells.set(file, { number: cellCount, source: src.split("\n"), lineOf: converted.dlfsLineOf ?? (() => null), prefixLength });
  if (cells.size > 500) cells.delete(cells.keys().next().value as string);
  return file;
}

/** One line per frame in a learner's cell: "    at f, cell In [3], line 7: return x * y;". */
function cellFrames(stack: string | undefined): string[] {
  const frames: { frame: string; mapped: boolean }[] = [];
  for (const text of String(stack).split("\n")) {
    const match = /^\s+at (?:(.*?) \()?(tslab-cell-\d+\.js):(\d+):(\d+)\)?$/.exec(text);
    if (!match) continue;
    const cell = cells.get(match[2]);
    if (cell === undefined) continue;
    const line = Number(match[3]);
    const column = Number(match[4]) - (line === 1 ? cell.prefixLength : 0);
    const sourceLine = cell.lineOf(line, column);
    const name = (match[1] ?? "").replace(/^async /, "");
    const where = `cell In [${cell.number}]` + (sourceLine === null ? "" : `, line ${sourceLine}`);
    const code = sourceLine === null ? "" : (cell.source[sourceLine - 1] ?? "").trim();
    const anonymous = name === "" || /^(Object\.)?<anonymous>$/.test(name);
    const frame = "    at " + (anonymous ? "" : name + ", ") + where + (code ? ": " + code : "");
    if (frames.length === 0 || frames[frames.length - 1].frame !== frame) frames.push({ frame, mapped: sourceLine !== null });
  }
  // The call of the cell's wrapper maps to no line: say only where it is, and only if nothing else does.
  const mapped = frames.filter((entry) => entry.mapped);
  return (mapped.length > 0 ? mapped : frames.slice(0, 1)).map((entry) => entry.frame);
}

/** What tslab prints (with console.error) for what a cell threw. */
export function describeError(error: unknown, interruptedError: unknown): unknown {
  if (process.env.TSLAB_FULL_ERRORS) return error;
  const code = error instanceof Error ? (error as Error & { code?: unknown }).code : undefined;
  if (error === interruptedError || code === "ERR_SCRIPT_EXECUTION_INTERRUPTED") return interruptedText;
  // Anything else thrown is printed as console.error prints it.
  if (!(error instanceof Error)) return error;
  return learnerErrorText(error, String, cellFrames(error.stack));
}
