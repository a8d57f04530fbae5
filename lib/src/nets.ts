// The book's networks (ch05/two_layer_net.py and the course's three-layer
// version): parameters in `params`, layers in insertion order, the loss layer last.
import { gradientCheck, numericalGradient, type Gradients } from "./gradient";
import { libmExp } from "./internal/glibc-exp";
import { residentArray } from "./internal/kernel-runtime";
import { affineInto, allFinite, type FloatArray } from "./internal/matmul";
import { argmaxOf } from "./internal/reductions";
import { Affine, isLibraryLayer, Relu, Sigmoid, SoftmaxWithLoss } from "./layers";
import { NDArray } from "./ndarray";
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
      this.params[`W${i}`] = resident(rng.randn(sizes[i - 1], sizes[i]).mul(weightInitStd));
      this.params[`b${i}`] = resident(new NDArray(new Float64Array(sizes[i]), [sizes[i]]));
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
    const truth = t.ndim !== 1 ? t.argmax(1) : t;
    const plan = predictionPlan(this.layers, x);
    if (plan) return countCorrect(plan, x, truth.data) / x.shape[0];
    let correct = 0;
    // A slice of rows at a time: each row's scores are the same as in one big
    // pass, but the layers' outputs for 60,000 images are never all in memory.
    for (let start = 0; start < x.shape[0]; start += ACCURACY_ROWS) {
      const predicted = this.predict(rowSlice(x, start, start + ACCURACY_ROWS)).argmax(1);
      for (let i = 0; i < predicted.size; i++) if (predicted.data[i] === truth.data[start + i]) correct++;
    }
    return correct / x.shape[0];
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

/**
 * The same values in the kernels' memory: the products read a weight matrix
 * where it is, instead of copying it in at every product (SGD updates it in place).
 */
function resident(x: NDArray): NDArray {
  const data = residentArray("float64", x.size);
  data.set(x.data);
  return new NDArray(data, x.shape, x.dtype);
}

/** One step of a prediction: an Affine layer's W (k×n) and b, or an activation applied in place. */
type PlanStep = { W: Float64Array; b: Float64Array; k: number; n: number } | "relu" | "sigmoid";

/**
 * The layers as steps that accuracy() can run on buffers of its own, when
 * they are the library's Affine, Relu and Sigmoid (not recorded for a graph) with float64 parameters and
 * x is a 2-D batch that fits the first; null for anything else (a layer of
 * the learner's own), which goes through predict().
 */
function predictionPlan(layers: ReadonlyMap<string, Layer>, x: NDArray): PlanStep[] | null {
  if (x.ndim !== 2 || x.dtype === "bool") return null;
  const steps: PlanStep[] = [];
  let width = x.shape[1];
  for (const layer of layers.values()) {
    if (isLibraryLayer(layer, Relu)) steps.push("relu");
    else if (isLibraryLayer(layer, Sigmoid)) steps.push("sigmoid");
    else if (isLibraryLayer(layer, Affine)) {
      const { W, b } = layer;
      const fits = W.ndim === 2 && W.shape[0] === width && b.ndim === 1 && b.size === W.shape[1];
      if (!fits || W.dtype !== "float64" || b.dtype !== "float64") return null;
      steps.push({ W: W.data as Float64Array, b: b.data as Float64Array, k: W.shape[0], n: W.shape[1] });
      width = W.shape[1];
    } else return null;
  }
  // An activation first would change x itself (the steps work in place).
  return typeof steps[0] === "object" && typeof steps[steps.length - 1] === "object" ? steps : null;
}

/**
 * How many rows of x the plan's scores rank the true class first, with the
 * same arithmetic as predict() (the products, + b, Relu's +0 or 1 / (1 + e^-v),
 * argmax taking the first of equal scores), a slice of rows at a time through
 * two buffers in the kernels' memory that are reused: no array per slice and
 * layer, and each product reads its input where the one before wrote it.
 */
function countCorrect(plan: PlanStep[], x: NDArray, truth: FloatArray): number {
  const rows = x.shape[0];
  const cols = x.shape[1];
  const widest = Math.max(...plan.map((s) => (typeof s === "object" ? s.n : 0)));
  const buffers = [residentArray("float64", ACCURACY_ROWS * widest), residentArray("float64", ACCURACY_ROWS * widest)];
  // Checked once, not by every slice's products (they skip the zeros of their input only if W is finite).
  const weightsFinite = plan.every((step) => typeof step !== "object" || allFinite(step.W));
  let correct = 0;
  for (let start = 0; start < rows; start += ACCURACY_ROWS) {
    const count = Math.min(ACCURACY_ROWS, rows - start);
    let input: FloatArray = x.data.subarray(start * cols, (start + count) * cols);
    let width = cols;
    let next = 0;
    for (let s = 0; s < plan.length; s++) {
      const step = plan[s];
      if (step === "sigmoid") for (let i = 0; i < input.length; i++) input[i] = 1 / (1 + libmExp(-input[i]));
      else if (step === "relu") for (let i = 0; i < input.length; i++) input[i] = Math.max(input[i], 0);
      else {
        // A Relu after the product is applied by its kernel, as the values are stored.
        const relu = plan[s + 1] === "relu";
        const out = buffers[next].subarray(0, count * step.n) as Float64Array;
        affineInto(input, step.W, step.b, count, width, step.n, out, relu, null, weightsFinite);
        if (relu) s++;
        input = out;
        width = step.n;
        next = 1 - next;
      }
    }
    for (let r = 0; r < count; r++) if (argmaxOf(input, r * width, width, 1) === truth[start + r]) correct++;
  }
  return correct;
}

/** Rows per slice in accuracy(): their layer outputs fit in the processor's cache. */
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
