// The site for a graded class: `npm run site -- --student --out <dir>` serves
// the student versions, and its kernel checks with the sealed key only. No
// file it serves holds a solution region, a line of a lesson's solution in
// its page, or a checked value. Needs the site's packages (`npm run
// site:install`, which `npm run site` runs).
import { expect } from "chai";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { answerKey } from "dlfs/answer-key";
import { cellTags, type Notebook, readNotebook } from "../../jupyter-client";
import { findAnswerLeaks, printedForms, significantDigits } from "../../teaching/answer-leaks";
import { guidePageName } from "../../teaching/lessons";
import { solutionRegions, solutionTag } from "../../teaching/solution-regions";
import { lessonNotebooks, problemOf } from "../support/lessons";

const root = path.resolve(__dirname, "../..");

/** Every file under `dir`, as paths relative to it. */
function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => fs.statSync(path.join(dir, f)).isFile());
}

/** The lines of a lesson's solutions that say something on their own (not `}` or `return out;`). */
function solutionLines(lesson: Notebook, name: string): string[] {
  return lesson.cells.flatMap((cell) =>
    cell.cell_type === "code"
      ? solutionRegions(cell.source, name, cellTags(cell).includes(solutionTag))
          .flatMap((region) => region.lines)
          .map((line) => line.trim())
          .filter((line) => line.length >= 30 && !line.startsWith("//") && !line.startsWith("console."))
      : [],
  );
}

describe("the site for a class, built from the student versions @slow", function () {
  this.timeout(5 * 60 * 1000);
  let out = "";
  let files: string[] = [];

  before(() => {
    out = fs.mkdtempSync(path.join(tmpdir(), "student-site-"));
    execFileSync("npm", ["run", "-s", "site", "--", "--student", "--out", out], { cwd: root, stdio: "pipe" });
    files = filesUnder(out);
  });

  after(() => fs.rmSync(out, { recursive: true, force: true }));

  it("serves every lesson, each a student version, and the page they link to", () => {
    const served = files.filter((f) => f.startsWith("files" + path.sep) && f.endsWith(".ipynb")).map((f) => path.basename(f));
    const lessons = lessonNotebooks().map((f) => path.basename(f));
    expect(served.sort()).to.deep.equal([...lessons, guidePageName].sort());
    for (const name of lessons) {
      const metadata = (JSON.parse(fs.readFileSync(path.join(out, "files", name), "utf8")) as Notebook).metadata;
      expect(metadata.dlfs, name).to.deep.include({ version: "student" });
    }
  });

  it("serves no solution region in any file, and no line of a lesson's solution in its page", () => {
    const found: string[] = [];
    for (const file of files)
      if (/BEGIN SOLUTION/.test(fs.readFileSync(path.join(out, file), "latin1"))) found.push(`${file}: a solution marker`);
    let looked = 0;
    // A later lesson may give an earlier one's solution (233 builds the network of 229): each lesson is searched for its own.
    for (const lesson of lessonNotebooks()) {
      const name = path.basename(lesson);
      const page = fs.readFileSync(path.join(out, "files", name), "utf8");
      for (const line of solutionLines(readNotebook(lesson), name)) {
        looked++;
        if (page.includes(JSON.stringify(line).slice(1, -1))) found.push(`${name}: ${line}`);
      }
    }
    expect(looked, "solution lines looked for").to.be.above(100);
    expect(found).to.deep.equal([]);
  });

  it("serves lessons that state none of their answers", () => {
    for (const file of lessonNotebooks()) {
      const name = path.basename(file);
      const served = readNotebook(path.join(out, "files", name));
      expect(findAnswerLeaks(served, name, answerKey[problemOf(file)]), name).to.deep.equal([]);
    }
  });

  it("serves no checked value of any lesson in any file (its check() has the sealed key only)", () => {
    // Arrays as NumPy prints them, and numbers of 5 significant digits or more: shorter ones
    // (1241, 165) are in any large script for reasons of its own.
    const forms = Object.entries(answerKey).flatMap(([problem, key]) =>
      key.items.flatMap((item) =>
        printedForms(item)
          .filter((form) => form.printed.startsWith("[") || significantDigits(form.printed) >= 5)
          .map((form) => ({ ...form, answer: `${problem} ${item.name}` })),
      ),
    );
    expect(forms.length, "printed answers to look for").to.be.above(50);
    const found: string[] = [];
    for (const file of files) {
      if (/\.(gz|wasm|ttf)$/.test(file)) continue;
      const text = fs.readFileSync(path.join(out, file), "latin1");
      for (const form of forms) if (form.pattern.test(text)) found.push(`${file}: ${form.answer} ${form.printed}`);
    }
    expect(found).to.deep.equal([]);
  });

  it("says so in the app's name", () => {
    const config = JSON.parse(fs.readFileSync(path.join(out, "jupyter-lite.json"), "utf8")) as {
      "jupyter-config-data": { appName: string };
    };
    expect(config["jupyter-config-data"].appName).to.match(/handouts/);
  });

  it("refuses a folder that holds something else than a built site", () => {
    const taken = fs.mkdtempSync(path.join(tmpdir(), "not-a-site-"));
    fs.writeFileSync(path.join(taken, "thesis.txt"), "mine");
    try {
      expect(() =>
        execFileSync("npm", ["run", "-s", "site", "--", "--out", taken], { cwd: root, stdio: "pipe", encoding: "utf8" }),
      ).to.throw(/is not empty and holds no built site/);
      expect(fs.readFileSync(path.join(taken, "thesis.txt"), "utf8")).to.equal("mine");
    } finally {
      fs.rmSync(taken, { recursive: true, force: true });
    }
  });
});
