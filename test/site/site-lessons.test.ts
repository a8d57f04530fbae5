// Every lesson run whole in the site, as a learner would with Run All: the
// built site (site/, `npm run site`) in headless Chromium, each lesson in a
// fresh page and kernel, its committed outputs cleared first. No cell may
// fail or write to stderr, and the check cell must find every answer correct.
// The lessons that train on MNIST (237, 238) run in their quick mode
// (training shortened, edited in the page as a learner would edit it); the
// answers only full training can judge are not asked for.
import { expect } from "chai";
import * as path from "node:path";
import type { Page } from "playwright-core";
import { readNotebook, textOf, type Notebook } from "../../jupyter-client";
import { lessonQuickMode, quickVersion } from "../../teaching/quick-mode";
import { useChromium } from "../support/chromium";
import { expectCheckPassed } from "../support/check-report";
import { lessonNotebooks, problemOf } from "../support/lessons";
import { codeCells, command, openLesson, outputText, runCells, setSources, sitePage } from "../support/site-page";
import { useSite } from "../support/site";

/** The cells (by index) whose source differs between two versions of a notebook, with the source of `edited`. */
function editedSources(original: Notebook, edited: Notebook): Map<number, string> {
  const sources = new Map<number, string>();
  edited.cells.forEach((cell, index) => {
    const source = textOf(cell.source);
    if (source !== textOf(original.cells[index].source)) sources.set(index, source);
  });
  return sources;
}

describe("every lesson run whole in the site (Run All, a fresh kernel each): no error, every answer correct @browser", function () {
  this.timeout(10 * 60_000);
  const browser = useChromium();
  const site = useSite();
  const foreign: string[] = [];
  const seconds: string[] = [];
  let page: Page | undefined;

  afterEach(async () => {
    await page?.close();
    page = undefined;
    expect(foreign, "requests to other hosts").to.deep.equal([]);
  });

  after(() => {
    if (seconds.length > 0) console.log(`      seconds (opened to idle + Run All): ${seconds.join(", ")}`);
  });

  for (const file of lessonNotebooks()) {
    const name = path.basename(file);
    const problem = problemOf(file);
    const lesson = readNotebook(file);
    const quick = lessonQuickMode(lesson, file);

    it(`${name}${quick ? " (quick mode)" : ""}`, async () => {
      const url = site();
      page = await sitePage(browser(), url, foreign);
      const started = Date.now();
      await openLesson(page, url, name);
      const opened = Date.now();
      await command(page, "notebook:clear-all-cell-outputs");
      if (quick) {
        const edits = editedSources(lesson, quickVersion(lesson, quick, file));
        expect(edits.size, `${name}: cells quick mode edits`).to.be.greaterThan(0);
        await setSources(page, edits);
      }
      await runCells(page, "notebook:run-all-cells", 3 * 60_000);
      const ran = Date.now();
      seconds.push(`${problem} ${((opened - started) / 1000).toFixed(1)} + ${((ran - opened) / 1000).toFixed(1)}`);

      const cells = await codeCells(page);
      for (const cell of cells) {
        const failures = cell.outputs.filter(
          (output) => output.output_type === "error" || (output.output_type === "stream" && output.name === "stderr"),
        );
        expect(failures.map(outputText).join(""), `${name}, cell ${cell.index}:\n${cell.source}`).to.equal("");
      }
      const report = cells
        .filter((cell) => /\bcheck\(/.test(cell.source))
        .flatMap((cell) => cell.outputs.map(outputText))
        .join("\n");
      expectCheckPassed(report, name, problem, quick);
    });
  }
});
