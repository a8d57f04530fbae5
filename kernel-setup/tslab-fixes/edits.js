// @ts-check
// The fixes to tslab, each as edits of tslab's own files: text that must
// occur exactly once in the file as tslab publishes it, and what replaces it.
// The edits only call into the fixes' code (./*.ts, compiled into
// node_modules/tslab/dist/dlfs/ at install time); the code itself lives there,
// linted and type-checked like the rest of the project. kernel-setup/README.md
// says what each fix is for.
"use strict";

/** The tslab release these edits are written for; package.json pins it. */
const tslabVersion = "1.0.22";

/** The name under which each patched file holds the fixes' code. */
const fixesModule = 'const dlfs_fixes = require("./dlfs");\n';

/**
 * @typedef {{ file: string, find: string, replace: string }} Edit
 * @typedef {{ name: string, edits: Edit[] }} Fix
 */

/** tslab's convert(): a program built for the cell, then again with the names it declares exported. */
const convertTwice = `    function convert(prevDecl, src) {
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
            const suffix = "\\nexport {" + Array.from(keys).join(", ") + "}";
            updateContent(prevDecl, src + suffix);
            declsFile = builder.getSourceFile(declFilename);
            srcFile = builder.getSourceFile(srcFilename);
        }
`;

/** convert() building the program once, the names read from the cell alone (parsed and bound as in the program). */
const convertOnce = `    function convert(prevDecl, src) {
        // dlfs: one program per cell
        const keys = new Set(dlfs_fixes.declaredKeys(ts, srcFilename, srcPrefix + src, transpileTarget));
        // Export all local variables.
        updateContent(prevDecl, keys.size > 0 ? src + "\\nexport {" + Array.from(keys).join(", ") + "}" : src);
        const declsFile = builder.getSourceFile(declFilename);
        const srcFile = builder.getSourceFile(srcFilename);
`;

/** tslab's two places that print what a cell threw. */
const printedErrors = `        catch (e) {
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

/**
 * `added` after `anchor` in `file`: an edit that keeps its anchor.
 * @param {string} file
 * @param {string} anchor
 * @param {string} added
 * @returns {Edit}
 */
function after(file, anchor, added) {
  return { file, find: anchor, replace: anchor + added };
}

/** @type {Fix[]} */
const fixes = [
  {
    name: "the fixes' code",
    edits: [
      after("converter.js", 'const tspath_1 = require("./tspath");\n', fixesModule),
      after("executor.js", 'const tspath_1 = require("./tspath");\n', fixesModule),
      after("jupyter.js", 'const util_2 = require("./util");\n', fixesModule),
    ],
  },
  {
    name: "object shorthand of earlier cells' names",
    edits: [
      after(
        "converter.js",
        "        function wrapPrevIdentifier(node) {\n            var _a, _b;\n",
        "            const dlfsShorthand = dlfs_fixes.earlierCellShorthand(ts, checker, declsFile, node);\n" +
          "            if (dlfsShorthand) return dlfsShorthand;\n",
      ),
    ],
  },
  {
    name: "Jupyter messages sent in order",
    edits: [
      {
        file: "jupyter.js",
        find: "        sock.send(heads.concat(bodies));\n",
        replace: "        dlfs_fixes.sendInOrder(sock, heads.concat(bodies));\n",
      },
    ],
  },
  {
    name: "iopub keeps every message",
    edits: [
      after(
        "jupyter.js",
        "        this.iopub = new zmq.Publisher();\n",
        "        this.iopub.sendHighWaterMark = 0; // dlfs: no message dropped for a slow reader\n",
      ),
    ],
  },
  {
    name: "modules on NODE_PATH",
    edits: [after("converter.js", "        typeRoots: getTypeRoots(),\n", "        ...dlfs_fixes.nodePathOptions(),\n")],
  },
  {
    name: "cell line numbers",
    edits: [
      after(
        "converter.js",
        "        declaration: true,\n        newLine: ts.NewLineKind.LineFeed,\n",
        "        sourceMap: true,\n",
      ),
      {
        file: "converter.js",
        find: "                if (fileName === dstFilename) {\n",
        replace:
          '                if (fileName === dstFilename + ".map") {\n                    dlfsOutputMap = data;\n                    return;\n                }\n' +
          "                if (fileName === dstFilename) {\n",
      },
      after("converter.js", "        let lastExpressionVar;\n        let sideOutputs;\n", "        let dlfsOutputMap;\n"),
      {
        file: "converter.js",
        find: "            output: esModuleToCommonJSModule(output, transpileTarget),\n",
        replace:
          "            ...dlfs_fixes.commonJsWithLines(ts, output, dlfsOutputMap, transpileTarget, srcPrefixOffsets.line),\n",
      },
    ],
  },
  {
    name: "one program per cell",
    edits: [{ file: "converter.js", find: convertTwice, replace: convertOnce }],
  },
  {
    name: "errors a learner can read",
    edits: [
      after("executor.js", "    async function execute(src) {\n", "        dlfs_fixes.startCell();\n"),
      after(
        "executor.js",
        "                breakOnSigint: true,\n",
        "                filename: dlfs_fixes.cellFile(converted, src, prefix.length),\n",
      ),
      {
        file: "executor.js",
        find: printedErrors,
        replace: printedErrors.replaceAll("console.error(e);", "console.error(dlfs_fixes.describeError(e, interrupted));"),
      },
    ],
  },
  {
    name: "hints for NumPy habits",
    edits: [
      after(
        "converter.js",
        "    function convertDiagnostics(input) {\n        let hasToplevelAwait = false;\n",
        "        const dlfsHintOf = dlfs_fixes.numpyHints(ts, builder.getProgram().getTypeChecker());\n",
      ),
      {
        file: "converter.js",
        find: "                    messageText: d.messageText.toString(),\n",
        replace: "                    messageText: dlfs_fixes.withHint(d.messageText.toString(), dlfsHintOf(d)),\n",
      },
      after(
        "converter.js",
        "            traverseDiagnosticMessageChain(start, end, d.messageText, diagnostics, fileName);\n",
        "            const dlfsLast = diagnostics[diagnostics.length - 1];\n" +
          "            dlfsLast.messageText = dlfs_fixes.withHint(dlfsLast.messageText, dlfsHintOf(d));\n",
      ),
    ],
  },
];

module.exports = { tslabVersion, fixes, oneProgramPerCell: { original: convertTwice, patched: convertOnce } };
