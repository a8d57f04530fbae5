// Fixes to tslab 1.0.22, applied at install time (`npm install` runs this
// from `prepare`). Each is idempotent and does nothing if the code it patches
// is not found, e.g. in a tslab version that fixed it.
//
// 1. tslab rewrites a name declared in an earlier cell to `exports.name`, but
//    not inside an object shorthand: `check("213", { dapple })` then fails
//    with "ReferenceError: dapple is not defined".
// 2. tslab sends each Jupyter message without waiting for the one before.
//    zeromq.js sends at most 512 messages in a row at once; the next one waits
//    for the event loop, and a send meanwhile throws "Socket is busy writing"
//    and is lost. A notebook that has shown a few hundred progress updates
//    and then prints a burst of lines loses them, and often the cell's
//    status "idle" with them: the front end waits forever. Sends now queue.
// 3. Its iopub socket drops messages when more than 1000 wait for a front
//    end that reads slower than the kernel prints (a busy machine): output
//    goes missing. Now it keeps them all, as a queue in the kernel's memory.
//    (Messages still queued when the kernel shuts down are dropped quietly.)
// 4. Its type checker resolves modules from the notebook's folder only, so a
//    lesson saved anywhere else (~/work/213.ipynb) fails at its first cell:
//    "Cannot find module 'dlfs'". Node itself finds modules on NODE_PATH
//    (which the kernelspec sets to the project's node_modules); now the type
//    checker looks there too, as the base of a path mapping, so that the
//    type of a value from dlfs (an NDArray, MNIST data) is written "dlfs" in
//    the declarations carried to the next cell, not as a path outside the
//    notebook's folder ("TS2742 ... cannot be named ... not portable").
// 5. Errors a learner can read (two entries: "cell line numbers" and
//    "errors a learner can read"). tslab prints a failed cell's error with
//    console.error: Node's source line of wherever it was thrown (inside
//    dlfs), then ten stack frames from dlfs, evalmachine, node:vm and tslab,
//    with line numbers of the compiled JavaScript, not of the cell. Now the
//    converter keeps a source map of each cell, and the error shows its
//    message and only the frames in the learner's own cells, as "cell In [n],
//    line L" with that line's code. An interrupt prints one line. Type errors
//    are unchanged (but for the hints of 7). TSLAB_FULL_ERRORS=1 in the kernel's environment prints
//    errors as before.
// 6. One program per cell. tslab built the compiler's program twice for each
//    cell: once to learn the names the cell declares, then again with those
//    names exported, each time with a new type checker. The names are now read
//    from the cell alone (parsed and bound as in the program), and the program
//    is built once: the 197 code cells of the lessons compile in a fifth less
//    time, with the same code, declarations and errors.
// 7. Hints for NumPy habits. A type error from a NumPy habit (`x * 2` or
//    `x <= 0` on an NDArray, `np.sum(x, axis=0)`, `y = ...` with y never
//    declared) is followed by a hint, in Korean, then in English: `x.mul(2)`,
//    `x.le(0)`, `import { sum } from "dlfs"` or `x.sum(0)`, `const y = …`.
//    Other errors are unchanged. The hints are the site kernel's
//    (jupyterlite/kernel/numpy-hints.ts), compiled into tslab's converter.
"use strict";
const fs = require("fs");
const path = require("path");

const shorthandAnchor = `        function wrapPrevIdentifier(node) {
            var _a, _b;
`;

const iopubAnchor = `        this.iopub = new zmq.Publisher();
`;

const sendAnchor = `        heads.push(hash.digest("hex"));
        sock.send(heads.concat(bodies));
`;

/** Each socket's sends, one after the other; an error is reported on the kernel's stderr. */
const sendInOrder = `
/* dlfs: messages sent in order, quietly after shutdown */
const dlfsSendQueues = new WeakMap();
function dlfsSendInOrder(sock, frames) {
    const previous = dlfsSendQueues.get(sock) || Promise.resolve();
    const sent = previous.then(() => sock.send(frames)).catch((error) => {
        // At shutdown the sockets close with messages still queued: nobody is left to read them.
        if (sock.closed) return;
        process.stderr.write("tslab: a Jupyter message could not be sent: " + (error && error.message) + "\\n");
    });
    dlfsSendQueues.set(sock, sent);
}
`;

const typeRootsAnchor = `        typeRoots: getTypeRoots(),
`;

/** Compiler options that let the type checker find packages on NODE_PATH, as Node does at run time. */
const nodePathOptions = `
/* dlfs: modules on NODE_PATH */
function dlfsNodePathOptions() {
    const path = require("path");
    const folders = (process.env.NODE_PATH || "").split(path.delimiter).filter((folder) => path.isAbsolute(folder));
    if (folders.length === 0) return {};
    // The first folder is the base of the mapping, so that a type from dlfs inferred in
    // a cell is written in its declarations as "dlfs/...", not as a path through the
    // project's node_modules (TS2742 "cannot be named ... not portable").
    const base = folders[0];
    const patterns = folders.flatMap((folder) => {
        const relative = path.relative(base, folder).split(path.sep).join("/");
        const prefix = relative === "" ? "" : relative + "/";
        return [prefix + "*", prefix + "@types/*"];
    });
    // A path mapping that finds nothing falls through to the notebook's own node_modules.
    return { baseUrl: base, paths: { "*": patterns } };
}
`;

const cellLinesAnchor = `        declaration: true,
        newLine: ts.NewLineKind.LineFeed,
`;

const readableErrorsAnchor = `            const ret = vm_1.default.runInThisContext(wrapped, {
                breakOnSigint: true,
            });
`;

const readableErrorsCatches = `        catch (e) {
            console.error(e);
            return false;
        }
        if (promise) {
            try {
                await Promise.race([promise, interruptPromise]);
            }
            catch (e) {
                console.error(e);
                return false;
            }
        }
`;

/** Source maps of each cell's code, composed (see 4 above). */
const cellLineNumbers = String.raw`
/* dlfs: cell line numbers */
/** Source map "mappings" decoded: for each generated line, its segments [column, source line, source column]. */
function dlfsDecodeMappings(mappings) {
    const digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const lines = [];
    let sourceLine = 0;
    let sourceColumn = 0;
    for (const lineText of mappings.split(";")) {
        const segments = [];
        let column = 0;
        for (const segment of lineText.split(",")) {
            if (segment === "") continue;
            const values = [];
            let value = 0;
            let shift = 0;
            for (const character of segment) {
                const digit = digits.indexOf(character);
                value += (digit & 31) * 2 ** shift;
                if (digit & 32) {
                    shift += 5;
                }
                else {
                    values.push(value % 2 === 1 ? -(value - 1) / 2 : value / 2);
                    value = 0;
                    shift = 0;
                }
            }
            column += values[0];
            if (values.length >= 4) {
                sourceLine += values[2];
                sourceColumn += values[3];
                segments.push([column, sourceLine, sourceColumn]);
            }
        }
        lines.push(segments);
    }
    return lines;
}
/** The source position of a generated one (all counted from 0), or null where the map says nothing. */
function dlfsLookUp(lines, line, column) {
    const segments = lines[line];
    if (!segments || segments.length === 0) return null;
    let best = segments[0];
    for (const segment of segments) if (segment[0] <= column) best = segment;
    return { line: best[1], column: best[2] };
}
/**
 * The cell's CommonJS code, as esModuleToCommonJSModule makes it, and a
 * function from a line and column of that code (from 1) to the line of the
 * cell (from 1): the two source maps, TypeScript to ES module and ES module
 * to CommonJS, composed, less the line tslab puts before every cell.
 */
function dlfsCommonJsWithLines(js, esMap, target, prefixLines) {
    const esLines = esMap ? dlfsDecodeMappings(JSON.parse(esMap).mappings) : null;
    const result = ts.transpileModule(js, {
        fileName: "custom.js",
        compilerOptions: {
            module: ts.ModuleKind.CommonJS,
            esModuleInterop: true,
            target,
            newLine: ts.NewLineKind.LineFeed,
            noImplicitUseStrict: true,
            sourceMap: esLines !== null,
        },
    });
    const output = result.outputText.replace(/\n\/\/# sourceMappingURL=\S*\s*$/, "\n");
    if (esLines === null || !result.sourceMapText) return { output, dlfsLineOf: () => null };
    const cjsLines = dlfsDecodeMappings(JSON.parse(result.sourceMapText).mappings);
    const dlfsLineOf = (line, column) => {
        const es = dlfsLookUp(cjsLines, line - 1, column - 1);
        const ts = es && dlfsLookUp(esLines, es.line, es.column);
        return ts && ts.line >= prefixLines ? ts.line - prefixLines + 1 : null;
    };
    return { output, dlfsLineOf };
}
`;

/** The error, its message and the learner's frames only (see 4 above). */
const readableErrors = String.raw`
/* dlfs: errors a learner can read */
// Enough frames to reach the learner's cell from deep inside dlfs.
Error.stackTraceLimit = Math.max(Error.stackTraceLimit, 50);
/** The cells run so far, by the file name their code ran under. */
const dlfsCells = new Map();
let dlfsCellCount = 0;
/** A name for this cell's code in stack frames, remembered with what maps its lines back to the cell. */
function dlfsCellFile(converted, src, prefixLength) {
    const number = dlfsCellCount;
    const file = "tslab-cell-" + number + ".js";
    dlfsCells.set(file, { number, source: src.split("\n"), lineOf: converted.dlfsLineOf || (() => null), prefixLength });
    // A long session keeps only its recent cells' maps.
    if (dlfsCells.size > 500) dlfsCells.delete(dlfsCells.keys().next().value);
    return file;
}
/** One line per frame in a learner's cell: "at f, cell In [3], line 7: return x * y;". */
function dlfsCellFrames(stack) {
    const frames = [];
    for (const text of String(stack).split("\n")) {
        const match = /^\s+at (?:(.*?) \()?(tslab-cell-\d+\.js):(\d+):(\d+)\)?$/.exec(text);
        if (!match) continue;
        const cell = dlfsCells.get(match[2]);
        if (!cell) continue;
        const line = Number(match[3]);
        const column = Number(match[4]) - (line === 1 ? cell.prefixLength : 0);
        const sourceLine = cell.lineOf(line, column);
        const name = (match[1] || "").replace(/^async /, "");
        const where = "cell In [" + cell.number + "]" + (sourceLine === null ? "" : ", line " + sourceLine);
        const code = sourceLine === null ? "" : (cell.source[sourceLine - 1] || "").trim();
        const anonymous = name === "" || /^(Object\.)?<anonymous>$/.test(name);
        const frame = "    at " + (anonymous ? "" : name + ", ") + where + (code ? ": " + code : "");
        if (frames.length === 0 || frames[frames.length - 1].frame !== frame) frames.push({ frame, mapped: sourceLine !== null });
    }
    // The call of the cell's wrapper maps to no line: say only where it is, and only if nothing else does.
    const mapped = frames.filter((entry) => entry.mapped);
    return (mapped.length > 0 ? mapped : frames.slice(0, 1)).map((entry) => entry.frame);
}
/**
 * What to print for an error thrown by a cell: its name and message and the
 * frames in the learner's cells, with no frame of dlfs, tslab or Node.
 * Anything that is not an Error is printed as before.
 */
function dlfsDescribeError(error, interruptedError) {
    if (process.env.TSLAB_FULL_ERRORS) return error;
    if (error === interruptedError || (error && error.code === "ERR_SCRIPT_EXECUTION_INTERRUPTED")) {
        return "Interrupted: the cell was stopped before it finished.";
    }
    if (!(error instanceof Error)) return error;
    const name = error.name || "Error";
    const headline = error.message ? name + ": " + error.message : name;
    return [headline, ...dlfsCellFrames(error.stack)].join("\n");
}
`;

const convertAnchor = String.raw`    function convert(prevDecl, src) {
        updateContent(prevDecl, src);
        let declsFile = builder.getSourceFile(declFilename);
        let srcFile = builder.getSourceFile(srcFilename);
        const locals = srcFile.locals;
        const keys = new Set();
        if (locals) {
            locals.forEach((_, key) => {
                keys.add(key);
            });
        }
        if (keys.size > 0) {
            // Export all local variables.
            // TODO: Disallow "export" in the input.
            const suffix = "\nexport {" + Array.from(keys).join(", ") + "}";
            updateContent(prevDecl, src + suffix);
            declsFile = builder.getSourceFile(declFilename);
            srcFile = builder.getSourceFile(srcFilename);
        }
`;

/** convert() building the program once, with the names the cell declares exported (see 6 above). */
const convertOnce = String.raw`    function convert(prevDecl, src) {
        /* dlfs: one program per cell */
        const keys = new Set(dlfsTopLevelNames(srcFilename, srcPrefix + src, transpileTarget));
        // Export all local variables.
        updateContent(prevDecl, keys.size > 0 ? src + "\nexport {" + Array.from(keys).join(", ") + "}" : src);
        const declsFile = builder.getSourceFile(declFilename);
        const srcFile = builder.getSourceFile(srcFilename);
`;

/**
 * The names a cell's source file declares at its top level, in the order in
 * which the binder records them in the file's locals: what tslab read from
 * its first program. The binder needs no program, only the parsed file.
 */
const topLevelNames = String.raw`
function dlfsTopLevelNames(fileName, text, target) {
    const file = ts.createSourceFile(fileName, text, target);
    ts.bindSourceFile(file, {});
    return file.locals ? Array.from(file.locals.keys()) : [];
}
`;

const hintsStringAnchor = `                diagnostics.push({
                    start,
                    end,
                    messageText: d.messageText.toString(),
`;

const hintsChainAnchor = `            traverseDiagnosticMessageChain(start, end, d.messageText, diagnostics, fileName);
`;

const hintsStartAnchor = `    function convertDiagnostics(input) {
        let hasToplevelAwait = false;
`;

/**
 * jupyterlite/kernel/numpy-hints.ts, the site kernel's hints, compiled to
 * JavaScript for tslab's converter (see 7 above): one source for both kernels.
 */
function numpyHintsSource() {
  const ts = require("typescript");
  const source = fs.readFileSync(path.join(__dirname, "..", "jupyterlite", "kernel", "numpy-hints.ts"), "utf8");
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, removeComments: true },
  });
  return `
/* dlfs: hints for NumPy habits */
const dlfsNumpyHints = (function () {
    const exports = {};
${outputText}
    return exports.numpyHints;
})();
function dlfsWithHint(text, hint) {
    return hint === undefined ? text : text + "\\n" + hint;
}
`;
}

const patches = [
  {
    name: "object shorthand of earlier cells' names",
    file: "converter.js",
    marker: "/* dlfs: shorthand property fix */",
    anchor: shorthandAnchor,
    patch: (source, marker) =>
      source.replace(
        shorthandAnchor,
        `${shorthandAnchor}            ${marker}
            if (ts.isShorthandPropertyAssignment(node) && !node.objectAssignmentInitializer) {
                const value = checker.getShorthandAssignmentValueSymbol(node);
                const fromEarlierCell = ((value && value.declarations) || []).some((d) => d.getSourceFile() === declsFile);
                if (fromEarlierCell) {
                    return ts.factory.createPropertyAssignment(node.name.text, ts.factory.createPropertyAccessExpression(ts.factory.createIdentifier("exports"), node.name.text));
                }
            }
`,
      ),
  },
  {
    name: "Jupyter messages sent in order",
    file: "jupyter.js",
    marker: "/* dlfs: messages sent in order, quietly after shutdown */",
    anchor: sendAnchor,
    patch: (source) =>
      source.replace(
        sendAnchor,
        `        heads.push(hash.digest("hex"));
        dlfsSendInOrder(sock, heads.concat(bodies));
`,
      ) + sendInOrder,
  },
  {
    name: "iopub keeps every message",
    file: "jupyter.js",
    marker: "/* dlfs: iopub keeps every message */",
    anchor: iopubAnchor,
    patch: (source, marker) =>
      source.replace(
        iopubAnchor,
        `${iopubAnchor}        ${marker} this.iopub.sendHighWaterMark = 0;
`,
      ),
  },
  {
    name: "modules on NODE_PATH",
    file: "converter.js",
    marker: "/* dlfs: modules on NODE_PATH */",
    anchor: typeRootsAnchor,
    patch: (source) => source.replace(typeRootsAnchor, `${typeRootsAnchor}        ...dlfsNodePathOptions(),\n`) + nodePathOptions,
  },
  {
    name: "cell line numbers",
    file: "converter.js",
    marker: "/* dlfs: cell line numbers */",
    anchor: cellLinesAnchor,
    patch: (source) =>
      source
        .replace(cellLinesAnchor, `${cellLinesAnchor}        sourceMap: true,\n`)
        .replace(
          `                if (fileName === dstFilename) {\n`,
          `                if (fileName === dstFilename + ".map") {\n                    dlfsOutputMap = data;\n                    return;\n                }\n                if (fileName === dstFilename) {\n`,
        )
        .replace(
          `        let lastExpressionVar;\n        let sideOutputs;\n`,
          `        let lastExpressionVar;\n        let sideOutputs;\n        let dlfsOutputMap;\n`,
        )
        .replace(
          `            output: esModuleToCommonJSModule(output, transpileTarget),\n`,
          `            ...dlfsCommonJsWithLines(output, dlfsOutputMap, transpileTarget, srcPrefixOffsets.line),\n`,
        ) + cellLineNumbers,
  },
  {
    name: "one program per cell",
    file: "converter.js",
    marker: "/* dlfs: one program per cell */",
    anchor: convertAnchor,
    patch: (source) => source.replace(convertAnchor, convertOnce) + topLevelNames,
  },
  {
    name: "errors a learner can read",
    file: "executor.js",
    marker: "/* dlfs: errors a learner can read */",
    anchor: readableErrorsAnchor,
    patch: (source) =>
      source
        .replace(
          readableErrorsAnchor,
          readableErrorsAnchor.replace(
            "breakOnSigint: true,\n",
            "breakOnSigint: true,\n                filename: dlfsCellFile(converted, src, prefix.length),\n",
          ),
        )
        .replace(
          readableErrorsCatches,
          readableErrorsCatches.replaceAll("console.error(e);", "console.error(dlfsDescribeError(e, interrupted));"),
        )
        .replace("    async function execute(src) {\n", "    async function execute(src) {\n        dlfsCellCount++;\n") +
      readableErrors,
  },
  {
    name: "hints for NumPy habits",
    file: "converter.js",
    marker: "/* dlfs: hints for NumPy habits */",
    anchor: hintsStringAnchor,
    patch: (source) =>
      source
        .replace(
          hintsStartAnchor,
          `${hintsStartAnchor}        const dlfsHintOf = dlfsNumpyHints(ts, builder.getProgram().getTypeChecker());\n`,
        )
        .replace(
          hintsStringAnchor,
          hintsStringAnchor.replace("d.messageText.toString(),", "dlfsWithHint(d.messageText.toString(), dlfsHintOf(d)),"),
        )
        .replace(
          hintsChainAnchor,
          `${hintsChainAnchor}            const dlfsLast = diagnostics[diagnostics.length - 1];\n            dlfsLast.messageText = dlfsWithHint(dlfsLast.messageText, dlfsHintOf(d));\n`,
        ) + numpyHintsSource(),
  },
];

/** tslab's dist folder, or undefined when tslab is not installed. */
function tslabDist() {
  try {
    return path.join(path.dirname(require.resolve("tslab/package.json")), "dist");
  } catch {
    return undefined;
  }
}

/** Each patch's state in the installed tslab: "applied", "missing" (can be applied) or "changed" (tslab's code differs). */
function patchStatus() {
  const dist = tslabDist();
  if (dist === undefined) return [];
  return patches.map(({ name, file, marker, anchor }) => {
    const source = fs.readFileSync(path.join(dist, file), "utf8");
    const state = source.includes(marker) ? "applied" : source.includes(anchor) ? "missing" : "changed";
    return { name, file, state };
  });
}

/** Applies the patches to the installed tslab; returns one line per patch saying what happened. */
function patchTslab() {
  const dist = tslabDist();
  if (dist === undefined) return ["tslab is not installed; nothing to patch"];
  return patches.map(({ name, file, marker, anchor, patch }) => {
    const target = path.join(dist, file);
    const source = fs.readFileSync(target, "utf8");
    if (source.includes(marker)) return `tslab already patched (${name})`;
    if (!source.includes(anchor)) return `tslab's ${file} has changed; the patch "${name}" was not applied`;
    fs.writeFileSync(target, patch(source, marker));
    return `patched tslab: ${name}`;
  });
}

if (require.main === module) for (const line of patchTslab()) console.log(line);
module.exports = { patchTslab, patchStatus, oneProgramPerCell: { original: convertAnchor, patched: convertOnce } };
