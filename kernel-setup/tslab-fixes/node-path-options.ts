// Fix 4: modules on NODE_PATH. tslab's type checker resolves modules from the
// notebook's folder only, so a lesson saved anywhere else (~/work/213.ipynb)
// fails at its first cell: "Cannot find module 'dlfs'". Node finds modules on
// NODE_PATH (which the kernelspec sets to the project's node_modules); the
// type checker now looks there too.
import * as path from "node:path";

/** Compiler options that let the type checker find packages on NODE_PATH, as Node does at run time. */
export function nodePathOptions(): { baseUrl?: string; paths?: Record<string, string[]> } {
  const folders = (process.env.NODE_PATH ?? "").split(path.delimiter).filter((folder) => path.isAbsolute(folder));
  if (folders.length === 0) return {};
  // The first folder is the base of the mapping, so that a type from dlfs inferred in a
  // cell is written in its declarations as "dlfs/...", not as a path through the
  // project's node_modules (TS2742 "cannot be named ... not portable").
  const base = folders[0];
  const patterns = folders.flatMap((folder) => {
    const relative = path.relative(base, folder).split(path.sep).join("/");
    const prefix = relative === "" ? "" : relative + "/";
    return [prefix + "*", prefix + "@types/*"];
  });
  // A path mapping that finds nothing falls through to the notebook's own node_modules.
  return { baseUrl: base, paths: { "*": patterns } };
}
