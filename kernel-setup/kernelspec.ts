/**
 * The TypeScript kernel as Jupyter knows it: a kernelspec folder holding
 * kernel.json, installed through the Python that has Jupyter, into one of
 * Jupyter's usual places: the user's own (`--user`, the default), the Python
 * environment's (`--sys-prefix`, for everyone who uses that Jupyter, e.g. the
 * students of one JupyterHub), or any prefix (`--prefix DIR`).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { installedModulesDir, requireTslab } from "../jupyter-client";
import { type JupyterPython, pythonOutput, type RegisteredKernel } from "./jupyter-python";

/** The name Jupyter knows the kernel by, and the one lessons' metadata names. */
export const kernelName = "tslab";

export type InstallScope = { kind: "user" } | { kind: "sys-prefix" } | { kind: "prefix"; dir: string };

/**
 * kernel.json for this project's tslab. The kernel runs on the Node that runs
 * this set-up (a single-user server of a hub may have another PATH), and
 * NODE_PATH names the project's packages, so a notebook saved in any folder
 * imports dlfs (see the patch "modules on NODE_PATH" in patch-tslab.js).
 */
function kernelJson(): Record<string, unknown> {
  const modules = installedModulesDir();
  return {
    argv: [process.execPath, fs.realpathSync(requireTslab()), "kernel", "--config-path", "{connection_file}"],
    display_name: "TypeScript",
    language: "typescript",
    env: modules === undefined ? {} : { NODE_PATH: modules },
  };
}

const installScript = `
import json, sys
from jupyter_client.kernelspec import KernelSpecManager
source, name, scope, prefix = sys.argv[1:5]
if scope == "sys-prefix":
    prefix = sys.prefix
destination = KernelSpecManager().install_kernel_spec(source, name, user=(scope == "user"), prefix=(prefix or None))
print(json.dumps(destination))
`;

/** Installs the kernelspec into `scope`; returns the folder it went to. Throws with Jupyter's words when it cannot. */
export function installKernelspec(python: JupyterPython, scope: InstallScope): string {
  const source = fs.mkdtempSync(path.join(os.tmpdir(), "dlfs-kernelspec-"));
  try {
    // Readable by everyone: a system-wide kernelspec is copied with these permissions.
    fs.chmodSync(source, 0o755);
    fs.writeFileSync(path.join(source, "kernel.json"), JSON.stringify(kernelJson(), null, 1) + "\n", { mode: 0o644 });
    const prefix = scope.kind === "prefix" ? path.resolve(scope.dir) : "";
    const output = pythonOutput(python.executable, installScript, [source, kernelName, scope.kind, prefix]);
    return JSON.parse(output.split("\n").pop() ?? '""') as string;
  } finally {
    fs.rmSync(source, { recursive: true, force: true });
  }
}

const removeScript = `
import sys
from jupyter_client.kernelspec import KernelSpecManager
KernelSpecManager().remove_kernel_spec(sys.argv[1])
`;

/** Removes the kernelspec `name` that Jupyter finds first. */
export function removeKernelspec(python: JupyterPython, name: string): void {
  pythonOutput(python.executable, removeScript, [name]);
}

function realPath(file: string): string {
  return fs.existsSync(file) ? fs.realpathSync(file) : file;
}

/** Whether the kernel's command runs this project's tslab (as its program, or as the script its Node runs). */
export function runsThisProjectsTslab(kernel: RegisteredKernel): boolean {
  const tslab = realPath(requireTslab());
  return kernel.argv.slice(0, 2).some((arg) => realPath(arg) === tslab);
}

/** Whether Jupyter would start this project's tslab, on a Node that exists, with the project's packages on NODE_PATH. */
export function startsThisProject(kernel: RegisteredKernel): boolean {
  const nodeExists = kernel.argv[0] !== undefined && fs.existsSync(kernel.argv[0]);
  const modules = installedModulesDir();
  const findsPackages = modules === undefined || (kernel.env.NODE_PATH ?? "").split(path.delimiter).includes(modules);
  return runsThisProjectsTslab(kernel) && nodeExists && findsPackages;
}
