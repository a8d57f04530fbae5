// What a host is: where outputs go, where Interrupt comes from, and where the
// library's files come from when there is no file system (see index.ts).
import type { LibraryFile } from "./library-files";

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

/**
 * The library's files (library-files.ts) where Node's file system cannot read them:
 * a browser's Web Worker, which downloads them from the site.
 */
export interface HostFiles {
  /** Gets `names` ready to read (downloads them); a failed download is tried again by the next call. */
  prepare(names: readonly LibraryFile[]): Promise<void>;
  /** A file's bytes; one that is not ready fails with an error that says what to do. */
  read(name: LibraryFile): Uint8Array;
  /** Where the files come from, as error messages name it (e.g. "the site"). */
  readonly where: string;
  /** What the learner can do about a missing or damaged file. */
  readonly remedy: string;
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
  /** The library's files, where they cannot be read from the installed packages. */
  files?: HostFiles;
}
