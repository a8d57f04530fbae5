/**
 * plotly.js itself, to be embedded in an HTML output so that plots draw with
 * no network: offline machines, exported HTML, notebooks opened years later.
 * The minified bundle (plotly.js-dist-min, about 4.8 MB), once per page.
 */
import { readLibraryFile } from "../host";

let source: string | undefined;

/**
 * The library's source, ready to sit inside an inline <script>: read once per
 * process, since it is large and never changes while the kernel runs.
 */
export function plotlyLibrarySource(): string {
  // "</script" anywhere in the text would end the script element early.
  source ??= new TextDecoder().decode(readLibraryFile("plotly.min.js")).replace(/<\/script/gi, "<\\/script");
  return source;
}
