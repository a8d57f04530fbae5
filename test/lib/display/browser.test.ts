// Plots as readers of an exported notebook see them: notebook outputs made by
// the real plotHistory, rendered into one static HTML page, opened in headless
// Chromium. Screenshots go to test-artifacts/ for a human to look at.
import { expect } from "chai";
import { readFileSync, writeFileSync } from "fs";
import { join, resolve } from "path";
import { pathToFileURL } from "url";
import type { BrowserContext, Page } from "playwright-core";
import { captureDisplays, type DisplayMessage, resetPlotSession } from "dlfs/internal";
import { plotHistory, progressLine, type TrainHistory } from "dlfs";
import { artifacts, useChromium } from "../../support/chromium";
import { notebookToHtml, outputsFromDisplays, type Notebook, type NotebookCell } from "../../support/notebook-html";

const root = resolve(__dirname, "../../..");
const lessonNotebook = join(root, "notebooks", "237_relu_vs_sigmoid.ipynb");

/** A run that learns like the book's two-layer net, without training anything. */
function syntheticHistory(label: string, speed: number, epochs = 16, itersPerEpoch = 600): TrainHistory {
  const evalIterations = Array.from({ length: epochs }, (_, e) => e * itersPerEpoch);
  const acc = (e: number, ceiling: number) => ceiling - (ceiling - 0.1) * Math.exp(-speed * e);
  const trainLoss = Array.from({ length: epochs * itersPerEpoch }, (_, i) => {
    const wiggle = 0.15 * Math.sin(i * 12.9898) * Math.exp(-i / 3000);
    return 0.08 + 2.2 * Math.exp((-speed * i) / itersPerEpoch) + wiggle;
  });
  return {
    label,
    trainLoss,
    evalIterations,
    trainAcc: evalIterations.map((_, e) => acc(e, 0.99)),
    testAcc: evalIterations.map((_, e) => acc(e, 0.97)),
    seconds: 12.5,
  };
}

function codeCell(source: string, displays: DisplayMessage[]): NotebookCell {
  return { cell_type: "code", source, outputs: outputsFromDisplays(displays) };
}

/** The trace count of each plotly output, in page order. */
function expectedTraceCounts(notebook: Notebook): number[] {
  const counts: number[] = [];
  for (const cell of notebook.cells) {
    for (const output of cell.outputs ?? []) {
      const figure = output.data?.["application/vnd.plotly.v1+json"] as { data: unknown[] } | undefined;
      if (figure !== undefined && output.data?.["text/html"] !== undefined) counts.push(figure.data.length);
    }
  }
  return counts;
}

interface DrawnPlot {
  plotly: boolean;
  svgs: number;
  traces: number;
}

/** What plotly drew in each plot output; waits until every one has its traces. */
async function drawnPlots(page: Page, expected: number[]): Promise<DrawnPlot[]> {
  const read = () =>
    page.$$eval(".dlfs-plot", (divs) =>
      divs.map((div) => ({
        plotly: div.classList.contains("js-plotly-plot"),
        svgs: div.querySelectorAll(".main-svg").length,
        traces: div.querySelectorAll(".scatterlayer .trace").length,
      })),
    );
  const deadline = Date.now() + 10_000;
  let plots = await read();
  while (Date.now() < deadline && !plots.every((p, i) => p.traces === expected[i])) {
    await page.waitForTimeout(100);
    plots = await read();
  }
  return plots;
}

/** Writes the page, opens it, and returns what was drawn; screenshots it on the way. */
async function openNotebook(
  context: BrowserContext,
  notebook: Notebook,
  name: string,
): Promise<{ plots: DrawnPlot[]; errors: string[] }> {
  const htmlPath = join(artifacts, `${name}.html`);
  writeFileSync(htmlPath, notebookToHtml(notebook, name));
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.setViewportSize({ width: 1100, height: 900 });
  await page.goto(pathToFileURL(htmlPath).href, { waitUntil: "load" });
  const plots = await drawnPlots(page, expectedTraceCounts(notebook));
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
  await page.close();
  return { plots, errors };
}

describe("display: plots in an exported notebook, in headless Chromium @browser", function () {
  // Parsing plotly.js (4.8 MB) takes Chromium half a minute on a busy 2-core machine.
  this.timeout(120_000);
  const browser = useChromium();

  it("draws every plot, including one whose output comes before the one carrying plotly.js", async () => {
    const relu = syntheticHistory("ReLU", 0.6);
    const sigmoid = syntheticHistory("Sigmoid", 0.2);
    resetPlotSession();
    // Run in this order, as a session would: the first plot embeds plotly.js.
    const first = captureDisplays(() => plotHistory([relu, sigmoid], { title: "ReLU vs Sigmoid" })).displays;
    const second = captureDisplays(() => plotHistory(relu)).displays;
    const third = captureDisplays(() => plotHistory(sigmoid, { title: "Sigmoid alone" })).displays;
    const progress = captureDisplays(() => {
      const line = progressLine();
      for (let e = 1; e <= 16; e++) line.update(e / 16, `epoch ${e}/16`);
      line.finish("16 epochs in 12.5 s");
    }).displays;
    expect(String(first[0].data["text/html"])).to.include("window.Plotly");
    expect(String(second[0].data["text/html"]).length).to.be.below(1_000_000);

    const notebook: Notebook = {
      nbformat: 4,
      metadata: {},
      cells: [
        { cell_type: "markdown", source: "# Display check\nThe next output was run after the one below it." },
        codeCell("plotHistory(relu);", second),
        codeCell('plotHistory([relu, sigmoid], { title: "ReLU vs Sigmoid" });', first),
        codeCell('plotHistory(sigmoid, { title: "Sigmoid alone" });', third),
        codeCell("train(...) // with a progress line", progress),
      ],
    };
    const { plots, errors } = await openNotebook(browser(), notebook, "display-notebook");

    expect(errors).to.deep.equal([]);
    expect(plots.map((p) => p.plotly)).to.deep.equal([true, true, true]);
    for (const p of plots) expect(p.svgs).to.be.greaterThan(0);
    expect(plots.map((p) => p.traces)).to.deep.equal([3, 6, 3]);
    // Sixteen updates, one output: the finished line.
    expect(notebook.cells[4].outputs).to.have.length(1);
  });

  it(`shows the plots saved in ${join("notebooks", "237_relu_vs_sigmoid.ipynb")} as the PNG plotly drew`, async function () {
    // Saved plots carry plotly JSON and a PNG, not the HTML that needs plotly.js (jupyter-client's static images).
    const notebook = JSON.parse(readFileSync(lessonNotebook, "utf8")) as Notebook;
    const saved = notebook.cells.flatMap((cell) =>
      (cell.outputs ?? []).filter((o) => o.data?.["application/vnd.plotly.v1+json"] !== undefined),
    );
    expect(saved.length).to.be.above(0);
    for (const output of saved)
      expect(Object.keys(output.data ?? {}).sort()).to.deep.equal(["application/vnd.plotly.v1+json", "image/png", "text/plain"]);
    const htmlPath = join(artifacts, "237_relu_vs_sigmoid.html");
    writeFileSync(htmlPath, notebookToHtml(notebook, "237_relu_vs_sigmoid"));
    const page = await browser().newPage();
    try {
      await page.setViewportSize({ width: 1100, height: 900 });
      await page.goto(pathToFileURL(htmlPath).href, { waitUntil: "load" });
      const images = await page.$$eval('img[src^="data:image/png"]', (elements) =>
        (elements as HTMLImageElement[]).map((image) => ({ loaded: image.complete, width: image.naturalWidth })),
      );
      await page.screenshot({ path: join(artifacts, "237_relu_vs_sigmoid.png"), fullPage: true });
      expect(images).to.deep.equal(saved.map(() => ({ loaded: true, width: 1800 })));
    } finally {
      await page.close();
    }
  });
});
