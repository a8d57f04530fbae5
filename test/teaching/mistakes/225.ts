// Lesson 225, Affine forward and backward on a batch by hand: the transposes and the sum for db.
import type { Mistake } from "../support/mistakes";

export const mistakes: Mistake[] = [
  {
    name: "the notes' dot(dout, W), without .T",
    edit: { find: "dot(dout, W.T)", replace: "dot(dout, W)" },
    failing: ["dx", "dW", "db"],
    hint: /shapes \(2,3\) and \(2,3\) not aligned/,
  },
  {
    name: "dW = X · dout, without transposing X",
    edit: { find: "dot(X.T, dout)", replace: "dot(X, dout)" },
    failing: ["dW"],
    hint: /dW = Xᵀ · dout: X is transposed \(this is X · dout\)/,
  },
  {
    name: "dW = doutᵀ · X, the factors in the other order",
    edit: { find: "dot(X.T, dout)", replace: "dot(dout.T, X)" },
    failing: ["dW"],
    hint: /the shape is transposed: check the order of the dot product/,
  },
  {
    name: "db without the sum over the rows",
    edit: { find: "const db = dout.sum(0);", replace: "const db = dout;" },
    failing: ["db"],
    hint: /db sums dout over the rows of the batch/,
  },
  {
    name: "db summed over axis 1",
    edit: { find: "const db = dout.sum(0);", replace: "const db = dout.sum(1);" },
    failing: ["db"],
    hint: /db sums over axis 0/,
  },
];
