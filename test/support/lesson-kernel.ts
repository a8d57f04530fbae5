// How the tests start a kernel for a lesson: in a folder outside the project,
// where a class's copies of the lessons live (~/work/213.ipynb), so that every
// lesson shows it runs from any folder; from a start-up snapshot made once per
// test process for that folder, as the grader starts its kernels; and with its
// share of the cores when several run at once. Such a kernel runs the same
// tslab, compiler and types as the one Jupyter starts, but skips the two
// CPU-seconds of loading TypeScript that a fresh one spends before its first
// cell (over 30 lessons and their student versions, most of a minute). The
// grader sandbox test shows that it gives the committed outputs;
// kernel-client.test.ts and CI's run of every lesson in real Jupyter start
// tslab as installed, in notebooks/.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  buildKernelSnapshot,
  environmentForKernelsAtOnce,
  type KernelLaunchOptions,
  snapshotSupported,
} from "../../jupyter-client";

let folder: string | undefined;
let snapshot: Promise<string | undefined> | undefined;

/**
 * The folder outside the project that the lessons run in, named as a class's
 * might be (a space, Korean, two levels down): one per test process, removed
 * at its exit.
 */
export function lessonFolder(): string {
  if (folder === undefined) {
    const made = fs.mkdtempSync(path.join(os.tmpdir(), "외부 폴더 "));
    process.once("exit", () => fs.rmSync(made, { recursive: true, force: true }));
    folder = path.join(made, "수업");
    fs.mkdirSync(folder);
  }
  return folder;
}

/**
 * The launch options for a kernel working in lessonFolder(), one of `atOnce`
 * kernels that run side by side: from the snapshot (tslab as installed where
 * Node has none), with its share of the cores for dlfs's threads.
 */
export async function lessonKernelLaunch(atOnce: number): Promise<KernelLaunchOptions> {
  snapshot ??= buildSnapshot();
  return { snapshotBlob: await snapshot, env: environmentForKernelsAtOnce(atOnce) };
}

async function buildSnapshot(): Promise<string | undefined> {
  if (!snapshotSupported()) return undefined;
  const blobs = fs.mkdtempSync(path.join(os.tmpdir(), "dlfs-lesson-kernel-"));
  process.once("exit", () => fs.rmSync(blobs, { recursive: true, force: true }));
  return buildKernelSnapshot(lessonFolder(), path.join(blobs, "kernel.blob"));
}
