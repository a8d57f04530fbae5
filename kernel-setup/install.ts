/**
 * `npm run setup-kernel [-- --user | --sys-prefix | --prefix DIR]`: makes the
 * tslab kernel of this project available in Jupyter. Finds a Python with
 * Jupyter (installing Jupyter if it can), then registers this project's tslab
 * as the "TypeScript" kernel (kernelspec.ts). Running it again is harmless.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { exitCodes, runCommand } from "../jupyter-client";
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
import {
  type InstallScope,
  installKernelspec,
  kernelName,
  removeKernelspec,
  runsThisProjectsTslab,
  startsThisProject,
} from "./kernelspec";

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

/** The JavaScript kernel ("jslab") that `tslab install` used to register next to ours; learners picked it by mistake. */
function removeOurJavaScriptKernel(python: JupyterPython): void {
  const jslab = registeredKernel(python, "jslab");
  if (jslab === undefined || !runsThisProjectsTslab(jslab)) return;
  removeKernelspec(python, "jslab");
  log(`Removed the "JavaScript" kernel (${jslab.resourceDir}) an earlier set-up registered: the lessons need "TypeScript".`);
}

function scopeWords(scope: InstallScope): string {
  if (scope.kind === "user") return "for this user";
  if (scope.kind === "sys-prefix") return "for everyone who uses this Jupyter (its sys.prefix)";
  return `under ${scope.dir}`;
}

/**
 * Registers this project's tslab as Jupyter's "TypeScript" kernel in `scope`,
 * unless Jupyter already starts it from there. Returns what Jupyter finds.
 */
export function ensureKernelRegistered(python: JupyterPython, scope: InstallScope = { kind: "user" }): RegisteredKernel {
  removeOurJavaScriptKernel(python);
  const existing = registeredKernel(python, kernelName);
  if (scope.kind === "user" && existing !== undefined && startsThisProject(existing)) {
    log(`The TypeScript kernel is already registered (${existing.resourceDir}) and starts this project's tslab.`);
    return existing;
  }
  let installedTo: string;
  try {
    installedTo = installKernelspec(python, scope);
  } catch (error) {
    throw new SetupError(
      `Jupyter could not install the TypeScript kernel ${scopeWords(scope)}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const registered = registeredKernel(python, kernelName);
  const ours = registered !== undefined && sameFolder(registered.resourceDir, installedTo);
  log(
    `Registered the TypeScript kernel ${scopeWords(scope)} in ${installedTo}: it runs this project's tslab on Node ${process.version}.`,
  );
  if (ours) return registered;
  if (registered !== undefined && startsThisProject(registered)) {
    log(`Note: Jupyter finds ${registered.resourceDir} first; it starts this project's tslab too.`);
    return registered;
  }
  const shadowed =
    registered === undefined
      ? `this Jupyter does not look in ${path.dirname(installedTo)}: set JUPYTER_PATH=${path.dirname(path.dirname(installedTo))} for the Jupyter that should offer it`
      : `Jupyter finds ${registered.resourceDir} first, which starts ${registered.argv.join(" ")}: remove it (jupyter kernelspec remove ${kernelName}) and run this again`;
  // The user's own kernels come first in Jupyter's search: an install there that does not take effect is an error.
  if (scope.kind === "user") throw new SetupError(`The TypeScript kernel was installed, but ${shadowed}.`);
  log(`Note: ${shadowed}.`);
  return registered ?? { resourceDir: installedTo, argv: [], displayName: "TypeScript", env: {} };
}

function sameFolder(a: string, b: string): boolean {
  const real = (folder: string): string => (fs.existsSync(folder) ? fs.realpathSync(folder) : path.resolve(folder));
  return real(a) === real(b);
}

const help = `Register this project's TypeScript kernel with Jupyter (installing Jupyter if none is found).

Usage:
  npm run setup-kernel [-- --user | --sys-prefix | --prefix <dir>]

Where the kernel goes (Jupyter's usual install scopes):
  --user            for the current user only (the default)
  --sys-prefix      into the Python environment of Jupyter (sys.prefix/share/jupyter/kernels):
                    every user of that Jupyter, e.g. all students of a JupyterHub
  --prefix <dir>    into <dir>/share/jupyter/kernels (e.g. /usr/local for a whole machine)
  -h, --help        show this help`;

function parseScope(argv: string[]): InstallScope | "help" {
  const { values } = parseArgs({
    args: argv,
    options: {
      user: { type: "boolean", default: false },
      "sys-prefix": { type: "boolean", default: false },
      prefix: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) return "help";
  const chosen = [values.user, values["sys-prefix"], values.prefix !== undefined].filter(Boolean).length;
  if (chosen > 1) throw new SetupError("choose one of --user, --sys-prefix and --prefix <dir>");
  if (values["sys-prefix"]) return { kind: "sys-prefix" };
  if (values.prefix !== undefined) return { kind: "prefix", dir: values.prefix };
  return { kind: "user" };
}

function main(argv: string[]): number {
  try {
    const scope = parseScope(argv);
    if (scope === "help") {
      log(help);
      return exitCodes.ok;
    }
    const python = ensureJupyter();
    log(`Using Jupyter of ${python.executable} (jupyter_client ${python.jupyterClientVersion}).`);
    ensureKernelRegistered(python, scope);
    return exitCodes.ok;
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    return exitCodes.failed;
  }
}

// main catches every error it expects: what escapes it is a bug.
if (require.main === module) runCommand("setup-kernel", () => main(process.argv.slice(2)), "bugs");
