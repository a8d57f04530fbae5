/**
 * `npm run setup-kernel`: makes the tslab kernel of this project available
 * in Jupyter. Finds a Python with Jupyter (installing Jupyter if it can),
 * then registers `node_modules/.bin/tslab` as the "TypeScript" kernel.
 * Running it again is harmless: it says the kernel is already registered.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import {
  candidatePythons,
  findJupyterPython,
  type JupyterPython,
  probePython,
  registeredKernel,
  type RegisteredKernel,
  runPython,
  which,
} from "./jupyter-python";
import { requireTslab } from "../jupyter-client";

export class SetupError extends Error {}

const log = (message: string): void => console.log(message);

const howToInstallJupyter = `Install it, then run \`npm run setup-kernel\` again:
  Debian/Ubuntu:  sudo apt-get install jupyter-notebook
  other systems:  python3 -m pip install --user notebook
If Jupyter belongs to a Python that is not on PATH, name that Python:
  JUPYTER_PYTHON=/path/to/python npm run setup-kernel`;

/** Asks pip's index for the notebook package with short time limits: offline machines answer fast. */
function pipReachesIndex(python: string): boolean {
  const args = ["-m", "pip", "index", "versions", "notebook", "--timeout", "5", "--retries", "0", "--disable-pip-version-check"];
  return spawnSync(python, args, { encoding: "utf8", timeout: 20_000 }).status === 0;
}

function installWithPip(): JupyterPython | undefined {
  for (const python of candidatePythons()) {
    if (runPython(python, "import pip") === undefined) continue;
    log(`Checking whether pip of ${python} can reach its package index...`);
    if (!pipReachesIndex(python)) {
      log("  it cannot (offline, or the index is blocked).");
      continue;
    }
    log(`Installing Jupyter: ${python} -m pip install --user notebook`);
    const installed = spawnSync(python, ["-m", "pip", "install", "--user", "notebook"], { stdio: "inherit" });
    const found = installed.status === 0 ? probePython(python) : undefined;
    if (found !== undefined) return found;
  }
  return undefined;
}

function aptKnowsJupyter(): boolean {
  const policy = spawnSync("apt-cache", ["policy", "jupyter-notebook"], { encoding: "utf8" });
  return /Candidate: (?!\(none\))/.test(policy.stdout ?? "");
}

function installWithApt(): JupyterPython | undefined {
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || which("apt-get") === undefined) return undefined;
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  if (!aptKnowsJupyter()) {
    log("Updating the package lists: apt-get update");
    spawnSync("apt-get", ["update"], { stdio: "inherit", env });
  }
  log("Installing Jupyter: apt-get install -y jupyter-notebook");
  const installed = spawnSync("apt-get", ["install", "-y", "jupyter-notebook"], { stdio: "inherit", env });
  return installed.status === 0 ? findJupyterPython("/usr/bin/python3") : undefined;
}

/** A Python with jupyter_client and a notebook app; installs Jupyter when none is found. */
export function ensureJupyter(preferredPython?: string): JupyterPython {
  const found = findJupyterPython(preferredPython);
  if (found !== undefined && (found.notebookVersion !== null || found.jupyterlabVersion !== null)) return found;
  log(found === undefined ? "Jupyter was not found." : `${found.executable} has jupyter_client but no notebook app.`);
  const installed = installWithPip() ?? installWithApt();
  if (installed !== undefined) return installed;
  throw new SetupError(`Jupyter is not installed and could not be installed automatically.\n${howToInstallJupyter}`);
}

function sameFile(a: string, b: string): boolean {
  const real = (file: string): string => (fs.existsSync(file) ? fs.realpathSync(file) : file);
  return real(a) === real(b);
}

/** Whether Jupyter would start this project's own tslab for the kernel. */
export function pointsAtThisProject(kernel: RegisteredKernel): boolean {
  return kernel.argv.length > 0 && sameFile(kernel.argv[0], requireTslab());
}

/** Registers this project's tslab as the "tslab" kernel unless Jupyter already has it. */
export function ensureKernelRegistered(python: JupyterPython): RegisteredKernel {
  const existing = registeredKernel(python);
  if (existing !== undefined && pointsAtThisProject(existing)) {
    log(`The tslab kernel is already registered (${existing.resourceDir}) and starts this project's tslab.`);
    return existing;
  }
  if (existing !== undefined) {
    log(`Jupyter's tslab kernel (${existing.resourceDir}) starts ${existing.argv[0]}; pointing it at this project's tslab.`);
  }
  // Per user, so no system folder is touched and it takes precedence over system-wide specs.
  const tslabBinary = requireTslab();
  const args = [tslabBinary, "install", "--python", python.executable, "--binary", tslabBinary, "--user"];
  const result = spawnSync(process.execPath, args, { stdio: "inherit" });
  if (result.status !== 0) throw new SetupError(`\`tslab install\` failed (exit status ${result.status ?? result.signal}).`);
  const registered = registeredKernel(python);
  if (registered === undefined || !pointsAtThisProject(registered)) {
    const where = registered
      ? ` Jupyter still finds ${registered.resourceDir} first, which starts ${registered.argv[0]}: remove that folder and run this again.`
      : "";
    throw new SetupError(`The tslab kernel was installed, but Jupyter does not start this project's tslab.${where}`);
  }
  log(`Registered the tslab kernel in ${registered.resourceDir}: Jupyter now offers "TypeScript", run by ${tslabBinary}.`);
  return registered;
}

function main(): number {
  try {
    const python = ensureJupyter();
    log(`Using Jupyter of ${python.executable} (jupyter_client ${python.jupyterClientVersion}).`);
    ensureKernelRegistered(python);
    return 0;
  } catch (error) {
    console.error(error instanceof SetupError ? error.message : error);
    return 1;
  }
}

if (require.main === module) process.exitCode = main();
