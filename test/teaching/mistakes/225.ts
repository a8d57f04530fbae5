// Lesson 225, Affine forward and backward on a batch: what forward and backward take.
import type { Mistake } from "../support/mistakes";

export const mistakes: Mistake[] = [
  {
    name: "backward given the forward output instead of dout",
    edit: { find: "const dx = af.backward(dout);", replace: "const dx = af.backward(out);" },
    failing: ["dx", "dW", "db"],
    hint: /backward takes dout, the gradient from above, not the forward output/,
  },
  {
    name: "forward given X transposed",
    edit: { find: "const out = af.forward(X);", replace: "const out = af.forward(X.T);" },
    failing: ["out", "dW"],
    hint: /forward takes X itself/,
  },
];
