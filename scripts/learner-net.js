// A network written as a learner writes it in lesson 237 (and 238 for three
// layers): the library's layers in a Map, and predict, loss, accuracy and
// gradient by hand, layer by layer, as the book's two_layer_net.py. train()
// cannot take the library's fused path for it (it is not a MultiLayerNet), so
// `npm run bench -- --learner` measures what a learner's own network costs.
"use strict";
const { Affine, SoftmaxWithLoss, zeros } = require("dlfs");

class LearnerNet {
  /**
   * @param {number[]} sizes input, hidden…, output
   * @param {new () => { forward(x: unknown): unknown; backward(d: unknown): unknown }} activation
   * @param {{ randn(...shape: number[]): { mul(x: number): unknown } }} rng
   */
  constructor(sizes, activation, rng, weightInitStd = 0.01) {
    this.params = {};
    this.layers = new Map();
    this.lastLayer = new SoftmaxWithLoss();
    for (let i = 1; i < sizes.length; i++) {
      this.params[`W${i}`] = rng.randn(sizes[i - 1], sizes[i]).mul(weightInitStd);
      this.params[`b${i}`] = zeros(sizes[i]);
    }
    for (let i = 1; i < sizes.length; i++) {
      this.layers.set(`Affine${i}`, new Affine(this.params[`W${i}`], this.params[`b${i}`]));
      if (i < sizes.length - 1) this.layers.set(`${activation.name}${i}`, new activation());
    }
  }

  predict(x) {
    let out = x;
    for (const layer of this.layers.values()) out = layer.forward(out);
    return out;
  }

  loss(x, t) {
    return this.lastLayer.forward(this.predict(x), t);
  }

  accuracy(x, t) {
    const predicted = this.predict(x).argmax(1);
    const truth = t.ndim !== 1 ? t.argmax(1) : t;
    return predicted.eq(truth).sum() / x.shape[0];
  }

  gradient(x, t) {
    this.loss(x, t);
    let dout = this.lastLayer.backward(1);
    for (const layer of [...this.layers.values()].reverse()) dout = layer.backward(dout);
    const grads = {};
    for (const [name, layer] of this.layers) {
      if (!(layer instanceof Affine)) continue;
      const index = name.slice("Affine".length);
      grads[`W${index}`] = layer.dW;
      grads[`b${index}`] = layer.db;
    }
    return grads;
  }
}

module.exports = { LearnerNet };
