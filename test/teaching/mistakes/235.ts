// Lesson 235, forward through a Map of layers: the order of the loop, and the loss layer's arguments.
import { hiddenMistakeCase, type Mistake } from "../support/mistakes";

export const mistakes: Mistake[] = [
  {
    name: "the layers visited in reverse order on the way forward",
    edit: { find: "for (const layer of layers.values())", replace: "for (const layer of [...layers.values()].reverse())" },
    failing: ["out"],
    hint: /layers ran in reverse order/,
  },
  {
    name: "lastLayer.forward(t, out) instead of forward(out, t)",
    edit: { find: "lastLayer.forward(out, t)", replace: "lastLayer.forward(t, out)" },
    failing: ["loss"],
    hint: /arguments are swapped/,
  },
  hiddenMistakeCase("235", "the course notes' duplicate key: the second Relu set under Relu1's name", ["out", "loss"]),
];
