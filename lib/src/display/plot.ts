/**
 * Showing plotly figures in a notebook, and the training-history plot.
 *
 * One output carries the figure three ways: as plotly JSON (JupyterLab and
 * VS Code draw it natively), as HTML with a script (classic Notebook, where
 * the first plot of a session brings plotly.js to the page), and as text
 * (terminals, text-only viewers). The static PNG that every other viewer
 * shows needs a browser to draw it with plotly itself; the notebook runner
 * adds it when it saves outputs (`npm run nb -- run --inplace`).
 */
import type { TrainHistory } from "../history";
import { displayBundle, showsRichOutput, type MimeBundle } from "./bundle";
import type { PlotlyFigure } from "./figure";
import { historyFigure, historyList, type HistoryFigureOptions } from "./history-figure";
import { plotlyHtml } from "./plotly-html";
import { courseLanguage } from "../answer-key/course-language";
import { messagesIn } from "../messages/catalogue";
import type { Language } from "../messages/language";

export interface ShowPlotOptions {
  /** The text/plain representation; default: the title and the trace names. */
  text?: string;
  /** Embed plotly.js in this output. Default: only in the first plot of the kernel session. */
  includeLibrary?: boolean;
}

/** Whether plotly.js has already gone out in an output of this session. */
let librarySent = false;

/**
 * The next plot embeds plotly.js again. Needed when the output that carried
 * it is gone (cleared, or its cell re-run), so no other output has it.
 */
export function resetPlotSession(): void {
  librarySent = false;
}

/** The MIME bundle of a figure, without showing it. */
export function plotBundle(figure: PlotlyFigure, options: ShowPlotOptions & { includeLibrary: boolean }): MimeBundle {
  return {
    "application/vnd.plotly.v1+json": { data: figure.data, layout: figure.layout, config: figure.config ?? {} },
    "text/html": plotlyHtml(figure, { includeLibrary: options.includeLibrary }),
    "text/plain": options.text ?? figureSummary(figure),
  };
}

/** Shows any plotly figure inline. */
export function showPlot(figure: PlotlyFigure, options: ShowPlotOptions = {}): void {
  // Printed as text in a terminal, the HTML goes nowhere: no point building it big.
  const toPage = showsRichOutput();
  const includeLibrary = options.includeLibrary ?? (!librarySent && toPage);
  displayBundle(plotBundle(figure, { ...options, includeLibrary }));
  if (includeLibrary && toPage) librarySent = true;
}

/** Shows accuracy per epoch and loss per iteration of one or more runs. */
export function plotHistory(
  history: TrainHistory | readonly TrainHistory[],
  options: HistoryFigureOptions & Pick<ShowPlotOptions, "includeLibrary"> = {},
): void {
  const histories = historyList(history);
  showPlot(historyFigure(histories, options), {
    text: historySummary(histories, options.title, options.language),
    includeLibrary: options.includeLibrary,
  });
}

function figureSummary(figure: PlotlyFigure): string {
  const m = messagesIn(courseLanguage());
  const title = figure.layout.title?.text ?? m.plot;
  const names = figure.data.map((t, i) => t.name ?? m.trace(i));
  return m.figureSummary(title, names.join(", "));
}

/** What a text-only viewer shows: the numbers one would read off the plot. */
export function historySummary(histories: readonly TrainHistory[], title?: string, language?: Language): string {
  const m = messagesIn(language ?? courseLanguage());
  const lines = histories.map((h) => {
    const last = (xs: readonly number[]) => (xs.length > 0 ? xs[xs.length - 1].toFixed(4) : "-");
    // No time taken: the text is compared with the saved one, and times change from run to run.
    return m.historySummaryRun(
      h.label || m.unnamedRun,
      h.evalIterations.length,
      h.trainLoss.length,
      last(h.trainAcc),
      last(h.testAcc),
    );
  });
  return [m.historySummaryTitle(title ?? m.historyTitle), ...lines].join("\n");
}
