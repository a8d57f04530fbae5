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
  /** Environment variables the kernel is started with. */
  env: Record<string, string>;
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
export function runPython(python: string, code: string, timeoutMs = 20_000, args: string[] = []): string | undefined {
  const result = spawnSync(python, ["-c", code, ...args], { encoding: "utf8", timeout: timeoutMs });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** Runs Python code and returns its stdout; throws with the last line of Python's error when it fails. */
export function pythonOutput(python: string, code: string, args: string[] = [], timeoutMs = 60_000): string {
  const result = spawnSync(python, ["-c", code, ...args], { encoding: "utf8", timeout: timeoutMs });
  if (result.status === 0) return result.stdout.trim();
  const said = (result.stderr ?? "").trim().split("\n").pop() ?? "";
  throw new Error(said || result.error?.message || `${python} exited with ${result.status ?? result.signal}`);
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

/**
 * The Python whose Jupyter the lessons use: the first candidate with
 * jupyter_client and a notebook app, else the first with jupyter_client only,
 * else undefined. `npm start`, `npm run setup-kernel` and `npm run doctor` all
 * ask this, so they talk about the same Jupyter.
 */
export function findJupyterPython(preferred?: string): JupyterPython | undefined {
  const found = candidatePythons(preferred)
    .map(probePython)
    .filter((python): python is JupyterPython => python !== undefined);
  return found.find((python) => python.notebookVersion !== null || python.jupyterlabVersion !== null) ?? found[0];
}

const kernelLookup = (name: string): string => `
import json
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
try:
    spec = KernelSpecManager().get_kernel_spec(${JSON.stringify(name)})
    print(json.dumps({"resourceDir": spec.resource_dir, "argv": spec.argv, "displayName": spec.display_name, "env": spec.env or {}}))
except NoSuchKernel:
    print("null")
`;

/** What Jupyter would start for the kernel `name`, or undefined if it knows no such kernel. */
export function registeredKernel(python: JupyterPython, name = "tslab"): RegisteredKernel | undefined {
  const output = runPython(python.executable, kernelLookup(name));
  if (output === undefined) return undefined;
  return (JSON.parse(output.split("\n").pop() ?? "null") as RegisteredKernel | null) ?? undefined;
}
