// The lessons in a browser with nothing installed: the site that `npm run site`
// builds (JupyterLab from npm, JupyterLite's in-browser services, our
// TypeScript kernel in a Web Worker), served on 127.0.0.1 and used in headless
// Chromium as a learner would: open a lesson, run it, train, interrupt, edit,
// reload, download, and grade the download. Screenshots go to test-artifacts/.
// Needs the built site: `npm run site` (CI builds it before the tests).
import { expect } from "chai";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { Page } from "playwright-core";
import { gradeBatch } from "../../teaching/index";
import { artifacts, useChromium } from "../support/chromium";
import { useSite } from "../support/site";
import { showOnly } from "../support/site-page";

const root = path.resolve(__dirname, "../..");

const KERNEL_IDLE = /TypeScript \| Idle/;

/**
 * Opens a lesson by its file name and waits until its kernel is idle; returns the milliseconds that took.
 * `language` is the learner's setting (?lang=), which the site keeps from then on.
 */
async function openLesson(page: Page, file: string, language?: "en" | "ko"): Promise<number> {
  const started = Date.now();
  await page.goto(`${SITE.url}lab/index.html?path=${file}${language === undefined ? "" : `&lang=${language}`}`);
  await showOnly(page, file);
  await waitForIdle(page);
  return Date.now() - started;
}

async function waitForIdle(page: Page, timeout = 120_000): Promise<void> {
  await page.waitForFunction(
    (idle) => new RegExp(idle).test(document.querySelector("#jp-main-statusbar")?.textContent ?? ""),
    KERNEL_IDLE.source,
    {
      timeout,
    },
  );
}

/** Runs a JupyterLab command and waits for it. */
function command(page: Page, id: string): Promise<unknown> {
  return page.evaluate((name) => window.jupyterapp.commands.execute(name), id);
}

/**
 * Runs cells with a JupyterLab command and waits until they have run. JupyterLab's
 * promise waits for the kernel's replies with no time limit; a cell that never
 * finishes fails here, within `limitMs`, with what each cell was doing then.
 */
async function runCells(page: Page, id: string, limitMs: number): Promise<void> {
  const run = command(page, id);
  run.catch(() => undefined); // after a timeout the page is closed under it: reported below, not as an unhandled rejection
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<"over">((resolve) => (timer = setTimeout(() => resolve("over"), limitMs)));
  try {
    if ((await Promise.race([run, limit])) !== "over") return;
  } finally {
    clearTimeout(timer);
  }
  const status = await page.evaluate(() => document.querySelector("#jp-main-statusbar")?.textContent ?? "");
  const cells = await page.evaluate(() =>
    Array.from(window.jupyterapp.shell.currentWidget!.content.widgets)
      .map((cell, index) => ({ cell, index }))
      .filter(({ cell }) => cell.model.type === "code")
      .map(({ cell, index }) => {
        const prompt = cell.node.querySelector(".jp-InputPrompt")?.textContent ?? "";
        const output = cell.node.querySelector<HTMLElement>(".jp-OutputArea")?.innerText ?? "";
        return `cell ${index} ${prompt} ${output.slice(-160).replace(/\s+/g, " ")}`;
      }),
  );
  throw new Error(`${id}: the cells had not finished after ${limitMs / 1000} s (status bar: ${status})\n${cells.join("\n")}`);
}

/** Starts a JupyterLab command without waiting for it, as a click would. */
async function start(page: Page, id: string): Promise<void> {
  await page.evaluate((name) => {
    void window.jupyterapp.commands.execute(name);
  }, id);
}

/** The text of each code cell's outputs, in notebook order (from the model: see cellOutputText). */
async function outputTexts(page: Page): Promise<string[]> {
  const codeCells = await page.evaluate(() =>
    window.jupyterapp.shell
      .currentWidget!.content.widgets.map((cell, index) => (cell.model.type === "code" ? index : -1))
      .filter((index) => index >= 0),
  );
  return Promise.all(codeCells.map((index) => cellOutputText(page, index)));
}

function stderrOutputs(page: Page): Promise<string[]> {
  return page.$$eval('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]', (outputs) =>
    outputs.map((output) => (output as HTMLElement).innerText),
  );
}

/** Index (among all cells) of the first code cell whose source matches. */
function cellIndex(page: Page, pattern: RegExp): Promise<number> {
  return page.evaluate(
    (source) =>
      window.jupyterapp.shell.currentWidget!.content.widgets.findIndex(
        (cell) => cell.model.type === "code" && new RegExp(source).test(cell.model.sharedModel.getSource()),
      ),
    pattern.source,
  );
}

/** Whether any of the notebook's cell `index` is inside the notebook's visible area. */
function inView(page: Page, index: number): Promise<boolean> {
  return page.evaluate((i) => {
    const notebook = window.jupyterapp.shell.currentWidget!.content;
    const cell = notebook.widgets[i].node.getBoundingClientRect();
    const view = notebook.node.getBoundingClientRect();
    return cell.height > 0 && cell.bottom > view.top && cell.top < view.bottom;
  }, index);
}

async function screenshot(page: Page, name: string, selector?: string): Promise<void> {
  const file = path.join(artifacts, `site-${name}.png`);
  if (selector === undefined) await page.screenshot({ path: file });
  else {
    const element = page.locator(selector).last();
    await element.scrollIntoViewIfNeeded();
    await element.screenshot({ path: file });
  }
}

/** The served site's URL, for the helpers above (set by the suite's before hook). */
const SITE = { url: "" };

describe("the site: lessons in the browser (JupyterLite, TypeScript kernel in a Web Worker) @browser", function () {
  this.timeout(15 * 60_000);
  const browser = useChromium();

  const siteUrl = useSite();
  before(() => (SITE.url = siteUrl()));

  async function newPage(): Promise<Page> {
    const page = await browser().newPage();
    await page.setViewportSize({ width: 1300, height: 900 });
    // Offline once loaded: nothing may come from another host.
    page.on("request", (request) => {
      const url = request.url();
      if (!url.startsWith(SITE.url) && !url.startsWith("data:") && !url.startsWith("blob:")) foreign.push(url);
    });
    return page;
  }
  const foreign: string[] = [];

  afterEach(async () => {
    // A test that failed half-way leaves its page training in the background: close it, so the next test has the processor.
    for (const page of browser().pages()) {
      // The language a test chose (?lang=en) is the browser's setting: the next test starts without it.
      await page.evaluate(() => window.localStorage.removeItem("dlfs-lang")).catch(() => undefined);
      await page.close();
    }
    expect(foreign, "requests to other hosts").to.deep.equal([]);
  });

  it("opens lesson 213, runs it all: both graph pictures and the check report 6/6", async () => {
    const page = await newPage();
    const opened = await openLesson(page, "213_fruit_backward.ipynb");
    await command(page, "notebook:clear-all-cell-outputs");
    expect((await outputTexts(page)).join("")).to.equal("");
    const started = Date.now();
    await runCells(page, "notebook:run-all-cells", 180_000);
    await waitForOutput(page, /6\/6 (?:correct|정답)/, {
      timeout: 180_000,
    });
    await waitForIdle(page);
    console.log(
      `      213: kernel idle ${(opened / 1000).toFixed(1)} s after opening; Run All took ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );

    const texts = await outputTexts(page);
    expect(texts.join("\n")).to.include("715.0000000000001"); // price, printed by the lesson's own console.log
    expect(await stderrOutputs(page)).to.deep.equal([]);
    // The two graph pictures: SVG drawn by Graphviz in the worker, with the layers' names.
    const pictures = await page.$$eval(".jp-OutputArea-output", (outputs) =>
      outputs
        .filter((output) => output.querySelector("svg, img") !== null)
        .map((output) => ({ text: output.textContent ?? "", width: output.getBoundingClientRect().width })),
    );
    expect(pictures).to.have.length(2);
    for (const picture of pictures) expect(picture.width).to.be.greaterThan(200);
    await screenshot(page, "213-graph", ".jp-OutputArea-output:has(svg, img)");
    await screenshot(page, "213-check", ".jp-OutputArea-output:has-text('6/6')");
    await page.close();
  });

  it("trains a network of lesson 237 for 600 iterations: the progress line moves, Interrupt stops it, the plot is drawn", async () => {
    let page = await newPage();
    await openLesson(page, "237_relu_vs_sigmoid.ipynb");
    await command(page, "notebook:clear-all-cell-outputs");
    const training = await cellIndex(page, /await train\(/);
    expect(training, "a training cell").to.be.greaterThan(0);

    // Run up to the first training cell, as the lesson has it (10,000 iterations), and interrupt it.
    await page.evaluate((index) => (window.jupyterapp.shell.currentWidget!.content.activeCellIndex = index), training);
    await runCells(page, "notebook:run-all-above", 300_000);
    await waitForIdle(page);
    await start(page, "notebook:run-cell");
    const progressOf = async (): Promise<number | undefined> => {
      const text = await cellOutputText(page, training);
      const match = /(?:iteration|반복) (\d+)\/(\d+)/.exec(text);
      return match === null ? undefined : Number(match[1]);
    };
    const seen: number[] = [];
    for (let i = 0; i < 1200 && seen.length < 3; i++) {
      const iteration = await progressOf();
      if (iteration !== undefined && iteration !== seen[seen.length - 1]) seen.push(iteration);
      await page.waitForTimeout(250);
    }
    if (seen.length < 3) await screenshot(page, "237-no-progress");
    expect(
      seen.length,
      `progress seen: ${seen.join(", ")}; the cell shows: ${await cellOutputText(page, training)}`,
    ).to.be.at.least(3);
    // The lessons' Korean: "반복 1234/10000, 손실 …".
    await screenshot(page, "237-progress", ".jp-OutputArea-output:has-text('반복')");
    await start(page, "notebook:interrupt-kernel");
    await waitForOutput(page, /train: 반복 \d+\/10000에서 중단했다/, { timeout: 60_000 });
    await waitForIdle(page);
    expect((await outputTexts(page)).join("\n")).to.not.include("kernel was restarted");
    await screenshot(page, "237-interrupted", ".jp-OutputArea-output:has-text('중단했다')");

    // Now, on a fresh page (a new kernel), the whole lesson with 600 iterations per network
    // (the lesson's own count, itersNum, edited as a learner would), by a learner who chose English.
    await page.close();
    page = await newPage();
    await openLesson(page, "237_relu_vs_sigmoid.ipynb", "en");
    const edited = await page.evaluate(() => {
      let count = 0;
      for (const cell of window.jupyterapp.shell.currentWidget!.content.widgets) {
        const text = cell.model.sharedModel.getSource();
        if (cell.model.type === "code" && /const itersNum = 10000;/.test(text)) {
          cell.model.sharedModel.setSource(text.replace("const itersNum = 10000;", "const itersNum = 600;"));
          count++;
        }
      }
      return count;
    });
    expect(edited, "cells that set itersNum").to.equal(1);
    await command(page, "notebook:clear-all-cell-outputs");
    await start(page, "notebook:run-all-cells");
    const moving: number[] = [];
    // Run All shows the last cell; the site brings the running training into view (its progress line).
    let trainingInView = false;
    for (let i = 0; i < 2400 && moving.length < 3; i++) {
      const iteration = await progressOf();
      if (iteration !== undefined && iteration !== moving[moving.length - 1]) {
        moving.push(iteration);
        trainingInView ||= await inView(page, training);
      }
      await page.waitForTimeout(250);
    }
    expect(moving.length, `progress seen: ${moving.join(", ")}`).to.be.at.least(3);
    await screenshot(page, "237-run-all-follows");
    expect(trainingInView, "the running training cell in view during Run All").to.equal(true);
    expect([...moving].sort((a, b) => a - b)).to.deep.equal(moving);
    await waitForOutput(page, /\d\/8 correct/, {
      timeout: 600_000,
    });
    await waitForIdle(page);
    const texts = (await outputTexts(page)).join("\n");
    expect(texts).to.match(/600 iterations in [\d.]+ s/);
    // Class names survive the bundle: the lesson's gradient table names the activations by their classes.
    expect(texts)
      .to.match(/\bRelu\b/)
      .and.to.match(/\bSigmoid\b/);
    expect(await stderrOutputs(page)).to.deep.equal([]);
    // The plot: drawn by plotly.js (served by the site) from the plotly JSON, with both runs' curves.
    await page.waitForSelector(".dlfs-plotly.js-plotly-plot .main-svg", { timeout: 60_000 });
    const traces = await page.$$eval(".dlfs-plotly.js-plotly-plot .scatterlayer .trace", (nodes) => nodes.length);
    expect(traces).to.be.at.least(4);
    await screenshot(page, "237-plot", ".dlfs-plotly");
    await page.evaluate(() => window.localStorage.removeItem("dlfs-lang"));
    await page.close();
  });

  it("restarts the kernel, saying so, when a cell ignores Interrupt (a loop that never pauses)", async () => {
    const page = await newPage();
    await openLesson(page, "209_mul_layer.ipynb");
    const first = await cellIndex(page, /./);
    await page.evaluate((index) => {
      const notebook = window.jupyterapp.shell.currentWidget!.content;
      notebook.widgets[index].model.sharedModel.setSource("const spins = 1;\nwhile (spins > 0) {}");
      notebook.activeCellIndex = index;
    }, first);
    await start(page, "notebook:run-cell");
    await page.waitForFunction(
      (idle) => !new RegExp(idle).test(document.querySelector("#jp-main-statusbar")?.textContent ?? ""),
      KERNEL_IDLE.source,
    );
    await page.waitForTimeout(1000);
    await start(page, "notebook:interrupt-kernel");
    await waitForOutput(page, /the kernel was restarted/, { timeout: 90_000 });
    await waitForIdle(page);
    // The new worker runs cells.
    await page.evaluate((index) => {
      window.jupyterapp.shell.currentWidget!.content.widgets[index].model.sharedModel.setSource("console.log(6 * 7)");
    }, first);
    await start(page, "notebook:run-cell");
    await page.waitForFunction(
      () => /^42$/m.test(document.querySelector(".jp-Notebook .jp-CodeCell .jp-OutputArea")?.textContent ?? ""),
      null,
      {
        timeout: 60_000,
      },
    );
    await page.close();
  });

  it("keeps an edit in the browser's storage across a reload, and the downloaded notebook grades with npm run grade", async () => {
    const page = await newPage();
    // Start from the lessons as served: the browser's storage would bring back earlier tests' tabs and kernels with this one.
    await page.goto(`${SITE.url}jupyter-lite.json`);
    await page.evaluate(async () => {
      localStorage.clear();
      const names = (await indexedDB.databases()).map((database) => database.name ?? "");
      await Promise.all(
        names.map(
          (name) =>
            new Promise((resolve) => {
              const request = indexedDB.deleteDatabase(name);
              request.onsuccess = request.onerror = request.onblocked = resolve;
            }),
        ),
      );
    });
    await openLesson(page, "213_fruit_backward.ipynb");
    const mark = `// edited in the browser ${Date.now()}`;
    const edited = await cellIndex(page, /const apple = 100;/);
    await page.evaluate(
      ({ index, line }) => {
        const cell = window.jupyterapp.shell.currentWidget!.content.widgets[index];
        cell.model.sharedModel.setSource(`${line}\n${cell.model.sharedModel.getSource()}`);
      },
      { index: edited, line: mark },
    );
    await command(page, "docmanager:save");
    await page.waitForFunction(() => window.jupyterapp.shell.currentWidget?.context.model.dirty === false, null, {
      timeout: 30_000,
    });

    // A new page load that opens the lesson by its address (JupyterLab's restored tabs
    // depend on when it last saved its layout): the file now comes from the browser's storage.
    await openLesson(page, "213_fruit_backward.ipynb");
    const source = await page.evaluate(
      (index) => window.jupyterapp.shell.currentWidget!.content.widgets[index].model.sharedModel.getSource(),
      edited,
    );
    expect(source.split("\n")[0]).to.equal(mark);
    await screenshot(page, "213-after-reload");

    const folder = mkdtempSync(path.join(tmpdir(), "dlfs-site-download-"));
    try {
      const [download] = await Promise.all([page.waitForEvent("download"), command(page, "docmanager:download")]);
      const file = path.join(folder, download.suggestedFilename());
      await download.saveAs(file);
      expect(path.basename(file)).to.equal("213_fruit_backward.ipynb");
      const notebook = JSON.parse(readFileSync(file, "utf8")) as {
        metadata: { kernelspec: { name: string }; dlfs: { problem: string } };
      };
      expect(notebook.metadata.kernelspec.name).to.equal("tslab");
      expect(notebook.metadata.dlfs.problem).to.equal("213");

      const summary = await gradeBatch({
        inputs: [file],
        outDir: path.join(folder, "grades"),
        regrade: false,
        timeoutSeconds: 60,
        memoryMb: 1024,
        jobs: 1,
        lessonsDir: path.join(root, "notebooks"),
        snapshot: false,
      });
      expect(summary.results).to.have.length(1);
      const [result] = summary.results;
      expect(result.row.status, result.row.reason).to.equal("graded");
      expect([result.row.points, result.row.max]).to.deep.equal([6, 6]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
    await page.close();
  });
});

/** Waits until some output of the open notebook matches `pattern` (read from the model, as cellOutputText does). */
async function waitForOutput(page: Page, pattern: RegExp, options: { timeout: number }): Promise<void> {
  await page.waitForFunction(
    (source) =>
      window.jupyterapp.shell
        .currentWidget!.content.widgets.flatMap((cell) => cell.model.sharedModel.getOutputs?.() ?? [])
        .some((output) =>
          new RegExp(source).test([output.output_type === "stream" ? output.text : output.data?.["text/plain"]].flat().join("")),
        ),
    pattern.source,
    options,
  );
}

/**
 * The text of one cell's outputs, from the notebook's model: JupyterLab keeps
 * only the cells near the view in the page, so the page's cells are not the notebook's.
 */
function cellOutputText(page: Page, index: number): Promise<string> {
  // No named functions inside: the test's compiler would wrap them in a helper the page does not have.
  return page.evaluate((at) => {
    const cell = window.jupyterapp.shell.currentWidget!.content.widgets[at];
    return (cell.model.sharedModel.getOutputs?.() ?? [])
      .map((output) => [output.output_type === "stream" ? output.text : output.data?.["text/plain"]].flat().join(""))
      .join("\n");
  }, index);
}
