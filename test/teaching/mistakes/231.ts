// Lesson 231, the SoftmaxWithLoss class again, on two inputs: what forward keeps, and the sign of backward.
import type { Mistake } from "../support/mistakes";

export const mistakes: Mistake[] = [
  {
    name: "x and t swapped in forward: softmax of t, x kept as the target",
    edit: { find: "this.t = t;\n    this.y = softmax(x);", replace: "this.t = x;\n    this.y = softmax(t);" },
    failing: ["loss1"],
    hint: /arguments are swapped/,
  },
  {
    name: "forward does not keep t",
    edit: {
      find: "this.t = t;\n    this.y = softmax(x);\n    this.loss = crossEntropyError(this.y, this.t);",
      replace: "this.y = softmax(x);\n    this.loss = crossEntropyError(this.y, t);",
    },
    failing: ["dx1", "dx2"],
    hint: /y or t was not kept: forward\(x, t\) must store both first/,
  },
  {
    name: "t - y instead of y - t",
    edit: { find: "return this.y.sub(this.t)", replace: "return this.t.sub(this.y)" },
    failing: ["dx1", "dx2"],
    hint: /sign is reversed/,
  },
];
