// Lesson 222, X·W = (Wᵀ·Xᵀ)ᵀ: the order of the transposes and the last transpose.
import type { Mistake } from "../support/mistakes";

export const mistakes: Mistake[] = [
  {
    name: "without the outer transpose",
    edit: { find: "const WtXtT = dot(W.T, X.T).T;", replace: "const WtXtT = dot(W.T, X.T);" },
    failing: ["WtXtT"],
    hint: /the product is not transposed back/,
  },
  {
    name: "Xᵀ·Wᵀ instead of Wᵀ·Xᵀ",
    edit: { find: "const WtXtT = dot(W.T, X.T).T;", replace: "const WtXtT = dot(X.T, W.T).T;" },
    failing: ["WtXtT"],
    hint: /Wᵀ comes first/,
  },
];
