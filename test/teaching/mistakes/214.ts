// Lesson 214, the Relu class: the mask in backward, the copy in forward, the mask's direction.
import type { Mistake } from "../support/mistakes";

export const mistakes: Mistake[] = [
  {
    name: "backward without the mask",
    edit: { find: "return dout.copy().putmask(this.mask!, 0);", replace: "return dout.copy();" },
    failing: ["dxOnes"],
    hint: /forgot the mask/,
  },
  {
    name: "forward writing the zeros into x itself (no copy)",
    edit: { find: "const out = x.copy();", replace: "const out = x;" },
    failing: ["x"],
    hint: /forward changed its input x/,
  },
  {
    name: "the mask where x > 0",
    edit: { find: "this.mask = x.le(0);", replace: "this.mask = x.gt(0);" },
    failing: ["mask", "xForward"],
    hint: /the mask marks where x <= 0/,
  },
];
