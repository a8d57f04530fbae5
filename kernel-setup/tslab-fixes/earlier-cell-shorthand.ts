// Fix 1: an earlier cell's name in an object shorthand. tslab rewrites a name
// declared in an earlier cell to `exports.name`, but not inside an object
// shorthand: `check("213", { dapple })` failed with "ReferenceError: dapple is
// not defined".
import type * as TS from "typescript";

/**
 * `{ name: exports.name }` for a shorthand property `{ name }` whose value is
 * declared in an earlier cell (in `declsFile`); undefined for any other node,
 * which tslab then rewrites as it always does.
 */
export function earlierCellShorthand(
  ts: typeof TS,
  checker: TS.TypeChecker,
  declsFile: TS.SourceFile,
  node: TS.Node,
): TS.Node | undefined {
  if (!ts.isShorthandPropertyAssignment(node) || node.objectAssignmentInitializer !== undefined) return undefined;
  const value = checker.getShorthandAssignmentValueSymbol(node);
  const fromEarlierCell = (value?.declarations ?? []).some((declaration) => declaration.getSourceFile() === declsFile);
  if (!fromEarlierCell) return undefined;
  const name = node.name.text;
  return ts.factory.createPropertyAssignment(
    name,
    ts.factory.createPropertyAccessExpression(ts.factory.createIdentifier("exports"), name),
  );
}
