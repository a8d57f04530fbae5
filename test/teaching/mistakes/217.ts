// Lesson 217, the Sigmoid class: exp(-x) in forward, the output (not the input) in backward.
import type { Mistake } from "../support/mistakes";

export const mistakes: Mistake[] = [
  {
    name: "exp(x) instead of exp(-x)",
    edit: { find: "dlfs.exp(x.neg())", replace: "dlfs.exp(x)" },
    failing: ["out"],
    hint: /the minus sign is missing/,
  },
  {
    name: "keeping the input x for backward instead of the output",
    edit: { find: "this.out = out;", replace: "this.out = x;" },
    failing: ["dx"],
    hint: /backward uses forward's output y/,
  },
  {
    name: "backward without (1 - y)",
    edit: { find: "return dout.mul(dlfs.ones(out.shape).sub(out)).mul(out);", replace: "return dout.mul(out);" },
    failing: ["dx"],
    hint: /the derivative is y \* \(1 - y\)/,
  },
];
