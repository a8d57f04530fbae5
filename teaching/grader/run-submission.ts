/**
 * Runs one submission in a fresh, sandboxed kernel and brings back what the
 * grader needs: what went wrong on the way (in plain words), and the
 * student's answers as the lesson's check expressions evaluate them.
 * Comparing them with the key is not done here (see grade-submission.ts).
 */
import { performance } from "perf_hooks";
import {
  CellTimeoutError,
  describeCell,
  describeExit,
  formatCellError,
  KernelDiedError,
  KernelSession,
  type Notebook,
} from "../../jupyter-client";
import { EvaluationFailed, decodeValue, parsePayloadLine } from "./answer-payload";
import { type CheckedAnswer, isOnlyCheckCall } from "./check-call";
import { type EvaluationCell, gradingCells, type GradingCells } from "./grading-cells";
import { type MemoryWatch, watchMemory } from "./memory-watch";
import { sandboxLaunch } from "./sandbox";

/**
 * The grader could not get a kernel to run submissions in: a cause that has
 * nothing to do with the submission (a Node flag this Node does not take,
 * tslab missing, a snapshot that does not start), the same for every one.
 * The batch stops on it instead of grading the class as zero.
 */
export class GradingSetupError extends Error {}

/** The line of a start-up failure that says what went wrong: the kernel's own error line, else its last words, else the message. */
function causeOf(error: unknown): string {
  if (error instanceof KernelDiedError && error.stderr.trim() !== "") {
    const lines = error.stderr
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "");
    const said = lines.find((line) => /\b(error|fatal|bad option|cannot|not found|denied)\b/i.test(line) && !/^at\s/.test(line));
    return said ?? lines[lines.length - 1];
  }
  return shortError(error instanceof Error ? error.message : String(error));
}

/**
 * A kernel that dies at start-up without naming another cause may not have had
 * heap enough: Node 20 says "heap out of memory", Node 24 can die of SIGSEGV
 * with no word at all. The teacher set that limit, so the message names it.
 */
function memoryHint(error: unknown, memoryMb: number): string {
  if (!(error instanceof KernelDiedError)) return "";
  const namedOtherCause = /\b(bad option|not found|cannot find|denied|permission)\b/i.test(error.stderr);
  if (namedOtherCause) return "";
  return ` (its heap limit was ${memoryMb} MB: if that is too small for a kernel to start, raise --memory-mb)`;
}

export interface RunLimits {
  /** Per cell, in seconds. */
  timeoutSeconds: number;
  /** The kernel's heap limit, and its resident memory unless residentMb says otherwise, in MB. */
  memoryMb: number;
  /** Resident memory of the kernel, in MB, when a lesson needs more than memoryMb. */
  residentMb?: number;
  /** Characters of output kept per cell. */
  outputLimit: number;
  /** Use Node's permission model. */
  permissions: boolean;
  /** The kernels' working folder (makeKernelHome). */
  kernelHome: string;
  /** Start kernels from this snapshot, built for kernelHome. */
  snapshotBlob?: string;
}

/** How the run ended, worst first. */
export type RunEnding = "crashed" | "timeout" | "error" | "ok";

export interface SubmissionRun {
  ending: RunEnding;
  /** What happened, one sentence each: failed cells, a timeout, a crash. */
  events: string[];
  /** Signs of tampering with the grader's channel. */
  tampering: string[];
  /** Answer name → decoded value (EvaluationFailed when it could not be evaluated). */
  answers: Map<string, unknown>;
  peakMemoryMb: number;
}

/** The first line of an error, enough for a gradebook reason (the line after is a stack frame). */
function shortError(text: string): string {
  return (
    text
      .split("\n")
      .find((line) => line.trim() !== "")
      ?.trim() ?? ""
  );
}

/** A crash in words: over the memory limit, out of heap, or how the process ended. */
function crashWords(error: KernelDiedError, memory: MemoryWatch, limits: RunLimits): string {
  if (memory.exceeded) return `used more than ${memory.limitMb} MB of memory, so the kernel was stopped`;
  if (/heap limit|heap out of memory/i.test(error.stderr))
    return `ran out of memory (more than ${limits.memoryMb} MB of JavaScript heap)`;
  return `ended the kernel (it ${describeExit(error.exit)})`;
}

class RunState {
  ending: RunEnding = "ok";
  readonly events: string[] = [];

  worsen(ending: RunEnding, event: string): void {
    const order: RunEnding[] = ["ok", "error", "timeout", "crashed"];
    if (order.indexOf(ending) > order.indexOf(this.ending)) this.ending = ending;
    this.events.push(event);
  }
}

interface StepOutcome {
  /** The kernel can run more code (it did not crash, nor was it killed after a timeout). */
  usable: boolean;
  failed: boolean;
  timedOut: boolean;
}

/** Runs `code` and records in `state` what went wrong, if anything. */
async function runStep(
  session: KernelSession,
  code: string,
  label: string,
  state: RunState,
  memory: MemoryWatch,
  limits: RunLimits,
): Promise<StepOutcome> {
  try {
    const result = await session.execute(code, { timeoutSeconds: limits.timeoutSeconds, label, outputLimit: limits.outputLimit });
    if (result.droppedOutput > 0)
      state.events.push(`${label} printed ${result.droppedOutput} characters more than the ${limits.outputLimit} kept`);
    if (result.error !== undefined) {
      state.worsen("error", `${label} failed: ${shortError(formatCellError(result.error))}`);
      return { usable: true, failed: true, timedOut: false };
    }
    return { usable: true, failed: false, timedOut: false };
  } catch (error) {
    if (error instanceof CellTimeoutError) {
      state.worsen("timeout", error.message);
      return { usable: error.kernelSurvived, failed: true, timedOut: true };
    }
    const words =
      error instanceof KernelDiedError
        ? crashWords(error, memory, limits)
        : `failed: ${error instanceof Error ? error.message : String(error)}`;
    state.worsen("crashed", `${label} ${words}`);
    return { usable: false, failed: true, timedOut: false };
  }
}

/** Waits until the kernel's line with `nonce` has arrived on the side channel (it may trail the reply). */
async function lineWithNonce(session: KernelSession, nonce: string, waitMs = 3000): Promise<string | undefined> {
  const deadline = performance.now() + waitMs;
  for (;;) {
    const line = session.sideChannelText.text.split("\n").find((l) => l.includes(`"nonce":${JSON.stringify(nonce)}`));
    if (line !== undefined || performance.now() > deadline || !session.isAlive) return line;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

interface Evaluation {
  cell: EvaluationCell;
  answers: readonly CheckedAnswer[];
  /** Why the cell failed (a TypeScript error, usually: a name the student never declared). */
  failure?: string;
}

/**
 * Evaluates all answers in one cell; if that cell does not compile (a name
 * is missing), each answer in a cell of its own, so the others still count.
 */
async function evaluateAnswers(
  session: KernelSession,
  cells: GradingCells,
  answers: readonly CheckedAnswer[],
  limits: RunLimits,
): Promise<Evaluation[]> {
  const evaluate = async (subset: readonly CheckedAnswer[]): Promise<Evaluation> => {
    const cell = cells.evaluate(subset);
    try {
      const result = await session.execute(cell.code, {
        timeoutSeconds: limits.timeoutSeconds,
        label: "the grader's evaluation",
        outputLimit: limits.outputLimit,
      });
      return {
        cell,
        answers: subset,
        failure: result.error === undefined ? undefined : shortError(formatCellError(result.error)),
      };
    } catch (error) {
      return { cell, answers: subset, failure: error instanceof Error ? shortError(error.message) : String(error) };
    }
  };
  const together = await evaluate(answers);
  if (together.failure === undefined || answers.length === 1 || !session.isAlive) return [together];
  const single: Evaluation[] = [];
  for (const answer of answers) {
    if (!session.isAlive) break;
    single.push(await evaluate([answer]));
  }
  return single;
}

/** Reads the answer lines, checking that each nonce came back exactly once. */
function collectAnswers(
  session: KernelSession,
  evaluations: Evaluation[],
  lines: Map<string, string | undefined>,
): { answers: Map<string, unknown>; tampering: string[] } {
  const answers = new Map<string, unknown>();
  const tampering = new Set<string>();
  const all = session.sideChannelText;
  if (all.overflowed) tampering.add("more was written to the grader's channel than the answers can take");
  for (const evaluation of evaluations) {
    const { nonce } = evaluation.cell;
    const copies = all.text.split("\n").filter((line) => line.includes(JSON.stringify(nonce))).length;
    if (copies > 1) tampering.add("the grader's answer line was written more than once");
    const payload = lines.get(nonce) === undefined ? undefined : parsePayloadLine(lines.get(nonce) ?? "");
    for (const item of payload?.tampered ?? []) tampering.add(`${item} was replaced before the grader read the answers`);
    for (const answer of evaluation.answers) {
      if (payload !== undefined && Object.prototype.hasOwnProperty.call(payload.values, answer.name)) {
        answers.set(answer.name, decodeValue(payload.values[answer.name]));
      } else {
        answers.set(answer.name, new EvaluationFailed(evaluation.failure ?? "the kernel sent no value"));
      }
    }
  }
  return { answers, tampering: [...tampering] };
}

/** Runs the submission's code cells in order in a fresh kernel, then evaluates `answers`. */
export async function runSubmission(
  notebook: Notebook,
  answersToEvaluate: readonly CheckedAnswer[],
  limits: RunLimits,
): Promise<SubmissionRun> {
  const state = new RunState();
  const { kernelHome, memoryMb, permissions, snapshotBlob } = limits;
  let session: KernelSession;
  try {
    session = await KernelSession.start({
      cwd: kernelHome,
      launch: sandboxLaunch(kernelHome, { memoryMb, permissions, snapshotBlob }),
    });
  } catch (error) {
    throw new GradingSetupError(`a grading kernel could not start: ${causeOf(error)}${memoryHint(error, memoryMb)}`, {
      cause: error,
    });
  }
  const memory = watchMemory(session.pid, limits.residentMb ?? memoryMb);
  const cells = gradingCells();
  try {
    const prelude = await runStep(session, cells.prelude, "the grader's set-up cell", state, memory, limits);
    if (prelude.failed)
      throw new GradingSetupError(`the grader's set-up cell failed in a fresh kernel: ${state.events.join("; ")}`);
    let usable = true;
    let timeouts = 0;
    for (const [index, cell] of notebook.cells.entries()) {
      // The student's own check() call decides nothing here: the grader evaluates the answers itself.
      if (cell.cell_type !== "code" || cell.source.trim() === "" || isOnlyCheckCall(cell.source)) continue;
      const step = await runStep(session, cell.source, describeCell(index, cell.source), state, memory, limits);
      usable = step.usable;
      if (step.timedOut) timeouts++;
      // One slow demonstration cell should not cost the rest; a second one ends the run.
      if (!usable || timeouts === 2) break;
    }
    const evaluations = usable ? await evaluateAnswers(session, cells, answersToEvaluate, limits) : [];
    const lines = new Map<string, string | undefined>();
    for (const evaluation of evaluations) {
      // A cell that failed never wrote its line: no need to wait for it.
      if (evaluation.failure === undefined) lines.set(evaluation.cell.nonce, await lineWithNonce(session, evaluation.cell.nonce));
    }
    const { answers, tampering } = collectAnswers(session, evaluations, lines);
    const notRun = usable ? undefined : "the kernel had stopped before the answers could be read";
    for (const answer of answersToEvaluate)
      if (!answers.has(answer.name)) answers.set(answer.name, new EvaluationFailed(notRun ?? "not evaluated"));
    return { ending: state.ending, events: state.events, tampering, answers, peakMemoryMb: memory.peakMb };
  } finally {
    memory.stop();
    await session.shutdown();
  }
}
