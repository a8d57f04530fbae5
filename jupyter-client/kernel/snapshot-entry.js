/**
 * A tslab kernel that starts from a V8 start-up snapshot (see
 * snapshot.ts). Two halves in one file:
 *
 * - Built with `node --snapshot-blob <blob> --build-snapshot <this file>` in
 *   the folder the kernels will run in: loads TypeScript and tslab's
 *   converter, and lets the converter build its first program (the standard
 *   library, Node's types, dlfs's declarations). That is what a kernel spends
 *   its first ~2 CPU-seconds on, and the snapshot keeps the result.
 * - Started with `node --snapshot-blob <blob> kernel --config-path <file>`:
 *   loads the rest of tslab (executor, Jupyter server, zeromq) normally and
 *   serves the kernel as `tslab kernel` does, with the converter from the
 *   snapshot.
 *
 * Plain JavaScript: it runs before any compiler exists. While building, Node
 * lets `require` load only built-in modules, hence the small loader below.
 */
"use strict";
const fs = require("fs");
const path = require("path");
const v8 = require("v8");
const vm = require("vm");

const tslabDist = process.env.DLFS_TSLAB_DIST;
if (!tslabDist) throw new Error("DLFS_TSLAB_DIST must name tslab's dist folder");

/** The files loaded while building, by absolute path: the runtime hands them to Node's module cache. */
const loaded = new Map();

function resolveFile(candidate) {
  for (const file of [candidate, `${candidate}.js`, `${candidate}.json`, path.join(candidate, "index.js")]) {
    // Real paths, as Node's module cache is keyed by them.
    if (fs.existsSync(file) && fs.statSync(file).isFile()) return fs.realpathSync(file);
  }
  return undefined;
}

function resolvePackage(name, fromDir) {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const packageDir = path.join(dir, "node_modules", name);
    const manifest = path.join(packageDir, "package.json");
    if (fs.existsSync(manifest)) {
      const main = JSON.parse(fs.readFileSync(manifest, "utf8")).main || "index.js";
      const file = resolveFile(path.join(packageDir, main));
      if (file) return file;
    }
    if (dir === path.dirname(dir)) throw new Error(`cannot find package ${name} from ${fromDir}`);
  }
}

/** CommonJS for the files the converter needs: relative paths, packages, built-ins. */
function load(request, fromDir) {
  if (!request.startsWith(".") && !request.startsWith("/") && !request.includes("/")) {
    try {
      return require(request); // a built-in module
    } catch {
      // not built in: a package
    }
  }
  const file =
    request.startsWith(".") || request.startsWith("/")
      ? resolveFile(path.resolve(fromDir, request))
      : resolvePackage(request, fromDir);
  if (!file) throw new Error(`cannot find ${request} from ${fromDir}`);
  const cached = loaded.get(file);
  if (cached) return cached.exports;
  const loadedModule = { exports: {}, filename: file };
  loaded.set(file, loadedModule);
  if (file.endsWith(".json")) {
    loadedModule.exports = JSON.parse(fs.readFileSync(file, "utf8"));
    return loadedModule.exports;
  }
  const params = ["exports", "require", "module", "__filename", "__dirname"];
  const body = vm.compileFunction(fs.readFileSync(file, "utf8"), params, { filename: file });
  const dir = path.dirname(file);
  body.call(loadedModule.exports, loadedModule.exports, (inner) => load(inner, dir), loadedModule, file, dir);
  return loadedModule.exports;
}

/** The converter resolves modules from here: a kernel from this snapshot must run here. */
const snapshotCwd = process.cwd();
const converterModule = load("./converter", tslabDist);
const ts = load("@tslab/typescript-for-tslab", tslabDist);
// Nothing on disk changes while a kernel grades one submission; file watchers
// are also handles a snapshot cannot hold.
ts.sys.watchFile = () => ({ close() {} });
ts.sys.watchDirectory = () => ({ close() {} });
const nodeConverter = converterModule.createConverter({ isJS: false, isBrowser: false });
// Type-check the import every lesson starts with, so that dlfs's declarations
// are parsed here; each later convert() gets its cells' sources anew.
nodeConverter.convert("", 'import type * as dlfs from "dlfs";\n');

v8.startupSnapshot.setDeserializeMainFunction(serveKernel);

function serveKernel() {
  if (process.cwd() !== snapshotCwd) {
    console.error(`this kernel snapshot was built for ${snapshotCwd}; it cannot run in ${process.cwd()}`);
    process.exit(2);
  }
  // Node leaves Error.stackTraceLimit out of a snapshot (and what TypeScript
  // saved and restored while building was that nothing); without it errors
  // have no stack and print as "[Error: …]". 10 is V8's default.
  Error.stackTraceLimit = 10;
  const Module = require("module");
  // tslab's other modules require these files: give them the snapshot's instances.
  for (const [file, loadedModule] of loaded) {
    const cached = new Module(file);
    cached.filename = file;
    cached.loaded = true;
    cached.exports = loadedModule.exports;
    Module._cache[file] = cached;
  }
  const requireTslab = Module.createRequire(path.join(tslabDist, "main.js"));
  const { createExecutor } = requireTslab("./executor");
  const { ZmqServer, JupyterHandlerImpl } = requireTslab("./jupyter");

  const configAt = process.argv.indexOf("--config-path");
  const configPath = configAt >= 0 ? process.argv[configAt + 1] : "";
  // As tslab's ConverterSetImpl: the Node converter, and one for browser code if a cell asks.
  let browserConverter;
  const converters = {
    get node() {
      return nodeConverter;
    },
    get browser() {
      browserConverter ??= converterModule.createConverter({ isJS: false, isBrowser: true });
      return browserConverter;
    },
    close() {
      nodeConverter.close();
      browserConverter?.close();
    },
  };
  const executor = createExecutor(process.cwd(), converters, { log: console.log, error: console.error });
  const server = new ZmqServer(new JupyterHandlerImpl(executor, false), configPath);
  // The rest as tslab's startKernel.
  process.on("SIGINT", () => executor.interrupt());
  process.on("uncaughtException", (error) => console.error("UncaughtException:", error));
  process.on("unhandledRejection", (reason) => console.error("UnhandledPromiseRejection:", reason));
  server.init();
}
