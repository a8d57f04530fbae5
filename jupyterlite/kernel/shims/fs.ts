// node:fs in the worker. A browser has no file system: the only file dlfs
// reads in a lesson is plotly.js (for plots' HTML), which the site serves, and
// a worker may read it with a synchronous request. Writing (saving a graph
// picture to a file) says plainly that it cannot be done here.

/** Paths that stand for files of the site (see __siteResolve in ../worker-globals.ts). */
const SITE_FILE = /^site:(.+)$/;

function unavailable(what: string, file: unknown): Error {
  return new Error(
    `${what}(${JSON.stringify(file)}): there are no files in the browser; this works in a tslab kernel on your own machine`,
  );
}

export function readFileSync(file: string, encoding?: string | { encoding?: string }): string | Uint8Array {
  const match = typeof file === "string" ? SITE_FILE.exec(file) : null;
  if (match === null) throw unavailable("readFileSync", file);
  const request = new XMLHttpRequest();
  request.open("GET", match[1], false);
  request.send();
  if (request.status !== 200) throw new Error(`readFileSync: the site did not serve ${match[1]} (HTTP ${request.status})`);
  const text = request.responseText;
  const wanted = typeof encoding === "string" ? encoding : encoding?.encoding;
  return wanted === undefined ? new TextEncoder().encode(text) : text;
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
