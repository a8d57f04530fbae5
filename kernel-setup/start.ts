/**
 * `npm start`: everything needed to work on the lessons in the browser.
 * Builds the dlfs library if needed, registers the tslab kernel if needed,
 * and starts Jupyter on notebooks/, reachable only from this machine.
 *
 *   npm start                 classic notebook interface
 *   npm start -- --lab        JupyterLab, if it is installed
 *   npm start -- --port 9000  any other option goes to Jupyter unchanged
 */
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import { exitCodes, runCommand } from "../jupyter-client";
import { ensureJupyter, ensureKernelRegistered, SetupError } from "./install";
import type { JupyterPython } from "./jupyter-python";
import { libEntry, notebooksDir, projectRoot, tscBinary } from "./paths";

function buildLibraryIfMissing(): void {
  if (fs.existsSync(libEntry)) return;
  console.log("Building the dlfs library (lib/dist is missing): tsc -b lib");
  const build = spawnSync(process.execPath, [tscBinary, "-b", "lib"], { cwd: projectRoot, stdio: "inherit" });
  if (build.status !== 0 || !fs.existsSync(libEntry)) {
    throw new SetupError(
      "Building the dlfs library failed (see the errors above); notebooks cannot import it until `npm run build` succeeds.",
    );
  }
}

function jupyterApp(python: JupyterPython, wantsLab: boolean): "notebook" | "jupyterlab" {
  if (wantsLab && python.jupyterlabVersion !== null) return "jupyterlab";
  if (wantsLab) console.log("JupyterLab is not installed; starting the classic notebook instead.");
  return python.notebookVersion !== null ? "notebook" : "jupyterlab";
}

/** Jupyter prints its address with the login token among other log lines; pick the local one. */
const addressWithToken = /https?:\/\/127\.0\.0\.1:\d+\/\S*\?token=[0-9a-f]+/;

function announce(url: string, app: string): void {
  const rule = "-".repeat(Math.min(100, url.length + 4));
  console.log(`\n${rule}\n  Jupyter (${app}) is running. Open this address in your browser:\n\n    ${url}\n`);
  console.log(`  The lessons are in notebooks/. Choose the kernel "TypeScript".`);
  console.log(`  Stop with Ctrl+C (twice, or once and answer y).\n${rule}\n`);
}

function startJupyter(python: JupyterPython, app: "notebook" | "jupyterlab", extraArgs: string[]): Promise<number> {
  const args = ["-m", app, "--no-browser", "--ip=127.0.0.1", ...extraArgs];
  // Jupyter refuses to run as root without being told that it is meant.
  if (process.getuid?.() === 0) args.push("--allow-root");
  console.log(`Starting: ${python.executable} ${args.join(" ")}   (in notebooks/)`);
  const jupyter = spawn(python.executable, args, { cwd: notebooksDir, stdio: ["inherit", "pipe", "pipe"] });
  // The address goes up once Jupyter's start-up log has gone quiet, so it is
  // the last thing on the screen rather than lost among log lines.
  let address: string | undefined;
  let announcement: NodeJS.Timeout | undefined;
  let announced = false;
  const relay = (chunk: Buffer): void => {
    process.stderr.write(chunk);
    address ??= addressWithToken.exec(chunk.toString())?.[0];
    if (address === undefined || announced) return;
    const url = address;
    clearTimeout(announcement);
    announcement = setTimeout(() => {
      announced = true;
      announce(url, app);
    }, 700);
  };
  jupyter.stdout?.on("data", relay);
  jupyter.stderr?.on("data", relay);
  // Ctrl+C reaches Jupyter too (same terminal); it decides when to stop, we wait for it.
  process.on("SIGINT", () => undefined);
  process.on("SIGTERM", () => jupyter.kill("SIGTERM"));
  return new Promise((resolve) => {
    jupyter.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    jupyter.on("error", (error) => {
      console.error(`Could not start Jupyter: ${error.message}`);
      resolve(1);
    });
  });
}

async function main(argv: string[]): Promise<number> {
  const wantsLab = argv.includes("--lab");
  const jupyterArgs = argv.filter((arg) => arg !== "--lab");
  try {
    buildLibraryIfMissing();
    const python = ensureJupyter();
    ensureKernelRegistered(python);
    return await startJupyter(python, jupyterApp(python, wantsLab), jupyterArgs);
  } catch (error) {
    console.error(error instanceof SetupError ? error.message : error);
    return exitCodes.failed;
  }
}

// main catches every error it expects: what escapes it is a bug.
runCommand("start", () => main(process.argv.slice(2)), "bugs");
