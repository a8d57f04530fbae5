// The layers of chapter 5 (the book's common/layers.py and ch05/layer_naive.py):
// each one computes its output in forward(), keeps what backward() will need,
// and in backward() turns the gradient from above into gradients for its inputs.
import { learnerMessages } from "./answer-key/course-language";
import { deferredDotABT } from "./deferred-array";
import { libmExp } from "./engine/glibc-exp";
import { crossEntropyError, oneHotToLabels, softmax } from "./functions";
import { dot, dotABT, dotATB, NDArray } from "./ndarray";
import { shapeText } from "./util";

/** out = x * y. Its backward swaps the inputs: d(out)/dx = y, d(out)/dy = x. */
export class MulLayer {
  x: number | null = null;
  y: number | null = null;

  forward(x: number, y: number): number {
    this.x = x;
    this.y = y;
    return x * y;
  }

  backward(dout: number): [dx: number, dy: number] {
    if (this.x === null || this.y === null) throw new Error(learnerMessages().forwardFirst("MulLayer", "forward(x, y)"));
    return [dout * this.y, dout * this.x];
  }
}

/** out = x + y. Its backward passes the gradient on unchanged to both inputs. */
export class AddLayer {
  forward(x: number, y: number): number {
    return x + y;
  }

  backward(dout: number): [dx: number, dy: number] {
    return [dout * 1, dout * 1];
  }
}

/**
 * An activation's backward takes the gradient of its own output, which has
 * the shape of its forward input. Another shape means that it was given the
 * gradient of another layer: the Relu of another layer, or layers visited
 * in the wrong order.
 */
function checkOwnGradient(layer: string, dout: NDArray, kept: NDArray): void {
  if (shapeText(dout.shape) === shapeText(kept.shape)) return;
  throw new RangeError(learnerMessages().notItsGradient(layer, shapeText(dout.shape), shapeText(kept.shape)));
}

/** max(0, x). `mask` remembers where x <= 0: no signal went forward there, so none goes back. */
export class Relu {
  mask: NDArray | null = null;

  forward(x: NDArray): NDArray {
    if (x.data instanceof Float64Array && x.dtype === "float64") return this.forwardFloat64(x.data, x.shape);
    this.mask = x.le(0);
    return x.copy().putmask(this.mask, 0);
  }

  /**
   * The same as above in one pass, for float64 (every layer's output): the mask
   * is x <= 0, and max(x, 0) is x where it is not (NaN included) and +0 where it is.
   */
  private forwardFloat64(x: Float64Array, shape: readonly number[]): NDArray {
    const mask = new Float64Array(x.length);
    const out = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      mask[i] = +(v <= 0);
      out[i] = Math.max(v, 0);
    }
    this.mask = new NDArray(mask, shape, "bool");
    return new NDArray(out, shape, "float64");
  }

  /** Unlike the book, dout is not changed in place: the caller may still need it. */
  backward(dout: NDArray): NDArray {
    if (this.mask === null) throw new Error(learnerMessages().forwardFirst("Relu", "forward(x)"));
    checkOwnGradient("Relu", dout, this.mask);
    return dout.copy().putmask(this.mask, 0);
  }
}

/** 1 / (1 + e^-x). `out` is kept because the derivative is out * (1 - out). */
export class Sigmoid {
  out: NDArray | null = null;

  forward(x: NDArray): NDArray {
    this.out = x.map((v) => 1 / (1 + libmExp(-v)), "float64");
    return this.out;
  }

  backward(dout: NDArray): NDArray {
    if (this.out === null) throw new Error(learnerMessages().forwardFirst("Sigmoid", "forward(x)"));
    checkOwnGradient("Sigmoid", dout, this.out);
    return dout.mul(this.out.map((o) => 1 - o)).mul(this.out);
  }
}

/**
 * out = x·W + b. In a batch the same b is added to every row, so its gradient
 * db sums dout over the rows; dW = xᵀ·dout and dx = dout·Wᵀ.
 */
export class Affine {
  W: NDArray;
  b: NDArray;
  x: NDArray | null = null;
  dW: NDArray | null = null;
  db: NDArray | null = null;
  /** The shape of an input with more than two axes (images), restored for dx. */
  private originalXShape: readonly number[] | null = null;

  constructor(W: NDArray, b: NDArray) {
    this.W = W;
    this.b = b;
  }

  forward(x: NDArray): NDArray {
    this.originalXShape = x.shape;
    this.x = x.ndim > 2 ? x.reshape(x.shape[0], -1) : x;
    if (this.x.shape[this.x.ndim - 1] !== this.W.shape[0]) {
      throw new RangeError(learnerMessages().affineInput(shapeText(x.shape), shapeText(this.W.shape), this.W.shape[0]));
    }
    const out = dot(this.x, this.W);
    // b added to each row where the product is (no second array), when that gives add()'s type and shape.
    const inPlace = out.dtype === "float64" && this.b.dtype === "float64" && this.b.ndim === 1 && out.ndim === 2;
    return inPlace && this.b.size === out.shape[1] ? out.iadd(this.b) : out.add(this.b);
  }

  backward(dout: NDArray): NDArray {
    this.backwardParams(dout);
    const inputShape = this.originalXShape && this.originalXShape.length > 2 ? this.originalXShape : null;
    // A large dx is computed when first read: a network's first layer gets the gradient of the images, which nobody reads.
    const deferred = deferredDotABT(dout, this.W, inputShape ?? [dout.shape[0], this.W.shape[0]]);
    if (deferred) return deferred;
    const dx = dotABT(dout, this.W); // dout·Wᵀ, without copying W into Wᵀ
    return inputShape ? dx.reshape(inputShape) : dx;
  }

  /** dW and db only: the first layer of a network needs no dx, and skipping it saves a matrix product. */
  backwardParams(dout: NDArray): void {
    if (this.x === null) throw new Error(learnerMessages().forwardFirst("Affine", "forward(x)"));
    const x2d = this.x.ndim === 1 ? this.x.reshape(1, this.x.size) : this.x;
    const dout2d = dout.ndim === 1 ? dout.reshape(1, dout.size) : dout;
    this.dW = dotATB(x2d, dout2d); // xᵀ·dout, without copying x into xᵀ
    this.db = dout2d.sum(0);
  }
}

/**
 * Softmax followed by the cross-entropy loss. Together their gradient is simply
 * (y - t) / batch_size, which is why the book joins them in one layer.
 */
export class SoftmaxWithLoss {
  loss: number | null = null;
  /** The softmax output (probabilities). */
  y: NDArray | null = null;
  /** The targets: one-hot rows or class labels. */
  t: NDArray | null = null;

  forward(x: NDArray, t: NDArray): number {
    checkScores(x.data);
    this.t = t;
    this.y = softmax(x);
    this.loss = crossEntropyError(this.y, t);
    return this.loss;
  }

  /** dout is 1 for the loss itself; a 1-D input counts as a batch of one sample. */
  backward(dout = 1): NDArray {
    if (this.y === null || this.t === null) throw new Error(learnerMessages().forwardFirst("SoftmaxWithLoss", "forward(x, t)"));
    const classes = this.y.shape[this.y.ndim - 1];
    const batchSize = this.y.size / classes;
    if (this.t.size === this.y.size) return this.y.sub(this.t.reshape(this.y.shape)).mul(dout).div(batchSize);
    // Class labels instead of one-hot rows: subtract 1 at each row's true class.
    const labels = oneHotToLabels(this.t, batchSize, classes);
    const dx = this.y.copy();
    for (let r = 0; r < batchSize; r++) dx.data[r * classes + labels[r]] -= 1;
    return dx.mul(dout).div(batchSize);
  }
}

/** SoftmaxWithLoss's check of its input: every score a finite number. */
export function checkScores(scores: ArrayLike<number>): void {
  for (let i = 0; i < scores.length; i++) {
    if (!Number.isFinite(scores[i])) {
      throw new RangeError(learnerMessages().scoresNotFinite);
    }
  }
}
