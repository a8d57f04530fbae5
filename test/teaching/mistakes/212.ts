// Lesson 212, apples and oranges forward: the tax node takes the sum of both fruits.
import type { Mistake } from "../support/mistakes";

export const mistakes: Mistake[] = [
  {
    name: "tax on the apples only",
    edit: {
      find: "const price = mulTaxLayer.forward(allPrice, tax);",
      replace: "const price = mulTaxLayer.forward(applePrice, tax);",
    },
    failing: ["price"],
    hint: /takes the sum of both fruits, allPrice/,
  },
  {
    name: "tax left out",
    edit: { find: "const price = mulTaxLayer.forward(allPrice, tax);", replace: "const price = allPrice;" },
    failing: ["price"],
    hint: /tax is missing/,
  },
  {
    name: "the price computed without the layers",
    edit: [
      { find: "const applePrice = mulAppleLayer.forward(apple, appleNum);", replace: "const applePrice = apple * appleNum;" },
      {
        find: "const orangePrice = mulOrangeLayer.forward(orange, orangeNum);",
        replace: "const orangePrice = orange * orangeNum;",
      },
      { find: "const price = mulTaxLayer.forward(allPrice, tax);", replace: "const price = allPrice * tax;" },
    ],
    failing: ["appleLayerInputs", "orangeLayerInputs", "taxLayerInputs"],
    hint: /stays null until its forward or backward has run/,
  },
];
