// The MNIST idx files in the browser: the site serves them gzip-compressed
// (mnist/*.gz, 11 MB instead of 53 MB); the worker fetches and decompresses
// them (DecompressionStream) before a cell that loads MNIST runs, and hands
// their bytes to dlfs (useMnistFiles), whose loadMnist() then reads them.
import { useMnistFiles } from "dlfs/internal";

const NAMES = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];
const WHERE = "the site's mnist/ folder";

const loaded = new Map<string, Uint8Array>();
let loading: Promise<void> | undefined;

async function fetchDecompressed(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok || response.body === null) throw new Error(`loadMnist: ${url}: the site answered HTTP ${response.status}`);
  const stream = response.body.pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Fetches the four files once; later calls wait for the same download. */
export function loadMnistFiles(siteUrl: string): Promise<void> {
  loading ??= Promise.all(
    NAMES.map(async (name) => {
      loaded.set(name, await fetchDecompressed(`${siteUrl}mnist/${name}.gz`));
    }),
  ).then(
    () => undefined,
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/** Whether a cell may call loadMnist (its text names it), so the files must be there first. */
export function needsMnist(code: string): boolean {
  return /\bloadMnist\b/.test(code);
}

/** Points dlfs at the downloaded files; a file not there yet starts the download and says to run the cell again. */
export function provideMnistFiles(siteUrl: string): void {
  useMnistFiles({
    where: WHERE,
    read(name) {
      const bytes = loaded.get(name);
      if (bytes !== undefined) return bytes;
      void loadMnistFiles(siteUrl).catch(() => undefined);
      throw new Error(`loadMnist: ${WHERE}: ${name} is still downloading; run the cell again in a moment`);
    },
    remedy: "reload the page to download the MNIST files again",
  });
}
