// NumPy habits in cells and the type errors both kernels give them, each with
// its hint (jupyterlite/kernel/numpy-hints.ts, compiled into tslab by
// kernel-setup/patch-tslab.js): the tslab test and the site kernel's test feed
// the same cells and expect the same errors, so the two kernels stay in step.

/** Declares the arrays the cases use (x and w) and a number (n). */
export const numpyHintSetup = 'import { array } from "dlfs";\nconst x = array([1, -2]);\nconst w = array([3, 4]);\nconst n = 2;';

const leftSide = "The left-hand side of an arithmetic operation must be of type 'any', 'number', 'bigint' or an enum type.";
const rightSide = "The right-hand side of an arithmetic operation must be of type 'any', 'number', 'bigint' or an enum type.";

function operatorHint(operator: string, suggestion: string): string {
  return (
    `힌트: NDArray에는 연산자 ${operator} 대신 메서드를 씁니다: ${suggestion}\n` +
    `Hint: an NDArray takes a method, not the operator ${operator}: ${suggestion}`
  );
}

function comparisonHint(operator: string, suggestion: string): string {
  return (
    `힌트: NDArray의 비교는 연산자 ${operator} 대신 메서드로 씁니다: ${suggestion}\n` +
    `Hint: compare an NDArray with a method, not the operator ${operator}: ${suggestion}`
  );
}

function npHint(imported: string, method: string): string {
  return (
    `힌트: dlfs에는 np가 없습니다. 함수는 이름으로 가져오고(import { ${imported} } from "dlfs") 배열의 메서드도 씁니다(${method}).\n` +
    `Hint: there is no np in dlfs: import its functions by name (import { ${imported} } from "dlfs") or use an array's methods (${method}).`
  );
}

/** A cell and its errors, each "line:column - message", with a hint on the lines after it. */
export const numpyHintCases: { habit: string; code: string; errors: string[] }[] = [
  { habit: "x * 2", code: "x * 2", errors: [`1:1 - ${leftSide}\n${operatorHint("*", "x.mul(2)")}`] },
  {
    habit: "x + 1",
    code: "x + 1",
    errors: [`1:1 - Operator '+' cannot be applied to types 'NDArray' and 'number'.\n${operatorHint("+", "x.add(1)")}`],
  },
  {
    habit: "x - w (one hint for both sides)",
    code: "const difference = x - w;",
    errors: [`1:20 - ${leftSide}\n${operatorHint("-", "x.sub(w)")}`, `1:24 - ${rightSide}`],
  },
  { habit: "x / 2", code: "x / 2", errors: [`1:1 - ${leftSide}\n${operatorHint("/", "x.div(2)")}`] },
  { habit: "2 * x", code: "2 * x", errors: [`1:5 - ${rightSide}\n${operatorHint("*", "x.mul(2)")}`] },
  {
    habit: "x <= 0",
    code: "x <= 0",
    errors: [`1:1 - Operator '<=' cannot be applied to types 'NDArray' and 'number'.\n${comparisonHint("<=", "x.le(0)")}`],
  },
  {
    habit: "x > 0",
    code: "const positive = x > 0;",
    errors: [`1:18 - Operator '>' cannot be applied to types 'NDArray' and 'number'.\n${comparisonHint(">", "x.gt(0)")}`],
  },
  {
    habit: "np.sum(x, axis=0)",
    code: "np.sum(x, axis=0)",
    errors: [`1:1 - Cannot find name 'np'.\n${npHint("sum", "x.sum(0)")}`, "1:11 - Cannot find name 'axis'."],
  },
  {
    habit: "np.dot(x, w)",
    code: "const product = np.dot(x, w);",
    errors: [`1:17 - Cannot find name 'np'.\n${npHint("dot", "x.dot(w)")}`],
  },
  {
    habit: "y = ... undeclared",
    code: "y = x.mul(2);",
    errors: [
      "1:1 - Cannot find name 'y'.\n" +
        "힌트: 처음 쓰는 이름은 선언합니다: const y = … (나중에 다시 대입하면 let y = …)\n" +
        "Hint: declare a new name: const y = … (let y = … if it is assigned again later)",
    ],
  },
  // No NumPy habit: no hint.
  {
    habit: "a type error of another kind",
    code: "const wrong: string = n;",
    errors: ["1:7 - Type 'number' is not assignable to type 'string'."],
  },
  { habit: "arithmetic on a string", code: 'const half = "4" / n;', errors: [`1:14 - ${leftSide}`] },
  { habit: "a name used, not assigned", code: "z + 1", errors: ["1:1 - Cannot find name 'z'."] },
];
