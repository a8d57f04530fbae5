// What a host is: where outputs go and where Interrupt comes from (see index.ts).

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
