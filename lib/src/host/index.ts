// Where a lesson runs: a tslab kernel in Jupyter, the site's kernel in a
// browser, or a plain script in a terminal. The library asks its host two
// things only: where an output goes, and whether the learner pressed Interrupt.
// Everything else in dlfs is the same in all of them.
import { terminalHost } from "./terminal";
import { tslabHost } from "./tslab";
import type { Host } from "./types";

export type { DisplayMessage, Host, MimeBundle, RasterAssets } from "./types";

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
