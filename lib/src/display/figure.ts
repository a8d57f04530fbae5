/**
 * The plotly figure format ({data, layout, config}), typed only as far as this
 * library writes it. plotly.js-dist's own declarations point at files its
 * package does not ship, and a figure is sent as JSON anyway, so every object
 * stays open to any other plotly attribute.
 */

export interface PlotlyLine {
  color?: string;
  width?: number;
  /** "solid", "dash", "dot", ... */
  dash?: string;
  [attribute: string]: unknown;
}

export interface PlotlyTrace {
  type?: string;
  name?: string;
  /** "lines", "markers", "lines+markers". */
  mode?: string;
  x?: ReadonlyArray<number | string | null>;
  y?: ReadonlyArray<number | string | null>;
  /** Which axes the trace is drawn on: "x"/"y", "x2"/"y2", ... */
  xaxis?: string;
  yaxis?: string;
  line?: PlotlyLine;
  [attribute: string]: unknown;
}

export interface PlotlyAxis {
  title?: { text: string };
  range?: [number, number];
  domain?: [number, number];
  anchor?: string;
  [attribute: string]: unknown;
}

export interface PlotlyLayout {
  title?: { text: string };
  height?: number;
  xaxis?: PlotlyAxis;
  yaxis?: PlotlyAxis;
  [attribute: string]: unknown;
}

export type PlotlyConfig = Record<string, unknown>;

/** What Plotly.newPlot takes, and what application/vnd.plotly.v1+json holds. */
export interface PlotlyFigure {
  data: PlotlyTrace[];
  layout: PlotlyLayout;
  config?: PlotlyConfig;
}
