/**
 * `npm run nb -- run|check <notebooks...>`: executes notebooks headless in
 * the tslab kernel, optionally saves their outputs, or checks them against
 * the outputs committed in the files.
 */
import * as os from "os";
import { parseArgs } from "util";
import { exitCodes, messageOf, runCommand, UsageError, usageMessage } from "./command-line";
import { compareNotebooks, formatDifferences } from "./notebook/compare";
import { inParallel } from "./in-parallel";
import { environmentForKernelsAtOnce } from "./kernel/shared-cores";
import { type CellProgress, executeNotebook, type NotebookRun } from "./notebook/execute";
import { type Notebook, outputText, readNotebook, writeNotebook } from "./notebook/format";
import { exportHtml } from "./notebook/html-export";
import { addStaticImages } from "./notebook/static-images";

const defaultJobs = os.availableParallelism();

const help = `Run the lesson notebooks headless in the tslab kernel (no Python or Jupyter needed).

Usage:
  npm run nb -- run   [options] <notebook.ipynb>...
  npm run nb -- check [options] <notebook.ipynb>...
  npm run nb -- check <notebook.ipynb> --against <executed.ipynb>
  npm run nb -- html  [--out <dir>] <notebook.ipynb>...

Commands:
  run     Execute each notebook top to bottom in a fresh kernel and report the
          cells that fail, and the score of the lesson's check ("check 4/6": a
          notebook whose check finds answers to fix does not pass). Stops a
          notebook at its first failing cell.
  check   Execute each notebook and compare the new outputs with the ones saved
          in the file: numbers may differ by a relative 1e-9 (--rtol), all other
          text must match. Cells tagged nbval-ignore-output are not compared.
          Runs every cell even after a failure, so one report lists everything.
          With --against, compares with a notebook executed elsewhere (e.g. by
          jupyter nbconvert --execute) instead of executing it here.
  html    Export the saved notebooks as HTML pages with Jupyter's nbconvert
          (needs jupyter-nbconvert), readable with scripts off: pictures and
          plots are the saved PNGs, and LaTeX math becomes MathML, which
          browsers draw without MathJax. Runs nothing.

Options:
  --inplace            (run) save the new outputs into the notebook files; plots get a
                       static PNG drawn by plotly in headless Chromium (needs chromium)
  --allow-errors       keep going after a failing cell (with --inplace: save anyway)
  --timeout <seconds>  time limit for each cell (default 60; 0 = none)
  --jobs <n>           notebooks executed at the same time (default ${defaultJobs}, the number of cores)
  --rtol <x>           (check) relative tolerance for numbers (default 1e-9)
  --atol <x>           (check) absolute tolerance for numbers near zero (default 0)
  --against <file>     (check) the executed copy to compare with, instead of running
  --out <dir>          (html) where the pages go (default html)
  --verbose            print every cell as it runs
  -h, --help           show this help

Cells tagged nbval-skip are not executed; cells tagged raises-exception may fail.

Exit status:
  0  every notebook ran without errors (check: and its outputs matched)
  1  a cell failed or timed out, a kernel died, or (check) outputs differ
  2  the command line was wrong or a file is not a readable notebook

Examples:
  npm run nb -- run notebooks/213*.ipynb --inplace --timeout 120
  npm run nb -- check notebooks/*.ipynb --jobs 2`;

interface CliOptions {
  command: "run" | "check" | "html";
  files: string[];
  inplace: boolean;
  allowErrors: boolean;
  timeoutSeconds: number;
  jobs: number;
  rtol: number;
  atol: number;
  /** An already executed copy to compare with, instead of executing. */
  against?: string;
  /** Where html writes its pages. */
  out: string;
  verbose: boolean;
}

function positiveNumber(value: string | undefined, option: string, fallback: number, allowZero = false): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0 || (!allowZero && number === 0)) {
    throw new UsageError(`${option} needs a ${allowZero ? "non-negative" : "positive"} number, not "${value}"`);
  }
  return number;
}

function parseCommandLine(argv: string[]): CliOptions | "help" | "no command" {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      inplace: { type: "boolean", default: false },
      "allow-errors": { type: "boolean", default: false },
      timeout: { type: "string" },
      jobs: { type: "string" },
      rtol: { type: "string" },
      atol: { type: "string" },
      against: { type: "string" },
      out: { type: "string" },
      verbose: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help || positionals[0] === "help") return "help";
  if (positionals.length === 0) return "no command";
  const [command, ...files] = positionals;
  if (command !== "run" && command !== "check" && command !== "html") {
    throw new UsageError(`unknown command "${command}": use run, check or html`);
  }
  if (values.out !== undefined && command !== "html") throw new UsageError("--out only goes with html");
  if (files.length === 0) throw new UsageError(`${command} needs at least one notebook file`);
  if (values.inplace && command === "check") throw new UsageError("--inplace only goes with run: check never changes files");
  if (command === "run" && (values.rtol !== undefined || values.atol !== undefined)) {
    throw new UsageError("--rtol and --atol only go with check");
  }
  if (values.against !== undefined && (command !== "check" || files.length !== 1)) {
    throw new UsageError("--against goes with check and exactly one notebook");
  }
  const jobs = positiveNumber(values.jobs, "--jobs", defaultJobs);
  if (!Number.isInteger(jobs)) throw new UsageError(`--jobs needs a whole number, not "${values.jobs}"`);
  return {
    command,
    files,
    inplace: values.inplace ?? false,
    allowErrors: values["allow-errors"] ?? false,
    timeoutSeconds: positiveNumber(values.timeout, "--timeout", 60, true),
    jobs,
    rtol: positiveNumber(values.rtol, "--rtol", 1e-9, true),
    atol: positiveNumber(values.atol, "--atol", 0, true),
    against: values.against,
    out: values.out ?? "html",
    verbose: values.verbose ?? false,
  };
}

function indent(text: string): string {
  return text.replace(/^/gm, "    ");
}

function progressPrinter(file: string): (progress: CellProgress) => void {
  return (progress) => {
    const position = `[${progress.codeCellNumber}/${progress.codeCellCount}]`;
    if (progress.phase === "start") {
      process.stderr.write(`  ${file} ${position} cell ${progress.index + 1} ...\n`);
    } else if (progress.report.status !== "skipped") {
      process.stderr.write(
        `  ${file} ${position} cell ${progress.report.index + 1} ${progress.report.status} in ${progress.report.seconds.toFixed(1)} s\n`,
      );
    }
  };
}

/** What one notebook came to: a line for the summary and details to print under it. */
interface Verdict {
  passed: boolean;
  line: string;
  details?: string;
}

/** The lesson's self-check cell: the one that calls check(…) or dlfs.check(…). */
const checkCall = /\bcheck\(/;
/** check()'s headline: "문제 213 (사과와 오렌지, 역전파): 4/6 정답", "Problem 213 (Apples and oranges, backward): 4/6 correct". */
const checkHeadline = /(?:Problem|문제) \S+ \(.*\): (\d+)\/(\d+) (?:correct|정답)/;

/** The score the lesson's check printed, if it ran. */
function checkScore(run: NotebookRun): { score: number; total: number } | undefined {
  for (const cell of run.cells) {
    for (const output of cell.outputs) {
      const found = checkHeadline.exec(outputText(output));
      if (found) return { score: Number(found[1]), total: Number(found[2]) };
    }
  }
  return undefined;
}

function runVerdict(file: string, run: NotebookRun, options: CliOptions, saved: boolean): Verdict {
  const executed = run.cells.filter((cell) => cell.status === "ok" || cell.status === "error").length;
  const timing = `${executed} cells in ${run.seconds.toFixed(1)} s`;
  const savedNote = saved ? ", outputs saved" : options.inplace ? ", file left unchanged" : "";
  const score = checkScore(run);
  const checked = score === undefined ? "" : `, check ${score.score}/${score.total}`;
  if (run.ok && (score === undefined || score.score === score.total))
    return { passed: true, line: `PASS  ${file} (${timing}${checked}${savedNote})` };
  if (run.ok) {
    // Every cell ran, but the check found answers to fix: its table above (or in the notebook, with --inplace) says which.
    return {
      passed: false,
      line: `CHECK ${file} (${timing}${checked}${savedNote})`,
      details: `ran without an error, but the check found ${score!.total - score!.score} answer(s) to fix: see its table and hints in the notebook (save them with --inplace)`,
    };
  }
  const errors = run.cells.filter((cell) => cell.error !== undefined && !cell.errorExpected);
  const details = errors.map((cell) => cell.error?.message ?? "").join("\n\n");
  const notRun = run.cells.filter((cell) => cell.status === "not-run");
  let rest = notRun.length > 0 ? `\n\n${notRun.length} later code cell(s) were not run.` : "";
  if (notRun.some((cell) => checkCall.test(cell.source)))
    rest += " The check cell was one of them: fix the failing cell, or add --allow-errors to run the check anyway.";
  return { passed: false, line: `FAIL  ${file} (${timing}${checked}${savedNote})`, details: details + rest };
}

function checkVerdict(file: string, committed: Notebook, run: NotebookRun, options: CliOptions): Verdict {
  const timing = `${run.cells.length} code cells in ${run.seconds.toFixed(1)} s`;
  const errors = run.cells.filter((cell) => cell.error !== undefined && !cell.errorExpected);
  // A failed or unrun cell is reported as such, not as a pile of output differences.
  const explained = new Set(
    run.cells.filter((cell) => cell.status === "not-run" || (cell.error && !cell.errorExpected)).map((cell) => cell.index),
  );
  const differences = compareNotebooks(committed, run.notebook, { rtol: options.rtol, atol: options.atol }).filter(
    (difference) => !explained.has(difference.cellIndex),
  );
  if (errors.length === 0 && differences.length === 0) return { passed: true, line: `PASS  ${file} (${timing}, outputs match)` };
  const parts: string[] = errors.map((cell) => cell.error?.message ?? "");
  const notRun = run.cells.filter((cell) => cell.status === "not-run").length;
  if (notRun > 0) parts.push(`${notRun} later code cell(s) were not run.`);
  if (differences.length > 0) parts.push(`Outputs that differ from the saved ones:\n${formatDifferences(differences)}`);
  const summary = [
    errors.length > 0 ? `${errors.length} failing cell(s)` : "",
    differences.length > 0 ? `${differences.length} difference(s)` : "",
  ]
    .filter(Boolean)
    .join(", ");
  return { passed: false, line: `FAIL  ${file} (${summary}; ${timing})`, details: parts.join("\n\n") };
}

/** check --against: compare with a copy executed elsewhere; nothing runs here. */
function againstVerdict(file: string, committed: Notebook, executedFile: string, options: CliOptions): Verdict {
  const executed = readNotebook(executedFile);
  const differences = compareNotebooks(committed, executed, { rtol: options.rtol, atol: options.atol });
  if (differences.length === 0) return { passed: true, line: `PASS  ${file} (outputs of ${executedFile} match)` };
  return {
    passed: false,
    line: `FAIL  ${file} (${differences.length} difference(s) in ${executedFile})`,
    details: `Outputs that differ from the saved ones:\n${formatDifferences(differences)}`,
  };
}

async function processNotebook(file: string, committed: Notebook, options: CliOptions): Promise<Verdict> {
  try {
    if (options.against !== undefined) return againstVerdict(file, committed, options.against, options);
    const run = await executeNotebook(file, {
      timeoutSeconds: options.timeoutSeconds,
      // check runs everything, so that one report lists all that is wrong.
      stopOnError: options.command === "check" ? false : !options.allowErrors,
      onCell: options.verbose ? progressPrinter(file) : undefined,
    });
    for (const problem of run.protocolProblems) console.error(`warning: ${file}: a kernel message was dropped: ${problem}`);
    if (options.command === "check") return checkVerdict(file, committed, run, options);
    // Like nbconvert, a failed run is not saved unless errors are allowed.
    const save = options.inplace && (run.ok || options.allowErrors);
    // Plots get the PNG that viewers without JavaScript show, drawn by plotly in Chromium.
    if (save) await addStaticImages(run.notebook);
    if (save) writeNotebook(file, run.notebook);
    return runVerdict(file, run, options, save);
  } catch (error) {
    // The kernel did not start, or died before the first cell.
    return { passed: false, line: `FAIL  ${file}`, details: messageOf(error) };
  }
}

function exportPages(settings: CliOptions): number {
  try {
    const { pages, mathFailures } = exportHtml(settings.files, settings.out);
    for (const failure of mathFailures) console.error(`warning: math left as TeX: ${failure}`);
    for (const page of pages) console.log(`wrote ${page}`);
    return exitCodes.ok;
  } catch (error) {
    console.error(`nb: ${messageOf(error)}`);
    return exitCodes.failed;
  }
}

async function main(argv: string[]): Promise<number> {
  let options: ReturnType<typeof parseCommandLine>;
  try {
    options = parseCommandLine(argv);
  } catch (error) {
    console.error(usageMessage("nb", error));
    return exitCodes.usage;
  }
  if (options === "help") {
    console.log(help);
    return exitCodes.ok;
  }
  if (options === "no command") {
    console.error(help);
    return exitCodes.usage;
  }
  const settings = options;
  // Read everything first: a typo in a file name should not cost a kernel run.
  const notebooks: Array<{ file: string; committed: Notebook }> = [];
  for (const file of settings.files) {
    try {
      notebooks.push({ file, committed: readNotebook(file) });
    } catch (error) {
      console.error(`nb: ${messageOf(error)}`);
      return exitCodes.usage;
    }
  }
  if (settings.command === "html") return exportPages(settings);
  const what = settings.command === "run" ? "Running" : "Checking";
  const atOnce = Math.min(settings.jobs, notebooks.length);
  console.error(`${what} ${notebooks.length} notebook(s), ${atOnce} at a time...`);
  // The kernels share the cores (their dlfs threads too), see shared-cores.ts.
  process.env = environmentForKernelsAtOnce(atOnce);
  const verdicts = await inParallel(notebooks, settings.jobs, async ({ file, committed }) => {
    const verdict = await processNotebook(file, committed, settings);
    console.log(verdict.line);
    if (verdict.details) console.log(indent(verdict.details));
    return verdict;
  });
  const failed = verdicts.filter((verdict) => !verdict.passed).length;
  console.log(
    failed === 0
      ? `\nAll ${verdicts.length} notebook(s) passed.`
      : `\n${failed} of ${verdicts.length} notebook(s) failed or did not pass their check.`,
  );
  return failed === 0 ? exitCodes.ok : exitCodes.failed;
}

// main catches every error it expects: what escapes it is a bug.
runCommand("nb", () => main(process.argv.slice(2)), "bugs");
