/**
 * How a submission's kernel runs: in a folder holding only links to what a
 * lesson needs (tslab, dlfs, Node's types), inside the operating-system
 * sandbox (os-sandbox.ts) that shows it exactly that, the built library with
 * an answer key that has no answers, and its own socket folder; with Node's
 * permission model inside as a second fence (read only that, write nothing,
 * start no processes); a heap limit; and a bare environment.
 */
import * as fs from "fs";
import * as path from "path";
import { parseLanguage } from "dlfs/internal";
import { permissionFlags, tslabDir, type KernelLaunchOptions } from "../../jupyter-client";
import { nodeInstallFolder, type OsSandbox, type SandboxLimits, sandboxedCommand, type SandboxView } from "./os-sandbox";

/** The folder of the installed packages, where tslab, TypeScript and zeromq are. */
const nodeModules = path.dirname(tslabDir ?? path.resolve(__dirname, "..", "..", "node_modules", "tslab"));
/** The dlfs library's real folder (lib/), behind npm's link node_modules/dlfs. */
const libDir = path.dirname(fs.realpathSync(require.resolve("dlfs/package.json")));
/** The file the built library loads its answer key from. */
const builtAnswerKey = path.join(libDir, "dist", "answer-key", "answer-key.json");

/**
 * What a kernel reads: the installed packages (tslab, TypeScript, zeromq),
 * the built dlfs library, and one file zeromq's loader asks about. Not the
 * lessons, the library's sources, the submissions or the gradebook. (Node's
 * permission model follows symbolic links inside these; the OS sandbox shows
 * nothing else to follow them to.)
 */
const readable = [nodeModules, path.join(libDir, "dist"), path.join(libDir, "package.json"), "/etc/alpine-release"];

/** Loaded first in every kernel that does not start from a snapshot: see the file. */
const inertWatchers = path.join(__dirname, "..", "in-kernel", "inert-watchers.js");

/** Whether this Node can run kernels under its permission model (see jupyter-client's node-flags). */
export function permissionModelSupported(): boolean {
  return permissionFlags() !== undefined;
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

/**
 * The kernels' working folder: node_modules/{tslab,dlfs,@types/node} and
 * nothing else. tslab looks for itself in the folder it starts in, lessons
 * import "dlfs" from there, and tslab takes Node's types from there (the same
 * version the lessons get; without it, tslab would fall back to its own older
 * copy). Kernels cannot write to it: a writable folder holding these links
 * would let code write through them.
 */
export function makeKernelHome(runFolder: string): string {
  const home = path.join(runFolder, "kernel");
  fs.mkdirSync(path.join(home, "node_modules", "@types"), { recursive: true, mode: 0o755 });
  fs.symlinkSync(path.join(nodeModules, "tslab"), path.join(home, "node_modules", "tslab"));
  fs.symlinkSync(libDir, path.join(home, "node_modules", "dlfs"));
  fs.symlinkSync(path.join(nodeModules, "@types", "node"), path.join(home, "node_modules", "@types", "node"));
  return home;
}

/** True when `inner` is `outer` or inside it. */
function isWithin(inner: string, outer: string): boolean {
  const relative = path.relative(outer, inner);
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
}

/**
 * The kernel's view of the file system in the OS sandbox, for a kernel whose
 * sockets are in `socketFolder`. The project's own files are not in it
 * (nothing of them is bound) unless the project lies inside a system folder
 * the sandbox shows, such as /usr: then it is hidden under an empty folder.
 */
function kernelView(home: string, socketFolder: string, redactedKey: string, snapshotBlob: string | undefined): SandboxView {
  const projectRoot = path.dirname(nodeModules);
  const systemFolders = ["/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"];
  const node = fs.realpathSync(process.execPath);
  const cache = path.join(nodeModules, ".cache");
  return {
    readOnly: [
      ...readable.filter((entry) => fs.existsSync(entry)),
      home,
      inertWatchers,
      ...(snapshotBlob === undefined ? [] : [snapshotBlob]),
      ...(isWithin(node, "/usr") ? [] : [nodeInstallFolder()]),
    ],
    replaced: [{ source: redactedKey, target: builtAnswerKey }],
    writable: [socketFolder],
    // Tools' caches (ESLint's, Prettier's) hold nothing a lesson needs.
    hidden: [
      ...(systemFolders.some((folder) => isWithin(projectRoot, folder)) ? [projectRoot] : []),
      ...(fs.existsSync(cache) ? [cache] : []),
    ],
  };
}

export interface KernelLimits {
  /** Heap limit of the kernel's Node, in MB. */
  memoryMb: number;
  /** Resident memory the kernel may use, in MB (the OS sandbox's hard bound sits above it). */
  residentMb: number;
  /** CPU seconds the kernel may use in all (the OS sandbox's bound). */
  cpuSeconds: number;
}

/** What a kernel launch needs from the grading run it belongs to. */
export interface KernelPlace {
  /** The kernels' working folder (makeKernelHome). */
  home: string;
  /** Where each kernel's socket folder is made. */
  socketsFolder: string;
  /** The answer key as kernels see it: no answers (see redacted-key.ts). */
  redactedKey: string;
  sandbox: OsSandbox;
  /** Start from this snapshot, built for `home`. */
  snapshotBlob?: string;
}

/**
 * Room the OS sandbox leaves above the resident limit for what V8 maps
 * writable without using it (about 600 MB for Node with dlfs loaded): the
 * resident limit is the precise one (memory-watch.ts), this one the hard one.
 */
const writableMemoryRoomMb = 2048;

/**
 * Launch options for one kernel: in the OS sandbox when there is one (its
 * sockets then in a folder of its own, for it has no network), under Node's
 * permission model when this Node has it.
 */
export function kernelLaunch(place: KernelPlace, limits: KernelLimits): KernelLaunchOptions {
  const permissions = permissionModelSupported();
  const { snapshotBlob, sandbox } = place;
  // A kernel from the snapshot has inert watchers already (snapshot-entry.js).
  const preload = permissions && snapshotBlob === undefined ? [`--require=${inertWatchers}`] : [];
  const sandboxLimits: SandboxLimits = { cpuSeconds: limits.cpuSeconds, dataMb: limits.residentMb + writableMemoryRoomMb };
  return {
    nodeArgs: [...kernelV8Flags(limits.memoryMb), ...preload],
    permissions: permissions ? { read: [...readable, inertWatchers], write: [] } : undefined,
    // Nothing of the teacher's environment (tokens, paths) reaches student code, but the
    // language the teacher chose for the hints (DLFS_LANG=en), so that a kernel's errors speak it too.
    env: { PATH: "/usr/local/bin:/usr/bin:/bin", HOME: place.home, LANG: "C.UTF-8", TZ: "UTC", ...chosenLanguage() },
    sideChannel: true,
    snapshotBlob,
    ipcFolder: sandbox.kind === "bubblewrap" ? place.socketsFolder : undefined,
    sandbox:
      sandbox.kind === "bubblewrap"
        ? {
            command(kernelCommand, { connectionFile, cwd, infoFd }) {
              const socketFolder = path.dirname(connectionFile);
              // The kernel runs as nobody when the grader is root: its socket folder and connection file are nobody's.
              if (sandbox.runAs !== undefined) {
                fs.chownSync(socketFolder, sandbox.runAs.uid, sandbox.runAs.gid);
                fs.chownSync(connectionFile, sandbox.runAs.uid, sandbox.runAs.gid);
              }
              const view = kernelView(place.home, socketFolder, place.redactedKey, snapshotBlob);
              // Node by its real path: a link to it (/usr/local/bin/node) may lie outside the view.
              const command = [fs.realpathSync(kernelCommand[0]), ...kernelCommand.slice(1)];
              return sandboxedCommand(sandbox, view, sandboxLimits, command, { cwd, infoFd });
            },
          }
        : undefined,
  };
}

/** DLFS_LANG of the grader, read as dlfs reads it: only the language it names passes (two letters). */
function chosenLanguage(): { DLFS_LANG?: string } {
  const language = parseLanguage(process.env.DLFS_LANG);
  return language === undefined ? {} : { DLFS_LANG: language };
}
