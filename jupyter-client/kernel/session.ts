/**
 * One running tslab kernel, spoken to over ZeroMQ with the Jupyter messaging
 * protocol: start it, run code in it (one snippet after another, sharing
 * state like the cells of a notebook), and shut it down.
 */
import { randomUUID } from "crypto";
import * as path from "path";
import { performance } from "perf_hooks";
import type { Dealer, Subscriber } from "zeromq";
import { type ConnectionFile, endpoint, writeConnectionFile } from "./connection-file";
import { type CellError, CellTimeoutError, cellErrorFrom, KernelDiedError, KernelStartError, type KernelExit } from "./errors";
import type { Duplex } from "stream";
import { type KernelLaunchOptions, KernelProcess } from "./process";
import type { JsonMap, JsonObject, Output } from "../notebook/format";
import { DisplayRegistry, OutputCollector } from "./outputs";
import { decodeMessage, encodeMessage, type JupyterMessage, MessageSigner, newHeader } from "./wire-protocol";

export interface KernelSessionOptions {
  /** The kernel's working directory; relative paths in code resolve from here. */
  cwd?: string;
  /** How long the kernel may take to answer its first request. Default 60 s. */
  startupTimeoutSeconds?: number;
  /** Node flags, permissions, environment and side channel of the kernel process. */
  launch?: KernelLaunchOptions;
  /**
   * Bounds on what the kernel can make this process hold, for a kernel that
   * runs code nobody vouches for. Default: none (every message is kept).
   */
  messageLimits?: MessageLimits;
}

/** How much of a kernel's messages this process takes in (see KernelSessionOptions.messageLimits). */
export interface MessageLimits {
  /**
   * A message larger than this closes the kernel's connection instead of
   * being received (ZeroMQ's maxMessageSize): what was sent then is lost.
   */
  maxMessageBytes: number;
  /** Messages waiting to be read, per socket, before ZeroMQ stops reading from the kernel. */
  queuedMessages: number;
  /**
   * A message whose content is larger than this is not parsed: its outputs
   * are dropped and counted (ExecutionResult.droppedMessages).
   */
  maxParsedBytes: number;
}

export interface ExecuteOptions {
  /** Default 60 s; 0 or Infinity means no limit. */
  timeoutSeconds?: number;
  /** How long to wait after SIGINT before killing the kernel. Default 5 s. */
  interruptGraceSeconds?: number;
  /** Names the code in error messages, e.g. "cell 3 (`f(x)`)". Default "the code". */
  label?: string;
  /** Called whenever an output is added, grows, or is updated in place (update_display_data). */
  onOutput?: (output: Output) => void;
  /** Keep at most this many characters of output (default: all); see OutputCollector. */
  outputLimit?: number;
}

export interface ExecutionResult {
  status: "ok" | "error";
  executionCount: number | null;
  outputs: Output[];
  error?: CellError;
  seconds: number;
  /** Characters of printed output dropped because of `outputLimit` (0 when none). */
  droppedOutput: number;
  /** Messages not even read because of messageLimits.maxParsedBytes (0 when none). */
  droppedMessages: number;
}

/** What the kernel said about itself in kernel_info_reply. */
export interface KernelInfo {
  protocol_version?: string;
  implementation?: string;
  implementation_version?: string;
  banner?: string;
  language_info: JsonMap;
}

type Outcome<T> = { kind: "done"; value: T } | { kind: "timeout" } | { kind: "died"; exit: KernelExit };

const defaultStartupTimeoutSeconds = 60;
const defaultTimeoutSeconds = 60;
const defaultInterruptGraceSeconds = 5;
/** tslab cancels requests that arrive within 200 ms after a failed cell. */
const abortedRetryDelayMs = 250;
const abortedRetryLimit = 5;
const startAttempts = 3;
const shutdownGraceMs = 1000;
/**
 * Start-up failures that a new kernel fixes: a port taken by another program
 * between choosing and binding it, or tslab answering a request on a socket
 * whose bind has not finished yet (zeromq then throws, tslab only logs it,
 * and the kernel never answers).
 */
const fixedByANewKernel = /EADDRINUSE|Address already in use|Socket is blocked by a bind or unbind operation/;

/**
 * zeromq, a native addon, loaded when the first session starts rather than
 * when this module is imported: a tool that never starts a kernel (or the
 * doctor, which reports a broken zeromq in words) does not need it to load.
 */
function zeromq(): typeof import("zeromq") {
  return require("zeromq") as typeof import("zeromq");
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The ZeroMQ options of the sockets to a kernel with these limits. */
function socketOptions(limits: MessageLimits | undefined): {
  linger: number;
  receiveHighWaterMark?: number;
  maxMessageSize?: number;
} {
  if (limits === undefined) return { linger: 0 };
  return { linger: 0, receiveHighWaterMark: limits.queuedMessages, maxMessageSize: limits.maxMessageBytes };
}

export class KernelSession {
  private readonly signer: MessageSigner;
  private readonly sessionId = randomUUID();
  private readonly shell: Dealer;
  private readonly control: Dealer;
  private readonly iopub: Subscriber;
  /** Messages dropped unread (too large to parse) since the last execution started. */
  private droppedMessages = 0;
  private readonly shellReplies = new Map<string, (message: JupyterMessage) => void>();
  private readonly iopubListeners = new Map<string, (message: JupyterMessage) => void>();
  private readonly displays = new DisplayRegistry();
  private sendQueue: Promise<void> = Promise.resolve();
  private iopubReady = false;
  private info: KernelInfo = { language_info: {} };
  private shutdownDone: Promise<void> | undefined;
  /** Messages that failed the signature check or could not be parsed. */
  readonly protocolProblems: string[] = [];

  private constructor(
    private readonly kernel: KernelProcess,
    private readonly connection: ConnectionFile,
    private readonly limits: MessageLimits | undefined,
  ) {
    const options = socketOptions(limits);
    this.shell = new (zeromq().Dealer)(options);
    this.control = new (zeromq().Dealer)(options);
    // Without limits, no limit on queued iopub messages: at ZeroMQ's default
    // (1000) a burst of output faster than we read it is dropped, and the
    // cell's "idle" with it. With limits, ZeroMQ stops reading instead and
    // the kernel keeps what it has not sent (in its own memory).
    this.iopub = new (zeromq().Subscriber)(limits === undefined ? { linger: 0, receiveHighWaterMark: 0 } : options);
    this.signer = new MessageSigner(connection.info.key);
    this.shell.connect(endpoint(connection.info, connection.info.shell_port));
    this.control.connect(endpoint(connection.info, connection.info.control_port));
    this.iopub.connect(endpoint(connection.info, connection.info.iopub_port));
    this.iopub.subscribe();
    void this.receive(this.shell, (message) => this.onShellMessage(message));
    void this.receive(this.control, (message) => this.onShellMessage(message));
    void this.receive(this.iopub, (message) => this.onIopubMessage(message));
  }

  /** Starts a kernel and waits until it answers on both shell and iopub. */
  static async start(options: KernelSessionOptions = {}): Promise<KernelSession> {
    const cwd = path.resolve(options.cwd ?? process.cwd());
    const timeoutSeconds = options.startupTimeoutSeconds ?? defaultStartupTimeoutSeconds;
    for (let attempt = 1; ; attempt++) {
      const connection = await writeConnectionFile({ ipcFolder: options.launch?.ipcFolder });
      let kernel: KernelProcess;
      try {
        kernel = await KernelProcess.start(connection.path, cwd, options.launch);
      } catch (error) {
        connection.remove();
        throw error;
      }
      const session = new KernelSession(kernel, connection, options.messageLimits);
      const portWatch = kernel.watchStderr(fixedByANewKernel);
      try {
        await session.handshake(timeoutSeconds, portWatch.matched);
        return session;
      } catch (error) {
        await session.shutdown();
        // A port was taken, or tslab tripped over its own bind: a new kernel with new ports.
        const portTaken = error instanceof KernelStartError && fixedByANewKernel.test(kernel.stderr);
        if (!portTaken || attempt === startAttempts) throw error;
      } finally {
        portWatch.stop();
      }
    }
  }

  /** The process this session started, the leader of the kernel's process group. */
  get pid(): number {
    return this.kernel.pid;
  }

  /** The kernel's own process (in a sandbox, the sandboxed process): for its memory. */
  get kernelPid(): number {
    return this.kernel.kernelPid;
  }

  get kernelInfo(): KernelInfo {
    return this.info;
  }

  /** What the kernel process wrote to stderr outside of cells (its last 64 KB). */
  get stderr(): string {
    return this.kernel.stderr;
  }

  get isAlive(): boolean {
    return this.kernel.isAlive && this.shutdownDone === undefined;
  }

  /**
   * Interrupts what the kernel is running, as Jupyter's Interrupt button
   * does (tslab takes SIGINT; it has no interrupt_request handler). The
   * running execute() then resolves with the cell's error.
   */
  interrupt(): void {
    this.kernel.interrupt();
  }

  /** fd 3 of the kernel, both ways (launched with a side channel); see KernelProcess.sideChannel. */
  get sideChannel(): Duplex | undefined {
    return this.kernel.sideChannel;
  }

  /**
   * Runs `code` and resolves once the kernel has replied and reported idle.
   * A failing cell resolves with status "error". Rejects with
   * CellTimeoutError when the time limit passes (after trying SIGINT, then
   * killing the kernel) and with KernelDiedError when the kernel process ends.
   */
  async execute(code: string, options: ExecuteOptions = {}): Promise<ExecutionResult> {
    const label = options.label ?? "the code";
    if (this.shutdownDone !== undefined) {
      throw new Error("This kernel session has ended (shut down, or killed after a timeout); start a new one.");
    }
    if (!this.kernel.isAlive) throw this.diedError(`before ${label} could run`, []);
    const started = performance.now();
    const timeoutSeconds = (options.timeoutSeconds ?? defaultTimeoutSeconds) || Infinity;
    const deadline = started + timeoutSeconds * 1000;
    for (let attempt = 1; ; attempt++) {
      this.droppedMessages = 0;
      const collector = new OutputCollector(this.displays, options.outputLimit);
      const finished = this.sendExecuteRequest(code, collector, options.onOutput);
      const outcome = await this.waitFor(finished, deadline - performance.now());
      if (outcome.kind === "died") throw this.diedError(`while running ${label}`, collector.outputs);
      if (outcome.kind === "timeout") return this.interruptAfterTimeout(finished, collector, timeoutSeconds, label, options);
      const reply = outcome.value.content;
      if (reply.status === "abort" && attempt < abortedRetryLimit) {
        await sleep(abortedRetryDelayMs);
        continue;
      }
      const seconds = (performance.now() - started) / 1000;
      const executionCount = typeof reply.execution_count === "number" ? reply.execution_count : null;
      const droppedOutput = collector.droppedCharacters;
      const droppedMessages = this.droppedMessages;
      if (reply.status === "ok")
        return { status: "ok", executionCount, outputs: collector.outputs, seconds, droppedOutput, droppedMessages };
      const error: CellError =
        reply.status === "abort"
          ? {
              ename: "Aborted",
              evalue: `the kernel refused to run ${label} ${abortedRetryLimit} times (execute_reply status "abort")`,
              traceback: [],
            }
          : cellErrorFrom(reply, collector.outputs);
      return { status: "error", executionCount, outputs: collector.outputs, error, seconds, droppedOutput, droppedMessages };
    }
  }

  /** Stops the kernel and its process group for good. Safe to call repeatedly. */
  shutdown(): Promise<void> {
    this.shutdownDone ??= this.stop(true);
    return this.shutdownDone;
  }

  private async stop(askFirst: boolean): Promise<void> {
    if (askFirst && this.kernel.isAlive) {
      // tslab closes its sockets and exits on shutdown_request (in ~50 ms when
      // idle); a kernel stuck in a loop never gets to it and is killed below.
      const header = newHeader("shutdown_request", this.sessionId);
      const exited = this.request(this.control, header, { restart: false }).then(() => this.kernel.exited);
      await this.waitFor(exited, shutdownGraceMs);
    }
    // Kill the group even after a clean exit: code in a cell may have started processes.
    await this.kernel.kill();
    for (const socket of [this.shell, this.control, this.iopub]) socket.close();
    this.shellReplies.clear();
    this.iopubListeners.clear();
    this.connection.remove();
  }

  private async interruptAfterTimeout(
    finished: Promise<JupyterMessage>,
    collector: OutputCollector,
    timeoutSeconds: number,
    label: string,
    options: ExecuteOptions,
  ): Promise<never> {
    // A SIGINT that lands while tslab is still type-checking the cell is used
    // up before the code starts, so it is repeated every second of the grace time.
    this.kernel.interrupt();
    const repeat = setInterval(() => this.kernel.interrupt(), 1000);
    const graceMs = (options.interruptGraceSeconds ?? defaultInterruptGraceSeconds) * 1000;
    const outcome = await this.waitFor(finished, graceMs).finally(() => clearInterval(repeat));
    if (outcome.kind === "done") throw new CellTimeoutError(timeoutSeconds, true, collector.outputs, label);
    this.shutdownDone ??= this.stop(false);
    await this.shutdownDone;
    throw new CellTimeoutError(timeoutSeconds, false, collector.outputs, label);
  }

  /** Resolves with the execute_reply, but only once iopub has also said idle. */
  private sendExecuteRequest(
    code: string,
    collector: OutputCollector,
    onOutput: ((output: Output) => void) | undefined,
  ): Promise<JupyterMessage> {
    const header = newHeader("execute_request", this.sessionId);
    const idle = new Promise<void>((resolve) => {
      this.iopubListeners.set(header.msg_id, (message) => {
        if (message.header.msg_type === "status") {
          if (message.content.execution_state === "idle") resolve();
          return;
        }
        const changed = collector.handle(message);
        if (changed !== undefined) onOutput?.(changed);
      });
    });
    const reply = this.request(this.shell, header, {
      code,
      silent: false,
      store_history: true,
      user_expressions: {},
      allow_stdin: false,
      stop_on_error: true,
    });
    return Promise.all([reply, idle]).then(([replyMessage]) => {
      this.iopubListeners.delete(header.msg_id);
      return replyMessage;
    });
  }

  /**
   * The slow-joiner problem: a subscriber misses whatever the kernel publishes
   * before the subscription has reached it. So we repeat kernel_info_request
   * until iopub shows a status message; from then on nothing is lost.
   */
  private async handshake(timeoutSeconds: number, portTaken: Promise<void>): Promise<void> {
    const deadline = performance.now() + timeoutSeconds * 1000;
    const failedToBind = portTaken.then(() => {
      throw new KernelStartError(`The tslab kernel could not bind its ports:\n${this.kernel.stderr.trim()}`);
    });
    failedToBind.catch(() => undefined);
    for (;;) {
      const reply = this.request(this.shell, newHeader("kernel_info_request", this.sessionId), {});
      const outcome = await this.waitFor(Promise.race([reply, failedToBind]), deadline - performance.now());
      if (outcome.kind === "died") throw this.diedError("while starting", []);
      if (outcome.kind === "timeout") {
        const stderr = this.kernel.stderr.trim();
        throw new KernelStartError(
          `The tslab kernel did not answer within ${timeoutSeconds} s of starting.` + (stderr ? ` Its stderr:\n${stderr}` : ""),
        );
      }
      this.info = outcome.value.content as unknown as KernelInfo;
      if (this.iopubReady) return;
      await sleep(100);
      if (this.iopubReady) return;
    }
  }

  private request(socket: Dealer, header: ReturnType<typeof newHeader>, content: JsonObject): Promise<JupyterMessage> {
    const reply = new Promise<JupyterMessage>((resolve) => this.shellReplies.set(header.msg_id, resolve));
    const frames = encodeMessage(this.signer, header, content);
    // zeromq allows one pending send per socket, so sends queue up here.
    const sent = this.sendQueue.then(() => socket.send(frames));
    this.sendQueue = sent.catch(() => undefined);
    return sent.then(() => reply);
  }

  /** Waits for `promise`, a time limit and the kernel's death, whichever comes first. */
  private async waitFor<T>(promise: Promise<T>, limitMs: number): Promise<Outcome<T>> {
    let timer: NodeJS.Timeout | undefined;
    const candidates: Array<Promise<Outcome<T>>> = [
      promise.then((value): Outcome<T> => ({ kind: "done", value })),
      this.kernel.exited.then((exit): Outcome<T> => ({ kind: "died", exit })),
    ];
    if (Number.isFinite(limitMs)) {
      candidates.push(new Promise((resolve) => (timer = setTimeout(() => resolve({ kind: "timeout" }), Math.max(0, limitMs)))));
    }
    try {
      return await Promise.race(candidates);
    } finally {
      clearTimeout(timer);
    }
  }

  private diedError(context: string, outputs: Output[]): KernelDiedError {
    const exit = this.kernel.exitStatus ?? { code: null, signal: null };
    return new KernelDiedError(exit, this.kernel.stderr, context, outputs);
  }

  private onShellMessage(message: JupyterMessage): void {
    const parentId = message.parent_header.msg_id;
    const resolve = parentId === undefined ? undefined : this.shellReplies.get(parentId);
    if (parentId === undefined || resolve === undefined) return;
    this.shellReplies.delete(parentId);
    resolve(message);
  }

  private onIopubMessage(message: JupyterMessage): void {
    if (message.header.msg_type === "status") this.iopubReady = true;
    const parentId = message.parent_header.msg_id;
    const listener = parentId === undefined ? undefined : this.iopubListeners.get(parentId);
    if (listener !== undefined) listener(message);
    else if (message.header.msg_type === "update_display_data") this.displays.lateUpdate(message.content);
  }

  private async receive(socket: Dealer | Subscriber, dispatch: (message: JupyterMessage) => void): Promise<void> {
    try {
      for await (const frames of socket) {
        let message: JupyterMessage;
        try {
          if (this.limits !== undefined && tooLargeToParse(frames, this.limits.maxParsedBytes)) {
            this.droppedMessages++;
            continue;
          }
          message = decodeMessage(this.signer, frames);
        } catch (error) {
          this.protocolProblems.push(error instanceof Error ? error.message : String(error));
          continue;
        }
        dispatch(message);
      }
    } catch (error) {
      // Closing a socket ends its loop; anything else is worth keeping.
      if (this.shutdownDone === undefined) this.protocolProblems.push(error instanceof Error ? error.message : String(error));
    }
  }
}

/** True when the message's frames add up to more than `maxBytes`: not worth verifying and parsing. */
function tooLargeToParse(frames: Buffer[], maxBytes: number): boolean {
  let bytes = 0;
  for (const frame of frames) bytes += frame.length;
  return bytes > maxBytes;
}
