// Lesson 229, three layers forward and backward: one Relu per layer, dY is out3.
import { hiddenMistakeCase, type Mistake } from "../support/mistakes";

export const mistakes: Mistake[] = [
  {
    name: "relu1 used for both hidden layers",
    edit: [
      { find: "const rout2 = relu2.forward(out2);", replace: "const rout2 = relu1.forward(out2);" },
      { find: "const dout2Relu = relu2.backward(dout3);", replace: "const dout2Relu = relu1.backward(dout3);" },
    ],
    failing: ["dx", "dW1", "db1"],
    hint: /dout has shape \(1, 3\), but this Relu's forward input had shape \(1, 2\): give each Relu the gradient of its own output/,
  },
  {
    name: "a dY of ones instead of out3",
    edit: { find: "const dout3 = layer3.backward(out3);", replace: "const dout3 = layer3.backward(array([[1, 1, 1]]));" },
    failing: ["dx", "dW1", "db1"],
    hint: /dY is out3 itself/,
  },
  {
    name: "the Relus visited in forward order on the way back",
    edit: [
      { find: "const dout2Relu = relu2.backward(dout3);", replace: "const dout2Relu = relu1.backward(dout3);" },
      { find: "const dout1Relu = relu1.backward(dout2);", replace: "const dout1Relu = relu2.backward(dout2);" },
    ],
    failing: ["dx", "dW1", "db1"],
    hint: /dout has shape \(1, 2\), but this Relu's forward input had shape \(1, 3\)/,
  },
  hiddenMistakeCase("229", "no Relus between the layers", ["out3", "dx", "dW1", "db1"]),
  hiddenMistakeCase("229", "backward skipping Relu2", ["dx", "dW1", "db1"]),
];
