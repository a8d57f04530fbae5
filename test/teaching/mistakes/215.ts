// Lesson 215, Relu backward of its own output: the dout is the forward result, the Relu the one that ran forward.
import type { Mistake } from "../support/mistakes";

export const mistakes: Mistake[] = [
  {
    name: "a dout of ones instead of the forward result",
    edit: {
      find: "const dx = relu.backward(xForward);",
      replace: 'const dx = relu.backward(array([[1.0, 1.0], [1.0, 1.0]], "float64"));',
    },
    failing: ["dx"],
    hint: /backward's dout here is the forward result, xForward/,
  },
  {
    name: "backward of a new Relu, which has no mask",
    edit: { find: "const dx = relu.backward(xForward);", replace: "const dx = new Relu().backward(xForward);" },
    failing: ["dx"],
    hint: /call forward\(x\) first/,
  },
  {
    name: "the mask taken for the gradient",
    edit: { find: "const dx = relu.backward(xForward);", replace: "const dx = relu.mask!;" },
    failing: ["dx"],
    hint: /that is the mask/,
  },
];
