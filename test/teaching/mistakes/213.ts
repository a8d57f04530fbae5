// Lesson 213, apples and oranges backward: each node's gradients come back in the
// order of its forward inputs, and backward runs from the end.
import type { Mistake } from "../support/mistakes";

export const mistakes: Mistake[] = [
  {
    name: "the tax node's two gradients taken the wrong way round",
    edit: {
      find: "const [dallPrice, dtax] = mulTaxLayer.backward(dprice);",
      replace: "const [dtax, dallPrice] = mulTaxLayer.backward(dprice);",
    },
    failing: ["dappleNum", "dapple", "dorange", "dorangeNum", "dtax"],
    hint: /in the order of forward's inputs/,
  },
  {
    name: "the apple node given dprice, not what the addition node sends down",
    edit: {
      find: "const [dapple, dappleNum] = mulAppleLayer.backward(dapplePrice);",
      replace: "const [dapple, dappleNum] = mulAppleLayer.backward(dprice);",
    },
    failing: ["dappleNum", "dapple"],
    hint: /backward goes from the end \(tax\) to the inputs/,
  },
];
