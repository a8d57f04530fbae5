// Lesson 215, Relu backward of its own output: the dout is the forward result, the mask the last forward's.
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
  {
    name: "backward(x) instead of backward(xForward) after the second forward",
    edit: { find: "const dxAfter = relu.backward(xForward);", replace: "const dxAfter = relu.backward(x);" },
    failing: ["dxAfter"],
    hint: /backward was given x: relu's mask is now the last forward's \(x2\)/,
  },
];
