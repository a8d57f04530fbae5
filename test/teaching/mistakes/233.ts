// Lesson 233, the loss layer at the end of the network: the arguments swapped, the softmax left out.
import type { Mistake } from "../support/mistakes";

export const mistakes: Mistake[] = [
  {
    name: "forward(t, out3) instead of forward(out3, t)",
    edit: { find: "lastLayer.forward(out3, t)", replace: "lastLayer.forward(t, out3)" },
    failing: ["loss"],
    hint: /arguments are swapped/,
  },
  {
    name: "the cross-entropy of the scores, without softmax",
    edit: {
      find: "const loss = lastLayer.forward(out3, t);",
      replace: 'import { crossEntropyError } from "dlfs";\nconst loss = crossEntropyError(out3, t);',
    },
    failing: ["loss"],
    hint: /without softmax/,
  },
];
