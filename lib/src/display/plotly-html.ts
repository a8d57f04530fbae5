/**
 * A plotly figure as a self-contained text/html output, for the front ends
 * that do not render application/vnd.plotly.v1+json themselves: classic
 * Notebook, JupyterLab without the plotly extension, and HTML exported with
 * nbconvert, where each output is a static fragment of one page.
 */
import { randomBytes } from "crypto";
import type { PlotlyFigure } from "./figure";
import { escapeHtml, jsonForScript } from "./html";
import { plotlyLibrarySource } from "./plotly-library";

export interface PlotlyHtmlOptions {
  /** Embed plotly.js (megabytes) in this output; needed once per page. */
  includeLibrary: boolean;
}

/**
 * Seen only where the script did not run, or where the page lacks plotly.js
 * (the output of this session that brought it was cleared before the page
 * was reloaded). Saved notebooks carry a PNG instead (see the jupyter-client's
 * static images), so a reader of the lessons never sees this.
 */
const placeholder =
  "An interactive plot (plotly.js) goes here. This page did not run its script or does not have plotly.js: " +
  "run the notebook again from the top (Kernel, Restart & Run All) to draw it.";

export function plotlyHtml(figure: PlotlyFigure, options: PlotlyHtmlOptions): string {
  // Found by id, not document.currentScript: classic Notebook runs output
  // scripts through jQuery, where currentScript is null.
  const id = `dlfs-plot-${randomBytes(6).toString("hex")}`;
  const parts = [
    `<div id="${id}" class="dlfs-plot" style="min-height: ${figure.layout.height ?? 450}px;">` +
      `<p style="color: #888; font-style: italic;">${escapeHtml(placeholder)}</p></div>`,
  ];
  if (options.includeLibrary) {
    // A page that already has plotly (an earlier output, JupyterLab's plotly
    // extension) keeps its own. The function keeps the library's top-level
    // names out of the page's global scope; it sets window.Plotly itself.
    parts.push(`<script>\nif (!window.Plotly) (function () {\n${plotlyLibrarySource()}\n}).call(window);\n</script>`);
  }
  parts.push(`<script>\n${drawScript(id, figure)}\n</script>`);
  return parts.join("\n");
}

/**
 * Draws now if plotly.js is on the page, else queues the drawing. Whichever
 * output brings the library then draws every queued plot: in exported HTML
 * the output that carries it may come after plots that rely on it (cells run
 * out of order).
 */
function drawScript(id: string, figure: PlotlyFigure): string {
  return `(function () {
  var figure = ${jsonForScript(figure)};
  var queue = window.__dlfsPlotQueue = window.__dlfsPlotQueue || [];
  queue.push(function () {
    var el = document.getElementById(${jsonForScript(id)});
    if (!el) return;
    el.innerHTML = "";
    window.Plotly.newPlot(el, figure.data, figure.layout, figure.config || {});
  });
  if (window.Plotly) while (queue.length) queue.shift()();
})();`;
}
