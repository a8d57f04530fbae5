// Plots: outputs of MIME type application/vnd.plotly.v1+json (dlfs's
// plotHistory, showPlot) drawn by plotly.js, which the site serves itself
// (build/files/plotly.min.js, the file dlfs puts in a plot's HTML) and loads
// on the first plot.
import { PageConfig, URLExt } from "@jupyterlab/coreutils";
import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";
import { Widget } from "@lumino/widgets";

const MIME_TYPE = "application/vnd.plotly.v1+json";

interface Figure {
  data: unknown[];
  layout?: Record<string, unknown>;
  config?: Record<string, unknown>;
}

interface Plotly {
  newPlot(element: HTMLElement, data: unknown[], layout?: object, config?: object): Promise<unknown>;
  Plots: { resize(element: HTMLElement): void };
}

let loading: Promise<Plotly> | undefined;

/** plotly.js from the site, as a classic script (it sets window.Plotly). */
function plotly(): Promise<Plotly> {
  loading ??= new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = URLExt.join(PageConfig.getBaseUrl(), "build/files/plotly.min.js");
    script.onload = () => resolve((window as unknown as { Plotly: Plotly }).Plotly);
    script.onerror = () => {
      loading = undefined;
      reject(new Error("plotly.js did not load from the site"));
    };
    document.head.appendChild(script);
  });
  return loading;
}

class PlotlyRenderer extends Widget implements IRenderMime.IRenderer {
  constructor() {
    super();
    this.addClass("dlfs-plotly");
  }

  async renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    const figure = model.data[MIME_TYPE] as unknown as Figure;
    try {
      const Plotly = await plotly();
      await Plotly.newPlot(this.node, figure.data, figure.layout ?? {}, { responsive: true, ...figure.config });
    } catch (error) {
      this.node.textContent = `The plot could not be drawn: ${String(error)}`;
    }
  }

  protected override onResize(): void {
    if (this.node.classList.contains("js-plotly-plot"))
      (window as unknown as { Plotly?: Plotly }).Plotly?.Plots.resize(this.node);
  }
}

export const plotlyExtension: IRenderMime.IExtension = {
  id: "dlfs-site:plotly",
  description: "Draws plotly figures",
  rendererFactory: {
    // The figure is data, drawn by the site's own plotly.js: nothing of the notebook runs.
    safe: true,
    mimeTypes: [MIME_TYPE],
    defaultRank: 0,
    createRenderer: () => new PlotlyRenderer(),
  },
  rank: 0,
  dataType: "json",
};
