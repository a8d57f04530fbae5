/**
 * Static images for plotly outputs, drawn by plotly itself in headless
 * Chromium (as kaleido does for Python) when a run's outputs are saved.
 *
 * A kernel sends a plot as plotly JSON (JupyterLab, VS Code) and as HTML
 * whose script draws it (classic Notebook, where the first plot of a session
 * brings plotly.js to the page). A saved notebook is read elsewhere: untrusted
 * Notebook 6 runs no script, nbconvert's HTML runs none with JavaScript off,
 * code hosts run none, and plotly.js (4.8 MB minified) would not fit a
 * notebook of under 2 MB anyway. So the saved output keeps the plotly JSON for
 * the front ends that draw it, gains a PNG that every viewer shows, and drops
 * the HTML, which would only draw where plotly.js is already on the page.
 */
import { existsSync } from "fs";
import type { Browser } from "playwright-core";
import { type DisplayDataOutput, type ExecuteResultOutput, isJsonObject, type MimeBundle, type Notebook } from "./format";

export const plotlyMimeType = "application/vnd.plotly.v1+json";

/** The image's size in CSS pixels: about a notebook column's width; the PNG has twice the pixels. */
const imageWidth = 900;
const defaultHeight = 450;
const pixelRatio = 2;

/** Where Debian, Ubuntu and Fedora install Chromium; CHROMIUM_PATH wins. */
const chromiumCandidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/lib/chromium/chromium"];

class StaticImageError extends Error {}

/**
 * The MIME types an output has once saved: a plot's HTML gives way to its
 * PNG. The comparison of saved and fresh outputs uses it, so a fresh run
 * (HTML, no PNG) matches what was saved.
 */
export function savedMimeTypes(mimeTypes: readonly string[]): string[] {
  if (!mimeTypes.includes(plotlyMimeType)) return [...mimeTypes].sort();
  return [...new Set([...mimeTypes.filter((mimeType) => mimeType !== "text/html"), "image/png"])].sort();
}

type Display = DisplayDataOutput | ExecuteResultOutput;

interface PlotlyFigureJson {
  data: unknown;
  layout?: { height?: unknown; [key: string]: unknown };
  config?: unknown;
}

function plotlyFigure(bundle: MimeBundle): PlotlyFigureJson | undefined {
  const figure = bundle[plotlyMimeType];
  if (!isJsonObject(figure) || !Array.isArray(figure.data)) return undefined;
  return figure as unknown as PlotlyFigureJson;
}

/** Every display in the notebook that carries a plotly figure. */
function plotlyDisplays(notebook: Notebook): Display[] {
  const displays: Display[] = [];
  for (const cell of notebook.cells) {
    if (cell.cell_type !== "code") continue;
    for (const output of cell.outputs) {
      if ((output.output_type === "display_data" || output.output_type === "execute_result") && plotlyFigure(output.data)) {
        displays.push(output);
      }
    }
  }
  return displays;
}

export function chromiumPath(): string {
  const fromEnvironment = process.env.CHROMIUM_PATH;
  if (fromEnvironment !== undefined && fromEnvironment !== "") {
    if (!existsSync(fromEnvironment)) throw new StaticImageError(`CHROMIUM_PATH is ${fromEnvironment}, which does not exist`);
    return fromEnvironment;
  }
  const found = chromiumCandidates.find((file) => existsSync(file));
  if (found === undefined) {
    throw new StaticImageError(
      "saving a notebook with plots needs Chromium to draw their static images: install it " +
        "(Debian: apt-get install chromium) or set CHROMIUM_PATH to its executable",
    );
  }
  return found;
}

/**
 * Gives every plotly output of `notebook` its PNG, in place, and drops its
 * HTML. Returns how many images were drawn. Starts Chromium only when the
 * notebook has a plot.
 */
export async function addStaticImages(notebook: Notebook): Promise<number> {
  const displays = plotlyDisplays(notebook);
  if (displays.length === 0) return 0;
  const { chromium } = await import("playwright-core");
  const browser: Browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  try {
    const page = await browser.newPage();
    await page.setContent("<!DOCTYPE html><html><body></body></html>");
    await page.addScriptTag({ path: require.resolve("plotly.js-dist-min") });
    for (const display of displays) {
      const figure = plotlyFigure(display.data);
      if (figure === undefined) continue;
      const height = typeof figure.layout?.height === "number" ? figure.layout.height : defaultHeight;
      const size = { width: imageWidth, height };
      const dataUrl = await page.evaluate(
        ({ figure, size, scale }) => {
          const page = globalThis as unknown as { Plotly: { toImage(figure: unknown, options: object): Promise<string> } };
          return page.Plotly.toImage(figure, { format: "png", width: size.width, height: size.height, scale });
        },
        { figure: { data: figure.data, layout: figure.layout ?? {}, config: figure.config ?? {} }, size, scale: pixelRatio },
      );
      const prefix = "data:image/png;base64,";
      if (!dataUrl.startsWith(prefix)) throw new StaticImageError(`plotly did not return a PNG: ${dataUrl.slice(0, 40)}...`);
      display.data = { ...display.data, "image/png": dataUrl.slice(prefix.length) };
      delete display.data["text/html"];
      display.metadata = { ...display.metadata, "image/png": size };
    }
    return displays.length;
  } finally {
    await browser.close();
  }
}
