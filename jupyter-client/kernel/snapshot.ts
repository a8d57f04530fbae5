/**
 * A V8 start-up snapshot of a tslab kernel that has already loaded
 * TypeScript and built its first program. A fresh tslab kernel spends about
 * 2 CPU-seconds on that before it runs a cell; one started from the snapshot
 * is ready in a fraction of that, with the same compiler and the same types.
 * The grader, which starts one kernel per submission, builds one snapshot per
 * run (a few seconds) and starts every kernel from it.
 *
 * A snapshot holds the converter's working folder: kernels started from it
 * must run in the folder it was built in (snapshot-entry.js refuses
 * any other).
 */
import { spawn } from "child_process";
import * as path from "path";
import { requireTslab, withInstalledModules } from "./tslab";

const entry = path.join(__dirname, "snapshot-entry.js");

/** Node can build and start from user-land snapshots (v18.8 and later). */
export function snapshotSupported(): boolean {
  return process.allowedNodeEnvironmentFlags.has("--snapshot-blob");
}

/**
 * Builds the snapshot of a kernel working in `folder` (which must hold
 * node_modules/tslab and whatever the lessons import) into `blob`.
 * `v8Flags` must be the V8 flags the kernels will get (e.g. their heap
 * limit): V8 refuses a snapshot built with other ones.
 * Rejects with Node's own words when it cannot.
 */
export function buildKernelSnapshot(folder: string, blob: string, v8Flags: string[] = []): Promise<string> {
  const tslabDist = path.join(path.dirname(path.dirname(requireTslab())), "dist");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...v8Flags, "--snapshot-blob", blob, "--build-snapshot", entry], {
      cwd: folder,
      // NODE_PATH as the kernels have it: the snapshot's converter reads it once, when it is made.
      env: withInstalledModules({ PATH: process.env.PATH ?? "/usr/bin:/bin", DLFS_TSLAB_DIST: tslabDist }),
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (text: string) => {
      stderr = (stderr + text).slice(-4000);
    });
    child.once("error", (error) => reject(new Error(`could not build the kernel snapshot: ${error.message}`)));
    child.once("close", (code, signal) => {
      if (code === 0) resolve(blob);
      else reject(new Error(`could not build the kernel snapshot (node exited with ${signal ?? code}): ${lastError(stderr)}`));
    });
  });
}

/** Node's warnings about experimental features are noise here; the error is what is left. */
function lastError(stderr: string): string {
  const lines = stderr
    .split("\n")
    .filter(
      (line) => line.trim() !== "" && !/warning|It may still work|issue tracker|--trace-warnings|stackTraceLimit/i.test(line),
    );
  return lines.slice(-6).join(" / ") || "no message";
}
