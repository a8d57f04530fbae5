/**
 * Whether the grader can run submissions on this machine: one grading
 * kernel, started as the grader starts them (in the OS sandbox, under Node's
 * permission model, heap limit, bare environment), runs a tiny notebook and
 * sends its answer back over the grader's channel. `npm run doctor` reports it.
 */
import { performance } from "perf_hooks";
import { answerKey } from "dlfs/answer-key";
import type { Notebook } from "../../jupyter-client";
import { GradingRun } from "./grading-run";
import { describeOsSandbox, findOsSandbox } from "./os-sandbox";
import { GradingSetupError, runSubmission } from "./run-submission";
import { permissionModelSupported } from "./sandbox";

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

export type GradingCheck =
  { ok: true; seconds: number; sandbox: string } | { ok: false; cause: string; sandbox: string; unsafeWorks?: boolean };

export async function gradingWorks(): Promise<GradingCheck> {
  const started = performance.now();
  const sandbox = findOsSandbox();
  const described = describeOsSandbox(sandbox);
  const run = GradingRun.create({ keys: answerKey, sandbox, memoryMb: 512 });
  try {
    const ran = await runSubmission(
      tinyNotebook,
      [{ name: "answer", expression: "answer" }],
      { timeoutSeconds: 60, submissionTimeoutSeconds: 120, residentMb: 1024, outputLimit: 10_000 },
      { run },
    );
    const answer = ran.answers.get("answer");
    const data = (answer as { data?: unknown } | undefined)?.data;
    if (!(data instanceof Float64Array) || data[0] !== 42) {
      return {
        ok: false,
        sandbox: described,
        cause: `the kernel ran, but the grader did not get its answer back (${[...ran.events, ...ran.tampering].join("; ") || "no value"})`,
      };
    }
    if (sandbox.kind === "none") {
      const fence = permissionModelSupported()
        ? "Node's permission model is the only fence"
        : "nothing limits what a submission can do";
      return {
        ok: false,
        sandbox: described,
        unsafeWorks: true,
        cause: `${sandbox.why}: grading refuses unless --unsafe-no-sandbox (${fence})`,
      };
    }
    return { ok: true, seconds: (performance.now() - started) / 1000, sandbox: described };
  } catch (error) {
    const cause =
      error instanceof GradingSetupError
        ? error.message
        : `the grader failed: ${error instanceof Error ? error.message : String(error)}`;
    return { ok: false, cause, sandbox: described };
  } finally {
    await run.close();
  }
}
