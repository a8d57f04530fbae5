/**
 * Everything that can go wrong while running code in the kernel, described
 * in plain words.
 */
import { constants as osConstants } from "os";
import { textOf, type Output } from "../notebook/format";

export interface KernelExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export function describeExit(exit: KernelExit): string {
  if (exit.signal !== null) {
    const number = osConstants.signals[exit.signal];
    return `was killed by signal ${exit.signal}${number ? ` (${number})` : ""}`;
  }
  return `exited with code ${exit.code ?? "unknown"}`;
}

/** An error raised by the code of a cell, in the shape of an nbformat error output. */
export interface CellError {
  ename: string;
  evalue: string;
  traceback: string[];
}

/** The last lines of the kernel's stderr, enough to see why it died. */
function tail(text: string, lines = 20): string {
  const all = text.trimEnd().split("\n");
  return all.slice(-lines).join("\n");
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export class KernelStartError extends Error {}

/** The kernel process ended while we were waiting for it. */
export class KernelDiedError extends Error {
  constructor(
    readonly exit: KernelExit,
    readonly stderr: string,
    /** What the kernel was doing, e.g. "while running cell 4 (`f(x)`)". */
    context: string,
    /** Outputs that arrived before the kernel died. */
    readonly outputs: Output[] = [],
  ) {
    const reason = `The tslab kernel ${describeExit(exit)} ${context}.`;
    super(stderr.trim() === "" ? `${reason} It wrote nothing to stderr.` : `${reason} Its stderr ends with:\n${tail(stderr)}`);
  }
}

/** Code did not finish within the time limit. */
export class CellTimeoutError extends Error {
  constructor(
    readonly timeoutSeconds: number,
    /** True if SIGINT stopped the code and the kernel can run more code. */
    readonly kernelSurvived: boolean,
    readonly outputs: Output[],
    label: string,
  ) {
    const aftermath = kernelSurvived
      ? "It was interrupted and stopped."
      : "It did not react to an interrupt, so the kernel was killed.";
    super(`${capitalize(label)} did not finish within ${timeoutSeconds} s. ${aftermath}`);
  }
}

const errorLine = /^(?:Uncaught )?((?:[A-Za-z_$][\w$]*)?(?:Error|Exception))(?: \[[^\]]*\])?(?::\s?(.*))?$/;
const diagnosticLine = /^(?:\S+ )?\d+:\d+ - (.*)$/;
/** The lines of a hint the project's tslab prints after a type error from a NumPy habit (Korean, then English). */
const hintLine = /^(?:힌트|Hint): /;

/**
 * tslab reports a failed cell only by execute_reply status "error" and the
 * message it printed to stderr (no error output, no ename). We rebuild the
 * nbformat fields from whatever the kernel did give.
 */
export function cellErrorFrom(reply: { [key: string]: unknown }, outputs: Output[]): CellError {
  const errorOutput = outputs.find((output) => output.output_type === "error");
  if (errorOutput?.output_type === "error") {
    return { ename: errorOutput.ename, evalue: errorOutput.evalue, traceback: errorOutput.traceback };
  }
  if (typeof reply.ename === "string" && reply.ename !== "") {
    const traceback = Array.isArray(reply.traceback) ? reply.traceback.map(String) : [];
    return { ename: reply.ename, evalue: textOf(reply.evalue), traceback };
  }
  const stderr = outputs
    .map((output) => (output.output_type === "stream" && output.name === "stderr" ? output.text : ""))
    .join("");
  const lines = stderr.split("\n").filter((line) => line.trim() !== "");
  // A runtime error is printed as "Error: message", then one "    at cell In [n],
  // line L: code" line per frame in the learner's cells (kernel-setup/patch-tslab.js);
  // an unpatched tslab prints Node's source line, a caret, the message and its stack.
  for (const line of lines) {
    const asError = errorLine.exec(line);
    if (asError) return { ename: asError[1], evalue: asError[2] ?? "", traceback: lines };
  }
  // A type error is printed as "1:5 - Type 'number' is not assignable ...", maybe with a hint after it.
  if (
    lines.length > 0 &&
    diagnosticLine.test(lines[0]) &&
    lines.every((line) => diagnosticLine.test(line) || hintLine.test(line))
  ) {
    return { ename: "TypeScriptError", evalue: lines.join("\n"), traceback: lines };
  }
  return { ename: "Error", evalue: lines[0] ?? "the cell failed without a message", traceback: lines };
}

/** Stack frames inside Node or tslab itself say nothing about the notebook. */
function isInternalFrame(line: string): boolean {
  return /^\s+at .*(\(node:|node_modules[\\/]tslab[\\/]|sigintHandlersWrap)/.test(line);
}

export function formatCellError(error: CellError): string {
  const headline = error.evalue === "" ? error.ename : `${error.ename}: ${error.evalue}`;
  const details = error.traceback.filter((line) => !headline.includes(line) && !isInternalFrame(line));
  return details.length === 0 ? headline : `${headline}\n${details.slice(0, 15).join("\n")}`;
}
