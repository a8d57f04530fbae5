// Lesson 236, backward through the reversed Map: the order, and where the backward pass starts.
import { hiddenMistakeCase, type Mistake } from "../support/mistakes";

export const mistakes: Mistake[] = [
  {
    name: "the layers visited in forward order on the way back",
    edit: {
      find: "const backwardOrder = [...layers.values()].reverse();",
      replace: "const backwardOrder = [...layers.values()];",
    },
    failing: ["dx", "dW1", "db1"],
    hint: /reverse order of forward/,
  },
  {
    name: "backward started from the scores instead of the loss",
    edit: { find: "let dout = lastLayer.backward(1);", replace: "let dout = out;" },
    failing: ["dx", "dW1", "db1"],
    hint: /started from the scores/,
  },
  hiddenMistakeCase("236", "backward through the Affine layers only, skipping the Relus", ["dx", "dW1", "db1"]),
];
