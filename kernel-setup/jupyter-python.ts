/**
 * Finding the Python that has Jupyter, and asking it which kernels it knows.
 * Jupyter lives in Python, so everything about registering the kernel goes
 * through one Python interpreter that can import jupyter_client.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

export interface JupyterPython {
  /** Absolute path of the interpreter (sys.executable). */
  executable: string;
  jupyterClientVersion: string;
  /** Version of the classic/7.x notebook app, if installed. */
  notebookVersion: string | null;
  jupyterlabVersion: string | null;
}

export interface RegisteredKernel {
  /** Folder that holds kernel.json. */
  resourceDir: string;
  argv: string[];
  displayName: string;
}

/** Finds an executable on PATH, as the shell would. */
export function which(command: string): string | undefined {
  if (command.includes(path.sep)) return isExecutable(command) ? command : undefined;
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const candidate = path.join(dir || ".", command);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The interpreter named in the `#!` line of the `jupyter` command, if there is one. */
function interpreterOfJupyterCommand(): string | undefined {
  const jupyter = which("jupyter");
  if (jupyter === undefined) return undefined;
  const firstLine = fs.readFileSync(jupyter, "utf8").split("\n", 1)[0];
  const match = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(firstLine);
  if (!match) return undefined;
  // "#!/usr/bin/env python3" names the interpreter in its second word.
  return path.basename(match[1]) === "env" ? match[2] : match[1];
}

/** Runs Python code and returns its stdout, or undefined if it failed or hung. */
export function runPython(python: string, code: string, timeoutMs = 20_000): string | undefined {
  const result = spawnSync(python, ["-c", code], { encoding: "utf8", timeout: timeoutMs });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

const probe = `
import json, sys
import jupyter_client
def version(name):
    try:
        return __import__(name).__version__
    except Exception:
        return None
print(json.dumps({"executable": sys.executable, "jupyterClientVersion": jupyter_client.__version__,
                  "notebookVersion": version("notebook"), "jupyterlabVersion": version("jupyterlab")}))
`;

export function probePython(python: string): JupyterPython | undefined {
  const output = runPython(python, probe);
  if (output === undefined) return undefined;
  try {
    return JSON.parse(output.split("\n").pop() ?? "") as JupyterPython;
  } catch {
    return undefined;
  }
}

/** Interpreters worth trying, most likely first, without duplicates. */
export function candidatePythons(preferred?: string): string[] {
  const names = [preferred, process.env.JUPYTER_PYTHON, "/usr/bin/python3", interpreterOfJupyterCommand(), "python3", "python"];
  const found = names.filter((name): name is string => name !== undefined && name !== "").map((name) => which(name) ?? name);
  return [...new Set(found)];
}

/** The first Python that can import jupyter_client, or undefined. */
export function findJupyterPython(preferred?: string): JupyterPython | undefined {
  for (const python of candidatePythons(preferred)) {
    const found = probePython(python);
    if (found !== undefined) return found;
  }
  return undefined;
}

const kernelLookup = (name: string): string => `
import json
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
try:
    spec = KernelSpecManager().get_kernel_spec(${JSON.stringify(name)})
    print(json.dumps({"resourceDir": spec.resource_dir, "argv": spec.argv, "displayName": spec.display_name}))
except NoSuchKernel:
    print("null")
`;

/** What Jupyter would start for the kernel `name`, or undefined if it knows no such kernel. */
export function registeredKernel(python: JupyterPython, name = "tslab"): RegisteredKernel | undefined {
  const output = runPython(python.executable, kernelLookup(name));
  if (output === undefined) return undefined;
  return (JSON.parse(output.split("\n").pop() ?? "null") as RegisteredKernel | null) ?? undefined;
}
