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
import { AnswerChannel, preludeSource } from "./answer-channel";
import { EvaluationFailed, decodeValue } from "./answer-payload";
import { type CheckedAnswer, isOnlyCheckCall } from "./check-call";
import type { GradingRun } from "./grading-run";
import { type MemoryWatch, watchMemory } from "./memory-watch";

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
  /** For the whole submission, in seconds: cells stop being run when it is over (the answers are still read). */
  submissionTimeoutSeconds: number;
  /** Resident memory of the kernel, in MB (its heap limit is the run's). */
  residentMb: number;
  /** Characters of output kept per cell. */
  outputLimit: number;
}

/** Where the kernel comes from: the grading run, and the snapshot it built, if any. */
export interface KernelSource {
  run: GradingRun;
  snapshotBlob?: string;
}

/**
 * What one kernel can make the grader hold: messages of at most 16 MB (a
 * lesson's largest, a plot with plotly.js inside, is 5 MB), 16 of them
 * waiting, and only those under 1 MB parsed (the grader needs replies,
 * statuses and errors; a plot it drops unread).
 */
const messageLimits = { maxMessageBytes: 16 * 1024 * 1024, queuedMessages: 16, maxParsedBytes: 1024 * 1024 };

/** Large messages a cell may send unremarked: the plots of a lesson (237 draws one per cell). */
const noteDroppedFrom = 8;

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
  /** The same from each further pass (on hidden inputs), in order. */
  passAnswers: Map<string, unknown>[];
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

/** A crash in words: over the memory limit, out of heap, out of CPU time, or how the process ended. */
function crashWords(error: KernelDiedError, memory: MemoryWatch, heapMb: number): string {
  if (memory.exceeded) return `used more than ${memory.limitMb} MB of memory, so the kernel was stopped`;
  if (/heap limit|heap out of memory|allocation failed/i.test(error.stderr))
    return `ran out of memory (more than ${heapMb} MB of JavaScript heap, or more than the sandbox allows)`;
  if (error.exit.signal === "SIGXCPU") return "used up the kernel's CPU time, so the sandbox stopped it";
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
  heapMb: number,
  limits: { timeoutSeconds: number; outputLimit: number },
): Promise<StepOutcome> {
  try {
    const result = await session.execute(code, { timeoutSeconds: limits.timeoutSeconds, label, outputLimit: limits.outputLimit });
    if (result.droppedOutput > 0)
      state.events.push(`${label} printed ${result.droppedOutput} characters more than the ${limits.outputLimit} kept`);
    // A plot with plotly.js inside is one such message, and the grader has no use for it; many are a flood.
    if (result.droppedMessages > noteDroppedFrom)
      state.events.push(`${label} sent ${result.droppedMessages} output messages too large to read (over 1 MB), dropped`);
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
        ? crashWords(error, memory, heapMb)
        : `failed: ${error instanceof Error ? error.message : String(error)}`;
    state.worsen("crashed", `${label} ${words}`);
    return { usable: false, failed: true, timedOut: false };
  }
}

/** The answers of a payload, each decoded; those missing as EvaluationFailed with `why`. */
function answersOf(
  values: Record<string, unknown> | undefined,
  wanted: readonly CheckedAnswer[],
  why: string,
): Map<string, unknown> {
  const answers = new Map<string, unknown>();
  for (const answer of wanted) {
    const has = values !== undefined && Object.prototype.hasOwnProperty.call(values, answer.name);
    answers.set(answer.name, has ? decodeValue(values[answer.name]) : new EvaluationFailed(why));
  }
  return answers;
}

/** Seconds left until `deadline` (a performance.now() time), at least 0. */
function secondsLeft(deadline: number): number {
  return Math.max(0, (deadline - performance.now()) / 1000);
}

/** A second pass over the submission on other inputs (see ../hidden-inputs.ts). */
export interface SecondPass {
  /** The submission with its inputs cells rewritten. */
  notebook: Notebook;
  /** The cells it runs (from the first inputs cell on, as a rule); the others keep what the first pass made. */
  cells: readonly number[];
  /** How the events of this pass begin: "on hidden inputs: ". */
  label: string;
}

/** Both passes share the kernel, its state and the grader's channel. */
interface Pass {
  session: KernelSession;
  channel: AnswerChannel;
  memory: MemoryWatch;
  heapMb: number;
  limits: RunLimits;
  answersToEvaluate: readonly CheckedAnswer[];
  tampering: Set<string>;
}

/**
 * Runs `cells` of a notebook in order (a check call decides nothing here:
 * the grader evaluates the answers itself), then reads the answers over
 * the channel. `usable` is false once the kernel cannot run more code.
 */
async function runPass(
  pass: Pass,
  notebook: Notebook,
  cells: ReadonlySet<number> | "all",
  state: RunState,
  prefix: string,
): Promise<{ answers: Map<string, unknown>; usable: boolean }> {
  const { session, channel, memory, heapMb, limits, answersToEvaluate, tampering } = pass;
  const deadline = performance.now() + limits.submissionTimeoutSeconds * 1000;
  let usable = true;
  let timeouts = 0;
  for (const [index, cell] of notebook.cells.entries()) {
    if (cells !== "all" && !cells.has(index)) continue;
    if (cell.cell_type !== "code" || cell.source.trim() === "" || isOnlyCheckCall(cell.source)) continue;
    const label = `${prefix}${describeCell(index, cell.source)}`;
    const left = secondsLeft(deadline);
    if (left <= 0) {
      state.worsen("timeout", `the submission's time ran out (${limits.submissionTimeoutSeconds} s in all) before ${label}`);
      break;
    }
    const cutShort = left < limits.timeoutSeconds;
    const timeoutSeconds = cutShort ? Math.max(1, Math.ceil(left)) : limits.timeoutSeconds;
    const step = await runStep(session, cell.source, label, state, memory, heapMb, {
      timeoutSeconds,
      outputLimit: limits.outputLimit,
    });
    usable = step.usable;
    if (step.timedOut) {
      timeouts++;
      if (cutShort) {
        state.events.push(
          `the submission's time ran out (${limits.submissionTimeoutSeconds} s in all), so no more cells were run`,
        );
        break;
      }
    }
    // One slow demonstration cell should not cost the rest; a second one ends the run.
    if (!usable || timeouts === 2) break;
  }
  if (!usable || !session.isAlive)
    return {
      answers: answersOf(undefined, answersToEvaluate, "the kernel had stopped before the answers could be read"),
      usable: false,
    };
  const reply = await channel.evaluate(limits.timeoutSeconds * 1000);
  if (reply.kind === "answered") {
    for (const item of reply.payload.tampered) tampering.add(`${item} was replaced before the grader read the answers`);
    return { answers: answersOf(reply.payload.values, answersToEvaluate, "the kernel sent no value"), usable: true };
  }
  const why =
    reply.kind === "unreadable"
      ? "the grader could not read the kernel's answer line"
      : reply.why === "timeout"
        ? `the answers did not arrive within ${limits.timeoutSeconds} s`
        : "the kernel closed the grader's answer channel";
  if (reply.kind === "none" && reply.why === "timeout") state.worsen("timeout", `${why}, so the kernel was stopped`);
  else if (reply.kind === "none" && !session.isAlive) state.worsen("crashed", "the kernel ended while the answers were read");
  else if (reply.kind === "none") tampering.add(why);
  return { answers: answersOf(undefined, answersToEvaluate, why), usable: false };
}

/**
 * Runs the submission's code cells in order in a fresh kernel of `kernels`,
 * then reads the answers of `answersToEvaluate` over the answer channel.
 * Each further pass then runs its cells (from the inputs cell on) again in
 * the same kernel, on rewritten inputs, and reads the answers again: the
 * cells before keep their definitions (a class is defined once), and no
 * second kernel is started. Each pass has the submission's time.
 */
export async function runSubmission(
  notebook: Notebook,
  answersToEvaluate: readonly CheckedAnswer[],
  limits: RunLimits,
  kernels: KernelSource,
  further: readonly SecondPass[] = [],
): Promise<SubmissionRun> {
  const state = new RunState();
  const heapMb = kernels.run.memoryMb;
  const passes = 1 + further.length;
  // The sandbox's CPU limit: every second of the submission's time on two cores, and a minute to start and answer.
  const cpuSeconds = 2 * passes * (limits.submissionTimeoutSeconds + limits.timeoutSeconds) + 60;
  let session: KernelSession;
  try {
    session = await KernelSession.start({
      cwd: kernels.run.home,
      launch: kernels.run.kernelLaunch({ residentMb: limits.residentMb, cpuSeconds }, kernels.snapshotBlob),
      messageLimits,
    });
  } catch (error) {
    throw new GradingSetupError(`a grading kernel could not start: ${causeOf(error)}${memoryHint(error, heapMb)}`, {
      cause: error,
    });
  }
  const memory = watchMemory(session.kernelPid, session.pid, limits.residentMb);
  try {
    const channelStream = session.sideChannel;
    if (channelStream === undefined) throw new GradingSetupError("a grading kernel started without its answer channel");
    const channel = new AnswerChannel(channelStream);
    const prelude = await runStep(session, preludeSource(answersToEvaluate), "the grader's set-up cell", state, memory, heapMb, {
      timeoutSeconds: Math.max(limits.timeoutSeconds, 30),
      outputLimit: limits.outputLimit,
    });
    if (prelude.failed)
      throw new GradingSetupError(`the grader's set-up cell failed in a fresh kernel: ${state.events.join("; ")}`);
    const tampering = new Set<string>();
    const pass: Pass = { session, channel, memory, heapMb, limits, answersToEvaluate, tampering };
    const first = await runPass(pass, notebook, "all", state, "");
    const passAnswers: Map<string, unknown>[] = [];
    let usable = first.usable;
    for (const next of further) {
      if (!usable) {
        passAnswers.push(answersOf(undefined, answersToEvaluate, "the kernel had stopped before this run"));
        continue;
      }
      const ran = await runPass(pass, next.notebook, new Set(next.cells), state, next.label);
      passAnswers.push(ran.answers);
      usable = ran.usable;
    }
    for (const problem of channel.problems) tampering.add(problem);
    return {
      ending: state.ending,
      events: state.events,
      tampering: [...tampering],
      answers: first.answers,
      passAnswers,
      peakMemoryMb: memory.peakMb,
    };
  } finally {
    memory.stop();
    await session.shutdown();
  }
}
