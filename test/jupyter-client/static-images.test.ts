// Saving a plot: plotly draws its PNG in headless Chromium, the HTML (which
// needs plotly.js on the page) goes, and a fresh run still compares equal.
import { expect } from "chai";
import { existsSync } from "fs";
import { compareNotebooks, type Notebook } from "../../jupyter-client";
import { addStaticImages, chromiumPath, plotlyMimeType, savedMimeTypes } from "../../jupyter-client/notebook/static-images";
import { countPixels, decodePng } from "../support/png";

/** A notebook whose one cell shows a two-line plot as a kernel sends it. */
function plotNotebook(): Notebook {
  const figure = {
    data: [
      {
        type: "scatter",
        mode: "lines",
        name: "train",
        x: [0, 1, 2, 3],
        y: [0.1, 0.8, 0.9, 0.95],
        line: { color: "#1f77b4", width: 4 },
      },
      {
        type: "scatter",
        mode: "lines",
        name: "test",
        x: [0, 1, 2, 3],
        y: [0.1, 0.7, 0.85, 0.9],
        line: { color: "#ff7f0e", width: 4 },
      },
    ],
    layout: { title: { text: "accuracy" }, height: 300 },
    config: {},
  };
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: [
      {
        cell_type: "code",
        source: "plotHistory(history);",
        metadata: {},
        execution_count: 1,
        outputs: [
          {
            output_type: "display_data",
            data: {
              [plotlyMimeType]: figure,
              "text/html": '<div class="dlfs-plot"></div><script>draw()</script>',
              "text/plain": "accuracy",
            },
            metadata: {},
          },
        ],
      },
    ],
  };
}

describe("jupyter-client: static images of plots", function () {
  this.timeout(60_000);

  it("a saved plot has plotly JSON, a PNG and text; its HTML goes", () => {
    expect(savedMimeTypes([plotlyMimeType, "text/html", "text/plain"])).to.deep.equal([
      plotlyMimeType,
      "image/png",
      "text/plain",
    ]);
    expect(savedMimeTypes([plotlyMimeType, "image/png", "text/plain"])).to.deep.equal([
      plotlyMimeType,
      "image/png",
      "text/plain",
    ]);
    // Anything else keeps its types: a table's HTML stays.
    expect(savedMimeTypes(["text/plain", "text/html"])).to.deep.equal(["text/html", "text/plain"]);
  });

  describe("in headless Chromium @browser", () => {
    const saved = plotNotebook();
    let drawn = 0;

    before(async function () {
      if (!existsSync("/usr/bin/chromium") && process.env.CHROMIUM_PATH === undefined) {
        console.log("    skipped: no Chromium (apt-get install chromium, or set CHROMIUM_PATH)");
        this.skip();
      }
      drawn = await addStaticImages(saved);
    });

    it("draws the PNG with plotly, at twice a column's width, with both traces' colours", () => {
      expect(drawn).to.equal(1);
      const cell = saved.cells[0];
      if (cell.cell_type !== "code" || cell.outputs[0].output_type !== "display_data") throw new Error("the plot output is gone");
      const output = cell.outputs[0];
      expect(Object.keys(output.data).sort()).to.deep.equal([plotlyMimeType, "image/png", "text/plain"]);
      expect(output.metadata).to.deep.equal({ "image/png": { width: 900, height: 300 } });
      const png = output.data["image/png"];
      if (typeof png !== "string") throw new Error("no base64 PNG in the output");
      const pixels = decodePng(Buffer.from(png, "base64"));
      expect([pixels.width, pixels.height]).to.deep.equal([1800, 600]);
      const near = (r: number, g: number, b: number) => (rgb: [number, number, number]) =>
        Math.abs(rgb[0] - r) < 30 && Math.abs(rgb[1] - g) < 30 && Math.abs(rgb[2] - b) < 30;
      expect(countPixels(pixels, near(0x1f, 0x77, 0xb4)), "blue train line").to.be.above(1000);
      expect(countPixels(pixels, near(0xff, 0x7f, 0x0e)), "orange test line").to.be.above(1000);
    });

    it("a fresh run (HTML, no PNG) compares equal to the saved notebook (PNG, no HTML); a plot turned text does not", () => {
      expect(compareNotebooks(saved, plotNotebook())).to.deep.equal([]);
      const textOnly = plotNotebook();
      const cell = textOnly.cells[0];
      if (cell.cell_type === "code")
        cell.outputs = [{ output_type: "display_data", data: { "text/plain": "accuracy" }, metadata: {} }];
      expect(compareNotebooks(saved, textOnly)).to.have.length(1);
    });
  });

  it("says how to get Chromium when there is none", () => {
    const saved = process.env.CHROMIUM_PATH;
    process.env.CHROMIUM_PATH = "/nonexistent/chromium";
    try {
      expect(() => chromiumPath()).to.throw(/CHROMIUM_PATH is \/nonexistent\/chromium, which does not exist/);
    } finally {
      if (saved === undefined) delete process.env.CHROMIUM_PATH;
      else process.env.CHROMIUM_PATH = saved;
    }
  });
});
