// Lesson 230, the SoftmaxWithLoss class: mistakes in its backward and in its softmax.
import type { Mistake } from "../support/mistakes";

export const mistakes: Mistake[] = [
  {
    name: "backward without dividing by the batch size",
    edit: { find: "return this.y.sub(this.t).mul(dout).div(batchSize);", replace: "return this.y.sub(this.t).mul(dout);" },
    failing: ["batchDx"],
    hint: /did not divide by the batch size/,
  },
  {
    name: "backward dividing by the number of classes",
    edit: {
      find: "const batchSize = this.y.ndim === 1 ? 1 : this.y.shape[0];",
      replace: "const batchSize = this.y.shape[this.y.ndim - 1];",
    },
    failing: ["batchDx"],
    hint: /divided by the number of classes \(10\), not by the batch size/,
  },
  {
    name: "t - y instead of y - t",
    edit: { find: "return this.y.sub(this.t)", replace: "return this.t.sub(this.y)" },
    failing: ["dx", "batchDx"],
    hint: /sign is reversed/,
  },
  {
    name: "the notes' softmax, normalised over the whole batch",
    edit: {
      find: "this.y = softmax(x);",
      replace: "const e = x.sub(x.max() as number).exp();\n    this.y = e.div(e.sum() as number);",
    },
    failing: ["batchLoss", "batchDx"],
    hint: /normalised over the whole batch/,
  },
];
