// node:fs in the worker. A browser has no file system: the files dlfs reads
// come from the site through its host (../site-files.ts), never through here.
// Reading or writing a file (saving a graph picture, loadMnist({ dir })) says
// plainly that it cannot be done here.

function unavailable(what: string, file: unknown): Error {
  return new Error(
    `${what}(${JSON.stringify(file)}): there are no files in the browser; this works in a tslab kernel on your own machine`,
  );
}

export function readFileSync(file: unknown): never {
  throw unavailable("readFileSync", file);
}

export function existsSync(): boolean {
  return false;
}

export async function mkdir(dir: unknown): Promise<never> {
  return Promise.reject(unavailable("mkdir", dir));
}

export async function writeFile(file: unknown): Promise<never> {
  return Promise.reject(unavailable("writeFile", file));
}

export function writeFileSync(file: unknown): never {
  throw unavailable("writeFileSync", file);
}
