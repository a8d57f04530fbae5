// Layout and drawing by Graphviz, compiled to WebAssembly (@viz-js/viz): no
// program to install and no network needed.
import { instance, type Viz } from "@viz-js/viz";

// Loading the WebAssembly takes a moment, so it is done once and shared.
let vizLoading: Promise<Viz> | null = null;

/** DOT source → SVG text. Throws with Graphviz's message when the DOT is invalid. */
export async function dotToSvg(dot: string): Promise<string> {
  vizLoading ??= instance();
  const viz = await vizLoading;
  return viz.renderString(dot, { format: "svg" });
}
