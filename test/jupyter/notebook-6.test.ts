// The lessons in a real Jupyter Notebook 6 (Debian's), in headless Chromium,
// as a learner sees them: opened untrusted as in a fresh clone, then run.
// Screenshots go to test-artifacts/ for a person to look at.
/// <reference lib="dom" />
import { checkHeadlineOf } from "dlfs/answer-key";
import { expect } from "chai";
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import type { Page } from "playwright-core";
import { artifacts, useChromium } from "../support/chromium";
import { notebookServerMissing, startNotebookServer, type NotebookServer } from "../support/jupyter-server";
import { requireTag } from "../support/tiers";
import { lessonNotebooks } from "../support/lessons";

const lesson = (problem: string): string => {
  const file = lessonNotebooks().find((f) => path.basename(f).startsWith(`${problem}_`));
  if (file === undefined) throw new Error(`lesson ${problem} is missing`);
  return file;
};

/** A notebook of one cell that plots two made-up runs, for what a live learner sees. */
const livePlotNotebook = {
  nbformat: 4,
  nbformat_minor: 5,
  metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" } },
  cells: [
    {
      cell_type: "code",
      id: "plot",
      metadata: {},
      execution_count: null,
      outputs: [],
      source: [
        'import { plotHistory, type TrainHistory } from "dlfs";\n',
        "const run = (label: string, speed: number): TrainHistory => ({\n",
        "  label,\n",
        "  trainLoss: Array.from({ length: 3000 }, (_, i) => 0.1 + 2 * Math.exp(-speed * i / 600)),\n",
        "  evalIterations: [0, 600, 1200, 1800, 2400],\n",
        "  trainAcc: [0, 1, 2, 3, 4].map((e) => 0.99 - 0.89 * Math.exp(-speed * e)),\n",
        "  testAcc: [0, 1, 2, 3, 4].map((e) => 0.97 - 0.87 * Math.exp(-speed * e)),\n",
        "  seconds: 1,\n",
        "});\n",
        'plotHistory([run("ReLU", 1), run("Sigmoid", 0.4)], { title: "live" });',
      ],
    },
  ],
};

interface Picture {
  loaded: boolean;
  width: number;
  height: number;
  columnWidth: number;
}

/** Opens a notebook and waits until Notebook 6 has drawn its saved outputs. */
async function openNotebook(page: Page, url: string): Promise<void> {
  // Notebook 6 scrolls inside the page: a tall window shows every cell on one screenshot.
  await page.setViewportSize({ width: 1000, height: 4000 });
  await page.goto(url, { waitUntil: "load" });
  await page.waitForFunction(() => {
    const jupyter = (window as unknown as { Jupyter?: { notebook?: { _fully_loaded?: boolean } } }).Jupyter;
    return jupyter?.notebook?._fully_loaded === true;
  });
}

async function trusted(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { Jupyter: { notebook: { trusted: boolean } } }).Jupyter.notebook.trusted);
}

/** Every PNG in the outputs: whether it loaded, its size on the page, and the width of the column it sits in. */
async function pictures(page: Page): Promise<Picture[]> {
  return page.$$eval(".output_png img", (elements) =>
    (elements as HTMLImageElement[]).map((image) => {
      const column = image.closest(".output_subarea") ?? document.body;
      return {
        loaded: image.complete && image.naturalWidth > 0,
        width: image.getBoundingClientRect().width,
        height: image.getBoundingClientRect().height,
        columnWidth: column.getBoundingClientRect().width,
      };
    }),
  );
}

function expectShownInColumn(shown: Picture[], count: number): void {
  expect(shown).to.have.length(count);
  for (const picture of shown) {
    expect(picture.loaded).to.equal(true);
    expect(picture.height).to.be.above(100);
    expect(picture.width).to.be.at.most(picture.columnWidth);
  }
}

/** Cell › Run All, then waits until every code cell has its execution count. */
async function runAll(page: Page, timeoutMs: number): Promise<void> {
  // No named helper functions in the page's code: the bundler would wrap them in a helper the page lacks.
  await page.waitForFunction(
    () =>
      (
        window as unknown as { Jupyter: { notebook: { kernel?: { is_connected(): boolean } } } }
      ).Jupyter.notebook.kernel?.is_connected() === true,
    undefined,
    { timeout: 60_000, polling: 100 },
  );
  await page.evaluate(() =>
    (window as unknown as { Jupyter: { notebook: { execute_all_cells(): void } } }).Jupyter.notebook.execute_all_cells(),
  );
  await page.waitForFunction(
    () => {
      const cells = (
        window as unknown as {
          Jupyter: { notebook: { get_cells(): Array<{ cell_type: string; input_prompt_number?: unknown }> } };
        }
      ).Jupyter.notebook
        .get_cells()
        .filter((cell) => cell.cell_type === "code");
      return cells.every((cell) => typeof cell.input_prompt_number === "number");
    },
    undefined,
    { timeout: timeoutMs, polling: 250 },
  );
}

describe("Jupyter Notebook 6 in headless Chromium @browser @server", function () {
  this.timeout(180_000);
  const browser = useChromium();
  let server: NotebookServer | undefined;

  before(async function () {
    requireTag(this, "server", "a Jupyter Notebook server");
    const missing = notebookServerMissing();
    if (missing !== undefined) throw new Error(`these tests need Debian's Jupyter Notebook: ${missing}`);
    server = await startNotebookServer([lesson("213"), lesson("237")]);
    writeFileSync(path.join(server.root, "live_plot.ipynb"), JSON.stringify(livePlotNotebook));
  });

  after(async () => {
    await server?.stop();
  });

  function url(notebook: string): string {
    if (server === undefined) throw new Error("the Jupyter server did not start");
    return server.urlOf(notebook);
  }

  it("213 opened untrusted: both graph pictures show, no wider than the column", async () => {
    const page = await browser().newPage();
    try {
      await openNotebook(page, url(path.basename(lesson("213"))));
      expect(await trusted(page)).to.equal(false);
      expectShownInColumn(await pictures(page), 2);
      await page.screenshot({ path: path.join(artifacts, "notebook6-213-untrusted.png"), fullPage: true });
    } finally {
      await page.close();
    }
  });

  it("237 opened untrusted: the accuracy and loss curves show as plotly drew them", async () => {
    const page = await browser().newPage();
    try {
      await openNotebook(page, url(path.basename(lesson("237"))));
      expect(await trusted(page)).to.equal(false);
      expectShownInColumn(await pictures(page), 1);
      const text = await page.innerText("#notebook-container");
      expect(text).to.not.match(/plotly\.js\) goes here|resetPlotSession/);
      await page.screenshot({ path: path.join(artifacts, "notebook6-237-untrusted.png"), fullPage: true });
    } finally {
      await page.close();
    }
  });

  for (const [problem, pictures] of [
    ["213", 2],
    ["237", 1],
  ] as const) {
    it(`${problem}: File › Download as › HTML gives the page, with its ${pictures} picture(s) inline as PNG`, async () => {
      if (server === undefined) throw new Error("the Jupyter server did not start");
      const response = await fetch(server.downloadAsHtmlUrlOf(path.basename(lesson(problem))));
      const html = await response.text();
      expect(response.status, html.slice(0, 500)).to.equal(200);
      expect(html.match(/<img src="data:image\/png;base64,/g) ?? []).to.have.length(pictures);
    });
  }

  it("213 after Run All: the pictures drawn anew, scaled to the column, and the check 6/6", async () => {
    const page = await browser().newPage();
    try {
      await openNotebook(page, url(path.basename(lesson("213"))));
      await runAll(page, 120_000);
      const errors = await page.$$eval(".output_stderr, .output_error", (elements) => elements.map((e) => e.textContent ?? ""));
      expect(errors).to.deep.equal([]);
      expectShownInColumn(await pictures(page), 2);
      expect(await page.innerText("#notebook-container")).to.include(checkHeadlineOf("213", 6, 6));
      await page.screenshot({ path: path.join(artifacts, "notebook6-213-run-all.png"), fullPage: true });
    } finally {
      await page.close();
    }
  });

  it("a plot run live draws with plotly.js, interactive, with no placeholder left", async () => {
    const page = await browser().newPage();
    try {
      await openNotebook(page, url("live_plot.ipynb"));
      await runAll(page, 120_000);
      await page.waitForFunction(
        () => document.querySelectorAll(".dlfs-plot.js-plotly-plot .scatterlayer .trace").length === 6,
        undefined,
        {
          timeout: 30_000,
        },
      );
      const text = await page.innerText("#notebook-container");
      expect(text).to.not.match(/plotly\.js\) goes here|resetPlotSession/);
      await page.screenshot({ path: path.join(artifacts, "notebook6-live-plot.png"), fullPage: true });
    } finally {
      await page.close();
    }
  });
});
