// Lesson 228, two layers backward: dY is out2, and the layers are visited in reverse.
import { hiddenMistakeCase, type Mistake } from "../support/mistakes";

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
  hiddenMistakeCase("228", "no Relu between the layers", ["out2", "dx", "dW1", "db1"]),
  hiddenMistakeCase("228", "backward skipping the Relu", ["dx", "dW1", "db1"]),
];
