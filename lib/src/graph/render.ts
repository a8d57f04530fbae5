// Layout and drawing by Graphviz, compiled to WebAssembly (@viz-js/viz): no
// program to install and no network needed.
import type { Viz } from "@viz-js/viz";

// Loaded on first use, once: a lesson that draws no graph does not pay for
// the 1 MB of Graphviz.
let vizLoading: Promise<Viz> | null = null;

/** DOT source → SVG text. Throws with Graphviz's message when the DOT is invalid. */
export async function dotToSvg(dot: string): Promise<string> {
  vizLoading ??= import("@viz-js/viz").then((viz) => viz.instance());
  const viz = await vizLoading;
  return viz.renderString(dot, { format: "svg" });
}
