/**
 * The tslab this client starts: the one Node resolves from here, so the
 * project's own copy (with the fixes kernel-setup/patch-tslab.js applies),
 * never a global install.
 */
import * as fs from "fs";
import * as path from "path";

function resolveTslab(): { dir: string; binary: string } | undefined {
  try {
    const dir = path.dirname(require.resolve("tslab/package.json"));
    const { bin } = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { bin: Record<string, string> };
    return { dir, binary: path.join(dir, bin.tslab) };
  } catch {
    return undefined;
  }
}

const found = resolveTslab();

/** tslab's package folder (undefined when tslab is not installed). */
export const tslabDir: string | undefined = found?.dir;

/** tslab's launcher script, `tslab kernel ...` (undefined when tslab is not installed). */
export const tslabBinary: string | undefined = found?.binary;

/** The node_modules folder tslab is installed in, with the packages the lessons import (undefined without tslab). */
export function installedModulesDir(): string | undefined {
  return tslabDir === undefined ? undefined : path.dirname(tslabDir);
}

/**
 * This environment, with the folder tslab is installed in on NODE_PATH: a
 * notebook anywhere on disk then finds the project's packages (dlfs), at run
 * time (Node reads NODE_PATH) and when tslab type-checks its cells (the patch
 * "modules on NODE_PATH" in kernel-setup/patch-tslab.js). Jupyter gets the
 * same from the kernelspec that `npm run setup-kernel` writes.
 */
export function withInstalledModules(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const modules = installedModulesDir();
  if (modules === undefined) return env;
  const paths = (env.NODE_PATH ?? "").split(path.delimiter).filter((entry) => entry !== "");
  return paths.includes(modules) ? env : { ...env, NODE_PATH: [modules, ...paths].join(path.delimiter) };
}

/** The launcher, or an error that says how to get it. */
export function requireTslab(): string {
  if (tslabBinary === undefined || !fs.existsSync(tslabBinary)) {
    throw new Error("tslab is not installed in this project (require('tslab') fails); run `npm install`");
  }
  return tslabBinary;
}
