// tslab 1.0.22 rewrites a name declared in an earlier cell to `exports.name`,
// but not inside an object shorthand: `check("213", { dapple })` then fails
// with "ReferenceError: dapple is not defined". This adds that one case to
// tslab's converter at install time (idempotent; it does nothing if the code
// it patches is not found, e.g. in a tslab version that fixed it).
"use strict";
const fs = require("fs");
const path = require("path");

const MARKER = "/* dlfs: shorthand property fix */";
const ANCHOR = `        function wrapPrevIdentifier(node) {
            var _a, _b;
`;
const FIX = `${ANCHOR}            ${MARKER}
            if (ts.isShorthandPropertyAssignment(node) && !node.objectAssignmentInitializer) {
                const value = checker.getShorthandAssignmentValueSymbol(node);
                const fromEarlierCell = ((value && value.declarations) || []).some((d) => d.getSourceFile() === declsFile);
                if (fromEarlierCell) {
                    return ts.factory.createPropertyAssignment(node.name.text, ts.factory.createPropertyAccessExpression(ts.factory.createIdentifier("exports"), node.name.text));
                }
            }
`;

function patchTslab() {
  let converter;
  try {
    converter = path.join(path.dirname(require.resolve("tslab/package.json")), "dist", "converter.js");
  } catch {
    return "tslab is not installed; nothing to patch";
  }
  const source = fs.readFileSync(converter, "utf8");
  if (source.includes(MARKER)) return "tslab already patched (object shorthand of earlier cells' names)";
  if (!source.includes(ANCHOR)) return "tslab's converter has changed; the object-shorthand patch was not applied";
  fs.writeFileSync(converter, source.replace(ANCHOR, FIX));
  return "patched tslab: object shorthand of earlier cells' names now works";
}

if (require.main === module) console.log(patchTslab());
module.exports = { patchTslab };
