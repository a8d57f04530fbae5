/**
 * Sending a Jupyter MIME bundle (several representations of one output) from
 * code that runs inside a tslab kernel.
 *
 * Jupyter lets every output carry many MIME types at once, and each front end
 * picks the richest one it can render: JupyterLab and VS Code take
 * application/vnd.plotly.v1+json, classic Notebook and exported HTML take
 * text/html, a terminal takes text/plain. tslab's public `display` object
 * sends one MIME type per message, so it cannot do this.
 *
 * tslab's own `display` calls `lastWriteDisplayData` in tslab/dist/jupyter.js:
 * a module-level variable holding the writer of the cell being executed.
 * Given `{data, metadata, transient}` and a flag, it sends a display_data
 * message, or update_display_data when the flag is true, on the IOPub channel.
 * It is not part of tslab's public API, so this file, and only this file,
 * reaches for it (checked against tslab 1.0.22).
 */
import { randomBytes } from "crypto";

/** MIME type → content, e.g. {"text/plain": "...", "text/html": "..."}. */
export type MimeBundle = Record<string, unknown>;

export interface DisplayOptions {
  /** Names the output so that a later call with `update: true` replaces it in place. */
  displayId?: string;
  /** Replace the output shown earlier under `displayId` instead of adding one. */
  update?: boolean;
  /** Per-MIME-type metadata, e.g. {"image/png": {width: 300}}. */
  metadata?: Record<string, unknown>;
}

/** The content of a display_data / update_display_data message. */
export interface DisplayMessage {
  data: MimeBundle;
  metadata: Record<string, unknown>;
  transient?: { display_id: string };
  /** True for update_display_data. */
  update: boolean;
}

/** Where an output goes: a Jupyter front end, a `captureDisplays` call, or stdout as text. */
export type DisplayTarget = "jupyter" | "captured" | "stdout";

type WriteDisplayData = (content: Omit<DisplayMessage, "update">, update: boolean) => void;

interface TslabJupyterModule {
  lastWriteDisplayData: WriteDisplayData | null;
}

/** Ends with tslab/dist/jupyter.js, on POSIX and Windows paths alike. */
const tslabJupyterFile = /[\\/]tslab[\\/]dist[\\/]jupyter\.js$/;

/**
 * The writer of the running tslab kernel, or undefined outside one.
 *
 * It is looked up among the modules already loaded rather than required: the
 * kernel may run from a different tslab install than the one next to this
 * library (a global one, say), and requiring a second copy would only give a
 * writer that was never set. Outside a kernel nothing matches, and nothing is
 * loaded. The scan is cheap enough to repeat on every call, which also means
 * no stale answer is ever cached.
 */
function tslabWriter(): WriteDisplayData | undefined {
  for (const [file, loaded] of Object.entries(require.cache)) {
    if (loaded === undefined || !tslabJupyterFile.test(file)) continue;
    const writer = (loaded.exports as Partial<TslabJupyterModule>).lastWriteDisplayData;
    if (typeof writer === "function") return writer;
  }
  return undefined;
}

/** True in a tslab kernel, from the moment it starts executing its first cell. */
export function insideJupyter(): boolean {
  return tslabWriter() !== undefined;
}

let captureSink: DisplayMessage[] | undefined;

/** Where `displayBundle` would send an output right now. */
export function displayTarget(): DisplayTarget {
  if (captureSink !== undefined) return "captured";
  return insideJupyter() ? "jupyter" : "stdout";
}

/**
 * Runs `fn` and collects, instead of showing, every output it displays: for
 * tests, and for building a page of outputs outside Jupyter. Synchronous only:
 * outputs displayed after `fn` returns are shown as usual.
 */
export function captureDisplays<T>(fn: () => T): { result: T; displays: DisplayMessage[] } {
  const outer = captureSink;
  const displays: DisplayMessage[] = [];
  captureSink = displays;
  try {
    return { result: fn(), displays };
  } finally {
    captureSink = outer;
  }
}

/** A fresh id for `displayBundle`'s `displayId`, random like tslab's own. */
export function newDisplayId(): string {
  return randomBytes(8).toString("hex");
}

/**
 * Shows one output with all the representations in `data`. In a notebook it
 * is a single display_data message (or update_display_data with
 * `opts.update`); outside one, the text/plain part is printed to stdout.
 *
 * Returns nothing, like every function here that shows something: tslab
 * prints the value of a cell's last expression, and a bundle printed under
 * its own plot would bury it.
 */
export function displayBundle(data: MimeBundle, opts: DisplayOptions = {}): void {
  const update = opts.update ?? false;
  if (update && opts.displayId === undefined) {
    throw new Error("displayBundle: an update needs the displayId of the output it replaces");
  }
  const content: Omit<DisplayMessage, "update"> = { data, metadata: opts.metadata ?? {} };
  if (opts.displayId !== undefined) content.transient = { display_id: opts.displayId };

  if (captureSink !== undefined) {
    captureSink.push({ ...content, update });
    return;
  }
  const write = tslabWriter();
  if (write !== undefined) {
    write(content, update);
    return;
  }
  process.stdout.write(plainText(data) + "\n");
}

function plainText(data: MimeBundle): string {
  const text = data["text/plain"];
  if (typeof text === "string") return text;
  return `[output of type ${Object.keys(data).join(", ") || "(none)"}]`;
}
