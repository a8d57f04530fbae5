// What dlfs expects of Node that a worker lacks, set up before dlfs loads.

/**
 * setImmediate: train() gives the event loop a turn with it between progress
 * reports. A zero timeout lets the kernel's messages (Interrupt) in first.
 */
function setImmediate(callback: (...args: unknown[]) => void, ...args: unknown[]): number {
  return setTimeout(callback, 0, ...args) as unknown as number;
}

const scope = globalThis as unknown as Record<string, unknown>;
scope.setImmediate ??= setImmediate;
