// The built site (site/, `npm run site`) in headless Chromium, for the
// browser tests: served on 127.0.0.1, a lesson opened by its address with its
// kernel idle, JupyterLab's commands run, and the outputs read from the
// notebook's model (JupyterLab keeps only the cells near the view in the page).
import * as path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { artifacts } from "./chromium";
import type { OutputJson } from "./site";

/** The part of JupyterLab's app (window.jupyterapp, exposeAppInBrowser in jupyter-lite.json) these helpers use. */
interface AppInPage {
  commands: { execute(id: string, args?: object): Promise<unknown> };
  shell: {
    widgets(area: "main"): Iterable<{
      id: string;
      node: HTMLElement;
      context?: { path: string; model: { dirty: boolean } };
      close(): void;
    }>;
    activateById(id: string): void;
    currentWidget: {
      content: {
        widgets: {
          model: {
            type: string;
            sharedModel: { getSource(): string; setSource(source: string): void; getOutputs?(): OutputJson[] };
          };
          node: HTMLElement;
        }[];
      };
      context: { path: string };
      sessionContext: { isReady: boolean; hasNoKernel: boolean; kernelDisplayStatus: string };
    } | null;
  };
}
/** The page's window, as the functions run in it see it (typed here, not declared globally: site.test.ts declares its own). */
interface SiteWindow {
  jupyterapp: AppInPage | undefined;
}

const KERNEL_IDLE = /TypeScript \| Idle/;

/** A page of the site; requests to any other host are collected in `foreign` (the site works offline). */
export async function sitePage(browser: BrowserContext, siteUrl: string, foreign: string[]): Promise<Page> {
  const page = await browser.newPage();
  await page.setViewportSize({ width: 1300, height: 900 });
  page.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith(siteUrl) && !url.startsWith("data:") && !url.startsWith("blob:")) foreign.push(url);
  });
  return page;
}

/**
 * Waits until `file` is open, then leaves it the only tab, in front: the
 * browser's storage brings back earlier tabs, and JupyterLab may put one of
 * them in front while it restores them.
 */
export async function showOnly(page: Page, file: string): Promise<void> {
  const only = (wanted: string): boolean => {
    const app = (window as unknown as SiteWindow).jupyterapp;
    if (app === undefined) return false;
    const widgets = Array.from(app.shell.widgets("main"));
    const target = widgets.find((widget) => widget.context?.path === wanted);
    if (target === undefined) return false;
    for (const widget of widgets) {
      if (widget === target) continue;
      // An earlier lesson's edits are not kept: closing an edited tab would ask whether to save it, over the page.
      if (widget.context) widget.context.model.dirty = false;
      widget.close();
    }
    app.shell.activateById(target.id);
    return app.shell.currentWidget?.context.path === wanted && target.node.querySelector(".jp-Notebook .jp-Cell") !== null;
  };
  await page.waitForFunction(only, file, { timeout: 120_000 });
  await page.waitForTimeout(1000);
  await page.waitForFunction(only, file, { timeout: 30_000 });
}

/** Opens a lesson by its file name, the only tab, and waits until its kernel is idle. */
export async function openLesson(page: Page, siteUrl: string, file: string): Promise<void> {
  await page.goto(`${siteUrl}lab/index.html?path=${file}`);
  await showOnly(page, file);
  await waitForIdle(page);
  // The status bar may say idle before the notebook's own session has its kernel (Run All would wait for that in silence).
  await page.waitForFunction(
    () => {
      const session = (window as unknown as SiteWindow).jupyterapp?.shell.currentWidget?.sessionContext;
      return session !== undefined && session.isReady && !session.hasNoKernel && session.kernelDisplayStatus === "idle";
    },
    null,
    { timeout: 120_000 },
  );
}

async function waitForIdle(page: Page, timeout = 120_000): Promise<void> {
  await page.waitForFunction(
    (idle) => new RegExp(idle).test(document.querySelector("#jp-main-statusbar")?.textContent ?? ""),
    KERNEL_IDLE.source,
    { timeout },
  );
}

/** Runs a JupyterLab command and waits for it. */
export function command(page: Page, id: string): Promise<unknown> {
  return page.evaluate((name) => (window as unknown as SiteWindow).jupyterapp!.commands.execute(name), id);
}

/** Replaces the sources of the open notebook's cells: index → new source. */
export async function setSources(page: Page, sources: Map<number, string>): Promise<void> {
  await page.evaluate(
    (edits) => {
      const cells = (window as unknown as SiteWindow).jupyterapp!.shell.currentWidget!.content.widgets;
      for (const [index, source] of edits) cells[index].model.sharedModel.setSource(source);
    },
    [...sources],
  );
}

/**
 * Runs cells with a JupyterLab command and waits until they have run (or the
 * first failing cell stopped them). JupyterLab's promise waits with no time
 * limit; a cell that never finishes fails here, within `limitMs`, with what
 * each cell was doing then.
 */
export async function runCells(page: Page, id: string, limitMs: number): Promise<void> {
  const run = command(page, id);
  run.catch(() => undefined); // after a timeout the page is closed under it: reported below, not as an unhandled rejection
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<"over">((resolve) => (timer = setTimeout(() => resolve("over"), limitMs)));
  try {
    if ((await Promise.race([run, limit])) !== "over") return;
  } finally {
    clearTimeout(timer);
  }
  const picture = path.join(artifacts, `site-stuck-${Date.now()}.png`);
  await page.screenshot({ path: picture });
  const status = await page.evaluate(() => document.querySelector("#jp-main-statusbar")?.textContent ?? "");
  const dialogs = await page.$$eval(".jp-Dialog", (found) => found.map((dialog) => (dialog as HTMLElement).innerText));
  const cells = await page.evaluate(() =>
    (window as unknown as SiteWindow)
      .jupyterapp!.shell.currentWidget!.content.widgets.map((cell, index) => ({ cell, index }))
      .filter(({ cell }) => cell.model.type === "code")
      .map(({ cell, index }) => {
        const prompt = cell.node.querySelector(".jp-InputPrompt")?.textContent ?? "";
        const output = cell.node.querySelector<HTMLElement>(".jp-OutputArea")?.innerText ?? "";
        return `cell ${index} ${prompt} ${output.slice(-160).replace(/\s+/g, " ")}`;
      }),
  );
  throw new Error(
    `${id}: the cells had not finished after ${limitMs / 1000} s (status bar: ${status}; dialogs: ${JSON.stringify(dialogs)}; the page: ${picture})\n${cells.join("\n")}`,
  );
}

/** One code cell of the open notebook, from its model. */
interface CellInPage {
  index: number;
  source: string;
  outputs: OutputJson[];
}

/** Every code cell of the open notebook with its outputs. */
export function codeCells(page: Page): Promise<CellInPage[]> {
  return page.evaluate(() =>
    (window as unknown as SiteWindow)
      .jupyterapp!.shell.currentWidget!.content.widgets.map((cell, index) => ({
        index,
        type: cell.model.type,
        source: cell.model.sharedModel.getSource(),
        outputs: cell.model.sharedModel.getOutputs?.() ?? [],
      }))
      .filter((cell) => cell.type === "code")
      .map(({ index, source, outputs }) => ({ index, source, outputs })),
  );
}

/** An output's text: a stream's text, or a display's or result's text/plain. */
export function outputText(output: OutputJson): string {
  const text = output.output_type === "stream" ? output.text : output.data?.["text/plain"];
  return [text]
    .flat()
    .filter((part) => typeof part === "string")
    .join("");
}
