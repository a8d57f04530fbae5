// Lesson 228, two layers backward: dY is out2, and the layers are visited in reverse.
import type { Mistake } from "../support/mistakes";

export const mistakes: Mistake[] = [
  {
    name: "a dY of ones instead of out2",
    edit: { find: "const dout2 = layer2.backward(out2);", replace: "const dout2 = layer2.backward(array([[1, 1]]));" },
    failing: ["dx", "dW1", "db1"],
    hint: /dY is out2 itself/,
  },
  {
    name: "the layers visited in forward order",
    edit: [
      { find: "const dout2 = layer2.backward(out2);", replace: "const dout2 = layer1.backward(out2);" },
      { find: "const dout1 = layer1.backward(dout2Relu);", replace: "const dout1 = layer2.backward(dout2Relu);" },
    ],
    failing: ["dx", "dW1", "db1"],
    hint: /shapes \(1,2\) and \(3,2\) not aligned/,
  },
  {
    name: "no Relu between the layers (the lesson's data are all positive)",
    edit: [
      { find: "const rout1 = relu.forward(out1);", replace: "const rout1 = out1;" },
      { find: "const dout2Relu = relu.backward(dout2);", replace: "const dout2Relu = dout2;" },
    ],
    failing: ["out2", "dx", "dW1", "db1"],
    hint: /right on the lesson's data, wrong on other data/,
  },
];
