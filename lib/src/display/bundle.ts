/**
 * Showing one output with several representations at once (a MIME bundle).
 * Jupyter lets every output carry many MIME types, and each front end picks
 * the richest one it can render: JupyterLab and VS Code take plotly JSON,
 * classic Notebook and exported HTML take HTML or a PNG, a terminal takes the
 * text. Where the output goes is the host's business (../host).
 */
import { randomBytes } from "node:crypto";
import { currentHost, useHost, type DisplayMessage, type MimeBundle } from "../host";

export type { DisplayMessage, MimeBundle } from "../host";

export interface DisplayOptions {
  /** Names the output so that a later call with `update: true` replaces it in place. */
  displayId?: string;
  /** Replace the output shown earlier under `displayId` instead of adding one. */
  update?: boolean;
  /** Per-MIME-type metadata, e.g. {"image/png": {width: 300}}. */
  metadata?: Record<string, unknown>;
}

/** True when outputs are shown as rich displays (a notebook), false when only their text is printed. */
export function showsRichOutput(): boolean {
  return currentHost().kind === "notebook";
}

/**
 * Runs `fn` and collects, instead of showing, every output it displays: for
 * tests, and for building a page of outputs outside Jupyter. Synchronous only:
 * outputs displayed after `fn` returns are shown as usual.
 */
export function captureDisplays<T>(fn: () => T): { result: T; displays: DisplayMessage[] } {
  const displays: DisplayMessage[] = [];
  const restore = useHost({
    kind: "notebook",
    display: (message) => displays.push(message),
    listenForInterrupt: () => () => undefined,
  });
  try {
    return { result: fn(), displays };
  } finally {
    restore();
  }
}

/** A fresh id for `displayBundle`'s `displayId`, random like tslab's own. */
export function newDisplayId(): string {
  return randomBytes(8).toString("hex");
}

/**
 * Shows one output with all the representations in `data`: in a notebook a
 * single display_data message (or update_display_data with `opts.update`);
 * in a terminal its text/plain part.
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
  const message: DisplayMessage = { data, metadata: opts.metadata ?? {}, update };
  if (opts.displayId !== undefined) message.transient = { display_id: opts.displayId };
  currentHost().display(message);
}
