// Lesson 227, Relu on the hidden layer: out2 is 226's either way, the mask and Relu's output tell.
import { hiddenMistakeCase, type Mistake } from "../support/mistakes";

export const mistakes: Mistake[] = [
  {
    name: "Relu made but never applied",
    edit: { find: "const rout1 = relu.forward(out1);", replace: "const rout1 = out1;" },
    failing: ["mask"],
    hint: /stays null until its forward or backward has run/,
  },
  {
    name: "Relu on the output instead of the hidden layer",
    edit: {
      find: "const rout1 = relu.forward(out1); // out1에 Relu 적용 · Relu applied to out1\nconst out2 = layer2.forward(rout1);",
      replace: "const rout1 = out1;\nconst out2 = relu.forward(layer2.forward(rout1));",
    },
    failing: ["mask"],
    hint: /Relu goes on the hidden layer/,
  },
  hiddenMistakeCase("227", "the Relu run, its output not used", ["rout1", "out2"]),
];
