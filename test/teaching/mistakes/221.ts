// Lesson 221, X·W ≠ W·X: the order of the product, and the product itself.
import type { Mistake } from "../support/mistakes";

export const mistakes: Mistake[] = [
  {
    name: "W·X computed as X·W",
    edit: { find: "const WX = dot(W, X);", replace: "const WX = dot(X, W);" },
    failing: ["WX"],
    hint: /WX is W·X: the other order/,
  },
  {
    name: "element-wise products instead of dot",
    edit: [
      { find: "const XW = dot(X, W);", replace: "const XW = X.mul(W);" },
      { find: "const WX = dot(W, X);", replace: "const WX = W.mul(X);" },
    ],
    failing: ["XW", "WX"],
    hint: /mul multiplies element by element/,
  },
];
