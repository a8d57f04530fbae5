/**
 * The tslab kernel as an operating-system process: how it is started, how it
 * is stopped, and how it died.
 */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import { constants as osConstants } from "os";
import { forgetProcessGroup, killProcessGroup, watchProcessGroup } from "./process-reaper";
import { tslabBinary } from "./paths";

export interface KernelExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Keep only the end of a chatty stderr: the end is where the reason is. */
const stderrLimit = 64 * 1024;

/**
 * Linux can kill a child when its parent dies, even by SIGKILL, which no
 * handler in this process could catch. setpriv (util-linux) sets that up and
 * then execs the kernel, so the pid stays the kernel's own.
 */
const setpriv = "/usr/bin/setpriv";
const canUseParentDeathSignal = process.platform === "linux" && fs.existsSync(setpriv);

export class KernelProcess {
  readonly pid: number;
  /** Settles once the process has exited and been reaped. */
  readonly exited: Promise<KernelExit>;
  private exitInfo: KernelExit | undefined;
  private stderrChunks = "";
  private readonly stderrListeners = new Set<(text: string) => void>();

  private constructor(private readonly child: ChildProcess) {
    if (child.pid === undefined) throw new Error("the tslab kernel could not be started");
    this.pid = child.pid;
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (chunk: string) => {
      this.stderrChunks = (this.stderrChunks + chunk).slice(-stderrLimit);
      for (const listener of this.stderrListeners) listener(this.stderrChunks);
    });
    const stderrEnded = new Promise<void>((resolve) => {
      if (child.stderr === null) resolve();
      else child.stderr.once("close", () => resolve());
    });
    this.exited = new Promise<KernelExit>((resolve) => {
      child.once("exit", (code, signal) => {
        // Whatever happened to the kernel, its process group goes too.
        killProcessGroup(this.pid);
        forgetProcessGroup(this.pid);
        this.exitInfo = { code, signal };
        // Let the last words on stderr arrive, unless something else still
        // holds the pipe open.
        const grace = new Promise<void>((done) => setTimeout(done, 200).unref());
        void Promise.race([stderrEnded, grace]).then(() => resolve({ code, signal }));
      });
    });
  }

  /**
   * Starts `tslab kernel --config-path <file>` in `cwd`. The kernel leads its
   * own process group so that it and anything a notebook spawned can be
   * killed together.
   */
  static async start(connectionFilePath: string, cwd: string): Promise<KernelProcess> {
    if (!fs.existsSync(tslabBinary)) {
      throw new Error(`tslab is not installed in this project (${tslabBinary} is missing); run \`npm install\``);
    }
    if (!fs.existsSync(cwd)) throw new Error(`the folder to run the kernel in does not exist: ${cwd}`);
    // The Node that runs us runs the kernel too, whatever `node` is first on PATH.
    const kernelCommand = [process.execPath, tslabBinary, "kernel", "--config-path", connectionFilePath];
    const [command, ...args] = canUseParentDeathSignal ? [setpriv, "--pdeathsig", "KILL", "--", ...kernelCommand] : kernelCommand;
    const child = spawn(command, args, {
      cwd,
      detached: true,
      stdio: ["ignore", "ignore", "pipe"],
      env: process.env,
    });
    await new Promise<void>((resolve, reject) => {
      child.once("spawn", () => resolve());
      child.once("error", (error) => reject(new Error(`could not start the tslab kernel: ${error.message}`)));
    });
    const kernel = new KernelProcess(child);
    watchProcessGroup(kernel.pid);
    return kernel;
  }

  get isAlive(): boolean {
    return this.exitInfo === undefined;
  }

  get exitStatus(): KernelExit | undefined {
    return this.exitInfo;
  }

  get stderr(): string {
    return this.stderrChunks;
  }

  /**
   * Resolves when stderr matches `pattern`; `stop()` releases the listener.
   * Used to notice start-up failures that tslab only logs.
   */
  watchStderr(pattern: RegExp): { matched: Promise<void>; stop: () => void } {
    let listener: (text: string) => void = () => undefined;
    const matched = new Promise<void>((resolve) => {
      listener = (text) => {
        if (pattern.test(text)) resolve();
      };
      this.stderrListeners.add(listener);
      listener(this.stderrChunks);
    });
    return { matched, stop: () => this.stderrListeners.delete(listener) };
  }

  /** SIGINT is how tslab is interrupted: it has no interrupt_request handler. */
  interrupt(): void {
    if (this.isAlive) this.child.kill("SIGINT");
  }

  /** Kills the kernel's whole process group and waits until it is reaped. */
  async kill(): Promise<KernelExit> {
    killProcessGroup(this.pid, "SIGKILL");
    return this.exited;
  }
}

export function describeExit(exit: KernelExit): string {
  if (exit.signal !== null) {
    const number = osConstants.signals[exit.signal];
    return `was killed by signal ${exit.signal}${number ? ` (${number})` : ""}`;
  }
  return `exited with code ${exit.code ?? "unknown"}`;
}
