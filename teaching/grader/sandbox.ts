/**
 * Where and how a submission's kernel runs: a folder under a per-run temp dir
 * holding only links to what a lesson needs (tslab, dlfs, Node's types), the
 * same for every kernel of the run (they cannot write to it) and the folder
 * the run's kernel snapshot is built for; Node's permission model letting a
 * kernel read only that folder and the project's installed code, write
 * nothing, start no processes; a heap limit; and a bare environment.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { permissionFlags, tslabDir, type KernelLaunchOptions } from "../../jupyter-client";

/** The folder of the installed packages, where tslab, TypeScript and zeromq are. */
const nodeModules = path.dirname(tslabDir ?? path.resolve(__dirname, "..", "..", "node_modules", "tslab"));
/** The dlfs library's real folder (lib/), behind npm's link node_modules/dlfs. */
const libDir = path.dirname(fs.realpathSync(require.resolve("dlfs/package.json")));

/**
 * What a kernel reads: the installed packages (tslab, TypeScript, zeromq),
 * the built dlfs library, and one file zeromq's loader asks about. Not the
 * submissions, not the gradebook. (Node follows symbolic links inside these:
 * through npm's link node_modules/dlfs -> lib, the library's sources and the
 * answer key it loads are readable too; they hold nothing check() does not
 * show a learner already.)
 */
const readable = [nodeModules, path.join(libDir, "dist"), path.join(libDir, "package.json"), "/etc/alpine-release"];

/** Loaded first in every sandboxed kernel: see the file. */
const inertWatchers = path.join(__dirname, "..", "in-kernel", "inert-watchers.js");

/** Whether this Node can run kernels under its permission model (see jupyter-client's node-flags). */
export function sandboxSupported(): boolean {
  return permissionFlags() !== undefined;
}

export interface SandboxOptions {
  /** Heap limit of the kernel's Node, in MB. */
  memoryMb: number;
  /** False runs the kernel without the permission model (where Node lacks it). */
  permissions: boolean;
  /** Start from this kernel snapshot, built for `home` (see snapshot.ts). */
  snapshotBlob?: string;
}

/**
 * The kernel's V8 flags; a kernel snapshot must be built with the same (see
 * snapshot.ts). One GC thread: kernels run one per core already, and
 * helper threads only compete with the other kernels (6% less CPU in one
 * run of npm run bench:grade).
 */
export function kernelV8Flags(memoryMb: number): string[] {
  return [`--max-old-space-size=${memoryMb}`, "--single-threaded-gc"];
}

/** Launch options for a kernel whose working folder is `home` (made by makeKernelHome). */
export function sandboxLaunch(home: string, options: SandboxOptions): KernelLaunchOptions {
  // A kernel from the snapshot has inert watchers already (snapshot-entry.js).
  const preload = options.permissions && options.snapshotBlob === undefined ? [`--require=${inertWatchers}`] : [];
  return {
    nodeArgs: [...kernelV8Flags(options.memoryMb), ...preload],
    permissions: options.permissions ? { read: [...readable, inertWatchers], write: [] } : undefined,
    // Nothing of the teacher's environment (tokens, paths) reaches student code.
    env: { PATH: "/usr/local/bin:/usr/bin:/bin", HOME: home, LANG: "C.UTF-8", TZ: "UTC" },
    sideChannel: { maxBytes: 8 * 1024 * 1024 },
    snapshotBlob: options.snapshotBlob,
  };
}

/** A temp dir for one grading run; each submission gets a folder inside it. */
export function makeRunFolder(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "dlfs-grade-"));
}

/**
 * The kernels' working folder: node_modules/{tslab,dlfs,@types/node} and
 * nothing else. tslab looks for itself in the folder it starts in, lessons
 * import "dlfs" from there, and tslab takes Node's types from there (the same
 * version the lessons get; without it, tslab would fall back to its own older
 * copy). The kernels may not write to it (see sandboxLaunch): a writable
 * folder holding these links would let code write through them.
 */
export function makeKernelHome(runFolder: string): string {
  const home = path.join(runFolder, "kernel");
  fs.mkdirSync(path.join(home, "node_modules", "@types"), { recursive: true });
  fs.symlinkSync(path.join(nodeModules, "tslab"), path.join(home, "node_modules", "tslab"));
  fs.symlinkSync(libDir, path.join(home, "node_modules", "dlfs"));
  fs.symlinkSync(path.join(nodeModules, "@types", "node"), path.join(home, "node_modules", "@types", "node"));
  return home;
}

export function removeFolder(folder: string): void {
  fs.rmSync(folder, { recursive: true, force: true });
}
