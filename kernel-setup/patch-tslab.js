// @ts-check
// Applies this project's fixes to the installed tslab (`npm install` runs it
// from `prepare`; `npm run doctor` reports its state). The fixes are code in
// tslab-fixes/: TypeScript modules, compiled here into
// node_modules/tslab/dist/dlfs/, and edits of tslab's files that call them
// (tslab-fixes/edits.js).
//
// Every edit must match exactly once in the file as tslab publishes it, or
// nothing is written and the error names the edit. tslab's files as published
// are kept beside the fixes (dist/dlfs/published/), so that running this
// again applies the fixes as they are now, never on top of older ones.
"use strict";
const { spawnSync } = require("child_process");
const fs = require("fs");
const { isBuiltin } = require("module");
const path = require("path");
const { tslabVersion, fixes } = require("./tslab-fixes/edits.js");

const projectRoot = path.join(__dirname, "..");

/** The fixes' modules, compiled into dist/dlfs/ under their base names. */
const fixModules = [
  "kernel-setup/tslab-fixes/index.ts",
  "kernel-setup/tslab-fixes/cell-line-numbers.ts",
  "kernel-setup/tslab-fixes/earlier-cell-shorthand.ts",
  "kernel-setup/tslab-fixes/node-path-options.ts",
  "kernel-setup/tslab-fixes/readable-errors.ts",
  "kernel-setup/tslab-fixes/send-in-order.ts",
  // What both kernels share: the site's compiler and worker import these too.
  "jupyterlite/kernel/cell-declarations.ts",
  "jupyterlite/kernel/learner-error.ts",
  "jupyterlite/kernel/numpy-hints.ts",
];

/** A fix that cannot be applied: which one, and why. */
class FixError extends Error {}

/** tslab's package folder, or undefined when tslab is not installed. */
function tslabFolder() {
  try {
    return path.dirname(require.resolve("tslab/package.json"));
  } catch {
    return undefined;
  }
}

/**
 * The fixes' modules as CommonJS, by their file name in dist/dlfs/. A module
 * may require Node's own modules and the others in the list, nothing else.
 * @returns {Map<string, string>}
 */
function compiledModules() {
  const ts = require("typescript");
  const outputName = (/** @type {string} */ source) => path.basename(source, ".ts") + ".js";
  const known = new Map(fixModules.map((source) => [path.join(projectRoot, source), outputName(source)]));
  const compiled = new Map();
  for (const source of fixModules) {
    const file = path.join(projectRoot, source);
    const { outputText } = ts.transpileModule(fs.readFileSync(file, "utf8"), {
      fileName: file,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true },
    });
    const header = `// Compiled from ${source} by kernel-setup/patch-tslab.js: edit that file, then run \`npm install\`.\n`;
    const code = outputText.replace(/require\("([^"]+)"\)/g, (_, /** @type {string} */ request) => {
      if (isBuiltin(request)) return `require(${JSON.stringify(request)})`;
      const target = known.get(path.resolve(path.dirname(file), request) + ".ts");
      if (target === undefined) {
        throw new FixError(
          `${source} requires "${request}": a fix may use Node's modules and the files listed in patch-tslab.js only`,
        );
      }
      return `require("./${target}")`;
    });
    compiled.set(outputName(source), header + code);
  }
  return compiled;
}

/**
 * Each patched file's text: tslab's published text with every edit made, in order.
 * @param {(file: string) => string} published
 * @returns {Map<string, string>}
 */
function patchedFiles(published) {
  const texts = new Map();
  for (const fix of fixes) {
    fix.edits.forEach((edit, index) => {
      const text = texts.get(edit.file) ?? published(edit.file);
      const count = text.split(edit.find).length - 1;
      if (count !== 1) {
        const firstLine = edit.find.trim().split("\n")[0];
        throw new FixError(
          `the fix "${fix.name}" cannot be applied: its edit ${index + 1} of ${fix.edits.length} ` +
            `(tslab's ${edit.file}, at "${firstLine}") ${count === 0 ? "finds no match" : `matches ${count} times`}; ` +
            `an edit must match exactly once`,
        );
      }
      texts.set(
        edit.file,
        text.replace(edit.find, () => edit.replace),
      );
    });
  }
  return texts;
}

/** @type {string | null | undefined} tslab's package folder, unpacked once per run for publishedFromPackage (null: it could not be). */
let unpackedPackage;

/**
 * tslab's file as published, from its package (`npm pack`, from npm's cache
 * when it is there): for a tslab patched by an earlier set-up of this project,
 * which changed its files without keeping them.
 * @param {string} version
 * @param {string} file
 * @returns {string}
 */
function publishedFromPackage(version, file) {
  if (unpackedPackage === undefined) {
    const folder = fs.mkdtempSync(path.join(require("os").tmpdir(), "dlfs-tslab-"));
    const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ["npm"];
    const packed = spawnSync(npm[0], [...npm.slice(1), "pack", "--silent", `tslab@${version}`, "--pack-destination", folder], {
      encoding: "utf8",
    });
    const archive = (packed.stdout ?? "").trim().split("\n").pop() ?? "";
    const unpacked =
      packed.status === 0 && archive !== "" && spawnSync("tar", ["-xzf", path.join(folder, archive), "-C", folder]).status === 0;
    unpackedPackage = unpacked ? path.join(folder, "package") : null;
  }
  if (unpackedPackage === null) {
    throw new FixError(
      `tslab's ${file} carries fixes of an earlier set-up, and tslab ${version}'s package could not be fetched to undo them: ` +
        "reinstall tslab (`rm -rf node_modules/tslab && npm install`)",
    );
  }
  return fs.readFileSync(path.join(unpackedPackage, "dist", file), "utf8");
}

/**
 * What the fixes make of the installed tslab, and where its files are.
 * @param {string} folder tslab's package folder
 */
function plan(folder) {
  const { version } = JSON.parse(fs.readFileSync(path.join(folder, "package.json"), "utf8"));
  if (version !== tslabVersion) {
    throw new FixError(
      `the fixes are written for tslab ${tslabVersion}, and tslab ${version} is installed: ` +
        `run \`npm install\` in the project folder (package.json pins tslab ${tslabVersion})`,
    );
  }
  const dist = path.join(folder, "dist");
  const fixesFolder = path.join(dist, "dlfs");
  const publishedFolder = path.join(fixesFolder, "published");
  /** tslab's file as published: the copy kept at the first patching, else the file itself. */
  const published = (/** @type {string} */ file) => {
    const kept = path.join(publishedFolder, file);
    if (fs.existsSync(kept)) return fs.readFileSync(kept, "utf8");
    const text = fs.readFileSync(path.join(dist, file), "utf8");
    // Patched by an earlier set-up, which kept no published copy: tslab's package has it.
    return text.includes("dlfs") ? publishedFromPackage(version, file) : text;
  };
  return { dist, fixesFolder, publishedFolder, published, patched: patchedFiles(published), modules: compiledModules() };
}

/**
 * @param {string} file
 * @param {string} text
 */
function writeAtomically(file, text) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, text);
  fs.renameSync(temporary, file);
}

/**
 * Applies the fixes to the installed tslab (or the one in `folder`): all of
 * them, or (with an error that names the edit) none. Returns what it did, in a line.
 * @param {string | undefined} folder tslab's package folder
 */
function patchTslab(folder = tslabFolder()) {
  if (folder === undefined) return "tslab is not installed; nothing to patch";
  const { dist, fixesFolder, publishedFolder, published, patched, modules } = plan(folder);
  const current = (/** @type {string} */ file) => (fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined);
  const outOfDate = [
    ...[...modules].filter(([name, text]) => current(path.join(fixesFolder, name)) !== text),
    ...[...patched].filter(([file, text]) => current(path.join(dist, file)) !== text),
  ];
  if (outOfDate.length === 0) return `tslab ${tslabVersion} carries this project's ${fixes.length} fixes`;
  // Everything is computed before anything is written: a fix that cannot be applied changed nothing.
  for (const file of patched.keys()) {
    const kept = path.join(publishedFolder, file);
    if (!fs.existsSync(kept)) writeAtomically(kept, published(file));
  }
  for (const [name, text] of modules) writeAtomically(path.join(fixesFolder, name), text);
  for (const [file, text] of patched) writeAtomically(path.join(dist, file), text);
  return `patched tslab ${tslabVersion}: ${fixes.map((fix) => fix.name).join("; ")}`;
}

/**
 * Each fix's state in the installed tslab: "applied" (every file it edits is
 * exactly what the fixes make of it, and the fixes' code is current); "missing" (tslab is as published,
 * or the fixes changed since: `npm install` applies them); or "fails", with
 * why: an edit that does not match, another tslab version.
 * Empty when tslab is not installed.
 * @param {string | undefined} folder tslab's package folder
 * @returns {{ name: string, state: "applied" | "missing" | "fails", problem?: string }[]}
 */
function patchStatus(folder = tslabFolder()) {
  if (folder === undefined) return [];
  let planned;
  try {
    planned = plan(folder);
  } catch (error) {
    if (!(error instanceof FixError)) throw error;
    const problem = error.message;
    return fixes.map((fix) => ({ name: fix.name, state: /** @type {const} */ ("fails"), problem }));
  }
  const { dist, fixesFolder, modules, patched } = planned;
  const read = (/** @type {string} */ file) => (fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "");
  const codeCurrent = [...modules].every(([name, text]) => read(path.join(fixesFolder, name)) === text);
  // A fix is in place when every file it edits is exactly what the fixes make of it.
  const current = new Set([...patched].filter(([file, text]) => read(path.join(dist, file)) === text).map(([file]) => file));
  return fixes.map((fix) => {
    const inPlace = fix.edits.every((edit) => current.has(edit.file));
    return { name: fix.name, state: inPlace && codeCurrent ? "applied" : "missing" };
  });
}

if (require.main === module) {
  try {
    console.log(patchTslab());
  } catch (error) {
    if (!(error instanceof FixError)) throw error;
    console.error(`kernel-setup/patch-tslab.js: ${error.message}`);
    process.exitCode = 1;
  }
}
module.exports = { patchTslab, patchStatus, FixError };
