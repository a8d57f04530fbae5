// The TypeScript kernel's worker: compiles each cell (compiler.ts), runs it,
// and sends its outputs to the kernel on the page (typescript-kernel.ts).
// Outputs look as they do in a tslab kernel: console.log and the last
// expression's value on stdout, printed by Node's util.inspect; type errors
// and exceptions on stderr; displays (pictures, plots, tables, the training
// progress line) as display messages.
import "./worker-globals";
import * as dlfs from "dlfs";
import { format, inspect } from "node-inspect-extracted";
import { interruptedText, learnerErrorText } from "./learner-error";
import { startBrowserHost } from "./browser-host";
import { cellExports, cellFunctionSource, type CellFunction, type CellResult } from "./cell-scope";
import { CellCompiler } from "./compiler";
import type { FromWorker, ToWorker } from "./protocol";
import { filesNeededBy, siteFiles } from "./site-files";

interface WorkerScope {
  postMessage(message: FromWorker): void;
  addEventListener(type: "message", listener: (event: { data: ToWorker }) => void): void;
}
const scope = globalThis as unknown as WorkerScope;
// Kept now: a cell may declare a global of the same name.
const post = scope.postMessage.bind(scope);

let siteUrl = "";
let compiler: CellCompiler | undefined;
const files = siteFiles(() => siteUrl);
const host = startBrowserHost((message) => post({ type: "display", message }), files);

// ---- console -----------------------------------------------------------------------

function write(name: "stdout" | "stderr", text: string): void {
  post({ type: "stream", name, text });
}

const realConsole = { ...console };
for (const method of ["log", "info", "debug"] as const)
  console[method] = (...args: unknown[]) => write("stdout", format(...args) + "\n");
for (const method of ["warn", "error", "trace"] as const)
  console[method] = (...args: unknown[]) => write("stderr", format(...args) + "\n");

/** An error as a learner needs it (learner-error.ts, as in tslab): its message and its causes', not the bundle's stack. */
function describeError(error: unknown): string {
  return learnerErrorText(error, (value) => `Uncaught ${inspect(value)}`);
}

// ---- modules a cell can import ------------------------------------------------------

function requireInCell(id: string): unknown {
  if (id === "dlfs") return dlfs;
  throw new Error(`Cannot find module '${id}': in the browser a lesson can import dlfs only`);
}

// ---- running a cell ----------------------------------------------------------------------

/** Rejects when the learner interrupts the running cell. */
let interruptRunning: ((error: Error) => void) | undefined;
/** What an abandoned cell is rejected with when the learner presses Interrupt. */
const interruptedCell = new Error("Interrupted");

async function typesFromSite(): Promise<Record<string, string>> {
  const response = await fetch(`${siteUrl}build/kernel/types.json`);
  if (!response.ok) throw new Error(`the kernel's type declarations did not load (HTTP ${response.status})`);
  return (await response.json()) as Record<string, string>;
}

let compilerLoading: Promise<CellCompiler> | undefined;
function cellCompiler(): Promise<CellCompiler> {
  compilerLoading ??= typesFromSite().then((types) => {
    compiler = new CellCompiler(types);
    // The first program reads all of TypeScript's and dlfs's declarations
    // (seconds): done now, while the learner reads, not on the first cell.
    compiler.compile("");
    return compiler;
  });
  return compilerLoading;
}

async function execute(code: string): Promise<boolean> {
  const cells = await cellCompiler();
  const compiled = cells.compile(code);
  if (compiled.errors.length > 0) {
    for (const error of compiled.errors) write("stderr", error + "\n");
    return false;
  }
  const needed = filesNeededBy(code);
  if (needed.length > 0) {
    try {
      await files.prepare(needed);
    } catch (error) {
      write("stderr", `${describeError(error)}\n`);
      return false;
    }
  }
  const result: CellResult = {};
  try {
    // Evaluated in the worker's global scope, where earlier cells' names are.
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- running the learner's compiled cell is the kernel's job
    const makeCell = new Function(`return ${cellFunctionSource(compiled.javascript)}`) as () => CellFunction;
    const run = makeCell();
    const interrupted = new Promise<never>((_, reject) => (interruptRunning = reject));
    const running = run(cellExports(globalThis), requireInCell, result);
    running.catch(() => undefined); // an abandoned cell's later failure is not news
    await Promise.race([running, interrupted]);
  } catch (error) {
    // An interrupt reads as in tslab (learner-error.ts); anything else as the error it is.
    write("stderr", `${error === interruptedCell ? interruptedText : describeError(error)}\n`);
    return false;
  } finally {
    interruptRunning = undefined;
  }
  compiled.commit();
  if (result.value !== undefined && result.value !== null) write("stdout", inspect(result.value) + "\n");
  return true;
}

scope.addEventListener("message", (event) => {
  const message = event.data;
  switch (message.type) {
    case "start":
      siteUrl = message.siteUrl;
      if (message.language !== undefined) dlfs.setLanguage(message.language);
      // Loading the compiler's declarations now saves time on the first cell.
      cellCompiler().then(
        () => post({ type: "ready" }),
        (error: unknown) => realConsole.error(error),
      );
      break;
    case "execute":
      execute(message.code).then(
        (ok) => post({ type: "executed", id: message.id, outcome: { ok } }),
        (error: unknown) => {
          write("stderr", `the kernel failed: ${describeError(error)}\n`);
          post({ type: "executed", id: message.id, outcome: { ok: false } });
        },
      );
      break;
    case "complete": {
      const found = compiler?.complete(message.code, message.cursor) ?? {
        matches: [],
        start: message.cursor,
        end: message.cursor,
      };
      post({
        type: "completed",
        id: message.id,
        outcome: { matches: found.matches, cursorStart: found.start, cursorEnd: found.end },
      });
      break;
    }
    case "interrupt":
      // A training stops at its next progress report and says where; anything
      // else the cell awaits is abandoned.
      if (!host.interrupt()) interruptRunning?.(interruptedCell);
      break;
  }
});
