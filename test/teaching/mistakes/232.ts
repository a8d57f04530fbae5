// Lesson 232, nine losses in a loop: the arguments swapped, the loop off by one.
import type { Mistake } from "../support/mistakes";

export const mistakes: Mistake[] = [
  {
    name: "forward(t, x) instead of forward(x, t)",
    edit: { find: "soft.forward(array(x), t)", replace: "soft.forward(t, array(x))" },
    failing: ["losses"],
    hint: /arguments are swapped/,
  },
  {
    name: "the loop starts at the second x",
    edit: { find: "xs.forEach(", replace: "xs.slice(1).forEach(" },
    failing: ["losses"],
    hint: /x1's loss is missing/,
  },
];
