// Layout and drawing by Graphviz, compiled to WebAssembly (@viz-js/viz): no
// program to install and no network needed.

/** The part of @viz-js/viz used here; its CommonJS build is required on first use. */
interface Viz {
  renderString(dot: string, options: { format: "svg" }): string;
}
interface VizModule {
  instance(): Promise<Viz>;
}

// Loaded on first use, once: a lesson that draws no graph does not pay for
// the 1 MB of Graphviz.
let vizLoading: Promise<Viz> | null = null;

/** DOT source → SVG text. Throws with Graphviz's message when the DOT is invalid. */
export async function dotToSvg(dot: string): Promise<string> {
  vizLoading ??= (require("@viz-js/viz") as VizModule).instance();
  const viz = await vizLoading;
  return viz.renderString(dot, { format: "svg" });
}
