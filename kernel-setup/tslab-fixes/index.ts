// The code tslab's patched files call, compiled at install time into
// node_modules/tslab/dist/dlfs/ (kernel-setup/patch-tslab.js), with the
// modules both kernels share (jupyterlite/kernel: what a cell declares, how
// its error reads, the hints for NumPy habits).
export { declaredKeys } from "../../jupyterlite/kernel/cell-declarations";
export { numpyHints, withHint } from "../../jupyterlite/kernel/numpy-hints";
export { commonJsWithLines } from "./cell-line-numbers";
export { earlierCellShorthand } from "./earlier-cell-shorthand";
export { nodePathOptions } from "./node-path-options";
export { cellFile, describeError, startCell } from "./readable-errors";
export { sendInOrder } from "./send-in-order";
