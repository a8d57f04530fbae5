// Where a lesson runs: a tslab kernel in Jupyter, the site's kernel in a
// browser, or a plain script in a terminal. The library asks its host two
// things only: where an output goes, and whether the learner pressed Interrupt.
// Everything else in dlfs is the same in all of them.
import { tslabHost } from "./tslab";
import { terminalHost } from "./terminal";

/** MIME type → content, e.g. {"text/plain": "...", "text/html": "..."}. */
export type MimeBundle = Record<string, unknown>;

/** The content of a Jupyter display_data or update_display_data message. */
export interface DisplayMessage {
  data: MimeBundle;
  metadata: Record<string, unknown>;
  transient?: { display_id: string };
  /** True for update_display_data: replace the output shown under transient.display_id. */
  update: boolean;
}

export interface Host {
  /** "notebook": outputs are shown as rich displays; "terminal": only their text is printed. */
  readonly kind: "notebook" | "terminal";
  /** Shows an output, or replaces an earlier one. */
  display(message: DisplayMessage): void;
  /**
   * Calls `onInterrupt` when the learner interrupts the running cell. Returns
   * a function that stops listening. Call it after the cell's first `await`:
   * tslab resets the interrupt handling when a cell's synchronous part ends.
   */
  listenForInterrupt(onInterrupt: () => void): () => void;
}

let chosen: Host | undefined;

/** The host this code runs in: one set with useHost(), else a tslab kernel if there is one, else the terminal. */
export function currentHost(): Host {
  return chosen ?? tslabHost() ?? terminalHost;
}

/**
 * Makes `host` the current host until the returned function is called; for a
 * kernel of another kind (the site's) and for capturing outputs in tests.
 */
export function useHost(host: Host): () => void {
  const previous = chosen;
  chosen = host;
  return () => {
    chosen = previous;
  };
}
