// A tslab kernel (Jupyter, VS Code, the headless client of this project).
//
// tslab's public `display` sends one MIME type per message, which is not
// enough for an output that carries a picture and its text together. Its own
// `display` calls `lastWriteDisplayData` in tslab/dist/jupyter.js: a module
// variable holding the writer of the cell being executed, which sends
// display_data (or update_display_data) on the IOPub channel. It is not part
// of tslab's public API, so this file, and only this file, reaches for it
// (checked against tslab 1.0.22). Interrupt is SIGINT, as in every kernel
// that Jupyter starts as a process.
import type { DisplayMessage, Host } from "./types";

type WriteDisplayData = (content: Omit<DisplayMessage, "update">, update: boolean) => void;

/** Ends with tslab/dist/jupyter.js, on POSIX and Windows paths alike. */
const tslabJupyterFile = /[\\/]tslab[\\/]dist[\\/]jupyter\.js$/;

/**
 * The writer of the running tslab kernel, or undefined outside one. It is
 * looked up among the modules already loaded rather than required: the kernel
 * may run a tslab other than the one next to this library, and a second copy
 * would hold a writer that was never set. The scan is cheap enough to repeat
 * on every call, so no stale answer is ever kept.
 */
function tslabWriter(): WriteDisplayData | undefined {
  if (typeof require === "undefined" || require.cache === undefined) return undefined;
  for (const [file, loaded] of Object.entries(require.cache)) {
    if (loaded === undefined || !tslabJupyterFile.test(file)) continue;
    const writer = (loaded.exports as { lastWriteDisplayData?: unknown }).lastWriteDisplayData;
    if (typeof writer === "function") return writer as WriteDisplayData;
  }
  return undefined;
}

/** The tslab host, from the moment the kernel runs its first cell; undefined elsewhere. */
export function tslabHost(): Host | undefined {
  const write = tslabWriter();
  if (write === undefined) return undefined;
  return {
    kind: "notebook",
    display: ({ update, ...content }) => write(content, update),
    listenForInterrupt(onInterrupt) {
      process.on("SIGINT", onInterrupt);
      return () => process.off("SIGINT", onInterrupt);
    },
  };
}
