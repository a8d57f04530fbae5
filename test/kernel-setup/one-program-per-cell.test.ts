// tslab compiling a cell with one program instead of two (kernel-setup/tslab-fixes,
// "one program per cell") gives what tslab's own convert() gave: the same code, the
// same declarations for later cells and the same errors. The reference is tslab's
// convert() as published, put back into a copy of the installed converter.
import { expect } from "chai";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import * as vm from "node:vm";
import { readNotebook } from "../../jupyter-client";
import { notebooksDir } from "../support/lessons";

interface Converted {
  output?: string;
  declOutput?: string;
  lastExpressionVar?: string;
  hasToplevelAwait?: boolean;
  diagnostics: {
    start: { offset: number; line: number; character: number };
    length: number;
    messageText: string;
    code: number;
  }[];
}
interface Converter {
  convert(prevDecl: string, src: string): Converted;
  close(): void;
}
interface ConverterModule {
  createConverter(options?: { isJS?: boolean }): Converter;
}

const { oneProgramPerCell } = require("../../kernel-setup/tslab-fixes/edits.js") as {
  oneProgramPerCell: { original: string; patched: string };
};

const installedFile = require.resolve("tslab/dist/converter.js");

/** A CommonJS module's exports from its source, run as if it were the file `filename`. */
function loadAs<T>(source: string, filename: string): T {
  const module = { exports: {} };
  const wrapped = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename });
  const load = wrapped.runInThisContext() as (...args: unknown[]) => void;
  load(module.exports, createRequire(filename), module, filename, path.dirname(filename));
  return module.exports as T;
}

/**
 * Cells that declare names in every way a cell can, a cell that uses them,
 * and cells that fail to compile: a type error, a syntax error, and two that
 * tslab itself rejects (an export; a name that starts with "__", which
 * TypeScript keeps as "___double").
 */
const cells = [
  "let a = 1;\nconst { b, c: [d, ...e] } = { b: 2, c: [3, 4] };",
  "function f(): number { return a; }\nclass G {}\nenum H { X }\ninterface I { i: number }\ntype J = number;",
  'namespace K { export const z = 1; }\nimport * as L from "dlfs";\nimport M = L.NDArray;\nvar v = 1;\ndeclare const w: number;',
  "f() + b + d + e.length + v + K.z + H.X",
  "const x: string = 1;",
  "a + ",
  "export const ex = 2;",
  "const __double = 3;",
  "await Promise.resolve(3)",
];

/** What each cell compiles to, one converter for all of them (as one kernel compiles a notebook's cells). */
function convertAll(module: ConverterModule, sources: string[]): Converted[] {
  const converter = module.createConverter();
  try {
    let declarations = "";
    return sources.map((source) => {
      const converted = converter.convert(declarations, source);
      if (converted.declOutput !== undefined) declarations = converted.declOutput;
      const { output, declOutput, lastExpressionVar, hasToplevelAwait, diagnostics } = converted;
      const errors = diagnostics.map(({ start, length, messageText, code }) => ({ start, length, messageText, code }));
      return { output, declOutput, lastExpressionVar, hasToplevelAwait, diagnostics: errors };
    });
  } finally {
    converter.close();
  }
}

describe("tslab: one program per cell", function () {
  this.timeout(120_000);
  let patched: ConverterModule;
  let reference: ConverterModule;

  before(() => {
    const installed = fs.readFileSync(installedFile, "utf8");
    expect(installed, "the installed tslab has the patch (npm install applies it)").to.include(oneProgramPerCell.patched);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- tslab's CommonJS module
    patched = require(installedFile) as ConverterModule;
    // tslab's own convert(), in a copy of the installed module that requires what it requires.
    reference = loadAs(installed.replace(oneProgramPerCell.patched, oneProgramPerCell.original), installedFile);
  });

  it("compiles cells that declare names every way, and cells with errors, as tslab did", () => {
    const expected = convertAll(reference, cells);
    expect(expected[3].diagnostics, "the names of earlier cells are found").to.deep.equal([]);
    expect(expected[3].lastExpressionVar, "and the last expression is the cell's value").to.be.a("string");
    expect(
      expected[4].diagnostics.map((d) => d.code),
      "the type error",
    ).to.deep.equal([2322]);
    for (const failing of [5, 6, 7]) expect(expected[failing].diagnostics, cells[failing]).to.not.deep.equal([]);
    expect(convertAll(patched, cells)).to.deep.equal(expected);
  });

  it("compiles a lesson's cells as tslab did", () => {
    const sources = readNotebook(path.join(notebooksDir, "230_softmax_with_loss.ipynb"))
      .cells.filter((cell) => cell.cell_type === "code")
      .map((cell) => cell.source);
    expect(convertAll(patched, sources)).to.deep.equal(convertAll(reference, sources));
  });
});
