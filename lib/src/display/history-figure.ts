/**
 * The figure of one or more training runs, as plotly JSON: accuracy per epoch
 * on the left (train solid, test dashed, y from 0 to 1, like the book's plot
 * in chapter 4) and the training loss per iteration on the right. A pure
 * function, so that it can be checked without a notebook.
 */
import type { TrainHistory } from "../history";
import { blockMeans } from "./decimate";
import type { PlotlyFigure, PlotlyTrace } from "./figure";
import { epochNumbers } from "./history-epochs";
import { courseLanguage } from "../answer-key/course-language";
import { type Messages, messagesIn } from "../messages/catalogue";
import type { Language } from "../messages/language";

export interface HistoryFigureOptions {
  /** Above both plots; default "Training history" (학습 기록). */
  title?: string;
  /** The most points per loss curve; longer runs are shown as block means. Default 500. */
  lossPoints?: number;
  /** In pixels; the width follows the page. Default 440. */
  height?: number;
  /** Of the labels; default the lessons' (or the learner's choice). */
  language?: Language;
}

/** plotly's default colour cycle, set explicitly so that a run's three traces share one colour. */
const palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

/** Horizontal split between the two plots, as fractions of the width. */
const accuracyDomain: [number, number] = [0, 0.45];
const lossDomain: [number, number] = [0.55, 1];

export function historyFigure(history: TrainHistory | readonly TrainHistory[], options: HistoryFigureOptions = {}): PlotlyFigure {
  const histories = historyList(history);
  const lossPoints = options.lossPoints ?? 500;
  const m = messagesIn(options.language ?? courseLanguage());
  const data: PlotlyTrace[] = [];
  const blockSizes = new Set<number>();
  let lastEpoch = 0;

  histories.forEach((h, i) => {
    const color = palette[i % palette.length];
    const group = { legendgroup: `run ${i}` };
    const epochs = epochNumbers(h);
    lastEpoch = Math.max(lastEpoch, ...epochs);
    const accuracy = (which: "train" | "test", y: readonly number[]): PlotlyTrace => ({
      type: "scatter",
      mode: "lines+markers",
      name: traceName(h.label, which === "train" ? m.trainAccuracy : m.testAccuracy),
      x: epochs,
      y,
      xaxis: "x",
      yaxis: "y",
      line: { color, width: 2, dash: which === "test" ? "dash" : "solid" },
      marker: { color, size: 6, symbol: which === "test" ? "square" : "circle" },
      hovertemplate: `${m.epochPoint} %{x}: %{y:.4f}`,
      ...group,
    });
    data.push(accuracy("train", h.trainAcc), accuracy("test", h.testAcc));

    const loss = blockMeans(h.trainLoss, lossPoints);
    blockSizes.add(loss.blockSize);
    data.push({
      type: "scatter",
      mode: "lines",
      name: traceName(h.label, m.loss),
      x: loss.x,
      y: loss.y,
      xaxis: "x2",
      yaxis: "y2",
      line: { color, width: 1.5 },
      hovertemplate: `${m.iterationPoint} %{x}: %{y:.4f}`,
      ...group,
    });
  });

  return {
    data,
    layout: {
      title: { text: options.title ?? m.historyTitle },
      height: options.height ?? 440,
      margin: { t: 70, r: 20, b: 50, l: 60 },
      xaxis: {
        domain: accuracyDomain,
        anchor: "y",
        title: { text: m.epochs },
        // Whole epochs only: plotly would otherwise tick 0, 0.5, 1 on short runs.
        dtick: Math.max(1, Math.ceil(lastEpoch / 10)),
      },
      yaxis: { anchor: "x", title: { text: m.accuracy }, range: [0, 1] },
      xaxis2: { domain: lossDomain, anchor: "y2", title: { text: m.iterations } },
      yaxis2: { anchor: "x2", title: { text: m.loss }, rangemode: "tozero" },
      annotations: [subplotTitle(m.accuracyPerEpoch, accuracyDomain), subplotTitle(lossTitle(blockSizes, m), lossDomain)],
      // One legend entry is one trace: clicking it should not hide the whole run.
      legend: { groupclick: "toggleitem" },
      hovermode: "closest",
    },
    config: { responsive: true, displaylogo: false },
  };
}

/** One run or several, as a list. */
export function historyList(history: TrainHistory | readonly TrainHistory[]): readonly TrainHistory[] {
  return isHistoryList(history) ? history : [history];
}

/** Array.isArray does not narrow a readonly array type; this does. */
function isHistoryList(history: TrainHistory | readonly TrainHistory[]): history is readonly TrainHistory[] {
  return Array.isArray(history);
}

function traceName(label: string, what: string): string {
  return label === "" ? what : `${label} ${what}`;
}

function lossTitle(blockSizes: Set<number>, m: Messages): string {
  const sizes = [...blockSizes];
  if (sizes.every((s) => s === 1)) return m.lossPerIteration;
  if (sizes.length === 1) return m.lossMeanOf(sizes[0]);
  return m.lossMeans;
}

/** plotly has no subplot titles of its own; they are annotations above each plot. */
function subplotTitle(text: string, domain: [number, number]): Record<string, unknown> {
  return {
    text,
    x: (domain[0] + domain[1]) / 2,
    y: 1,
    xref: "paper",
    yref: "paper",
    xanchor: "center",
    yanchor: "bottom",
    yshift: 8,
    showarrow: false,
    font: { size: 14 },
  };
}
