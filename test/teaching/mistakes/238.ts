// Lesson 238, the learner's three-layer network: the notes' lost Relu2, one Relu object for two
// layers, and the backward pass in the wrong order. Run in the lesson's quick mode.
import type { Mistake } from "../support/mistakes";

export const mistakes: Mistake[] = [
  {
    name: "both Relus stored under one key, as the notes' layers['relu']",
    edit: [
      { find: 'this.layers.set("Relu1", new Relu());', replace: 'this.layers.set("Relu", new Relu());' },
      { find: 'this.layers.set("Relu2", new Relu());', replace: 'this.layers.set("Relu", new Relu());' },
    ],
    failing: ["probeGrad"],
    hint: /Relu2 is missing: two layers were stored under the same key/,
  },
  {
    name: "one Relu object for both hidden layers",
    edit: [
      { find: 'this.layers.set("Relu1", new Relu());', replace: 'const relu = new Relu();\n    this.layers.set("Relu1", relu);' },
      { find: 'this.layers.set("Relu2", new Relu());', replace: 'this.layers.set("Relu2", relu);' },
    ],
    failing: ["probeGrad"],
    hint: /one Relu object serves both hidden layers/,
  },
  {
    name: "the layers visited in forward order on the way back",
    edit: {
      find: "for (const layer of [...this.layers.values()].reverse())",
      replace: "for (const layer of this.layers.values())",
    },
    failing: ["probeGrad", "gradDiffMax"],
    hint: /visited the layers in forward order/,
  },
];
