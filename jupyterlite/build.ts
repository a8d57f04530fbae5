// `npm run site`: builds the lessons as a static JupyterLite site in site/.
// `npm run site -- --student` builds it from the student versions (what a
// graded class opens: no solution code, no stated answer), as `npm run
// student` writes them; `--out <dir>` builds it elsewhere.
//
// The site is JupyterLab's front end assembled from its npm packages (the
// list in app/extensions.json) with JupyterLite's plugins, which stand in for
// a Jupyter server inside the browser, and our TypeScript kernel, which runs
// in a Web Worker. Everything it needs is in site/: nothing is fetched from
// another host, and nothing runs on the server that serves it.
//
//   site/index.html                    → lab/
//   site/lab/index.html                the app's page: reads jupyter-lite.json, then starts the app
//   site/jupyter-lite.json             the app's configuration (JupyterLite's page config)
//   site/build/app/                    the app bundle (esbuild, ES modules split in chunks) and its CSS
//   site/build/themes/, build/schemas/ JupyterLab's theme and the plugins' settings schemas
//   site/build/kernel/                 the kernel's worker (TypeScript compiler + dlfs) and the type declarations it checks cells against
//   site/build/files/                  the files dlfs reads (its list, libraryFiles): plotly.js (which also
//                                      draws the notebooks' plots), resvg's WebAssembly and fonts (graph
//                                      pictures as PNG), the MNIST idx files gzip-compressed (*.gz)
//   site/files/, api/contents/         the lessons, and the index JupyterLite lists them from
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { gzipSync } from "node:zlib";
import type * as esbuild from "esbuild";
import { answerKey, sealKey } from "dlfs/answer-key";
import { libraryFiles, type LibraryFile } from "dlfs/internal";
import { siteFilePath } from "./kernel/site-files";
import { kernelTypes } from "./kernel/types";
import { lessonForSite } from "./lesson-for-site";

const here = __dirname;
const root = path.resolve(here, "..");

/** A mistake on the command line: said in one line, without a stack. */
class UsageError extends Error {}

/** The command line: `--student`, `--out <dir>`, `--install-only`. */
function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  if (at === -1) return undefined;
  const value = process.argv[at + 1];
  if (value === undefined || value.startsWith("--")) throw new UsageError(`${name} needs a value: ${name} <dir>`);
  return value;
}
const student = process.argv.includes("--student");
/** Where the site is built: site/, or --out (set in main). */
let out = path.join(root, "site");

interface ExtensionList {
  extensions: string[];
  disabled: string[];
}

interface PackageJson {
  name: string;
  version: string;
  style?: string;
  styleModule?: string;
  jupyterlab?: { extension?: boolean | string; mimeExtension?: boolean | string; schemaDir?: string; themePath?: string };
}

function log(message: string): void {
  process.stdout.write(message + "\n");
}

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, "utf8")) as T;
}

function write(file: string, content: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

/** The directory of an installed package of the site's build. */
function packageDir(name: string): string {
  return path.dirname(require.resolve(`${name}/package.json`, { paths: [here] }));
}

function packageJson(name: string): PackageJson {
  return readJson<PackageJson>(path.join(packageDir(name), "package.json"));
}

// ---- the build's own packages --------------------------------------------------------

/**
 * The site's packages are pinned in jupyterlite/package-lock.json and
 * installed next to it, apart from the project's: a learner who only runs
 * the lessons in Jupyter never downloads JupyterLab. Installed again when the
 * lock file changed.
 */
function ensureInstalled(): void {
  const lock = path.join(here, "package-lock.json");
  const stamp = path.join(here, "node_modules", ".site-lock-hash");
  const hash = createHash("sha256").update(fs.readFileSync(lock)).digest("hex");
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === hash) return;
  log("installing the site's build packages (jupyterlite/package-lock.json) ...");
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  execFileSync(npm, ["ci", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: here, stdio: "inherit" });
  fs.writeFileSync(stamp, hash);
}

function ensureLibraryBuilt(): void {
  if (!fs.existsSync(path.join(root, "lib", "dist", "index.js"))) {
    throw new Error("dlfs is not built: run `npm run build` (or `npm install`) first");
  }
}

// ---- the app -------------------------------------------------------------------------

/** The source of the module "site:extensions": every listed package's plugins and styles. */
function extensionsModule(list: ExtensionList): string {
  const lines: string[] = [];
  const names: string[] = [];
  list.extensions.forEach((name, i) => {
    const pkg = packageJson(name);
    const style = pkg.styleModule ?? pkg.style;
    if (style !== undefined) lines.push(`import ${JSON.stringify(`${name}/${style}`)};`);
    if (pkg.jupyterlab?.extension === undefined)
      throw new Error(`${name} is not a JupyterLab extension (no jupyterlab.extension)`);
    const entry = pkg.jupyterlab.extension === true ? name : `${name}/${pkg.jupyterlab.extension}`;
    lines.push(`import * as extension${i} from ${JSON.stringify(entry)};`);
    names.push(`extension${i}`);
  });
  lines.push(`export const extensions = [${names.join(", ")}];`);
  lines.push(`export const disabled = ${JSON.stringify(list.disabled)};`);
  return lines.join("\n");
}

/** Loaders for what JupyterLab's packages import besides code (webpack's asset rules in JupyterLab's builder). */
const assetLoaders: Record<string, esbuild.Loader> = {
  ".woff": "file",
  ".woff2": "file",
  ".ttf": "file",
  ".eot": "file",
  ".png": "file",
  ".gif": "file",
  ".jpg": "file",
  ".ico": "file",
  ".md": "text",
  ".txt": "text",
};

/**
 * SVG files are icons: imported from JavaScript they are text (JupyterLab
 * builds its icons from the markup), referenced from CSS they are images.
 */
const svgPlugin: esbuild.Plugin = {
  name: "svg",
  setup(build) {
    build.onResolve({ filter: /\.svg$/ }, (args) => {
      if (args.kind === "url-token" || args.kind === "import-rule") return undefined;
      return { path: path.resolve(args.resolveDir, args.path), namespace: "svg-text" };
    });
    build.onLoad({ filter: /.*/, namespace: "svg-text" }, (args) => ({
      contents: fs.readFileSync(args.path, "utf8"),
      loader: "text",
    }));
  },
};

/** CSS of JupyterLab's packages names packages as webpack's css-loader reads them: "~package/file". */
const tildePlugin: esbuild.Plugin = {
  name: "tilde",
  setup(build) {
    build.onResolve({ filter: /^~/ }, (args) =>
      build.resolve(args.path.slice(1), { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer }),
    );
  },
};

/**
 * JupyterLab's MathJax plugin loads mathjax-full's CommonJS modules with
 * import() and reads their exports by name. webpack gives it the exports;
 * esbuild, like Node, gives a CommonJS module's exports as the default export
 * of a split chunk. The plugin's imports are taken by their default here.
 */
const mathjaxPlugin: esbuild.Plugin = {
  name: "mathjax-commonjs",
  setup(build) {
    build.onLoad({ filter: /[\\/]@jupyterlab[\\/]mathjax-extension[\\/]lib[\\/]index\.js$/ }, (args) => ({
      contents: fs
        .readFileSync(args.path, "utf8")
        .replace(/import\((['"]mathjax-full\/[^'"]+['"])\)/g, "import($1).then((module) => module.default ?? module)"),
      loader: "js",
    }));
  },
};

async function buildApp(esb: typeof esbuild, list: ExtensionList): Promise<void> {
  const extensions: esbuild.Plugin = {
    name: "site-extensions",
    setup(build) {
      build.onResolve({ filter: /^site:extensions$/ }, () => ({ path: "extensions", namespace: "site" }));
      build.onLoad({ filter: /.*/, namespace: "site" }, () => ({
        contents: extensionsModule(list),
        resolveDir: here,
        loader: "js",
      }));
    },
  };
  await esb.build({
    entryPoints: { main: path.join(here, "app", "main.ts") },
    outdir: path.join(out, "build", "app"),
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    legalComments: "linked",
    chunkNames: "chunks/[name]-[hash]",
    assetNames: "assets/[name]-[hash]",
    loader: { ...assetLoaders, ".svg": "file" },
    alias: { path: "path-browserify" },
    // mathjax-full names __dirname, which webpack's browser builds replace with "/".
    define: { "process.env.NODE_ENV": '"production"', global: "globalThis", __dirname: '"/"' },
    // Any other use of `process` (path-browserify's process.cwd(), for relative links) gets the shim.
    inject: [path.join(here, "app", "process-shim.ts")],
    nodePaths: [path.join(here, "node_modules")],
    plugins: [extensions, tildePlugin, svgPlugin, mathjaxPlugin],
    logLevel: "warning",
    logOverride: { "empty-import-meta": "silent" },
  });
}

/** JupyterLab's light theme, as its ThemeManager loads it: build/themes/<package>/index.css. */
async function buildThemes(esb: typeof esbuild, list: ExtensionList): Promise<void> {
  for (const name of list.extensions) {
    const themePath = packageJson(name).jupyterlab?.themePath;
    if (themePath === undefined) continue;
    await esb.build({
      entryPoints: { index: path.join(packageDir(name), themePath) },
      outdir: path.join(out, "build", "themes", name),
      bundle: true,
      minify: true,
      loader: { ...assetLoaders, ".svg": "dataurl" },
      assetNames: "[name]-[hash]",
      logLevel: "warning",
    });
  }
}

/** Every plugin's settings schema in one file, which JupyterLite's settings service reads. */
function writeSchemas(list: ExtensionList): void {
  const all: unknown[] = [];
  for (const name of list.extensions) {
    const pkg = packageJson(name);
    const schemaDir = pkg.jupyterlab?.schemaDir;
    if (schemaDir === undefined) continue;
    const dir = path.join(packageDir(name), schemaDir);
    if (!fs.existsSync(dir)) continue;
    for (const file of fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(".json"))
      .sort()) {
      const schema: unknown = readJson(path.join(dir, file));
      all.push({ id: `${name}:${path.basename(file, ".json")}`, raw: "{}", schema, settings: {}, version: pkg.version });
    }
  }
  write(path.join(out, "build", "schemas", "all.json"), JSON.stringify(all));
  // Settings of extensions installed into a site after its build: none here.
  write(path.join(out, "build", "schemas", "all_federated.json"), "[]");
}

// ---- the kernel ------------------------------------------------------------------------

/** Node's modules that dlfs and its dependencies name, as the worker gets them. */
function workerAliases(): Record<string, string> {
  const shims = path.join(here, "kernel", "shims");
  const unavailable = path.join(shims, "unavailable.ts");
  const aliases: Record<string, string> = {
    util: path.join(shims, "util.ts"),
    crypto: path.join(shims, "crypto.ts"),
    fs: path.join(shims, "fs.ts"),
    "fs/promises": path.join(shims, "fs.ts"),
    path: require.resolve("path-browserify", { paths: [here] }),
    url: path.join(shims, "url.ts"),
  };
  for (const name of Object.keys(aliases)) aliases[`node:${name}`] = aliases[name];
  // Required only on code paths a worker never takes (TypeScript's Node system,
  // danfo's file and network readers, its plotting).
  for (const name of [
    "os",
    "inspector",
    "perf_hooks",
    "buffer",
    "stream",
    "module",
    "worker_threads",
    "child_process",
    "zlib",
    "http",
    "https",
    "net",
    "tls",
    "assert",
    "events",
    "request",
    "node-fetch",
    "stream-json",
    "stream-json/streamers/StreamArray",
    "xlsx",
    "plotly.js-dist-min",
    "source-map-support",
  ]) {
    aliases[name] ??= unavailable;
    if (!name.includes("-") && !name.includes("/")) aliases[`node:${name}`] ??= unavailable;
  }
  return aliases;
}

/**
 * For a class site: dlfs's check-key module replaced by one that holds the
 * sealed key only, so that no file the site serves holds an answer, and
 * every lesson is checked as a handout (no expected value shown).
 */
function sealedKeyOnly(): esbuild.Plugin {
  return {
    name: "sealed-key-only",
    setup(build) {
      // dlfs's check.js requires "./answer-key/check-key".
      build.onResolve({ filter: /[/\\]check-key(\.js)?$/ }, (args) =>
        path.basename(path.join(args.resolveDir, args.path, "..")) === "answer-key"
          ? { path: "check-key", namespace: "sealed-key-only" }
          : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: "sealed-key-only" }, () => ({
        contents: [
          `const sealed = ${JSON.stringify(sealKey(answerKey))};`,
          "export function clearKey() { return undefined; }",
          "export function sealedKey() { return sealed; }",
          "export function handoutOf() { return {}; }",
        ].join("\n"),
        loader: "js",
      }));
    },
  };
}

async function buildKernel(esb: typeof esbuild): Promise<void> {
  await esb.build({
    plugins: student ? [sealedKeyOnly()] : [],
    entryPoints: { worker: path.join(here, "kernel", "worker.ts") },
    outdir: path.join(out, "build", "kernel"),
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2022",
    minify: true,
    // Class names are what graph pictures and tables show (MulLayer, Relu).
    keepNames: true,
    legalComments: "linked",
    alias: workerAliases(),
    // Emscripten's output (Graphviz in @viz-js/viz) names __filename and __dirname, which it uses only in Node.
    define: {
      "process.env.NODE_ENV": '"production"',
      __filename: '"/worker.js"',
      __dirname: '"/"',
    },
    nodePaths: [path.join(root, "node_modules"), path.join(here, "node_modules")],
    logLevel: "error",
  });
  write(path.join(out, "build", "kernel", "types.json"), JSON.stringify(kernelTypes(root)));
}

// ---- data, lessons, pages ------------------------------------------------------------

/** The files dlfs reads (its list, libraryFiles), where the worker downloads them (site-files.ts); the large ones gzip-compressed. */
function writeLibraryFiles(): void {
  for (const name of Object.keys(libraryFiles) as LibraryFile[]) {
    const entry = libraryFiles[name];
    const bytes = fs.readFileSync(require.resolve(entry.module, { paths: [path.join(root, "lib")] }));
    write(path.join(out, siteFilePath(name)), entry.compress ? gzipSync(bytes) : bytes);
  }
}

/**
 * The folder of the lessons the site serves: notebooks/, or for a class the
 * student versions, written by `npm run student` (the project's tool, run
 * as a command: the site's build uses none of the project's code).
 */
function lessonsFolder(): string {
  const notebooks = path.join(root, "notebooks");
  if (!student) return notebooks;
  const handouts = fs.mkdtempSync(path.join(os.tmpdir(), "site-handouts-"));
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  execFileSync(npm, ["run", "-s", "student", "--", "--out", handouts], { cwd: root, stdio: "inherit" });
  return handouts;
}

/** The lessons in files/, and the listing JupyterLite's contents service reads (api/contents/all.json). */
function writeLessons(): void {
  const notebooks = lessonsFolder();
  const content = fs
    .readdirSync(notebooks)
    .filter((name) => name.endsWith(".ipynb"))
    .sort()
    .map((name) => {
      const text = Buffer.from(lessonForSite(fs.readFileSync(path.join(notebooks, name), "utf8")));
      write(path.join(out, "files", name), text);
      const modified = fs.statSync(path.join(notebooks, name)).mtime.toISOString();
      return {
        name,
        path: name,
        type: "notebook",
        format: null,
        mimetype: null,
        content: null,
        size: text.length,
        writable: true,
        created: modified,
        last_modified: modified,
      };
    });
  if (student) fs.rmSync(notebooks, { recursive: true, force: true });
  if (content.length === 0) throw new Error(`no lessons found in ${notebooks}`);
  const listing = { name: "", path: "", type: "directory", format: "json", mimetype: null, writable: true, content };
  write(path.join(out, "api", "contents", "all.json"), JSON.stringify(listing));
}

function writePages(): void {
  const version = (name: string) => packageJson(name).version;
  const config = {
    "jupyter-lite-schema-version": 0,
    "jupyter-config-data": {
      appName: student ? "Backpropagation lessons (handouts)" : "Backpropagation lessons",
      appVersion: version("@jupyterlite/services"),
      appUrl: "./lab",
      baseUrl: "./",
      settingsUrl: "./build/schemas",
      themesUrl: "./build/themes",
      fullStaticUrl: "./build/app",
      contentsAllJsonFile: "all.json",
      defaultKernelName: "tslab",
      exposeAppInBrowser: "true",
      // Every cell of a lesson stays in the page (JupyterLab's default attaches only the cells in view):
      // the browser's find, and a learner's screen reader, see the whole lesson; lessons are short.
      settingsOverrides: { "@jupyterlab/notebook-extension:tracker": { windowingMode: "none" } },
      federated_extensions: [],
      versionInfo: { "@jupyterlab/application": { label: "JupyterLab", version: version("@jupyterlab/application") } },
    },
  };
  write(path.join(out, "jupyter-lite.json"), JSON.stringify(config, null, 2) + "\n");
  write(path.join(out, "lab", "index.html"), fs.readFileSync(path.join(here, "app", "index.html"), "utf8"));
  write(
    path.join(out, "index.html"),
    '<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0; url=lab/"><a href="lab/">lessons</a>\n',
  );
  write(path.join(out, ".nojekyll"), "");
  // The languages JupyterLab may offer: English only (its strings are built in).
  write(
    path.join(out, "api", "translations", "all.json"),
    JSON.stringify({ data: { en: { displayName: "English", nativeName: "English" } }, message: "" }),
  );
  write(path.join(out, "api", "translations", "en.json"), JSON.stringify({ data: {}, message: "" }));
}

function folderSize(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? folderSize(full) : fs.statSync(full).size;
  }
  return total;
}

async function main(): Promise<void> {
  const started = performance.now();
  // --out is relative to where npm was run from (npm runs the script in the project's folder).
  out = path.resolve(process.env.INIT_CWD ?? process.cwd(), option("--out") ?? out);
  ensureInstalled();
  // `npm run lint` type-checks the site's sources, which import these packages: it installs them only.
  if (process.argv.includes("--install-only")) return;
  ensureLibraryBuilt();
  // Imported once installed (above), from jupyterlite/node_modules.
  const esb = await import("esbuild");
  const list = readJson<ExtensionList>(path.join(here, "app", "extensions.json"));
  // The build empties its folder first: only a folder that holds a built site, or nothing, may be emptied.
  if (fs.existsSync(out) && fs.readdirSync(out).length > 0 && !fs.existsSync(path.join(out, "jupyter-lite.json")))
    throw new UsageError(
      `${out} is not empty and holds no built site: --out takes a new or empty folder, or a site built before`,
    );
  fs.rmSync(out, { recursive: true, force: true });
  const step = async (what: string, work: () => unknown): Promise<void> => {
    const t = performance.now();
    await work();
    log(`  ${what} (${((performance.now() - t) / 1000).toFixed(1)} s)`);
  };
  log(
    `building the site in ${path.relative(process.cwd(), out) || "."}/` +
      (student ? ", from the student versions of the lessons" : ", from the teacher's lessons (with their solutions)"),
  );
  await step("app", () => buildApp(esb, list));
  await step("theme", () => buildThemes(esb, list));
  await step("settings schemas", () => writeSchemas(list));
  await step("TypeScript kernel", () => buildKernel(esb));
  await step("dlfs's files: plotly.js, graph pictures' WebAssembly and fonts, MNIST", () => writeLibraryFiles());
  await step("lessons and pages", () => {
    writeLessons();
    writePages();
  });
  const megabytes = folderSize(out) / 1024 / 1024;
  log(
    `site built in ${((performance.now() - started) / 1000).toFixed(1)} s: ${megabytes.toFixed(1)} MB; serve it with \`npm run site:serve\``,
  );
}

main().catch((error: unknown) => {
  const said =
    error instanceof UsageError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`site: ${said}\n`);
  process.exitCode = 1;
});
