/**
 * What a lesson's first cell must tell a Korean learner (CONTRIBUTING.md,
 * "The problem"): a paragraph "**할 일** — …" (and "**What to do** — …") that
 * says how many `// YOUR CODE HERE` places there are, that their
 * `throw new Error("not implemented yet")` line goes, that the `check` cell
 * checks the answers, and names every value the check reads that the learner
 * must make. And the lessons' Korean text has no semicolons.
 */
import * as ts from "typescript";
import { cellTags, type Notebook } from "../../jupyter-client";
import { findCheckCall } from "../../teaching/grader/check-call";
import { checkTag, yourCodeHere } from "../../teaching/solution-regions";
import { studentVersion } from "../../teaching/student-version";

const koreanCounts = ["한", "두", "세", "네", "다섯", "여섯", "일곱", "여덟", "아홉", "열"];
const englishCounts = ["one place", "two places", "three places", "four places", "five places", "six places"];
const throwLine = '`throw new Error("not implemented yet")`';

/** The paragraph of `text` that starts with `heading`, if any. */
function paragraph(text: string, heading: string): string | undefined {
  return text.split(/\n\s*\n/).find((block) => block.startsWith(heading));
}

/** Names bound by a declaration's name: `x`, or every name in `[a, b]` / `{ a, b: c }`. */
function boundNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((element) => (ts.isOmittedExpression(element) ? [] : boundNames(element.name)));
}

/** The names a cell declares at its top level (variables, classes, functions, imports). */
function declaredNames(code: string): string[] {
  const source = ts.createSourceFile("cell.ts", code, ts.ScriptTarget.ES2022, true);
  return source.statements.flatMap((statement) => {
    if (ts.isVariableStatement(statement))
      return statement.declarationList.declarations.flatMap((declaration) => boundNames(declaration.name));
    if ((ts.isClassDeclaration(statement) || ts.isFunctionDeclaration(statement)) && statement.name) return [statement.name.text];
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      const bindings = clause?.namedBindings;
      return [
        ...(clause?.name ? [clause.name.text] : []),
        ...(bindings && ts.isNamespaceImport(bindings) ? [bindings.name.text] : []),
        ...(bindings && ts.isNamedImports(bindings) ? bindings.elements.map((element) => element.name.text) : []),
      ];
    }
    return [];
  });
}

/** The free names an expression reads: `layer1` in `layer1.dW`, not `dW`, not an arrow function's parameter. */
function namesRead(expression: string): string[] {
  const source = ts.createSourceFile("answer.ts", `(${expression});`, ts.ScriptTarget.ES2022, true);
  const read = new Set<string>();
  const parameters = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isParameter(node)) boundNames(node.name).forEach((name) => parameters.add(name));
    if (ts.isIdentifier(node) && !(ts.isPropertyAccessExpression(node.parent) && node.parent.name === node)) read.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return [...read].filter((name) => !parameters.has(name));
}

function codeCells(notebook: Notebook, withCheck = false): string[] {
  return notebook.cells
    .filter((cell) => cell.cell_type === "code" && (withCheck || !cellTags(cell).includes(checkTag)))
    .map((cell) => cell.source);
}

/** Every rule of the first cell's instruction that `notebook` breaks, one sentence each. */
export function instructionProblems(notebook: Notebook, fileName: string): string[] {
  const problems: string[] = [];
  const first = notebook.cells[0]?.source ?? "";
  const korean = paragraph(first, "**할 일** — ");
  const english = paragraph(first, "**What to do** — ");
  if (korean === undefined || english === undefined) {
    return ['the first cell must end with a paragraph "**할 일** — …" and one "**What to do** — …"'];
  }

  const student = studentVersion(notebook, fileName);
  const places = codeCells(student).join("\n").split(yourCodeHere).length - 1;
  const koreanCount = `\`${yourCodeHere}\` 자리 ${koreanCounts[places - 1]} 곳`;
  if (!korean.includes(koreanCount)) problems.push(`"할 일" must say ${koreanCount}: the student version has ${places}`);
  if (!english.includes(`fill in the ${englishCounts[places - 1]} marked \`${yourCodeHere}\``))
    problems.push(`"What to do" must say "fill in the ${englishCounts[places - 1]} marked \`${yourCodeHere}\`"`);
  if (!korean.includes(`${throwLine} 줄은 지운다`) || !english.includes(`Delete the ${throwLine} line`))
    problems.push(`both paragraphs must say that the ${throwLine} line goes`);

  const checkIsLast = cellTags(notebook.cells[notebook.cells.length - 1]).includes(checkTag);
  const koreanCheck = checkIsLast ? "마지막 셀의 `check`가 답을 확인한다" : "`check` 셀이 답을 확인한다";
  const englishCheck = checkIsLast ? "the `check` in the last cell checks your answers" : "the `check` cell checks your answers";
  if (!korean.includes(koreanCheck) || !english.includes(englishCheck))
    problems.push(`both paragraphs must say where the check is: "${koreanCheck}" / "${englishCheck}"`);

  // A value the check reads that only a solution region declares is one the learner must make: name it.
  const checkCell = codeCells(notebook, true).find((code) => findCheckCall(code) !== undefined) ?? "";
  const teacherNames = new Set(codeCells(notebook).flatMap(declaredNames));
  const studentNames = new Set(codeCells(student).flatMap(declaredNames));
  const toMake = (findCheckCall(checkCell)?.answers ?? [])
    .flatMap((answer) => namesRead(answer.expression))
    .filter((name) => teacherNames.has(name) && !studentNames.has(name));
  for (const name of new Set(toMake)) {
    if (!korean.includes(`\`${name}\``) || !english.includes(`\`${name}\``))
      problems.push(`the check reads \`${name}\`, which the learner makes: both paragraphs must name it`);
  }

  if (/파이썬/.test(first) && !/TypeScript로/.test(first))
    problems.push('the problem says "파이썬": say "TypeScript로" too (the lessons are TypeScript)');
  return problems;
}

/** Korean sentences of the lesson's markdown that hold a semicolon (code and math left out). */
export function koreanSemicolons(notebook: Notebook): string[] {
  return notebook.cells
    .filter((cell) => cell.cell_type === "markdown")
    .flatMap((cell) =>
      cell.source
        .replace(/`[^`\n]*`/g, "`…`")
        .replace(/\$\$[^$]*\$\$|\$[^$\n]*\$/g, "$…$")
        .split(/(?<=[.!?])\s+|\n/),
    )
    .filter((sentence) => /[가-힣]/.test(sentence) && sentence.includes(";"));
}
