// A headless Jupyter client for the tslab kernel, and the notebook tools built
// on it: start a kernel, run code in it, run a whole notebook, compare its
// outputs with the saved ones. Needs neither Python nor Jupyter.
//
//   const run = await executeNotebook("notebooks/213_fruit_backward.ipynb");
//   const session = await KernelSession.start({ cwd: "notebooks" });
//
// What the project's other tools (kernel-setup, teaching, scripts) use is
// exported here, by name; the files under kernel/ and notebook/ are this
// folder's own business.

// One kernel: start it, run code in it, stop it (kernel/)
export { KernelSession } from "./kernel/session";
export type { ExecuteOptions, ExecutionResult, KernelInfo, KernelSessionOptions, MessageLimits } from "./kernel/session";
export type { KernelLaunchOptions, KernelSandbox } from "./kernel/process";
export { CellTimeoutError, KernelDiedError, KernelStartError, describeExit, formatCellError } from "./kernel/errors";
export type { CellError, KernelExit } from "./kernel/errors";
export { buildKernelSnapshot, snapshotSupported } from "./kernel/snapshot";
export { permissionFlags } from "./kernel/node-flags";
export type { PermissionFlags } from "./kernel/node-flags";
export { installedModulesDir, requireTslab, tslabBinary, tslabDir } from "./kernel/tslab";
export { killProcessGroup } from "./kernel/reaper";
export { environmentForKernelsAtOnce } from "./kernel/shared-cores";

// Notebooks: the file format, running one, comparing outputs (notebook/)
export {
  NotebookFormatError,
  cellTags,
  isJsonObject,
  outputText,
  textOf,
  parseNotebook,
  readNotebook,
  serializeNotebook,
  writeNotebook,
} from "./notebook/format";
export type { Cell, CodeCell, JsonMap, JsonObject, JsonValue, Notebook, Output } from "./notebook/format";
export { executeNotebook } from "./notebook/execute";
export type { CellFailure, CellProgress, CellReport, CellStatus, ExecuteNotebookOptions, NotebookRun } from "./notebook/execute";
export { compareNotebooks, formatDifferences } from "./notebook/compare";
export type { OutputDifference, Tolerance } from "./notebook/compare";
export { describeCell } from "./notebook/cell-label";

export { inParallel } from "./in-parallel";
export { exitCodes, messageOf, runCommand, UsageError, usageMessage } from "./command-line";
