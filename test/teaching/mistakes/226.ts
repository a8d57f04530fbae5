// Lesson 226, two Affine layers forward: the second layer takes the first one's output.
import type { Mistake } from "../support/mistakes";

export const mistakes: Mistake[] = [
  {
    name: "the second layer given X instead of out1",
    edit: { find: "const out2 = layer2.forward(out1);", replace: "const out2 = layer2.forward(X);" },
    failing: ["out2"],
    hint: /input of shape \(1, 2\) does not fit W of shape \(3, 2\)/,
  },
  {
    name: "the weights of the two layers swapped (the notes call them W and W1)",
    edit: {
      find: "const layer1 = new Affine(W1, B1);\nconst layer2 = new Affine(W2, B2);",
      replace: "const layer1 = new Affine(W2, B1);\nconst layer2 = new Affine(W1, B2);",
    },
    failing: ["out1", "out2"],
    hint: /input of shape \(1, 2\) does not fit W of shape \(3, 2\)/,
  },
];
