// Lesson 223, the shape of a transpose: a transpose is not a reshape.
import type { Mistake } from "../support/mistakes";

export const mistakes: Mistake[] = [
  {
    name: "reshape(3, 2) for the transpose",
    edit: { find: "const xT = x.T;", replace: "const xT = x.reshape(3, 2);" },
    failing: ["xT"],
    hint: /reshape\(3, 2\) refills the elements/,
  },
  {
    name: "no transpose at all",
    edit: { find: "const xT = x.T;", replace: "const xT = x;" },
    failing: ["xT", "shape"],
    hint: /that is the shape of x itself/,
  },
];
