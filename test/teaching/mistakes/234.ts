// Lesson 234, the backward chain of three layers: where it starts, and which Relu gets which gradient.
import { hiddenMistakeCase, type Mistake } from "../support/mistakes";

export const mistakes: Mistake[] = [
  {
    name: "backward started from the scores out3 instead of the loss",
    edit: { find: "const doutSoft = lastLayer.backward(1);", replace: "const doutSoft = out3;" },
    failing: ["dx", "dW1", "db1"],
    hint: /started from the scores/,
  },
  {
    name: "Relu1 given the gradient that belongs to Relu2",
    edit: { find: "const dout2Relu = relu2.backward(dout3);", replace: "const dout2Relu = relu1.backward(dout3);" },
    failing: ["dx", "dW1", "db1"],
    hint: /Relu\.backward: .*its own output/,
  },
  hiddenMistakeCase("234", "backward skipping Relu2", ["dx", "dW1", "db1"]),
  hiddenMistakeCase("234", "backward skipping Relu1", ["dx", "dW1", "db1"]),
];
