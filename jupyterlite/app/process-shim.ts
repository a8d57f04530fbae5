// `process` for the app, injected by esbuild wherever the bundle names it.
// JupyterLab's PathExt (path-browserify) calls process.cwd() to resolve a
// relative path, as a markdown link to another notebook is
// ("[NumPy에서 dlfs로](numpy_to_dlfs.ipynb)"): without it the link is left
// empty. JupyterLab's own webpack builds provide the npm package `process`
// (process/browser); this is the part of it that code in a browser reads.
export const process = {
  title: "browser",
  browser: true,
  env: {},
  argv: [] as string[],
  version: "",
  versions: {},
  cwd: (): string => "/",
  nextTick: (callback: (...args: unknown[]) => void, ...args: unknown[]): void => queueMicrotask(() => callback(...args)),
};
