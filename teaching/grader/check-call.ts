/**
 * What a lesson checks, read from the teacher's own check cell:
 *
 *   check("228", { out2, dx: dout1, dW1: layer1.dW, db1: layer1.db })
 *
 * gives problem "228" and the answers out2 = `out2`, dx = `dout1`,
 * dW1 = `layer1.dW`, db1 = `layer1.db`. The grader evaluates exactly these
 * expressions in a student's kernel, so a student who edits the check cell
 * changes nothing.
 */
import * as ts from "typescript";
import { cellTags, type Notebook } from "../../jupyter-client";
import { lessonLimits, type LessonLimits } from "../lessons";
import { lessonQuickMode, type QuickMode } from "../quick-mode";
import { checkTag } from "../solution-regions";

export interface CheckedAnswer {
  /** The answer's name in the answer key, e.g. "dW1". */
  name: string;
  /** TypeScript that computes it in the lesson's scope, e.g. "layer1.dW". */
  expression: string;
}

export interface LessonCheck {
  problem: string;
  answers: CheckedAnswer[];
  /** The lesson's own time and memory needs (metadata.dlfs.grading). */
  limits: LessonLimits;
  /** How the lesson runs in quick mode (metadata.dlfs.quick), if it has one. */
  quick?: QuickMode;
}

function isCheckCallee(callee: ts.Expression): boolean {
  if (ts.isIdentifier(callee)) return callee.text === "check";
  return ts.isPropertyAccessExpression(callee) && callee.name.text === "check";
}

function propertyName(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name)) return name.text;
  return undefined;
}

function answersOf(values: ts.ObjectLiteralExpression, source: ts.SourceFile): CheckedAnswer[] | undefined {
  const answers: CheckedAnswer[] = [];
  for (const property of values.properties) {
    if (ts.isShorthandPropertyAssignment(property)) {
      answers.push({ name: property.name.text, expression: property.name.text });
    } else if (ts.isPropertyAssignment(property)) {
      const name = propertyName(property.name);
      if (name === undefined) return undefined;
      answers.push({ name, expression: property.initializer.getText(source) });
    } else {
      return undefined; // spreads and methods are not what a check cell holds
    }
  }
  return answers;
}

/** The first `check("NNN", { ... })` call in `code`, if any. */
export function findCheckCall(code: string): Omit<LessonCheck, "limits" | "quick"> | undefined {
  const source = ts.createSourceFile("cell.ts", code, ts.ScriptTarget.ES2022, true);
  let found: Omit<LessonCheck, "limits" | "quick"> | undefined;
  const visit = (node: ts.Node): void => {
    if (found !== undefined) return;
    if (ts.isCallExpression(node) && isCheckCallee(node.expression) && node.arguments.length === 2) {
      const [problem, values] = node.arguments;
      if (ts.isStringLiteralLike(problem) && ts.isObjectLiteralExpression(values)) {
        const answers = answersOf(values, source);
        if (answers !== undefined) found = { problem: problem.text, answers };
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/**
 * The check of a lesson: its one code cell tagged `check`. A lesson without
 * one is refused rather than guessed at: what is graded must be what the
 * teacher marked (CONTRIBUTING.md).
 */
export function lessonCheck(notebook: Notebook, name: string): LessonCheck {
  const tagged = notebook.cells.filter((cell) => cell.cell_type === "code" && cellTags(cell).includes(checkTag));
  if (tagged.length !== 1) {
    const found = tagged.length === 0 ? "no code cell is tagged" : `${tagged.length} code cells are tagged`;
    throw new Error(`${name}: ${found} "${checkTag}"; tag the one cell that calls check("NNN", { ... }) (see CONTRIBUTING.md)`);
  }
  const call = findCheckCall(tagged[0].source);
  if (call === undefined)
    throw new Error(`${name}: the cell tagged "${checkTag}" has no check("NNN", { ... }) call to take the answers from`);
  return { ...call, limits: lessonLimits(notebook, name), quick: lessonQuickMode(notebook, name) };
}

/** True when `code` is nothing but one check("NNN", { ... }) call (the check cell of a lesson). */
export function isOnlyCheckCall(code: string): boolean {
  const source = ts.createSourceFile("cell.ts", code, ts.ScriptTarget.ES2022, true);
  if (source.statements.length !== 1) return false;
  const [statement] = source.statements;
  return (
    ts.isExpressionStatement(statement) &&
    ts.isCallExpression(statement.expression) &&
    isCheckCallee(statement.expression.expression)
  );
}
