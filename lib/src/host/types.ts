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

/**
 * What turning an SVG into a PNG needs (display/raster.ts): resvg's
 * WebAssembly and the fonts to draw text with. A host without Node's file
 * system (a browser's Web Worker) supplies them; in Node they are read from
 * the installed packages.
 */
export interface RasterAssets {
  /** The bytes of @resvg/resvg-wasm's index_bg.wasm. */
  wasm: Uint8Array;
  /** TrueType/OpenType font files: at least a sans-serif (Arimo, Helvetica's metrics) and a monospace one (Cousine, Courier's). */
  fonts: Uint8Array[];
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
  /** resvg's WebAssembly and fonts, where they cannot be read from node_modules; see RasterAssets. */
  rasterAssets?: () => Promise<RasterAssets>;
}
