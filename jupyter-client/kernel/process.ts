/**
 * The tslab kernel as an operating-system process: how it is started, how it
 * is stopped, and how it died.
 */
import { type ChildProcess, spawn } from "child_process";
import { channel } from "diagnostics_channel";
import * as fs from "fs";
import { constants as osConstants } from "os";
import type { Duplex, Readable } from "stream";
import { forgetProcessGroup, killProcessGroup, watchProcessGroup } from "./reaper";
import { KernelStartError, type KernelExit } from "./errors";
import { permissionFlags, quietWarningFlags } from "./node-flags";
import { requireTslab, withInstalledModules } from "./tslab";

/**
 * How to start the kernel's Node process when the defaults (this process's
 * environment, no limits) will not do: the grader runs code it does not trust.
 */
export interface KernelLaunchOptions {
  /** Node flags placed before tslab, e.g. ["--max-old-space-size=512"]. */
  nodeArgs?: string[];
  /**
   * Turns on Node's permission model: the kernel may read only `read` (its
   * connection file and working folder are added) and write only `write`,
   * and may not start processes or worker threads. Node follows symbolic
   * links inside an allowed folder wherever they point, so a writable
   * folder must not hold links to anything worth protecting.
   */
  permissions?: { read: string[]; write: string[] };
  /** The environment instead of this process's (the project's packages are put on NODE_PATH unless it sets NODE_PATH). */
  env?: NodeJS.ProcessEnv;
  /**
   * Opens fd 3 in the kernel as a private channel to this process (a Unix
   * socket pair, both ways), apart from Jupyter's sockets: see
   * KernelProcess.sideChannel.
   */
  sideChannel?: boolean;
  /**
   * Start from this start-up snapshot (made by snapshot.ts for the
   * kernel's working folder) instead of tslab's launcher.
   */
  snapshotBlob?: string;
  /**
   * The kernel's sockets are Unix sockets in a new folder inside this one
   * (ZeroMQ's ipc transport) instead of TCP ports: for a kernel without a
   * network. The connection file is in that folder too.
   */
  ipcFolder?: string;
  /** Runs the kernel inside an operating-system sandbox (see KernelSandbox). */
  sandbox?: KernelSandbox;
}

/**
 * An operating-system sandbox the kernel runs in, such as bubblewrap: it
 * turns the kernel's command into one that runs it inside, and reports the
 * kernel's process id as bubblewrap's --info-fd does (a JSON object with
 * "child-pid", the kernel as seen from here) on file descriptor `infoFd`.
 * The sandbox must keep the kernel's stdio and fd 3.
 */
export interface KernelSandbox {
  command(kernelCommand: string[], context: { connectionFile: string; cwd: string; infoFd: number }): string[];
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

/**
 * Every kernel this process starts is announced here (Node's
 * diagnostics_channel: free when nobody listens), with its working folder;
 * the test runner counts them to keep its fast tier fast.
 */
const kernelStarts = channel("dlfs:kernel-start");

/** The file descriptor a sandbox reports the kernel's process id on (after stdin, stdout, stderr and the side channel). */
const sandboxInfoFd = 4;

/** How long a sandbox may take to report the kernel's process id. */
const sandboxInfoTimeoutMs = 30_000;

export class KernelProcess {
  /** The process this one started: the leader of the kernel's process group, killed to stop it. */
  readonly pid: number;
  /** Settles once the process has exited and been reaped. */
  readonly exited: Promise<KernelExit>;
  private exitInfo: KernelExit | undefined;
  private stderrChunks = "";
  private readonly stderrListeners = new Set<(text: string) => void>();
  /** The kernel's own process: `pid`, or, in a sandbox, the process the sandbox runs it as. */
  private innerPid: number;

  private constructor(
    private readonly child: ChildProcess,
    private readonly sandboxed: boolean,
  ) {
    if (child.pid === undefined) throw new Error("the tslab kernel could not be started");
    this.pid = child.pid;
    this.innerPid = child.pid;
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
      child.once("exit", (exitCode, exitSignal) => {
        // Whatever happened to the kernel, its process group goes too.
        killProcessGroup(this.pid);
        forgetProcessGroup(this.pid);
        const { code, signal } = this.sandboxed ? signalOfSandbox(exitCode, exitSignal) : { code: exitCode, signal: exitSignal };
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
  static async start(connectionFilePath: string, cwd: string, launch: KernelLaunchOptions = {}): Promise<KernelProcess> {
    const tslab = requireTslab();
    if (!fs.existsSync(cwd)) throw new Error(`the folder to run the kernel in does not exist: ${cwd}`);
    const nodeArgs = [...(launch.nodeArgs ?? []), ...permissionArgs(launch.permissions, connectionFilePath, cwd)];
    // The Node that runs us runs the kernel too, whatever `node` is first on PATH.
    // The launcher's real path, so that the permission model sees the file it actually loads.
    const entry = launch.snapshotBlob !== undefined ? ["--snapshot-blob", launch.snapshotBlob] : [fs.realpathSync(tslab)];
    const kernelCommand = [process.execPath, ...nodeArgs, ...entry, "kernel", "--config-path", connectionFilePath];
    const { sandbox } = launch;
    const [command, ...args] =
      sandbox !== undefined
        ? sandbox.command(kernelCommand, { connectionFile: connectionFilePath, cwd, infoFd: sandboxInfoFd })
        : canUseParentDeathSignal
          ? [setpriv, "--pdeathsig", "KILL", "--", ...kernelCommand]
          : kernelCommand;
    // fd 3 is the side channel (or nothing), fd 4 the sandbox's report.
    const stdio: Array<"ignore" | "pipe"> = ["ignore", "ignore", "pipe", launch.sideChannel === true ? "pipe" : "ignore"];
    if (sandbox !== undefined) stdio.push("pipe");
    const child = spawn(command, args, {
      cwd,
      detached: true,
      stdio,
      // The project's packages on NODE_PATH unless the caller's environment names NODE_PATH itself.
      env: launch.env !== undefined && "NODE_PATH" in launch.env ? launch.env : withInstalledModules(launch.env ?? process.env),
    });
    await new Promise<void>((resolve, reject) => {
      child.once("spawn", () => resolve());
      child.once("error", (error) => reject(new Error(`could not start the tslab kernel: ${error.message}`)));
    });
    const kernel = new KernelProcess(child, sandbox !== undefined);
    watchProcessGroup(kernel.pid);
    if (kernelStarts.hasSubscribers) kernelStarts.publish({ cwd, fromSnapshot: launch.snapshotBlob !== undefined });
    // A kernel that dies with the channel open must not keep us waiting, nor end this process.
    (child.stdio[3] as Duplex | null)?.on("error", () => undefined);
    if (sandbox !== undefined) {
      try {
        kernel.innerPid = await kernel.sandboxedPid(child.stdio[sandboxInfoFd] as Readable | null);
      } catch (error) {
        await kernel.kill();
        throw new KernelStartError(
          `the sandbox did not start the kernel (${error instanceof Error ? error.message : String(error)})${lastLine(kernel.stderr)}`,
        );
      }
    }
    return kernel;
  }

  /** The kernel's process id as the sandbox reports it on its info descriptor. */
  private sandboxedPid(info: Readable | null): Promise<number> {
    if (info === null) return Promise.reject(new Error("no descriptor for its report"));
    return new Promise<number>((resolve, reject) => {
      let text = "";
      const timer = setTimeout(() => reject(new Error("it reported no process id")), sandboxInfoTimeoutMs);
      info.setEncoding("utf8");
      info.on("data", (chunk: string) => {
        text = (text + chunk).slice(0, 4096);
      });
      info.on("error", () => undefined);
      info.once("close", () => {
        clearTimeout(timer);
        const pid = /"child-pid"\s*:\s*(\d+)/.exec(text)?.[1];
        if (pid === undefined) reject(new Error("it ended before it reported the kernel's process id"));
        else resolve(Number(pid));
      });
    });
  }

  /**
   * fd 3 of the kernel (only with the sideChannel launch option): a stream
   * both ways that neither tslab nor a notebook's outputs touch. Reading it
   * is the caller's business, and so is bounding what it keeps.
   */
  get sideChannel(): Duplex | undefined {
    const stream = this.child.stdio[3];
    return stream === null || stream === undefined ? undefined : (stream as Duplex);
  }

  /** The kernel's own process id, for signals and memory: in a sandbox, not the sandbox's. */
  get kernelPid(): number {
    return this.innerPid;
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
    if (!this.isAlive) return;
    try {
      process.kill(this.innerPid, "SIGINT");
    } catch {
      // gone already
    }
  }

  /** Kills the kernel's whole process group and waits until it is reaped. */
  async kill(): Promise<KernelExit> {
    if (this.sandboxed && this.isAlive) {
      // The kernel first, so that its sandbox reaps it and ends as it does (the kernel's
      // CPU time is then counted as this process's children's, not lost with an orphan).
      try {
        process.kill(this.innerPid, "SIGKILL");
      } catch {
        // gone already
      }
      await Promise.race([this.exited, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
    }
    killProcessGroup(this.pid, "SIGKILL");
    return this.exited;
  }
}

/** Node's permission-model flags for a kernel that may touch only `permissions`. */
function permissionArgs(permissions: KernelLaunchOptions["permissions"], connectionFile: string, cwd: string): string[] {
  if (permissions === undefined) return [];
  const flags = permissionFlags();
  if (flags === undefined) {
    throw new KernelStartError(
      `this Node (${process.version}) has no permission model that can load native addons (--allow-addons), ` +
        "so a kernel cannot be started with file-system limits: install Node.js 20.13 or newer (22 or 24 recommended)",
    );
  }
  const read = [...permissions.read, connectionFile, cwd];
  return [
    flags.enable,
    flags.allowAddons,
    ...quietWarningFlags(),
    ...read.map((p) => `--allow-fs-read=${p}`),
    ...permissions.write.map((p) => `--allow-fs-write=${p}`),
  ];
}

/** " (stderr: <its last line>)" when the process said anything. */
function lastLine(stderr: string): string {
  const lines = stderr.split("\n").filter((line) => line.trim() !== "");
  return lines.length === 0 ? "" : `: ${lines[lines.length - 1].trim()}`;
}

/**
 * A sandbox (bubblewrap) exits with 128 + N when the kernel was killed by
 * signal N: the kernel's own ending, said as such.
 */
function signalOfSandbox(code: number | null, signal: NodeJS.Signals | null): KernelExit {
  if (signal !== null || code === null || code <= 128) return { code, signal };
  const name = Object.entries(osConstants.signals).find(([, number]) => number === code - 128)?.[0];
  return name === undefined ? { code, signal } : { code: null, signal: name as NodeJS.Signals };
}
