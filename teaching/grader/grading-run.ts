/**
 * One grading run owns a folder and everything its kernels share: their
 * working folder (home), the kernel snapshot built for it, the answer key
 * as kernels see it (no answers), the folder their sockets go in, and the
 * operating-system sandbox they run in. Steps of grading (running a
 * submission, running it again on other inputs) ask it for kernels; closing
 * it removes the folder.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { AnswerKey } from "dlfs/answer-key";
import { buildKernelSnapshot, type KernelLaunchOptions, snapshotSupported } from "../../jupyter-client";
import type { OsSandbox } from "./os-sandbox";
import { writeRedactedAnswerKey } from "./redacted-key";
import { kernelLaunch, type KernelLimits, kernelV8Flags, makeKernelHome } from "./sandbox";

export class GradingRun {
  /** The snapshot being built, once asked for; undefined inside when Node cannot build one. */
  private snapshot: Promise<string | undefined> | undefined;
  private closed = false;

  private constructor(
    readonly folder: string,
    readonly home: string,
    private readonly socketsFolder: string,
    private readonly redactedKey: string,
    readonly sandbox: OsSandbox,
    /** The kernels' heap limit: the snapshot is built for it. */
    readonly memoryMb: number,
  ) {}

  /** A run in a new temp folder, whose kernels run in `sandbox` with a heap of `memoryMb`. */
  static create(options: { keys: AnswerKey; sandbox: OsSandbox; memoryMb: number }): GradingRun {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "dlfs-grade-"));
    try {
      // The kernels may run as another user (nobody, when the grader is root): they pass through, and read what is theirs.
      fs.chmodSync(folder, 0o711);
      const home = makeKernelHome(folder);
      const sockets = path.join(folder, "sockets");
      fs.mkdirSync(sockets, { mode: 0o711 });
      fs.chmodSync(sockets, 0o711);
      const redactedKey = writeRedactedAnswerKey(options.keys, path.join(folder, "answer-key.json"));
      return new GradingRun(folder, home, sockets, redactedKey, options.sandbox, options.memoryMb);
    } catch (error) {
      fs.rmSync(folder, { recursive: true, force: true });
      throw error;
    }
  }

  /**
   * Starts building the kernel snapshot (a few seconds, once per run) and
   * resolves with it, or undefined (with a warning) where Node cannot build
   * one: kernels then start as tslab starts them.
   */
  buildSnapshot(warn: (message: string) => void = () => undefined): Promise<string | undefined> {
    this.snapshot ??= this.makeSnapshot(warn);
    return this.snapshot;
  }

  private async makeSnapshot(warn: (message: string) => void): Promise<string | undefined> {
    if (!snapshotSupported()) return undefined;
    try {
      const blob = await buildKernelSnapshot(this.home, path.join(this.folder, "kernel.blob"), kernelV8Flags(this.memoryMb));
      fs.chmodSync(blob, 0o644);
      return blob;
    } catch (error) {
      warn(
        `${error instanceof Error ? error.message : String(error)}; every kernel starts from scratch instead (slower, same results)`,
      );
      return undefined;
    }
  }

  /** Launch options for a kernel of this run, from `snapshotBlob` if given (one this run built). */
  kernelLaunch(limits: Omit<KernelLimits, "memoryMb">, snapshotBlob?: string): KernelLaunchOptions {
    const place = {
      home: this.home,
      socketsFolder: this.socketsFolder,
      redactedKey: this.redactedKey,
      sandbox: this.sandbox,
      snapshotBlob,
    };
    return kernelLaunch(place, { ...limits, memoryMb: this.memoryMb });
  }

  /** Waits for a snapshot still being built, then removes the run's folder. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.snapshot; // never rejects; the build must not outlive its folder
    fs.rmSync(this.folder, { recursive: true, force: true });
  }

  /** Removes the folder now, without waiting (on exit: the snapshot build dies with this process). */
  removeNow(): void {
    fs.rmSync(this.folder, { recursive: true, force: true });
  }
}
