// Notebook output: MIME bundles, plots, progress lines and tables.
export { captureDisplays, displayBundle, displayTarget, insideJupyter, newDisplayId } from "./bundle";
export type { DisplayMessage, DisplayOptions, DisplayTarget, MimeBundle } from "./bundle";
export type { PlotlyAxis, PlotlyConfig, PlotlyFigure, PlotlyLayout, PlotlyLine, PlotlyTrace } from "./figure";
export { historyFigure, type HistoryFigureOptions } from "./history-figure";
export { epochNumbers, lossPerEvaluation } from "./history-epochs";
export { historySummary, plotBundle, plotHistory, resetPlotSession, showPlot, type ShowPlotOptions } from "./plot";
export { progressLine, progressText, type ProgressLine, type ProgressOptions, type ProgressOutput } from "./progress";
export { historyFrame, showTable, summaryFrame, tableBundle, type ShowTableOptions, type TableRow } from "./table";
