// How an error thrown by a cell reads under it, in both kernels: its name and
// message, the message of each error that caused it, and where tslab can say
// it, the lines of the learner's own cells it passed through. Nothing of the
// library's, the kernel's or Node's insides: a learner acts on the message.
//
// One source for both kernels: the site's worker (worker.ts) imports it, and
// kernel-setup/tslab-fixes compiles it into tslab's executor. It imports
// nothing at run time.

/** What a cell that was interrupted shows, Korean first. */
export const interruptedText = "중단됨: 셀이 끝나기 전에 멈췄습니다.\nInterrupted: the cell was stopped before it finished.";

/**
 * The text of an error a cell threw: "Name: message", each cause as
 * "  [cause]: Name: message", then `cellFrames` (one line each, "at f, cell
 * In [3], line 7: code", made by the kernel that knows them). Anything thrown
 * that is not an Error is shown by `show`.
 */
export function learnerErrorText(error: unknown, show: (value: unknown) => string, cellFrames: readonly string[] = []): string {
  if (!(error instanceof Error)) return show(error);
  const lines = [headline(error)];
  const seen = new Set<Error>([error]);
  // A cause that leads back to an error already shown ends the chain.
  for (let cause = error.cause; cause instanceof Error && !seen.has(cause); cause = cause.cause) {
    seen.add(cause);
    lines.push(`  [cause]: ${headline(cause)}`);
  }
  return [...lines, ...cellFrames].join("\n");
}

function headline(error: Error): string {
  const name = error.name || "Error";
  return error.message ? `${name}: ${error.message}` : name;
}
