// Lesson 234, the backward chain of three layers: where it starts, and which Relu gets which gradient.
import type { Mistake } from "../support/mistakes";

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
  {
    name: "backward skipping Relu2 (the lesson's data never reach its mask)",
    edit: { find: "const dout2Relu = relu2.backward(dout3);", replace: "const dout2Relu = dout3;" },
    failing: ["dx", "dW1", "db1"],
    hint: /right on the lesson's data, wrong on other data/,
  },
];
