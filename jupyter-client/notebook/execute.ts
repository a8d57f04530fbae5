/**
 * Runs a notebook headless in the tslab kernel, cell by cell, the way
 * `jupyter nbconvert --execute` would, but without Python or Jupyter.
 */
import * as path from "path";
import { performance } from "perf_hooks";
import { describeCell } from "./cell-label";
import { type CellError, CellTimeoutError, formatCellError, KernelDiedError } from "../kernel/errors";
import type { KernelLaunchOptions } from "../kernel/process";
import { type KernelInfo, KernelSession } from "../kernel/session";
import {
  type Cell,
  cellTags,
  type CodeCell,
  type Notebook,
  type Output,
  raisesExceptionTag,
  readNotebook,
  skipTag,
  toNotebook,
} from "./format";

/** The kernelspec Jupyter stores in notebooks that use tslab. */
const tslabKernelspec = { name: "tslab", display_name: "TypeScript", language: "typescript" };

export interface ExecuteNotebookOptions {
  /** Per-cell time limit in seconds. Default 60; 0 means none. */
  timeoutSeconds?: number;
  startupTimeoutSeconds?: number;
  /** Stop at the first failing cell, like nbconvert. Default true. */
  stopOnError?: boolean;
  /** Kernel working directory; defaults to the notebook's folder (or the current one for an object). */
  cwd?: string;
  /** Names the notebook in messages when an object is passed. */
  name?: string;
  /** How to start the kernel (sandbox, snapshot); default: tslab as installed. */
  launch?: KernelLaunchOptions;
  onCell?: (progress: CellProgress) => void;
}

export type CellStatus = "ok" | "error" | "skipped" | "not-run";

export interface CellFailure extends CellError {
  /** One paragraph for people: which cell, what happened. */
  message: string;
}

export interface CellReport {
  /** Position in notebook.cells, counting from 0. */
  index: number;
  source: string;
  status: CellStatus;
  executionCount: number | null;
  outputs: Output[];
  error?: CellFailure;
  /** True when the error was expected (tag raises-exception). */
  errorExpected?: boolean;
  seconds: number;
}

export type CellProgress =
  | { phase: "start"; index: number; source: string; codeCellNumber: number; codeCellCount: number }
  | { phase: "end"; report: CellReport; codeCellNumber: number; codeCellCount: number };

export interface NotebookRun {
  /** A copy of the notebook with the new outputs, execution counts and kernel metadata. */
  notebook: Notebook;
  /** One report per code cell, in order. */
  cells: CellReport[];
  /** True when every executed cell succeeded (or failed as its tag expected). */
  ok: boolean;
  /** The first failure that counts, in plain words. */
  failure?: string;
  kernelStderr: string;
  /** Kernel messages that were dropped (bad signature, unreadable); normally empty. */
  protocolProblems: string[];
  kernelPid: number;
  kernelInfo: KernelInfo;
  seconds: number;
}

function loadNotebook(
  pathOrNotebook: string | Notebook,
  options: ExecuteNotebookOptions,
): { notebook: Notebook; name: string; cwd: string } {
  if (typeof pathOrNotebook === "string") {
    const file = path.resolve(pathOrNotebook);
    return { notebook: readNotebook(file), name: pathOrNotebook, cwd: options.cwd ?? path.dirname(file) };
  }
  const name = options.name ?? "the notebook";
  // A structured copy: the caller's object stays as it was.
  return { notebook: toNotebook(structuredClone(pathOrNotebook), name), name, cwd: options.cwd ?? process.cwd() };
}

function failureFrom(error: unknown, label: string): { failure: CellFailure; outputs: Output[] } {
  if (error instanceof CellTimeoutError) {
    return {
      failure: { ename: "CellTimeoutError", evalue: error.message, traceback: [], message: error.message },
      outputs: error.outputs,
    };
  }
  if (error instanceof KernelDiedError) {
    return {
      failure: { ename: "KernelDiedError", evalue: error.message, traceback: [], message: error.message },
      outputs: error.outputs,
    };
  }
  throw error instanceof Error ? error : new Error(`${label}: ${String(error)}`);
}

/** Executes every code cell in order in a fresh tslab kernel that is always shut down afterwards. */
export async function executeNotebook(
  pathOrNotebook: string | Notebook,
  options: ExecuteNotebookOptions = {},
): Promise<NotebookRun> {
  const started = performance.now();
  const { notebook, name, cwd } = loadNotebook(pathOrNotebook, options);
  const stopOnError = options.stopOnError ?? true;
  const codeCells = notebook.cells
    .map((cell, index) => ({ cell, index }))
    .filter((entry): entry is { cell: CodeCell; index: number } => entry.cell.cell_type === "code");
  const reports: CellReport[] = [];
  let failure: string | undefined;
  let kernelUsable = true;

  const session = await KernelSession.start({
    cwd,
    startupTimeoutSeconds: options.startupTimeoutSeconds,
    launch: options.launch,
  });
  try {
    for (const [position, { cell, index }] of codeCells.entries()) {
      const progress = { codeCellNumber: position + 1, codeCellCount: codeCells.length };
      const mustStop = !kernelUsable || (failure !== undefined && stopOnError);
      const report = mustStop ? notRun(cell, index) : await runCell(session, cell, index, name, options, progress);
      if (report.status === "error" && !report.errorExpected) failure ??= `${name}: ${report.error?.message ?? "a cell failed"}`;
      // After a timeout the kernel may have been killed; after a crash it is gone.
      kernelUsable = session.isAlive;
      cell.outputs = report.outputs;
      cell.execution_count = report.executionCount;
      reports.push(report);
      if (!mustStop) options.onCell?.({ phase: "end", report, ...progress });
    }
  } finally {
    await session.shutdown();
  }
  notebook.metadata.kernelspec = { ...tslabKernelspec };
  notebook.metadata.language_info = session.kernelInfo.language_info;
  return {
    notebook,
    cells: reports,
    ok: failure === undefined,
    failure,
    kernelStderr: session.stderr,
    protocolProblems: [...session.protocolProblems],
    kernelPid: session.pid,
    kernelInfo: session.kernelInfo,
    seconds: (performance.now() - started) / 1000,
  };
}

function notRun(cell: CodeCell, index: number): CellReport {
  return { index, source: cell.source, status: "not-run", executionCount: null, outputs: [], seconds: 0 };
}

function isSkipped(cell: Cell): boolean {
  return cellTags(cell).includes(skipTag) || cell.source.trim() === "";
}

async function runCell(
  session: KernelSession,
  cell: CodeCell,
  index: number,
  notebookName: string,
  options: ExecuteNotebookOptions,
  progress: { codeCellNumber: number; codeCellCount: number },
): Promise<CellReport> {
  const base = { index, source: cell.source };
  // Skipped and empty cells keep what they had, as nbclient leaves them.
  if (isSkipped(cell)) {
    return { ...base, status: "skipped", executionCount: cell.execution_count, outputs: cell.outputs, seconds: 0 };
  }
  options.onCell?.({ phase: "start", ...base, ...progress });
  const label = describeCell(index, cell.source);
  const started = performance.now();
  const errorExpected = cellTags(cell).includes(raisesExceptionTag);
  try {
    const result = await session.execute(cell.source, {
      timeoutSeconds: options.timeoutSeconds ?? 60,
      label,
    });
    const report: CellReport = {
      ...base,
      status: result.status,
      executionCount: result.executionCount,
      outputs: result.outputs,
      seconds: result.seconds,
    };
    if (result.error !== undefined) {
      const message = `${label} failed:\n${formatCellError(result.error)}`;
      return { ...report, error: { ...result.error, message }, errorExpected };
    }
    return report;
  } catch (error) {
    const { failure, outputs } = failureFrom(error, `${notebookName}, ${label}`);
    // A timeout or a dead kernel is never what a raises-exception tag means.
    return {
      ...base,
      status: "error",
      executionCount: null,
      outputs,
      error: failure,
      errorExpected: false,
      seconds: (performance.now() - started) / 1000,
    };
  }
}
