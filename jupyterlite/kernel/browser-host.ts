// dlfs's host in the site's kernel (see lib/src/host): outputs go to the
// notebook as display messages through the kernel, and Interrupt comes from
// the kernel's "interrupt" message.
import { useHost, type DisplayMessage, type RasterAssets } from "dlfs/internal";
import { RASTER_FILES } from "./raster-files";

const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/**
 * A plot's output without its HTML copy: the site draws plotly's JSON itself,
 * and the HTML (made for classic Notebook) carries plotly.js, megabytes that
 * would go into the notebook in the browser's storage with every plot.
 */
function withoutPlotHtml(message: DisplayMessage): DisplayMessage {
  if (!(PLOTLY_MIME in message.data) || !("text/html" in message.data)) return message;
  const data = { ...message.data };
  delete data["text/html"];
  return { ...message, data };
}

export interface BrowserHost {
  /** The learner pressed Interrupt: tells whoever listens (a training loop); false if nobody did. */
  interrupt(): boolean;
}

async function fetchBytes(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok)
    throw new Error(`the site did not serve ${url} (HTTP ${response.status}); build the site again with npm run site`);
  return new Uint8Array(await response.arrayBuffer());
}

/** Graph pictures' PNG is drawn in the worker by resvg: its WebAssembly and fonts come from the site. */
function rasterAssetsFrom(siteUrl: () => string): () => Promise<RasterAssets> {
  let assets: Promise<RasterAssets> | undefined;
  return () => {
    const base = `${siteUrl()}build/raster/`;
    assets ??= Promise.all([
      fetchBytes(base + RASTER_FILES.wasm),
      Promise.all(RASTER_FILES.fonts.map((font) => fetchBytes(base + font))),
    ]).then(([wasm, fonts]) => ({ wasm, fonts }));
    // A failed download is tried again by the next picture.
    assets.catch(() => (assets = undefined));
    return assets;
  };
}

export function startBrowserHost(display: (message: DisplayMessage) => void, siteUrl: () => string): BrowserHost {
  const listeners = new Set<() => void>();
  useHost({
    kind: "notebook",
    display: (message) => display(withoutPlotHtml(message)),
    rasterAssets: rasterAssetsFrom(siteUrl),
    listenForInterrupt(onInterrupt) {
      listeners.add(onInterrupt);
      return () => listeners.delete(onInterrupt);
    },
  });
  return {
    interrupt() {
      for (const listener of [...listeners]) listener();
      return listeners.size > 0;
    },
  };
}
