// Lesson 210, the apples' price: the tax layer takes the first layer's result.
import type { Mistake } from "../support/mistakes";

export const mistakes: Mistake[] = [
  {
    name: "tax on the price of one apple",
    edit: {
      find: "const price = mulTaxLayer.forward(applePrice, tax);",
      replace: "const price = mulTaxLayer.forward(apple, tax);",
    },
    failing: ["price"],
    hint: /takes the apples' price, applePrice/,
  },
  {
    name: "tax left out",
    edit: { find: "const price = mulTaxLayer.forward(applePrice, tax);", replace: "const price = applePrice;" },
    failing: ["price"],
    hint: /tax is missing/,
  },
  {
    name: "the price computed without the layers",
    edit: [
      { find: "const applePrice = mulAppleLayer.forward(apple, appleNum);", replace: "const applePrice = apple * appleNum;" },
      { find: "const price = mulTaxLayer.forward(applePrice, tax);", replace: "const price = applePrice * tax;" },
    ],
    failing: ["appleLayerInputs", "taxLayerInputs"],
    hint: /stays null until its forward or backward has run/,
  },
];
