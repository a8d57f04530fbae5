/**
 * `npm run nb -- html`: notebooks as HTML pages that read the same with
 * scripts off, made by Jupyter's own nbconvert. Pictures and plots are PNGs
 * in the saved outputs already (see static-images.ts); LaTeX math in markdown,
 * which nbconvert leaves for MathJax (a script), is turned into MathML first
 * (see markdown-math.ts) in a copy of each notebook.
 */
import { spawnSync } from "child_process";
import { mkdirSync, mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { readNotebook, writeNotebook } from "./format";
import { markdownMathToMathML } from "./markdown-math";

/** Debian's command, or another one named by JUPYTER_NBCONVERT. */
function nbconvertCommand(): string {
  return process.env.JUPYTER_NBCONVERT ?? "jupyter-nbconvert";
}

class HtmlExportError extends Error {}

export interface HtmlExport {
  /** The pages written, one per notebook, in order. */
  pages: string[];
  /** Formulas left as TeX because they could not be converted, each with its notebook. */
  mathFailures: string[];
}

export function exportHtml(files: readonly string[], outDir: string): HtmlExport {
  const command = nbconvertCommand();
  const version = spawnSync(command, ["--version"], { encoding: "utf8" });
  if (version.error !== undefined || version.status !== 0) {
    throw new HtmlExportError(
      `${command} is needed to export HTML and did not run: install it (Debian: apt-get install jupyter-nbconvert; ` +
        "elsewhere: pip install nbconvert) or name it with JUPYTER_NBCONVERT",
    );
  }
  const work = mkdtempSync(path.join(tmpdir(), "nb-html-"));
  try {
    const mathFailures: string[] = [];
    const copies = files.map((file) => {
      const notebook = readNotebook(file);
      for (const cell of notebook.cells) {
        if (cell.cell_type !== "markdown") continue;
        const converted = markdownMathToMathML(cell.source);
        cell.source = converted.markdown;
        mathFailures.push(...converted.failures.map((failure) => `${file}: ${failure}`));
      }
      const copy = path.join(work, path.basename(file));
      writeNotebook(copy, notebook);
      return copy;
    });
    mkdirSync(outDir, { recursive: true });
    const run = spawnSync(command, ["--to", "html", "--output-dir", outDir, ...copies], { encoding: "utf8" });
    if (run.status !== 0) throw new HtmlExportError(`${command} failed:\n${run.stderr.trim()}`);
    const pages = files.map((file) => path.join(outDir, path.basename(file).replace(/\.ipynb$/, "") + ".html"));
    return { pages, mathFailures };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
