// Hints for NumPy habits met in a cell's type errors: `x * 2` on an NDArray,
// `x <= 0`, `np.sum(x, axis=0)`, `y = ...` without a declaration. The type
// error stays as TypeScript gives it; the hint follows it on two lines,
// Korean, then English. Any other error gets no hint.
//
// One source for both kernels: the site's compiler (compiler.ts) imports it,
// and kernel-setup/tslab-fixes compiles it into tslab's converter. It uses
// only the TypeScript it is handed (tslab has its own copy), so it imports
// nothing at run time.
import type * as TS from "typescript";

/** Arithmetic operators and the NDArray method that does the same. */
const arithmeticMethods: Record<string, string> = { "+": "add", "-": "sub", "*": "mul", "/": "div" };
const compoundAssignments = new Set(["+=", "-=", "*=", "/="]);
/** Comparisons and their methods; `flipped` is the method when the NDArray is on the right (`0 < x` is `x.gt(0)`). */
const comparisonMethods: Record<string, { method: string; flipped: string }> = {
  "<": { method: "lt", flipped: "gt" },
  "<=": { method: "le", flipped: "ge" },
  ">": { method: "gt", flipped: "lt" },
  ">=": { method: "ge", flipped: "le" },
};
/** NumPy's functions that dlfs exports as functions, by their name in dlfs. */
const dlfsFunctions: Record<string, string> = {
  array: "array",
  arange: "arange",
  zeros: "zeros",
  ones: "ones",
  full: "full",
  zeros_like: "zerosLike",
  dot: "dot",
  exp: "exp",
  log: "log",
  maximum: "maximum",
  sum: "sum",
  argmax: "argmax",
  allclose: "allclose",
  random: "random",
};
/** NumPy's functions that are also NDArray methods of the same name: `np.sum(x, 0)` is `x.sum(0)`. */
const ndarrayMethods = new Set([
  "sum",
  "mean",
  "max",
  "min",
  "argmax",
  "dot",
  "exp",
  "log",
  "sqrt",
  "abs",
  "reshape",
  "transpose",
]);

/** Code longer than this is not quoted in a hint: the hint shows the pattern with short names instead. */
const longestQuote = 40;

/**
 * A function that gives a diagnostic's hint, or undefined when it has none.
 * Make one per cell: a hint is given once in a cell (`x * y` has two errors, one per side).
 */
export function numpyHints(ts: typeof TS, checker: TS.TypeChecker): (diagnostic: TS.Diagnostic) => string | undefined {
  const given = new Set<string>();
  return (diagnostic) => {
    if (diagnostic.file === undefined || diagnostic.start === undefined || diagnostic.length === undefined) return undefined;
    const file = diagnostic.file;
    const node = nodeSpanning(ts, file, diagnostic.start, diagnostic.start + diagnostic.length);
    if (node === undefined) return undefined;
    const found = hintFor(ts, checker, file, diagnostic.code, node);
    if (found === undefined || given.has(found.key)) return undefined;
    given.add(found.key);
    return found.lines.join("\n");
  };
}

interface Hint {
  /** What the hint is about, so that it is given once. */
  key: string;
  lines: [korean: string, english: string];
}

function hintFor(ts: typeof TS, checker: TS.TypeChecker, file: TS.SourceFile, code: number, node: TS.Node): Hint | undefined {
  // 2362, 2363: "The left-hand (right-hand) side of an arithmetic operation must be of type 'any', 'number', ..."
  // 2365: "Operator '+' cannot be applied to types 'NDArray' and 'number'."
  if (code === 2362 || code === 2363 || code === 2365) {
    let operation: TS.Node = node;
    while (ts.isParenthesizedExpression(operation.parent)) operation = operation.parent;
    if (code !== 2365) operation = operation.parent;
    if (operation === undefined || !ts.isBinaryExpression(operation)) return undefined;
    return operatorHint(ts, checker, file, operation);
  }
  // 2304: "Cannot find name 'np'."
  if (code === 2304 && ts.isIdentifier(node)) {
    if (node.text === "np") return numpyNamespaceHint(ts, file, node);
    const parent = node.parent;
    if (
      ts.isBinaryExpression(parent) &&
      parent.left === node &&
      parent.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isExpressionStatement(parent.parent)
    ) {
      const name = node.text;
      return {
        key: `declare ${name}`,
        lines: [
          `힌트: 처음 쓰는 이름은 선언합니다: const ${name} = … (나중에 다시 대입하면 let ${name} = …)`,
          `Hint: declare a new name: const ${name} = … (let ${name} = … if it is assigned again later)`,
        ],
      };
    }
  }
  return undefined;
}

/** `x * 2`, `x + y`, `x <= 0`, `x *= 2` with an NDArray: the method that does it. */
function operatorHint(
  ts: typeof TS,
  checker: TS.TypeChecker,
  file: TS.SourceFile,
  operation: TS.BinaryExpression,
): Hint | undefined {
  const isNDArray = (side: TS.Expression): boolean => /\bNDArray\b/.test(checker.typeToString(checker.getTypeAtLocation(side)));
  const leftIsArray = isNDArray(operation.left);
  if (!leftIsArray && !isNDArray(operation.right)) return undefined;
  const written = operation.operatorToken.getText(file);
  const compound = compoundAssignments.has(written);
  const operator = compound ? written.slice(0, 1) : written;
  const key = `operator ${operation.getStart(file)}`;
  const leftQuote = quote(file, operation.left);
  const rightQuote = quote(file, operation.right);
  const quoted = leftQuote !== undefined && rightQuote !== undefined;
  const left = quoted ? leftQuote : "x";
  const right = quoted ? rightQuote : "y";
  const receiver = (text: string, side: TS.Expression): string => (!quoted || isPlainOperand(ts, side) ? text : `(${text})`);

  const arithmetic = arithmeticMethods[operator];
  if (arithmetic !== undefined) {
    let suggestion: string;
    if (leftIsArray) suggestion = `${receiver(left, operation.left)}.${arithmetic}(${right})`;
    else if (operator === "+" || operator === "*") suggestion = `${receiver(right, operation.right)}.${arithmetic}(${left})`;
    else if (operator === "-") suggestion = `${receiver(right, operation.right)}.neg().add(${left})`;
    else suggestion = `${receiver(right, operation.right)}.map((v) => ${left} / v)`;
    if (compound) suggestion = `${left} = ${suggestion}`;
    return {
      key,
      lines: [
        `힌트: NDArray에는 연산자 ${written} 대신 메서드를 씁니다: ${suggestion}`,
        `Hint: an NDArray takes a method, not the operator ${written}: ${suggestion}`,
      ],
    };
  }
  const comparison = comparisonMethods[operator];
  if (comparison !== undefined) {
    const suggestion = leftIsArray
      ? `${receiver(left, operation.left)}.${comparison.method}(${right})`
      : `${receiver(right, operation.right)}.${comparison.flipped}(${left})`;
    return {
      key,
      lines: [
        `힌트: NDArray의 비교는 연산자 ${operator} 대신 메서드로 씁니다: ${suggestion}`,
        `Hint: compare an NDArray with a method, not the operator ${operator}: ${suggestion}`,
      ],
    };
  }
  return undefined;
}

/** `np.dot(a, b)`, `np.sum(x, axis=0)`: dlfs's function by name, or the NDArray's method. */
function numpyNamespaceHint(ts: typeof TS, file: TS.SourceFile, np: TS.Identifier): Hint {
  const access = np.parent;
  const member = ts.isPropertyAccessExpression(access) && access.expression === np ? access.name.text : undefined;
  const imported = member !== undefined && member in dlfsFunctions ? dlfsFunctions[member] : "dot";
  let method = "x.sum(0)";
  if (
    member !== undefined &&
    ndarrayMethods.has(member) &&
    ts.isCallExpression(access.parent) &&
    access.parent.expression === access
  ) {
    const [first, ...rest] = access.parent.arguments;
    // A keyword argument, `axis=0`, is its value in TypeScript.
    const values = rest.map((argument) =>
      ts.isBinaryExpression(argument) && argument.operatorToken.kind === ts.SyntaxKind.EqualsToken ? argument.right : argument,
    );
    const texts = [first, ...values].map((argument) => (argument === undefined ? undefined : quote(file, argument)));
    if (first !== undefined && texts.every((text) => text !== undefined)) {
      const receiver = isPlainOperand(ts, first) ? texts[0] : `(${texts[0]})`;
      method = `${receiver}.${member}(${texts.slice(1).join(", ")})`;
    }
  }
  const importing = `import { ${imported} } from "dlfs"`;
  return {
    key: "np",
    lines: [
      `힌트: dlfs에는 np가 없습니다. 함수는 이름으로 가져오고(${importing}) 배열의 메서드도 씁니다(${method}).`,
      `Hint: there is no np in dlfs: import its functions by name (${importing}) or use an array's methods (${method}).`,
    ],
  };
}

/** The code of a node, if short enough for a hint. */
function quote(file: TS.SourceFile, node: TS.Node): string | undefined {
  const text = node.getText(file);
  return text.length <= longestQuote && !text.includes("\n") ? text : undefined;
}

/** An operand a method can be called on as it is written: `x`, `net.W1`, `f(x)`, `a[0]`, `(a + b)`. */
function isPlainOperand(ts: typeof TS, node: TS.Node): boolean {
  return (
    ts.isIdentifier(node) ||
    ts.isPropertyAccessExpression(node) ||
    ts.isElementAccessExpression(node) ||
    ts.isCallExpression(node) ||
    ts.isParenthesizedExpression(node) ||
    node.kind === ts.SyntaxKind.ThisKeyword
  );
}

/** The innermost node that spans exactly [start, end). */
function nodeSpanning(ts: typeof TS, file: TS.SourceFile, start: number, end: number): TS.Node | undefined {
  let found: TS.Node | undefined;
  const visit = (node: TS.Node): void => {
    const nodeStart = node.getStart(file);
    if (nodeStart > start || node.end < end) return;
    if (nodeStart === start && node.end === end) found = node;
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(file, visit);
  return found;
}

/** A diagnostic's text with its hint, if it has one, on the lines after it. */
export function withHint(text: string, hint: string | undefined): string {
  return hint === undefined ? text : `${text}\n${hint}`;
}
