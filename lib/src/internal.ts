// What tools and tests use that a learner does not: the machinery under the
// book's classes (products, printing, the answer channel's array type), the
// parts of the notebook displays, and the host seam for other kinds of kernel.
// Not part of the lessons' API: names here may change without notice.
export {
  matmul,
  matmulLoop,
  matmulTransA,
  matmulTransALoop,
  matmulTransB,
  matmulTransBLoop,
  wasmKernelsAvailable,
} from "./engine/matmul";
export type { FloatArray } from "./engine/matmul";
export { computeInfo, setThreads, startThreads } from "./engine/wasm-runtime";
export type { ComputeInfo } from "./engine/wasm-runtime";
export { libmLog } from "./engine/glibc-log";
export { arrayRepr, arrayToString, pyFloatRepr } from "./engine/numpy-format";
export { NumPyScalar } from "./scalar";
export type { ArrayLike } from "./engine/numpy-format";
export { dotABT, dotATB } from "./ndarray";
export { isPending, setDeferredGradients } from "./deferred-array";
export { broadcastShapes, sameShape, sizeOf, stridesOf } from "./util";
export { oneHotToLabels } from "./functions";
export { currentHost, installedPath, libraryFiles, mnistFiles, useHost } from "./host";
export type { DisplayMessage, Host, HostFiles, LibraryFile, MimeBundle } from "./host";
export { captureDisplays, displayBundle, newDisplayId, showsRichOutput } from "./display/bundle";
export type { DisplayOptions } from "./display/bundle";
export { escapeHtml } from "./display/html";
export { forgetRasterAssets, pngBase64, svgToPng } from "./display/raster";
export type { PngPicture, RasterOptions } from "./display/raster";
export { blockMeans } from "./display/decimate";
export { epochNumbers, lossPerEvaluation } from "./display/history-epochs";
export { historyFigure, historyList } from "./display/history-figure";
export type { PlotlyAxis, PlotlyConfig, PlotlyLayout, PlotlyLine, PlotlyTrace } from "./display/figure";
export { historySummary, plotBundle, resetPlotSession } from "./display/plot";
export { progressText } from "./display/progress";
export type { ProgressOptions, ProgressOutput } from "./display/progress";
export { formatCell, tableBundle } from "./display/table";
export { trainingProgressLine } from "./display/training-progress";
export { checkBundle } from "./check";
export { LAYER_STYLES, styleOf } from "./graph/layer-styles";
export { allMessages, messagesIn } from "./messages/catalogue";
export type { Messages } from "./messages/catalogue";
export { languageFor, parseLanguage } from "./messages/language";
export { courseLanguage } from "./answer-key/course-language";
