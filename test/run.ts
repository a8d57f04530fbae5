// How the suite is run: `npm test` (the fast tier), `npm run test:all`
// (every test, as CI), `npm test -- <part>` (files, folders or a --grep, in
// every tier) and `npm run test:watch` (the library's fast tests on every
// change). Each builds dlfs and type-checks the tests first, then runs mocha;
// the tiers are the tags of test/support/tiers.ts.
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { outsideFastTier, tags, tagsIn, type Tag } from "./support/tiers";

const root = path.join(__dirname, "..");
/** Every test file: what a tier, or the dry run that counts them, starts from. */
const allTests = "test/**/*.test.ts";

const usage = `usage:
  npm test                          the fast tier: every test not tagged ${Object.keys(tags)
    .map((tag) => `@${tag}`)
    .join(", ")}
  npm test -- <files, folders or globs> [mocha options]   those tests, in every tier
  npm test -- --grep <pattern>      the tests whose title matches, in every tier
  npm run test:all                  every test, as CI runs them
  npm run test:watch                the library's fast tests, again on every change`;

/**
 * The fast tier's budget of kernel starts: each costs a second or more of
 * CPU before it runs anything. A new test that starts many kernels belongs
 * in the slow tier (@slow); raise this only for a reason worth the time.
 */
export const fastTierKernelBudget = 60;

/** Whether a fast tier that started `started` kernels keeps to its budget, and a line that says so. */
export function kernelBudgetVerdict(started: number, budget = fastTierKernelBudget): { ok: boolean; line: string } {
  if (started <= budget) return { ok: true, line: `kernels started: ${started} (the fast tier's budget: ${budget})` };
  return {
    ok: false,
    line:
      `the fast tier started ${started} kernels, over its budget of ${budget}: ` +
      "tag the tests that start the most with @slow (test/support/tiers.ts)",
  };
}

interface Invocation {
  mode: "fast" | "all" | "part" | "watch";
  specs: string[];
  mochaArgs: string[];
}

/** Reads the command line: --all, --watch, -h, positional files/folders/globs, the rest for mocha. */
export function parseInvocation(argv: readonly string[]): Invocation | "help" {
  const specs: string[] = [];
  const mochaArgs: string[] = [];
  let all = false;
  let watch = false;
  let grep = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "-h" || arg === "--help") return "help";
    else if (arg === "--all") all = true;
    else if (arg === "--watch") watch = true;
    else if (!arg.startsWith("-")) specs.push(arg);
    else {
      mochaArgs.push(arg);
      if (/^(-g|--grep|-f|--fgrep)(=|$)/.test(arg)) grep = true;
      // An option's value follows it unless given as --option=value.
      const next = argv[i + 1];
      if (!arg.includes("=") && next !== undefined && !next.startsWith("-") && takesValue(arg)) mochaArgs.push(argv[++i]);
    }
  }
  const mode = watch ? "watch" : specs.length > 0 || grep ? "part" : all ? "all" : "fast";
  return { mode, specs, mochaArgs };
}

/** Mocha's options that take a value (the ones a person might pass here). */
function takesValue(option: string): boolean {
  return /^(-g|--grep|-f|--fgrep|-t|--timeout|-R|--reporter|-O|--reporter-option|-j|--jobs|--slow|-s)$/.test(option);
}

/** A folder becomes the test files under it; files and globs stay as they are. */
function specOf(part: string): string {
  const full = path.resolve(part);
  return fs.existsSync(full) && fs.statSync(full).isDirectory() ? path.join(part, "**", "*.test.ts") : part;
}

function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): number {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env });
  return result.status ?? 1;
}

const node = process.execPath;
const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc");
const mocha = path.join(root, "node_modules", "mocha", "bin", "mocha.js");

/** dlfs built and every test type-checked (incrementally: a rerun checks what changed). */
function buildAndTypecheck(): boolean {
  if (run(node, [tsc, "-b", "lib"]) !== 0) return false;
  const info = path.join(root, "node_modules", ".cache", "typecheck", "test.tsbuildinfo");
  return run(node, [tsc, "-p", "test", "--incremental", "--tsBuildInfoFile", info]) === 0;
}

/** How many tests each tag holds, from mocha's dry run (nothing is executed). */
function taggedCounts(): Promise<Map<Tag, number> | undefined> {
  const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "dlfs-tiers-")), "dry-run.json");
  return new Promise((resolve) => {
    // --exit: a test file that starts something as it loads must not keep the count waiting.
    const child = spawn(
      node,
      [mocha, "--dry-run", "--exit", "--reporter", "json", "--reporter-option", `output=${report}`, allTests],
      {
        cwd: root,
        stdio: "ignore",
      },
    );
    child.on("exit", () => {
      try {
        const { tests } = JSON.parse(fs.readFileSync(report, "utf8")) as { tests: { fullTitle: string }[] };
        const counts = new Map<Tag, number>();
        for (const test of tests) {
          for (const tag of new Set(tagsIn(test.fullTitle))) {
            if (tag in tags) counts.set(tag as Tag, (counts.get(tag as Tag) ?? 0) + 1);
          }
        }
        resolve(counts);
      } catch {
        resolve(undefined);
      } finally {
        fs.rmSync(path.dirname(report), { recursive: true, force: true });
      }
    });
  });
}

function watch(mochaArgs: readonly string[]): void {
  const compiler = spawn(node, [tsc, "-b", "lib", "--watch", "--preserveWatchOutput"], { cwd: root, stdio: "inherit" });
  const tests = spawn(
    node,
    [
      mocha,
      "--watch",
      "--watch-files",
      "lib/dist/**/*.js,test/lib/**/*.ts,test/support/**/*.ts",
      "--grep",
      outsideFastTier.source,
      "--invert",
      ...mochaArgs,
      "test/lib/**/*.test.ts",
    ],
    { cwd: root, stdio: "inherit" },
  );
  const stop = (): void => {
    compiler.kill();
    tests.kill();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  tests.on("exit", (code) => {
    compiler.kill();
    process.exit(code ?? 0);
  });
}

async function main(): Promise<number> {
  const invocation = parseInvocation(process.argv.slice(2));
  if (invocation === "help") {
    console.log(usage);
    return 0;
  }
  const { mode, specs, mochaArgs } = invocation;
  const counting = mode === "fast" ? taggedCounts() : undefined;
  if (!buildAndTypecheck()) return 1;
  if (mode === "watch") {
    watch(mochaArgs);
    return new Promise<number>(() => undefined);
  }

  const kernelLog = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "dlfs-test-kernels-")), "kernels.jsonl");
  fs.writeFileSync(kernelLog, "");
  const args = [mocha];
  // A whole tier runs two files at a time (one per core); a part runs in order, as mocha runs it.
  if (mode === "fast" || mode === "all") args.push("--parallel", "--jobs", String(Math.max(2, os.availableParallelism())));
  if (mode === "fast") args.push("--grep", outsideFastTier.source, "--invert");
  args.push(...mochaArgs, ...(specs.length > 0 ? specs.map(specOf) : [allTests]));
  const env = { ...process.env, DLFS_TEST_KERNEL_LOG: kernelLog, DLFS_TEST_TIER: mode };
  const status = run(node, args, env);

  const started = fs.readFileSync(kernelLog, "utf8").split("\n").filter(Boolean).length;
  fs.rmSync(path.dirname(kernelLog), { recursive: true, force: true });
  console.log("");
  if (mode !== "fast") {
    console.log(`kernels started: ${started}`);
    return status;
  }
  const verdict = kernelBudgetVerdict(started);
  console.log(verdict.line);
  const counts = await counting;
  const rest =
    counts === undefined
      ? "The tests tagged @slow, @browser or @server"
      : `The other tests (${[...counts].map(([tag, n]) => `@${tag}: ${n}`).join(", ")}; a test may carry two tags)`;
  console.log(`${rest} run with \`npm run test:all\`, as CI does; one file: \`npm test -- test/site/site.test.ts\`.`);
  return verdict.ok ? status : status || 1;
}

if (require.main === module) {
  main().then(
    (status) => {
      process.exitCode = status;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
