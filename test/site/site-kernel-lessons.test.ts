// Every lesson, cell by cell in order, through the site kernel's compiler and
// run as its worker runs cells (test/support/site-kernel.ts: Node, no
// browser): the lessons run clean in tslab, so here too no cell may have a
// type error, throw or write to stderr, and the check cell must find every
// answer correct. The lessons that train on MNIST (237, 238) run in their
// quick mode (training shortened), as the tslab tests' fast tier runs them:
// the answers only full training can judge are not asked for.
import { expect } from "chai";
import * as path from "node:path";
import { readNotebook, textOf } from "../../jupyter-client";
import { lessonQuickMode, quickVersion } from "../../teaching/quick-mode";
import { expectCheckPassed } from "../support/check-report";
import { lessonNotebooks, problemOf } from "../support/lessons";
import { SiteKernelSession, type CellRun } from "../support/site-kernel";

/** What went wrong in a cell, for the failure message; "" when nothing did. */
function trouble(run: CellRun): string {
  return [...run.errors, run.thrown ?? "", run.stderr].filter((text) => text !== "").join("\n");
}

describe("the lessons in the site kernel's compiler and worker scope (Node)", function () {
  this.timeout(120_000);

  for (const file of lessonNotebooks()) {
    const name = path.basename(file);
    const problem = problemOf(file);
    const lesson = readNotebook(file);
    const quick = lessonQuickMode(lesson, file);

    it(`${name}${quick ? " (quick mode)" : ""}: every cell compiles and runs clean, and the check finds every answer correct`, async () => {
      const notebook = quick ? quickVersion(lesson, quick, file) : lesson;
      const session = new SiteKernelSession();
      const checks: string[] = [];
      for (const [index, cell] of notebook.cells.entries()) {
        if (cell.cell_type !== "code") continue;
        const source = textOf(cell.source);
        const run = await session.run(source);
        expect(trouble(run), `${name}, cell ${index}:\n${source}`).to.equal("");
        if (/\bcheck\(/.test(source)) checks.push(...run.displays, run.stdout);
      }
      const report = checks.join("\n");
      expectCheckPassed(report, name, problem, quick);
    });
  }
});
