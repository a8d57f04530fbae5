// The book's networks (ch05/two_layer_net.py and the course's three-layer
// version): parameters in `params`, layers in insertion order, the loss layer last.
import { gradientCheck, numericalGradient, type Gradients } from "./gradient";
import { fusedCorrectCount, moveToWasmHeap } from "./fused-network";
import { Affine, Relu, SoftmaxWithLoss } from "./layers";
import { NDArray, zeros } from "./ndarray";
import { type RandomState, random as defaultRandom } from "./random";

/** A layer between the input and the loss: Affine, Relu, Sigmoid, or one of your own. */
export interface Layer {
  forward(x: NDArray): NDArray;
  backward(dout: NDArray): NDArray;
}

/** A layer class whose constructor takes nothing, used as the activation: Relu, Sigmoid, or one of your own. */
export type ActivationClass = new () => Layer;

export interface NetOptions {
  /** The activation layer after each hidden Affine layer, as a class: Relu (the default) or Sigmoid. */
  activation?: ActivationClass;
  /** The standard deviation of the initial weights (default 0.01, as the book). */
  weightInitStd?: number;
  /** Where the initial weights come from (default: the module-level `random`, like np.random). */
  rng?: RandomState;
}

/**
 * A fully connected network of any depth: Affine → activation → … → Affine →
 * SoftmaxWithLoss. `layers` is a Map, so forward runs in insertion order and
 * backward in the reverse order, as the book's OrderedDict.
 */
export class MultiLayerNet {
  readonly params: Record<string, NDArray> = {};
  readonly layers = new Map<string, Layer>();
  lastLayer = new SoftmaxWithLoss();
  readonly sizes: readonly number[];

  constructor(sizes: readonly number[], options: NetOptions = {}) {
    const { activation = Relu, weightInitStd = 0.01, rng = defaultRandom } = options;
    if (sizes.length < 2 || !sizes.every((n) => Number.isInteger(n) && n > 0)) {
      throw new RangeError(
        `a network needs at least an input and an output size, all whole numbers > 0; got [${sizes.join(", ")}]`,
      );
    }
    if (typeof activation !== "function") {
      throw new TypeError(
        `activation must be a layer class such as Relu or Sigmoid (the class itself, not a name), got ${JSON.stringify(activation)}`,
      );
    }
    this.sizes = [...sizes];
    const affineCount = sizes.length - 1;
    for (let i = 1; i <= affineCount; i++) {
      this.params[`W${i}`] = rng.randn(sizes[i - 1], sizes[i]).mul(weightInitStd);
      this.params[`b${i}`] = zeros(sizes[i]);
    }
    // The same values where the fast products read them without a copy (fused-network.ts).
    moveToWasmHeap(this.params);
    for (let i = 1; i <= affineCount; i++) {
      this.layers.set(`Affine${i}`, new Affine(this.params[`W${i}`], this.params[`b${i}`]));
      // One activation object per layer: each keeps its own mask or output.
      if (i < affineCount) this.layers.set(`${activation.name}${i}`, new activation());
    }
  }

  /** The scores (before softmax) for a batch of inputs. */
  predict(x: NDArray): NDArray {
    let out = x;
    for (const layer of this.layers.values()) out = layer.forward(out);
    return out;
  }

  loss(x: NDArray, t: NDArray): number {
    return this.lastLayer.forward(this.predict(x), t);
  }

  /** The fraction of inputs whose highest score is the true class. */
  accuracy(x: NDArray, t: NDArray): number {
    const labels = t.ndim !== 1 ? t.argmax(1) : t;
    // The library's own predict() and layers take a pass with the same count and no new arrays
    // (fused-network.ts); a subclass's own predict() is what decides, so it goes through it.
    const ownPredict = this.predict === MultiLayerNet.prototype.predict;
    const correct = (ownPredict ? fusedCorrectCount(this.layers, x, labels) : null) ?? this.correctCount(x, labels);
    return correct / x.shape[0];
  }

  /**
   * How many rows of x predict() ranks the true class first: np.sum(y == t).
   * A slice of rows at a time: each row's scores are the same as in one big
   * pass, but the layers' outputs for 60,000 images are never all in memory.
   */
  private correctCount(x: NDArray, labels: NDArray): number {
    let correct = 0;
    for (let start = 0; start < x.shape[0]; start += ACCURACY_ROWS) {
      const predicted = this.predict(rowSlice(x, start, start + ACCURACY_ROWS)).argmax(1);
      for (let i = 0; i < predicted.size; i++) if (predicted.data[i] === labels.data[start + i]) correct++;
    }
    return correct;
  }

  /** Gradients by numerical differentiation: simple but slow (two forward passes per weight). */
  numericalGradient(x: NDArray, t: NDArray): Gradients {
    const lossOf = (): number => this.loss(x, t);
    const grads: Gradients = {};
    for (const key of Object.keys(this.params)) grads[key] = numericalGradient(lossOf, this.params[key]);
    return grads;
  }

  /** Gradients by backpropagation: one forward and one backward pass. */
  gradient(x: NDArray, t: NDArray): Gradients {
    this.loss(x, t);
    let dout = this.lastLayer.backward(1);
    const layers = [...this.layers.values()].reverse();
    for (const layer of layers) {
      // Nobody reads the gradient with respect to the input images: skip that product.
      if (layer === layers[layers.length - 1] && layer instanceof Affine) layer.backwardParams(dout);
      else dout = layer.backward(dout);
    }
    const grads: Gradients = {};
    for (let i = 1; i < this.sizes.length; i++) {
      const affine = this.layers.get(`Affine${i}`) as Affine;
      grads[`W${i}`] = affine.dW as NDArray;
      grads[`b${i}`] = affine.db as NDArray;
    }
    return grads;
  }

  /** Mean absolute difference per parameter between the two ways of getting the gradient. */
  gradientCheck(x: NDArray, t: NDArray): Record<string, number> {
    return gradientCheck(this, x, t);
  }
}

/** Rows per slice in accuracy(): a few megabytes of layer outputs at a time. */
const ACCURACY_ROWS = 500;

/** Rows start … end-1 of x, sharing its memory (NumPy's x[start:end]). */
function rowSlice(x: NDArray, start: number, end: number): NDArray {
  const rows = x.shape[0];
  const stop = Math.min(end, rows);
  const rowSize = x.size / Math.max(rows, 1);
  return new NDArray(x.data.subarray(start * rowSize, stop * rowSize), [stop - start, ...x.shape.slice(1)], x.dtype);
}

/** The book's TwoLayerNet: input → Affine → activation → Affine → SoftmaxWithLoss. */
export class TwoLayerNet extends MultiLayerNet {
  constructor(inputSize: number, hiddenSize: number, outputSize: number, options: NetOptions = {}) {
    super([inputSize, hiddenSize, outputSize], options);
  }
}

/** The course's three-layer network (problem 238): two hidden layers, e.g. 784-50-30-10. */
export class ThreeLayerNet extends MultiLayerNet {
  constructor(inputSize: number, hiddenSize1: number, hiddenSize2: number, outputSize: number, options: NetOptions = {}) {
    super([inputSize, hiddenSize1, hiddenSize2, outputSize], options);
  }
}
