// The library's files in the browser (dlfs's Host.files): the site's build
// copies each file of dlfs's list (libraryFiles) into build/files/, the large
// ones gzip-compressed, and the worker downloads them from there. Before a
// cell that loads MNIST runs, its four files are downloaded and decompressed
// (DecompressionStream); a graph picture's WebAssembly and fonts are
// downloaded when the first one is drawn. plotly.js, read while a plot's
// HTML is made, comes with a synchronous request when first read.
import { libraryFiles, mnistFiles, type HostFiles, type LibraryFile } from "dlfs/internal";

/** Where the site's build puts a library file, from the site's root (build.ts writes it there). */
export function siteFilePath(name: LibraryFile): string {
  return `build/files/${name}${libraryFiles[name].compress ? ".gz" : ""}`;
}

async function download(url: string, compressed: boolean): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok || response.body === null)
    throw new Error(`the site did not serve ${url} (HTTP ${response.status}); build the site again with npm run site`);
  const body = compressed ? response.body.pipeThrough(new DecompressionStream("gzip")) : response.body;
  return new Uint8Array(await new Response(body).arrayBuffer());
}

/** A file read at once, with a synchronous request (a worker may make one): for a small file not downloaded before. */
function readNow(url: string): Uint8Array {
  const request = new XMLHttpRequest();
  request.open("GET", url, false);
  request.responseType = "arraybuffer";
  request.send();
  if (request.status !== 200)
    throw new Error(`the site did not serve ${url} (HTTP ${request.status}); build the site again with npm run site`);
  return new Uint8Array(request.response as ArrayBuffer);
}

/** The site's files for dlfs, downloaded from `siteUrl()`: each once, a failed download tried again when next asked for. */
export function siteFiles(siteUrl: () => string): HostFiles {
  const ready = new Map<LibraryFile, Uint8Array>();
  const downloading = new Map<LibraryFile, Promise<void>>();

  function prepareOne(name: LibraryFile): Promise<void> {
    let pending = downloading.get(name);
    if (pending === undefined) {
      pending = download(siteUrl() + siteFilePath(name), libraryFiles[name].compress === true).then(
        (bytes) => void ready.set(name, bytes),
        (error: unknown) => {
          downloading.delete(name);
          throw error;
        },
      );
      downloading.set(name, pending);
    }
    return pending;
  }

  return {
    where: "the site",
    remedy: "reload the page to download the file again",
    prepare: async (names) => void (await Promise.all(names.map(prepareOne))),
    read(name) {
      const bytes = ready.get(name);
      if (bytes !== undefined) return bytes;
      if (!libraryFiles[name].compress) {
        const now = readNow(siteUrl() + siteFilePath(name));
        ready.set(name, now);
        return now;
      }
      void prepareOne(name).catch(() => undefined);
      throw new Error(
        `${name}: 사이트에서 아직 내려받는 중이다. 잠시 뒤 셀을 다시 실행한다.\n` +
          `${name} is still downloading from the site; run the cell again in a moment`,
      );
    },
  };
}

/** The files a cell needs before it runs, by its text: MNIST's four if it may call loadMnist. */
export function filesNeededBy(code: string): LibraryFile[] {
  return /\bloadMnist\b/.test(code) ? Object.values(mnistFiles) : [];
}
