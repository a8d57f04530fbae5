// Reading the library's files (library-files.ts) in any host: from the host
// where it supplies them (a browser), else from the installed packages.
import { readFileSync } from "node:fs";
import { currentHost } from "./current";
import { installedPath, type LibraryFile } from "./library-files";

/** Gets `names` ready to read: a host that downloads them does it now; in Node there is nothing to do. */
export async function prepareLibraryFiles(names: readonly LibraryFile[]): Promise<void> {
  await currentHost().files?.prepare(names);
}

/** A library file's bytes, from the host if it supplies files, else from the installed packages. */
export function readLibraryFile(name: LibraryFile): Uint8Array {
  const files = currentHost().files;
  if (files !== undefined) return files.read(name);
  return new Uint8Array(readFileSync(installedPath(name)));
}
