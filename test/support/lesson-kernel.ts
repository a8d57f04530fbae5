// How the tests start a kernel for a lesson in notebooks/: from a start-up
// snapshot made once per test run for that folder, as the grader starts its
// kernels, and with its share of the cores when several run at once. Such a
// kernel runs the same tslab, compiler and types as the one Jupyter starts,
// but skips the two CPU-seconds of loading TypeScript that a fresh one spends
// before its first cell (over 30 lessons and their student versions, most of
// a minute). The grader sandbox test shows that it gives the committed
// outputs; kernel-client.test.ts and CI's run of every lesson in real Jupyter
// start tslab as installed.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  buildKernelSnapshot,
  environmentForKernelsAtOnce,
  type KernelLaunchOptions,
  snapshotSupported,
} from "../../jupyter-client";
import { notebooksDir } from "./lessons";

let snapshot: Promise<string | undefined> | undefined;

/**
 * The launch options for a kernel working in notebooks/, one of `atOnce`
 * kernels that run side by side: from the snapshot (tslab as installed where
 * Node has none), with its share of the cores for dlfs's threads.
 */
export async function lessonKernelLaunch(atOnce: number): Promise<KernelLaunchOptions> {
  snapshot ??= buildSnapshot();
  return { snapshotBlob: await snapshot, env: environmentForKernelsAtOnce(atOnce) };
}

async function buildSnapshot(): Promise<string | undefined> {
  if (!snapshotSupported()) return undefined;
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "dlfs-lesson-kernel-"));
  process.once("exit", () => fs.rmSync(folder, { recursive: true, force: true }));
  return buildKernelSnapshot(notebooksDir, path.join(folder, "kernel.blob"));
}
