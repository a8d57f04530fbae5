// Lesson 216, Relu backward of a given dout: what forward's mask lets through.
import type { Mistake } from "../support/mistakes";

export const mistakes: Mistake[] = [
  {
    name: "backward of x instead of dout",
    edit: { find: "const dx = relu.backward(dout);", replace: "const dx = relu.backward(x);" },
    failing: ["dx"],
    hint: /backward takes dout, the gradient from above, not x/,
  },
  {
    name: "blocking where dout is negative",
    edit: { find: "const dx = relu.backward(dout);", replace: "const dx = dout.copy().putmask(dout.le(0), 0);" },
    failing: ["dx"],
    hint: /whatever the sign of dout/,
  },
];
