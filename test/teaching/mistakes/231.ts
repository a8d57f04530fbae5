// Lesson 231, one SoftmaxWithLoss for two inputs: mixing up the arguments or the inputs.
import type { Mistake } from "../support/mistakes";

export const mistakes: Mistake[] = [
  {
    name: "forward(t, x) instead of forward(x, t)",
    edit: { find: "const loss1 = soft.forward(x1, t);", replace: "const loss1 = soft.forward(t, x1);" },
    failing: ["loss1"],
    hint: /arguments are swapped/,
  },
  {
    name: "the second loss from x1 again",
    edit: { find: "const loss2 = soft.forward(x2, t);", replace: "const loss2 = soft.forward(x1, t);" },
    failing: ["loss2", "dx2"],
    hint: /this is the value for x1: the second forward must take x2/,
  },
  {
    name: "backward before the second forward",
    edit: {
      find: "const loss2 = soft.forward(x2, t);\nconst dx2 = soft.backward();",
      replace: "const dx2 = soft.backward();\nconst loss2 = soft.forward(x2, t);",
    },
    failing: ["dx2"],
    hint: /backward\(\) must come after it/,
  },
];
