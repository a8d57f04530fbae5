/**
 * plotly.js itself, to be embedded in an HTML output so that plots draw with
 * no network: offline machines, exported HTML, notebooks opened years later.
 */
import { readFileSync } from "fs";

/**
 * Smallest first: the minified full bundle (about 4.8 MB) if a project adds
 * plotly.js-dist-min, else the one in plotly.js-dist, which this library
 * depends on (unminified, about 10 MB).
 */
const candidates = ["plotly.js-dist-min/plotly.min.js", "plotly.js-dist/plotly.min.js", "plotly.js-dist"];

/** The file plotly.js is read from. */
function plotlyLibraryPath(): string {
  for (const id of candidates) {
    try {
      return require.resolve(id);
    } catch {
      // Not installed; try the next one.
    }
  }
  throw new Error("plotly.js is not installed: run `npm install` (dlfs depends on plotly.js-dist)");
}

let source: string | undefined;

/**
 * The library's source, ready to sit inside an inline <script>: read once per
 * process, since it is large and never changes while the kernel runs.
 */
export function plotlyLibrarySource(): string {
  // "</script" anywhere in the text would end the script element early.
  source ??= readFileSync(plotlyLibraryPath(), "utf8").replace(/<\/script/gi, "<\\/script");
  return source;
}
