// Lesson 219, the Affine class: the transposes of backward and the sum for db.
import type { Mistake } from "../support/mistakes";

export const mistakes: Mistake[] = [
  {
    name: "the notes' dot(dout, W), without .T",
    edit: { find: "dlfs.dot(dout, this.W.T)", replace: "dlfs.dot(dout, this.W)" },
    failing: ["dx", "dW", "db"],
    hint: /shapes \(2,3\) and \(2,3\) not aligned/,
  },
  {
    name: "dW = x · dout, without transposing x",
    edit: { find: "dlfs.dot(this.x!.T, dout)", replace: "dlfs.dot(this.x!, dout)" },
    failing: ["dW"],
    hint: /dW = xᵀ · dout/,
  },
  {
    name: "db without the sum over the rows",
    edit: { find: "this.db = dout.sum(0);", replace: "this.db = dout;" },
    failing: ["db"],
    hint: /db sums dout over the rows of the batch/,
  },
  {
    name: "db summed over axis 1",
    edit: { find: "this.db = dout.sum(0);", replace: "this.db = dout.sum(1);" },
    failing: ["db"],
    hint: /db sums over axis 0/,
  },
];
