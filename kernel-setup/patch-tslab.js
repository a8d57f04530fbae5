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
//    checker looks there too, after the notebook's own node_modules.
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
    // A path mapping that finds nothing falls through to the notebook's own node_modules.
    return { paths: { "*": folders.flatMap((folder) => [path.join(folder, "*"), path.join(folder, "@types", "*")]) } };
}
`;

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
module.exports = { patchTslab, patchStatus };
