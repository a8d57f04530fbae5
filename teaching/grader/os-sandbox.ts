/**
 * The operating-system sandbox every grading kernel runs in: bubblewrap
 * (`bwrap`) on Linux. Each kernel gets its own PID, network, mount, IPC, UTS
 * and user namespaces (it sees no other process, has no network but its own
 * loopback, and cannot make namespaces of its own), a read-only view of
 * exactly what a lesson needs, an empty private /tmp, and resource limits.
 * Run as root, the grader starts it as nobody (uid 65534).
 *
 * Found by trying it (a distribution may lack it, forbid user namespaces, or
 * confine bwrap), not by guessing from the platform.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

/** How the kernels are confined, as `npm run doctor` and the grader say it. */
export type OsSandbox =
  | { kind: "bubblewrap"; bwrap: string; version: string; runAs?: { uid: number; gid: number }; prlimit?: string }
  | { kind: "none"; why: string };

/** The uid and gid a root grader runs kernels as (nobody, nogroup on Debian). */
const nobody = { uid: 65534, gid: 65534 };

const setpriv = "/usr/bin/setpriv";

/** The program `name` on PATH, as a shell finds it. */
function findProgram(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter).filter((entry) => entry !== "")) {
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {
      // not there
    }
  }
  return undefined;
}

/** What a kernel's view of the file system holds; paths are the same inside as outside. */
export interface SandboxView {
  /** Folders and files bound read-only. */
  readOnly: string[];
  /** A file shown in place of another (e.g. the answer key without its answers). */
  replaced: Array<{ source: string; target: string }>;
  /** Folders the kernel may write to (its socket folder). */
  writable: string[];
  /** Folders shown empty, whatever a bind above would show of them (the project's sources). */
  hidden: string[];
}

/** Resource limits of one kernel (setrlimit, through util-linux's prlimit). */
export interface SandboxLimits {
  /** CPU time of the kernel in seconds (then SIGXCPU, and SIGKILL a few seconds later). */
  cpuSeconds: number;
  /** Writable private memory in MB (RLIMIT_DATA): a hard bound on what it can allocate. */
  dataMb: number;
}

/** Files a kernel can write are on its tmpfs only: 64 MB each, 64 MB in all. */
const fileSizeBytes = 64 * 1024 * 1024;
/** Processes and threads of one kernel (Node, V8, libuv and ZeroMQ threads: about 12). */
const maxTasks = 256;
const maxOpenFiles = 1024;

/** The top-level system folders a dynamically linked Node needs, as they are on this machine (links or folders). */
function systemMounts(): string[] {
  const args = ["--ro-bind", "/usr", "/usr"];
  for (const top of ["/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"]) {
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(top);
    } catch {
      continue;
    }
    if (stat.isSymbolicLink()) args.push("--symlink", fs.readlinkSync(top), top);
    else if (stat.isDirectory()) args.push("--ro-bind", top, top);
  }
  // The dynamic linker's cache: without it, libraries in multiarch folders are not found on some systems.
  args.push("--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache");
  return args;
}

/** The folder of the Node that runs the kernels, when /usr does not hold it already. */
export function nodeInstallFolder(): string {
  const real = fs.realpathSync(process.execPath);
  // <prefix>/bin/node: the prefix holds Node's own libraries, if any.
  return path.dirname(path.dirname(real));
}

/** The depth of a path: a bind inside another must come after it, to land on top. */
function depth(file: string): number {
  return file.split(path.sep).length;
}

/** The mounts of a view, after the system folders and the private /tmp: parents first. */
function viewMounts(view: SandboxView): string[] {
  const mounts = [
    ...view.hidden.map((folder) => ({ target: folder, args: ["--tmpfs", folder] })),
    ...view.readOnly.map((source) => ({ target: source, args: ["--ro-bind", source, source] })),
    ...view.replaced.map(({ source, target }) => ({ target, args: ["--ro-bind", source, target] })),
    ...view.writable.map((folder) => ({ target: folder, args: ["--bind", folder, folder] })),
  ];
  // Array.prototype.sort is stable: at one depth, the order above.
  return mounts.sort((a, b) => depth(a.target) - depth(b.target)).flatMap((mount) => mount.args);
}

/** The namespaces and process settings, the same for the probe and the kernels. */
const isolation = [
  "--unshare-all",
  "--unshare-user",
  "--disable-userns",
  "--die-with-parent",
  "--new-session",
  "--as-pid-1",
  "--hostname",
  "grading",
];

/** setpriv to nobody when running as root (then bwrap runs unprivileged, in a user namespace of nobody's). */
function dropPrivileges(sandbox: Extract<OsSandbox, { kind: "bubblewrap" }>): string[] {
  if (sandbox.runAs === undefined) return [];
  return [setpriv, `--reuid=${sandbox.runAs.uid}`, `--regid=${sandbox.runAs.gid}`, "--clear-groups", "--"];
}

function limitArgs(sandbox: Extract<OsSandbox, { kind: "bubblewrap" }>, limits: SandboxLimits): string[] {
  if (sandbox.prlimit === undefined) return [];
  const cpu = Math.ceil(limits.cpuSeconds);
  return [
    sandbox.prlimit,
    `--cpu=${cpu}:${cpu + 5}`,
    `--data=${Math.ceil(limits.dataMb) * 1024 * 1024}`,
    `--fsize=${fileSizeBytes}`,
    `--nproc=${maxTasks}`,
    `--nofile=${maxOpenFiles}`,
    "--core=0",
    "--",
  ];
}

/**
 * The command that runs `command` in the sandbox with `view`, in `cwd`,
 * reporting the sandboxed process's id on `infoFd` (bubblewrap's --info-fd).
 */
export function sandboxedCommand(
  sandbox: Extract<OsSandbox, { kind: "bubblewrap" }>,
  view: SandboxView,
  limits: SandboxLimits,
  command: string[],
  options: { cwd: string; infoFd?: number },
): string[] {
  return [
    ...dropPrivileges(sandbox),
    ...limitArgs(sandbox, limits),
    sandbox.bwrap,
    ...isolation,
    ...(options.infoFd === undefined ? [] : ["--info-fd", String(options.infoFd)]),
    ...systemMounts(),
    "--proc",
    "/proc",
    "--dev",
    "/dev",
    "--size",
    String(fileSizeBytes),
    "--tmpfs",
    "/tmp",
    ...viewMounts(view),
    "--chdir",
    options.cwd,
    "--",
    ...command,
  ];
}

let found: OsSandbox | undefined;

/**
 * The sandbox grading uses on this machine: bubblewrap if it runs here (tried
 * once per process, starting this Node inside it), else why not.
 */
export function findOsSandbox(): OsSandbox {
  found ??= probe();
  return found;
}

function probe(): OsSandbox {
  if (process.platform !== "linux")
    return { kind: "none", why: `no operating-system sandbox for ${process.platform} (bubblewrap needs Linux)` };
  const bwrap = findProgram("bwrap");
  if (bwrap === undefined)
    return { kind: "none", why: "bubblewrap is not installed (Debian and Ubuntu: apt-get install bubblewrap)" };
  const version = spawnSync(bwrap, ["--version"], { encoding: "utf8", timeout: 10_000 })
    .stdout.trim()
    .replace(/^bubblewrap\s*/, "");
  const isRoot = process.getuid?.() === 0;
  if (isRoot && !fs.existsSync(setpriv))
    return { kind: "none", why: `${setpriv} (util-linux) is missing: as root, the grader needs it to run kernels as nobody` };
  const sandbox: OsSandbox = {
    kind: "bubblewrap",
    bwrap,
    version,
    runAs: isRoot ? nobody : undefined,
    prlimit: findProgram("prlimit"),
  };
  // This Node, started in the sandbox as kernels are: the namespaces, the view of Node, the limits.
  const node = fs.realpathSync(process.execPath);
  const view: SandboxView = {
    readOnly: node.startsWith("/usr/") ? [] : [nodeInstallFolder()],
    replaced: [],
    writable: [],
    hidden: [],
  };
  const command = sandboxedCommand(
    sandbox,
    view,
    { cpuSeconds: 30, dataMb: 4096 },
    [node, "-e", "process.stdout.write(String(process.pid))"],
    {
      cwd: "/",
    },
  );
  const run = spawnSync(command[0], command.slice(1), { encoding: "utf8", timeout: 30_000 });
  if (run.status === 0 && run.stdout === "1") return sandbox;
  const said = run.stderr
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .pop();
  const cause = said ?? run.error?.message ?? `it exited with ${run.status ?? run.signal}`;
  const asNobody = isRoot ? " (as nobody, uid 65534: every folder it binds must be readable by others)" : "";
  return {
    kind: "none",
    why: `bubblewrap ${version} is installed but cannot start a kernel's sandbox here${asNobody}: ${cause}`,
  };
}

/** One line for people: which sandbox, and what it does. */
export function describeOsSandbox(sandbox: OsSandbox): string {
  if (sandbox.kind === "none") return `no operating-system sandbox: ${sandbox.why}`;
  const who = sandbox.runAs === undefined ? "" : `, as nobody (uid ${sandbox.runAs.uid})`;
  const limits = sandbox.prlimit === undefined ? "; no resource limits (prlimit not found)" : "";
  return `bubblewrap ${sandbox.version}: own PID, network, mount, IPC and user namespaces, a read-only view of what a lesson needs${who}${limits}`;
}
