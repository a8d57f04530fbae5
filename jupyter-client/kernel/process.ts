/**
 * The tslab kernel as an operating-system process: how it is started, how it
 * is stopped, and how it died.
 */
import { type ChildProcess, spawn } from "child_process";
import { channel } from "diagnostics_channel";
import * as fs from "fs";
import * as path from "path";
import { forgetProcessGroup, killProcessGroup, watchProcessGroup } from "./reaper";
import { KernelStartError, type KernelExit } from "./errors";
import { permissionFlags, quietWarningFlags } from "./node-flags";
import { installedModulesDir, requireTslab } from "./tslab";

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
  /** The environment instead of this process's. */
  env?: NodeJS.ProcessEnv;
  /** Opens fd 3 in the kernel as a pipe and keeps the first `maxBytes` written to it. */
  sideChannel?: { maxBytes: number };
  /**
   * Start from this start-up snapshot (made by snapshot.ts for the
   * kernel's working folder) instead of tslab's launcher.
   */
  snapshotBlob?: string;
}

/** What arrived on the side channel (fd 3). */
export interface SideChannelText {
  text: string;
  /** More than maxBytes was written; the rest was dropped. */
  overflowed: boolean;
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

export class KernelProcess {
  readonly pid: number;
  /** Settles once the process has exited and been reaped. */
  readonly exited: Promise<KernelExit>;
  private exitInfo: KernelExit | undefined;
  private stderrChunks = "";
  private readonly stderrListeners = new Set<(text: string) => void>();
  private readonly side: SideChannelText = { text: "", overflowed: false };

  private constructor(
    private readonly child: ChildProcess,
    sideChannelLimit?: number,
  ) {
    if (child.pid === undefined) throw new Error("the tslab kernel could not be started");
    this.pid = child.pid;
    if (sideChannelLimit !== undefined) this.collectSideChannel(sideChannelLimit);
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
  static async start(connectionFilePath: string, cwd: string, launch: KernelLaunchOptions = {}): Promise<KernelProcess> {
    const tslab = requireTslab();
    if (!fs.existsSync(cwd)) throw new Error(`the folder to run the kernel in does not exist: ${cwd}`);
    const nodeArgs = [...(launch.nodeArgs ?? []), ...permissionArgs(launch.permissions, connectionFilePath, cwd)];
    // The Node that runs us runs the kernel too, whatever `node` is first on PATH.
    // The launcher's real path, so that the permission model sees the file it actually loads.
    const entry = launch.snapshotBlob !== undefined ? ["--snapshot-blob", launch.snapshotBlob] : [fs.realpathSync(tslab)];
    const kernelCommand = [process.execPath, ...nodeArgs, ...entry, "kernel", "--config-path", connectionFilePath];
    const [command, ...args] = canUseParentDeathSignal ? [setpriv, "--pdeathsig", "KILL", "--", ...kernelCommand] : kernelCommand;
    const sideChannel = launch.sideChannel !== undefined;
    const child = spawn(command, args, {
      cwd,
      detached: true,
      stdio: sideChannel ? ["ignore", "ignore", "pipe", "pipe"] : ["ignore", "ignore", "pipe"],
      env: launch.env ?? withInstalledModules(process.env),
    });
    await new Promise<void>((resolve, reject) => {
      child.once("spawn", () => resolve());
      child.once("error", (error) => reject(new Error(`could not start the tslab kernel: ${error.message}`)));
    });
    const kernel = new KernelProcess(child, launch.sideChannel?.maxBytes);
    watchProcessGroup(kernel.pid);
    if (kernelStarts.hasSubscribers) kernelStarts.publish({ cwd, fromSnapshot: launch.snapshotBlob !== undefined });
    return kernel;
  }

  /** The text written to fd 3 so far (only with the sideChannel launch option). */
  get sideChannelText(): SideChannelText {
    return { ...this.side };
  }

  private collectSideChannel(maxBytes: number): void {
    const pipe = this.child.stdio[3];
    if (pipe === null || pipe === undefined || !("on" in pipe)) return;
    let bytes = 0;
    const decoder = new TextDecoder();
    pipe.on("data", (chunk: Buffer) => {
      const room = maxBytes - bytes;
      if (chunk.length > room) this.side.overflowed = true;
      const kept = chunk.subarray(0, Math.max(0, room));
      bytes += kept.length;
      if (kept.length > 0) this.side.text += decoder.decode(kept, { stream: true });
    });
    // A kernel that dies with the pipe open must not keep us waiting.
    pipe.on("error", () => undefined);
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

/**
 * This environment, with the folder tslab is installed in on NODE_PATH: a
 * notebook anywhere on disk then finds the project's packages (dlfs), at run
 * time (Node reads NODE_PATH) and when tslab type-checks its cells (the patch
 * "modules on NODE_PATH" in kernel-setup/patch-tslab.js). Jupyter gets the
 * same from the kernelspec that `npm run setup-kernel` writes.
 */
function withInstalledModules(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const modules = installedModulesDir();
  if (modules === undefined) return env;
  const paths = (env.NODE_PATH ?? "").split(path.delimiter).filter((entry) => entry !== "");
  return paths.includes(modules) ? env : { ...env, NODE_PATH: [modules, ...paths].join(path.delimiter) };
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
