// The site kernel's cells in Node: compiled by jupyterlite/kernel/compiler.ts
// as the worker compiles them, with dlfs's real declarations, and run in a
// fresh global scope (a vm context standing in for the worker) with the real
// dlfs. Outputs are kept as the worker sends them: console.log and the last
// value on stdout, errors on stderr, displays (check's report, graphs, plots)
// by their plain text.
import * as path from "node:path";
import { format, inspect } from "node:util";
import * as vm from "node:vm";
import * as dlfs from "dlfs";
import { useHost } from "dlfs/internal";
import { cellExports, cellFunctionSource, type CellFunction, type CellResult } from "../../jupyterlite/kernel/cell-scope";
import { CellCompiler } from "../../jupyterlite/kernel/compiler";
import { kernelTypes } from "../../jupyterlite/kernel/types";

let types: Record<string, string> | undefined;

/** TypeScript's libraries, dlfs's declarations and the site's ambient ones, read once. */
function siteKernelTypes(): Record<string, string> {
  types ??= kernelTypes(path.resolve(__dirname, "../.."));
  return types;
}

/** One cell's run: its type errors (then it did not run), or what it printed and showed. */
export interface CellRun {
  errors: string[];
  /** The exception the cell ended with, as the worker reports it. */
  thrown?: string;
  value?: unknown;
  stdout: string;
  stderr: string;
  /** The text/plain of each display. */
  displays: string[];
}

/** A kernel's worth of cells: one compiler, one global scope. */
export class SiteKernelSession {
  private readonly compiler = new CellCompiler(siteKernelTypes());
  private readonly global: vm.Context;
  private current: CellRun | undefined;

  constructor() {
    const write =
      (stream: "stdout" | "stderr") =>
      (...args: unknown[]) => {
        if (this.current) this.current[stream] += format(...args) + "\n";
      };
    const console = { log: write("stdout"), info: write("stdout"), warn: write("stderr"), error: write("stderr") };
    // The worker's globals the lessons use; the language's own come with the context.
    this.global = vm.createContext({ Promise, console, performance, setTimeout, clearTimeout });
  }

  /** Compiles and runs a cell, as the worker does. */
  async run(code: string): Promise<CellRun> {
    const compiled = this.compiler.compile(code);
    const run: CellRun = { errors: compiled.errors, stdout: "", stderr: "", displays: [] };
    if (compiled.errors.length > 0) return run;
    const cell = vm.runInContext(cellFunctionSource(compiled.javascript), this.global) as CellFunction;
    const result: CellResult = {};
    const require = (id: string): unknown => {
      if (id === "dlfs") return dlfs;
      throw new Error(`Cannot find module '${id}': in the browser a lesson can import dlfs only`);
    };
    const restoreHost = useHost({
      kind: "notebook",
      display: (message) => {
        const text = message.data["text/plain"];
        if (!message.update && typeof text === "string") run.displays.push(text);
      },
      listenForInterrupt: () => () => undefined,
    });
    this.current = run;
    try {
      await cell(cellExports(vm.runInContext("globalThis", this.global) as object), require, result);
    } catch (error) {
      run.thrown = error instanceof Error ? `${error.name}: ${error.message}` : `Uncaught ${inspect(error)}`;
      return run;
    } finally {
      this.current = undefined;
      restoreHost();
    }
    compiled.commit();
    run.value = result.value;
    if (result.value !== undefined && result.value !== null) run.stdout += inspect(result.value) + "\n";
    return run;
  }

  complete(code: string, cursor = code.length): string[] {
    return this.compiler.complete(code, cursor).matches;
  }
}
