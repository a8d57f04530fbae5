/**
 * Whether the grader can run submissions on this machine: one sandboxed
 * kernel, started as the grader starts them (permission model, heap limit,
 * bare environment), runs a tiny notebook and sends its answer back over the
 * grader's channel. `npm run doctor` reports it.
 */
import { performance } from "perf_hooks";
import type { Notebook } from "../../jupyter-client";
import { GradingSetupError, runSubmission } from "./run-submission";
import { makeKernelHome, makeRunFolder, removeFolder, sandboxSupported } from "./sandbox";

const tinyNotebook: Notebook = {
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {},
  cells: [
    {
      cell_type: "code",
      source: 'import { array } from "dlfs";\nconst answer = array([6]).mul(7);',
      metadata: {},
      outputs: [],
      execution_count: null,
    },
  ],
};

export type GradingCheck = { ok: true; seconds: number } | { ok: false; cause: string };

export async function gradingWorks(): Promise<GradingCheck> {
  const started = performance.now();
  const runFolder = makeRunFolder();
  try {
    const run = await runSubmission(tinyNotebook, [{ name: "answer", expression: "answer" }], {
      timeoutSeconds: 60,
      memoryMb: 512,
      outputLimit: 10_000,
      permissions: sandboxSupported(),
      kernelHome: makeKernelHome(runFolder),
    });
    const answer = run.answers.get("answer");
    const data = (answer as { data?: unknown } | undefined)?.data;
    if (!(data instanceof Float64Array) || data[0] !== 42) {
      return {
        ok: false,
        cause: `the kernel ran, but the grader did not get its answer back (${run.events.join("; ") || "no value"})`,
      };
    }
    if (!sandboxSupported())
      return { ok: false, cause: `this Node (${process.version}) cannot sandbox kernels: install Node.js 22 or 24` };
    return { ok: true, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    const cause =
      error instanceof GradingSetupError
        ? error.message
        : `the grader failed: ${error instanceof Error ? error.message : String(error)}`;
    return { ok: false, cause };
  } finally {
    removeFolder(runFolder);
  }
}
