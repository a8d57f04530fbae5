// Lesson 218, Y = X·W + B: the bias, and the order of the product.
import type { Mistake } from "../support/mistakes";

export const mistakes: Mistake[] = [
  {
    name: "the bias left out",
    edit: { find: "const Y = dot(X, W).add(B);", replace: "const Y = dot(X, W);" },
    failing: ["Y"],
    hint: /the bias is missing/,
  },
  {
    name: "W·X instead of X·W",
    edit: { find: "const Y = dot(X, W).add(B);", replace: "const Y = dot(W, X).add(B);" },
    failing: ["Y"],
    hint: /shapes \(2,3\) and \(1,2\) not aligned/,
  },
];
