// Every lesson exported with Debian's `jupyter nbconvert --to html`, as a
// reader gets it with scripts off: each graph picture and plot is a PNG that
// shows, no wider than the page's column. Screenshots go to test-artifacts/.
/// <reference lib="dom" />
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { readNotebook } from "../../jupyter-client";
import { exportHtml, type HtmlExport } from "../../jupyter-client/notebook/html-export";
import { markdownMathToMathML } from "../../jupyter-client/notebook/markdown-math";
import { artifacts, useChromium } from "../support/chromium";
import { lessonNotebooks } from "../support/lessons";

const nbconvert = "jupyter-nbconvert";
const lessons = lessonNotebooks();

/** How many outputs of the notebook carry a PNG: its graph pictures and plots. */
function pngOutputs(file: string): number {
  let count = 0;
  for (const cell of readNotebook(file).cells) {
    if (cell.cell_type !== "code") continue;
    for (const output of cell.outputs) {
      if ((output.output_type === "display_data" || output.output_type === "execute_result") && "image/png" in output.data)
        count++;
    }
  }
  return count;
}

function htmlOf(dir: string, lesson: string): string {
  return path.join(dir, path.basename(lesson).replace(/\.ipynb$/, ".html"));
}

describe("lessons: exported to HTML by nbconvert @browser", function () {
  this.timeout(300_000);
  const browser = useChromium({ javaScriptEnabled: false });
  let dir = "";
  let withMathML: HtmlExport = { pages: [], mathFailures: [] };

  before(function () {
    const version = spawnSync(nbconvert, ["--version"], { encoding: "utf8" });
    if (version.error !== undefined || version.status !== 0) {
      throw new Error(
        `${nbconvert} is not installed, and this test needs it: apt-get install jupyter-nbconvert ` +
          `(${version.error?.message ?? version.stderr.trim()})`,
      );
    }
    dir = mkdtempSync(path.join(tmpdir(), "dlfs-export-"));
    // All thirty in one run: nbconvert takes a few seconds to start.
    const run = spawnSync(nbconvert, ["--to", "html", "--output-dir", dir, ...lessons], { encoding: "utf8" });
    expect(run.status, `${nbconvert} failed:\n${run.stderr}`).to.equal(0);
    // And as `npm run nb -- html` exports them: the same nbconvert, math turned into MathML first.
    withMathML = exportHtml(lessons, path.join(dir, "mathml"));
  });

  after(() => {
    if (dir !== "") rmSync(dir, { recursive: true, force: true });
  });

  it("exports all thirty, each graph picture and plot as an inline PNG, no SVG, no placeholder", () => {
    const problems: string[] = [];
    for (const lesson of lessons) {
      const name = path.basename(lesson);
      const file = htmlOf(dir, lesson);
      if (!existsSync(file)) {
        problems.push(`${name}: no HTML`);
        continue;
      }
      const html = readFileSync(file, "utf8");
      const images = html.match(/<img src="data:image\/png;base64,/g)?.length ?? 0;
      if (images !== pngOutputs(lesson))
        problems.push(`${name}: ${images} inline PNGs for ${pngOutputs(lesson)} picture outputs`);
      if (/<svg/.test(html)) problems.push(`${name}: an inline <svg>, which a sanitiser blanks`);
      if (/plotly\.js\) goes here|resetPlotSession/.test(html))
        problems.push(`${name}: a plot's placeholder instead of its picture`);
    }
    expect(problems).to.deep.equal([]);
  });

  for (const [problem, pictures] of [
    ["213", 2],
    ["237", 1],
  ] as const) {
    it(`${problem}: with scripts off, its ${pictures} picture(s) show, each no wider than the column`, async () => {
      const lesson = lessons.find((file) => path.basename(file).startsWith(`${problem}_`));
      if (lesson === undefined) throw new Error(`lesson ${problem} is missing`);
      const page = await browser().newPage();
      try {
        await page.setViewportSize({ width: 1000, height: 900 });
        await page.goto(pathToFileURL(htmlOf(dir, lesson)).href, { waitUntil: "load" });
        const shown = await page.$$eval('img[src^="data:image/png"]', (elements) =>
          (elements as HTMLImageElement[]).map((image) => {
            const column = image.closest(".jp-Cell") ?? document.body;
            return {
              loaded: image.complete && image.naturalWidth > 0,
              width: image.getBoundingClientRect().width,
              height: image.getBoundingClientRect().height,
              columnWidth: column.getBoundingClientRect().width,
            };
          }),
        );
        await page.screenshot({ path: path.join(artifacts, `export-${problem}-no-scripts.png`), fullPage: true });
        expect(shown).to.have.length(pictures);
        for (const image of shown) {
          expect(image.loaded).to.equal(true);
          expect(image.height).to.be.above(100);
          expect(image.width).to.be.at.most(image.columnWidth);
        }
      } finally {
        await page.close();
      }
    });
  }

  it("nb html: every formula in the lessons' markdown is MathML in the pages, none left as TeX", () => {
    expect(withMathML.mathFailures).to.deep.equal([]);
    const problems: string[] = [];
    lessons.forEach((lesson, i) => {
      let formulas = 0;
      for (const cell of readNotebook(lesson).cells) {
        if (cell.cell_type === "markdown")
          formulas += markdownMathToMathML(cell.source).markdown.match(/<math[ >]/g)?.length ?? 0;
      }
      const html = readFileSync(withMathML.pages[i], "utf8");
      const shown = html.match(/<math[ >]/g)?.length ?? 0;
      if (shown !== formulas) problems.push(`${path.basename(lesson)}: ${shown} MathML formulas for ${formulas} in its markdown`);
    });
    expect(problems).to.deep.equal([]);
  });

  it("nb html, 237 with scripts off: the formulas drawn as math, and the plot shows", async () => {
    const page = await browser().newPage();
    try {
      await page.setViewportSize({ width: 1000, height: 900 });
      const lesson = lessons.findIndex((file) => path.basename(file).startsWith("237_"));
      await page.goto(pathToFileURL(withMathML.pages[lesson]).href, { waitUntil: "load" });
      const formulas = await page.$$eval("math", (elements) => elements.map((e) => e.getBoundingClientRect().width));
      const pictures = await page.$$eval('img[src^="data:image/png"]', (elements) =>
        (elements as HTMLImageElement[]).map((image) => image.complete && image.naturalWidth > 0),
      );
      await page.screenshot({ path: path.join(artifacts, "export-237-mathml-no-scripts.png"), fullPage: true });
      expect(formulas.length).to.be.above(0);
      for (const width of formulas) expect(width).to.be.above(3);
      expect(pictures).to.deep.equal([true]);
      // No TeX left in the text a reader sees.
      expect(await page.innerText("body")).to.not.match(/\\(le|frac|sqrt)\b/);
    } finally {
      await page.close();
    }
  });
});
