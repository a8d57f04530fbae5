// Lesson 211, the addition layer: forward adds, backward passes dout on unchanged.
import type { Mistake } from "../support/mistakes";

export const mistakes: Mistake[] = [
  {
    name: "backward passing 1 instead of dout",
    edit: [
      { find: "const dx = dout * 1;", replace: "const dx = 1;" },
      { find: "const dy = dout * 1;", replace: "const dy = 1;" },
    ],
    failing: ["dx", "dy"],
    hint: /passes dout on to both inputs/,
  },
  {
    name: "forward multiplying",
    edit: { find: "return x + y;", replace: "return x * y;" },
    failing: ["out"],
    hint: /forward adds/,
  },
];
