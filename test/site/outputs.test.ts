// Every lesson's saved outputs as the site shows them when a lesson is opened,
// nothing run: each printed text exactly as the notebook has it (one text, not
// JupyterLab's rendering of a list of lines, with a comma before every line
// after the first), each HTML output with its HTML's own text, every picture
// and plot drawn; and the self-check table within the width of its output.
// One browser and one page: the lessons open one after another in the same
// JupyterLab. Screenshots of the check tables go to test-artifacts/.
// Needs the built site: `npm run site` (CI builds it before the tests).
import { allMessages } from "dlfs/internal";
import { expect } from "chai";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { Page } from "playwright-core";
import { artifacts, useChromium } from "../support/chromium";
import { lessonNotebooks } from "../support/lessons";
import { useSite, type OutputJson } from "../support/site";

/** What an output shows, from the notebook file: a text, the text of its HTML, or a picture or plot. */
type Shown = { kind: "text"; text: string } | { kind: "html"; html: string } | { kind: "picture" } | { kind: "plot" };

const joined = (text: unknown): string => (Array.isArray(text) ? text.join("") : String(text));

/**
 * The outputs of each code cell as JupyterLab shows them: a stream as its
 * text, a display by its richest type (plotly's JSON, HTML, a PNG, then the
 * text). Consecutive texts of one stream are one output in JupyterLab.
 */
function shownOutputs(file: string): Shown[][] {
  const notebook = JSON.parse(readFileSync(file, "utf8")) as { cells: { cell_type: string; outputs?: OutputJson[] }[] };
  return notebook.cells
    .filter((cell) => cell.cell_type === "code")
    .map((cell) => {
      const shown: Shown[] = [];
      let stream: string | undefined;
      for (const output of cell.outputs ?? []) {
        if (output.output_type === "stream") {
          const last = shown[shown.length - 1];
          if (last?.kind === "text" && stream === output.name) last.text += joined(output.text);
          else shown.push({ kind: "text", text: joined(output.text) });
          stream = output.name;
          continue;
        }
        stream = undefined;
        const data = output.data ?? {};
        if ("application/vnd.plotly.v1+json" in data) shown.push({ kind: "plot" });
        else if ("text/html" in data) shown.push({ kind: "html", html: joined(data["text/html"]) });
        else if ("image/png" in data) shown.push({ kind: "picture" });
        else shown.push({ kind: "text", text: joined(data["text/plain"]) });
      }
      return shown;
    });
}

/** One rendered output in the page: its MIME type, the text it shows, its text as in the DOM, and whether it drew. */
interface Rendered {
  mime: string;
  shownText: string;
  domText: string;
  drawn: boolean;
}

/**
 * Opens a lesson in the page's JupyterLab, leaves it the only tab, and waits
 * until every saved output of it is in the page and drawn (pictures loaded,
 * plots drawn by plotly.js). Returns the rendered outputs of each code cell.
 */
async function openAndRead(page: Page, file: string, counts: number[]): Promise<Rendered[][]> {
  await page.evaluate((name) => {
    void window.jupyterapp.commands.execute("docmanager:open", { path: name });
  }, file);
  // No named functions inside: the test's compiler would wrap them in a helper the page does not have.
  await page.waitForFunction(
    ({ name, expected }) => {
      const current = window.jupyterapp.shell.currentWidget;
      // In front may be a widget of another kind (no context) while the lesson opens.
      if (current?.context?.path !== name) return false;
      const cells = current.content.widgets.filter((cell) => cell.model.type === "code");
      return (
        cells.length === expected.length &&
        cells.every((cell, index) => {
          const outputs = Array.from(cell.node.querySelectorAll<HTMLElement>(".jp-OutputArea-output"));
          return (
            outputs.length === expected[index] &&
            outputs.every(
              (output) =>
                Array.from(output.querySelectorAll("img")).every((image) => image.complete && image.naturalWidth > 0) &&
                (!output.classList.contains("dlfs-plotly") || output.querySelector(".main-svg") !== null),
            )
          );
        })
      );
    },
    { name: file, expected: counts },
    { timeout: 120_000 },
  );
  return page.evaluate(() =>
    window.jupyterapp.shell
      .currentWidget!.content.widgets.filter((cell) => cell.model.type === "code")
      .map((cell) =>
        Array.from(cell.node.querySelectorAll<HTMLElement>(".jp-OutputArea-output")).map((output) => ({
          // JupyterLab's renderers name their MIME type; the site's plotly renderer is known by its class.
          mime: output.classList.contains("dlfs-plotly")
            ? "application/vnd.plotly.v1+json"
            : (output.getAttribute("data-mime-type") ?? ""),
          shownText: output.innerText,
          domText: output.textContent ?? "",
          drawn: output.querySelector("img, svg, canvas") !== null,
        })),
      ),
  );
}

/** The text of HTML, as the page parses it (a template runs nothing). */
function htmlText(page: Page, html: string): Promise<string> {
  return page.evaluate((markup) => {
    const template = document.createElement("template");
    template.innerHTML = markup;
    return template.content.textContent ?? "";
  }, html);
}

/** Closes the open lesson and ends its kernel (a Web Worker each), so that thirty do not pile up. */
async function closeLesson(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const current = window.jupyterapp.shell.currentWidget;
    if (current?.context === undefined) return; // a test that failed before its lesson opened
    await current.context.sessionContext?.shutdown();
    current.context.model.dirty = false; // nothing was edited: no question on closing
    current.close();
  });
}

/** The check table of the open lesson beside its output area: their right edges, widths, and the hint column's. */
function checkTableFit(
  page: Page,
): Promise<{ area: number; areaRight: number; scroll: number; table: number; hintRight: number }> {
  // The hint column's header in either language (the lessons' Korean, or English by choice).
  const hintHeaders = Object.values(allMessages()).map((messages) => messages.columns.hint);
  return page.evaluate((headers) => {
    const output = window.jupyterapp.shell.currentWidget!.node.querySelector<HTMLElement>(
      ".jp-OutputArea-output:has(.dlfs-check)",
    )!;
    const table = output.querySelector("table")!;
    const hint = Array.from(table.querySelectorAll("th")).find((header) => headers.includes(header.textContent ?? ""));
    const box = output.getBoundingClientRect();
    return {
      area: Math.round(box.width),
      areaRight: box.right,
      scroll: output.scrollWidth - output.clientWidth,
      table: Math.round(table.getBoundingClientRect().width),
      hintRight: hint === undefined ? Infinity : hint.getBoundingClientRect().right,
    };
  }, hintHeaders);
}

describe("the site shows every lesson's saved outputs as the notebook has them @browser", function () {
  this.timeout(10 * 60_000);
  const browser = useChromium();
  const siteUrl = useSite();
  let page: Page;

  before(async function () {
    page = await browser().newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${siteUrl()}lab/index.html`);
    await page.waitForFunction(() => window.jupyterapp?.shell !== undefined, null, { timeout: 120_000 });
    // The app's own start (restoring its layout, the file browser) before the first lesson is opened in it.
    await page.waitForSelector(".jp-DirListing-item", { timeout: 120_000 });
  });

  after(async () => {
    await page?.close();
  });

  afterEach(async () => closeLesson(page));

  for (const file of lessonNotebooks()) {
    const name = path.basename(file);
    it(`${name}: every printed text as the notebook's, every HTML output with its own text, pictures and plots drawn`, async () => {
      const expected = shownOutputs(file);
      const rendered = await openAndRead(
        page,
        name,
        expected.map((cell) => cell.length),
      );
      for (const [c, cell] of expected.entries()) {
        for (const [o, want] of cell.entries()) {
          const got = rendered[c][o];
          const where = `code cell ${c + 1}, output ${o + 1} (${got.mime})`;
          if (want.kind === "text") {
            expect(got.mime, where).to.match(/^(application\/vnd\.jupyter\.std(out|err)|text\/plain)$/);
            expect(got.shownText, where).to.equal(want.text);
          } else if (want.kind === "html") {
            expect(got.mime, where).to.equal("text/html");
            expect(got.domText, where).to.equal(await htmlText(page, want.html));
          } else {
            expect(got.mime, where).to.equal(want.kind === "plot" ? "application/vnd.plotly.v1+json" : "image/png");
            expect(got.drawn, `${where} is drawn`).to.equal(true);
          }
        }
      }
    });
  }

  for (const name of ["230_softmax_with_loss.ipynb", "232_nine_losses.ipynb"]) {
    it(`${name}: at 1280 px the check table fits its output area, its hint column in view`, async () => {
      const counts = shownOutputs(path.join(path.dirname(lessonNotebooks()[0]), name)).map((cell) => cell.length);
      await openAndRead(page, name, counts);
      const check = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output:has(.dlfs-check)");
      await check.scrollIntoViewIfNeeded();
      await check.screenshot({ path: path.join(artifacts, `site-${name.slice(0, 3)}-check-table.png`) });
      const fit = await checkTableFit(page);
      console.log(`      ${name.slice(0, 3)}: check table ${fit.table} px in an output area of ${fit.area} px`);
      expect(fit.scroll, "the output area scrolls sideways by").to.equal(0);
      expect(fit.table).to.be.at.most(fit.area);
      expect(fit.hintRight, "the hint column's right edge").to.be.at.most(fit.areaRight);
    });
  }
});
