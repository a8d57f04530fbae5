// The graph as a PNG, drawn in the kernel by resvg (WebAssembly) with the
// fonts dlfs ships: the picture every notebook viewer shows.
import { expect } from "chai";
import { existsSync, readFileSync } from "node:fs";
import { ComputationalGraph, MulLayer } from "dlfs";
import { type DisplayMessage, forgetRasterAssets, installedPath, svgToPng, useHost } from "dlfs/internal";
import { countPixels, decodePng, isDark, isPng, isRed, rgbAt } from "../../support/png";
import { recordFruitExample } from "../../support/recorded-graphs";

/** The SVG's size in CSS pixels, from its width and height in points. */
function svgSize(svg: string): { width: number; height: number } {
  const match = /<svg width="([\d.]+)pt" height="([\d.]+)pt"/.exec(svg);
  if (match === null) throw new Error("no size in points on the <svg> element");
  return { width: (Number(match[1]) * 4) / 3, height: (Number(match[2]) * 4) / 3 };
}

function textSvg(text: string, fontFamily: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40" viewBox="0 0 200 40">` +
    `<text x="10" y="28" font-family="${fontFamily}" font-size="20">${text}</text></svg>`
  );
}

/**
 * Runs `draw` with a host that supplies the library's files itself, as a
 * browser kernel does (it has no system fonts); returns the PNG it made, how
 * often the host was asked to get files ready, and which files it read.
 */
async function withHostFiles(draw: () => Promise<Uint8Array>): Promise<{ png: Uint8Array; prepared: number; read: string[] }> {
  let prepared = 0;
  const read: string[] = [];
  forgetRasterAssets();
  const restore = useHost({
    kind: "notebook",
    display: () => undefined,
    listenForInterrupt: () => () => undefined,
    files: {
      where: "the test's host",
      remedy: "none",
      prepare: () => {
        prepared++;
        return Promise.resolve();
      },
      read: (name) => {
        read.push(name);
        return new Uint8Array(readFileSync(installedPath(name)));
      },
    },
  });
  try {
    return { png: await draw(), prepared, read };
  } finally {
    restore();
    forgetRasterAssets();
  }
}

async function displaysOf(action: () => Promise<void>): Promise<DisplayMessage[]> {
  const displays: DisplayMessage[] = [];
  const restore = useHost({ kind: "notebook", display: (m) => displays.push(m), listenForInterrupt: () => () => undefined });
  try {
    await action();
  } finally {
    restore();
  }
  return displays;
}

describe("graph: the PNG picture", function () {
  // WebAssembly start-up and font parsing take a second or two on a busy machine.
  this.timeout(60_000);

  it("is the SVG drawn at twice its size, on white, with the red gradients and the text up to the right end", async () => {
    const svg = await recordFruitExample(true).g.toSVG();
    const picture = await svgToPng(svg);
    const size = svgSize(svg);
    expect(picture.width).to.be.closeTo(size.width, 1);
    expect(picture.height).to.be.closeTo(size.height, 1);
    const pixels = decodePng(picture.png);
    expect(pixels.width).to.be.closeTo(2 * size.width, 2);
    expect(pixels.height).to.be.closeTo(2 * size.height, 2);
    expect(rgbAt(pixels, 0, 0)).to.deep.equal([255, 255, 255]);
    // The gradients are red; the result "price" and its arrow reach the last tenth of the width.
    expect(countPixels(pixels, isRed)).to.be.above(1000);
    const rightEnd = { x: Math.floor(pixels.width * 0.9), y: 0, width: pixels.width, height: pixels.height };
    expect(countPixels(pixels, isDark, rightEnd)).to.be.above(200);
  });

  for (const [family, shipped] of [
    ["Helvetica,sans-Serif", "Arimo"],
    ["Courier,monospace", "Cousine"],
  ]) {
    it(`draws text set in ${family} (with ${shipped}, which dlfs ships)`, async () => {
      const pixels = decodePng((await svgToPng(textSvg("apple 715.0", family), { scale: 1 })).png);
      expect(countPixels(pixels, isDark)).to.be.above(150);
    });
  }

  const cjkFont = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
  it("draws a Korean label with the system's CJK font", async function () {
    if (!existsSync(cjkFont)) {
      console.log(`    skipped: ${cjkFont} is missing (apt-get install fonts-noto-cjk)`);
      this.skip();
    }
    const svg = textSvg("사과 가격", "Helvetica,sans-Serif");
    const korean = decodePng((await svgToPng(svg)).png);
    // The same text with the shipped fonts only, as a host without system fonts draws it: four empty boxes.
    const boxes = decodePng((await withHostFiles(async () => (await svgToPng(svg)).png)).png);
    expect(countPixels(korean, isDark)).to.be.above(2 * countPixels(boxes, isDark));
  });

  it("is what show() sends to a notebook, with its size in CSS pixels as metadata", async () => {
    const g = recordFruitExample(true).g;
    const svg = await g.toSVG();
    const [display] = await displaysOf(() => g.show());
    expect(Object.keys(display.data).sort()).to.deep.equal(["image/png", "text/plain"]);
    expect(isPng(Buffer.from(String(display.data["image/png"]), "base64"))).to.equal(true);
    const size = svgSize(svg);
    expect(display.metadata).to.deep.equal({ "image/png": { width: Math.round(size.width), height: Math.round(size.height) } });
  });

  it("takes resvg's WebAssembly and the fonts from a host that has no file system (a browser kernel)", async () => {
    const g = new ComputationalGraph();
    g.track(new MulLayer(), "mul").forward(g.input("x", 2), g.input("y", 3));
    const { png, prepared, read } = await withHostFiles(() => g.toPNG());
    expect(prepared).to.equal(1);
    // The fonts from the host; resvg's WebAssembly too, unless an earlier picture already started it.
    expect(read.filter((name) => name !== "resvg.wasm").sort()).to.deep.equal(["Arimo_400Regular.ttf", "Cousine_400Regular.ttf"]);
    expect(countPixels(decodePng(png), isDark)).to.be.above(500);
  });

  it("rejects a scale that is not a positive number", async () => {
    let failure: unknown = null;
    await svgToPng(textSvg("x", "Arimo"), { scale: 0 }).catch((error: unknown) => (failure = error));
    expect(String(failure)).to.match(/scale must be a positive number, got 0/);
  });
});
