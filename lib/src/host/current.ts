// The host this code runs in, and the seam to choose another (see index.ts).
import { terminalHost } from "./terminal";
import { tslabHost } from "./tslab";
import type { Host } from "./types";

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
