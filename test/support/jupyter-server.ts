// A real Jupyter Notebook 6 server for browser tests: Debian's, on
// 127.0.0.1 with a random token, in a temporary folder of its own (its
// config, data, runtime and trust database, and the tslab kernel of this
// project registered there), so that nothing of the user's Jupyter is read
// or changed. Notebooks open untrusted, as in a fresh clone. Stopped, with
// its kernels, whatever happens.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { projectRoot } from "./paths";
import { freePort } from "./processes";

const python = "/usr/bin/python3";

export interface NotebookServer {
  /** The folder the server serves; notebooks copied there open as /notebooks/<name>. */
  root: string;
  /** http://127.0.0.1:<port>/notebooks/<name>?token=... */
  urlOf(notebook: string): string;
  /** What File › Download as › HTML fetches: http://127.0.0.1:<port>/nbconvert/html/<name>?download=true&token=... */
  downloadAsHtmlUrlOf(notebook: string): string;
  stop(): Promise<void>;
}

/** Why Debian's Notebook 6 cannot run here, or undefined when it can. */
export function notebookServerMissing(): string | undefined {
  const probe = spawnSync(python, ["-c", "import notebook, jupyter_client; print(notebook.__version__)"], { encoding: "utf8" });
  if (probe.status !== 0) return `${python} has no Jupyter Notebook (apt-get install jupyter-notebook)`;
  return undefined;
}

/** Starts the server with copies of `notebooks`; the copies' kernels run in its folder and import dlfs through node_modules. */
export async function startNotebookServer(notebooks: readonly string[]): Promise<NotebookServer> {
  const home = mkdtempSync(path.join(tmpdir(), "dlfs-jupyter-"));
  const root = path.join(home, "notebooks");
  const dataDir = path.join(home, "data");
  mkdirSync(root);
  mkdirSync(path.join(dataDir, "kernels", "tslab"), { recursive: true });
  for (const notebook of notebooks) copyFileSync(notebook, path.join(root, path.basename(notebook)));
  // tslab resolves `import ... from "dlfs"` from the kernel's folder.
  symlinkSync(path.join(projectRoot, "node_modules"), path.join(root, "node_modules"));
  const kernelSpec = {
    argv: [
      process.execPath,
      path.join(projectRoot, "node_modules", "tslab", "bin", "tslab"),
      "kernel",
      "--config-path",
      "{connection_file}",
    ],
    display_name: "TypeScript",
    language: "typescript",
  };
  writeFileSync(path.join(dataDir, "kernels", "tslab", "kernel.json"), JSON.stringify(kernelSpec));

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const token = randomBytes(16).toString("hex");
  const env = {
    ...process.env,
    JUPYTER_CONFIG_DIR: path.join(home, "config"),
    JUPYTER_DATA_DIR: dataDir,
    JUPYTER_RUNTIME_DIR: path.join(home, "runtime"),
    JUPYTER_PATH: dataDir,
  };
  const args = [
    "-m",
    "notebook",
    "--no-browser",
    "--ip=127.0.0.1",
    `--port=${port}`,
    "--port-retries=0",
    `--NotebookApp.token=${token}`,
    `--notebook-dir=${root}`,
    // CI runs as root, in a throwaway machine.
    ...(process.getuid?.() === 0 ? ["--allow-root"] : []),
  ];
  // A process group of its own, so that stopping it stops its kernels too.
  const server: ChildProcess = spawn(python, args, { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  server.stdout?.on("data", (chunk: Buffer) => (log += chunk.toString()));
  server.stderr?.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<void>((resolve) => server.once("exit", () => resolve()));

  const stop = async () => {
    // Kernels run in sessions of their own (jupyter_client starts them so): shut them down
    // through the server first, then end whatever still runs in this folder.
    await shutDownKernels(base, token);
    if (server.pid !== undefined && server.exitCode === null) {
      try {
        process.kill(-server.pid, "SIGTERM");
      } catch {
        // Already gone.
      }
      const killed = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5000))]);
      if (!killed) {
        try {
          process.kill(-server.pid, "SIGKILL");
        } catch {
          // Already gone.
        }
      }
    }
    killProcessesIn(home);
    rmSync(home, { recursive: true, force: true });
  };
  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (server.exitCode !== null) throw new Error(`jupyter notebook exited with code ${server.exitCode}:\n${log}`);
      try {
        const response = await fetch(`${base}/api/status?token=${token}`);
        if (response.ok) break;
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) throw new Error(`jupyter notebook did not answer within 30 s:\n${log}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    root,
    urlOf: (notebook) => `${base}/notebooks/${encodeURIComponent(notebook)}?token=${token}`,
    downloadAsHtmlUrlOf: (notebook) => `${base}/nbconvert/html/${encodeURIComponent(notebook)}?download=true&token=${token}`,
    stop,
  };
}

async function shutDownKernels(base: string, token: string): Promise<void> {
  try {
    const response = await fetch(`${base}/api/kernels?token=${token}`);
    const kernels = (await response.json()) as Array<{ id: string }>;
    await Promise.all(kernels.map((kernel) => fetch(`${base}/api/kernels/${kernel.id}?token=${token}`, { method: "DELETE" })));
  } catch {
    // The server is gone already; what it left is found below.
  }
}

/** Kills every process whose working folder lies in `folder` (Linux's /proc): a kernel the server could not stop. */
function killProcessesIn(folder: string): void {
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return;
  }
  for (const pid of pids) {
    try {
      const cwd = readlinkSync(`/proc/${pid}/cwd`);
      if (cwd === folder || cwd.startsWith(folder + path.sep)) process.kill(Number(pid), "SIGKILL");
    } catch {
      // Gone, or not ours to read.
    }
  }
}
