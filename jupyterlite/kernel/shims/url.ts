// node:url in the worker: Emscripten's loader (Graphviz in @viz-js/viz) names
// its own file with pathToFileURL when there is no document; it embeds its
// WebAssembly, so the URL is only a name.
export function pathToFileURL(file: string): URL {
  return new URL(`file://${file.startsWith("/") ? "" : "/"}${file}`);
}
