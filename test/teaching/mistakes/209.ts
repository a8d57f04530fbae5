// Lesson 209, the multiplication layer: backward must swap the inputs, and forward must keep both.
import type { Mistake } from "../support/mistakes";

export const mistakes: Mistake[] = [
  {
    name: "backward without swapping the inputs",
    edit: [
      { find: "const dx = dout * this.y!;", replace: "const dx = dout * this.x!;" },
      { find: "const dy = dout * this.x!;", replace: "const dy = dout * this.y!;" },
    ],
    failing: ["dx", "dy"],
    hint: /backward swaps the inputs/,
  },
  {
    name: "the notes' forward, storing y twice (self.x = y)",
    edit: { find: "this.x = x;", replace: "this.x = y;" },
    failing: ["dy"],
    hint: /forward must keep x itself/,
  },
  {
    name: "forward adding instead of multiplying",
    edit: { find: "return x * y;", replace: "return x + y;" },
    failing: ["out"],
    hint: /forward multiplies/,
  },
];
