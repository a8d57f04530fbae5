// What dlfs expects of Node that a worker lacks, set up before dlfs loads.

/** The site's root URL, known once the kernel sends "start". */
let siteUrl = "";

export function setSiteUrl(url: string): void {
  siteUrl = url;
}

/**
 * require.resolve, for the one package file dlfs reads: plotly.js, which the
 * site serves minified as build/plotly.min.js (read by shims/fs.ts).
 */
function siteResolve(id: string): string {
  if (id.startsWith("plotly.js-dist")) return `site:${siteUrl}build/plotly.min.js`;
  throw new Error(`Cannot find module '${id}' in the browser`);
}

/**
 * setImmediate: train() gives the event loop a turn with it between progress
 * reports. A zero timeout lets the kernel's messages (Interrupt) in first.
 */
function setImmediate(callback: (...args: unknown[]) => void, ...args: unknown[]): number {
  return setTimeout(callback, 0, ...args) as unknown as number;
}

const scope = globalThis as unknown as Record<string, unknown>;
scope.__siteResolve = siteResolve;
scope.setImmediate ??= setImmediate;
