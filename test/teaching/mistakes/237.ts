// Lesson 237, the learner's two-layer network with ReLU or Sigmoid: a "Sigmoid" network that
// is not one, and the backward pass in the wrong order. Run in the lesson's quick mode.
import type { Mistake } from "../support/mistakes";

export const mistakes: Mistake[] = [
  {
    name: "the class ignores its activation and always builds a Relu",
    edit: { find: "this.layers.set(`${activation.name}1`, new activation());", replace: 'this.layers.set("Relu1", new Relu());' },
    failing: ["sigmoidProbeGrad", "sigmoidLayers"],
    hint: /the Sigmoid network uses Relu/,
  },
  {
    name: "the Sigmoid network made with Relu",
    edit: {
      find: "const sigmoidNet = new TwoLayerNet(784, 50, 10, Sigmoid,",
      replace: "const sigmoidNet = new TwoLayerNet(784, 50, 10, Relu,",
    },
    failing: ["sigmoidLayers"],
    hint: /has no Sigmoid layer/,
  },
  {
    name: "the layers visited in forward order on the way back",
    edit: {
      find: "for (const layer of [...this.layers.values()].reverse())",
      replace: "for (const layer of this.layers.values())",
    },
    failing: ["reluProbeGrad", "sigmoidProbeGrad"],
    hint: /visited the layers in forward order/,
  },
];
