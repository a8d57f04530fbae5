// The fast path of the book's networks. nets.ts and layers.ts are the book's
// code: a network is its layer objects, run one after another, each making
// new arrays. Here a network built of the library's own layers is read into
// one plan of its matrix products (which Affine layers, in which order, with
// their W and b, and the activations after each), and two passes run that
// plan on buffers of their own in the WebAssembly heap, with the same
// arithmetic in the same order as the layer objects, so the results are the
// same bit for bit (test/lib/nets.test.ts and train.test.ts compare them):
//
// - fusedCorrectCount: MultiLayerNet.accuracy()'s count of right answers, a
//   slice of rows at a time through two buffers reused for every slice;
// - fusedTrainingStep: train()'s SGD update, reusing every buffer from one
//   iteration to the next. Through the layers an update makes a dozen new
//   arrays (each a fresh block of memory to clear, W1's gradient alone
//   313 KB); here it makes none, and the bias add, Relu and its mask are
//   done by the product's kernel as it stores each value.
//
// A network with anything else in it has no plan and goes through its
// layers, as the book: a layer of the learner's own, a subclass that
// overrides one of a layer's methods, or a layer recorded for a graph
// (graph.track() puts recording versions of forward and backward on the
// layer object itself).
import { crossEntropyOfLabels, oneHotToLabels, softmaxRows } from "./functions";
import { Affine, checkScores, Relu, Sigmoid, SoftmaxWithLoss } from "./layers";
import { NDArray } from "./ndarray";
import { libmExp } from "./engine/glibc-exp";
import { heapArray } from "./engine/wasm-runtime";
import { affineInto, allFinite, type FloatArray, matmulTransA, matmulTransB } from "./engine/matmul";
import { argmaxOf } from "./engine/reductions";
import { subtractScaled } from "./engine/subtract-scaled";

/**
 * Each parameter replaced by an array of the same values in the WebAssembly
 * heap: the products then read a weight matrix where
 * it is instead of copying it in at every product, and SGD updates it there
 * in place. For the library's networks, before their layers take the arrays.
 */
export function moveToWasmHeap(params: Record<string, NDArray>): void {
  for (const key of Object.keys(params)) {
    const values = params[key];
    const data = heapArray("float64", values.size);
    data.set(values.data);
    params[key] = new NDArray(data, values.shape, values.dtype);
  }
}

// ---- the plan ---------------------------------------------------------------------

type Activation = "relu" | "sigmoid";

/** An Affine layer's product x·W + b (W is k×n), and the activation layers right after it, in order. */
interface Product {
  readonly W: NDArray;
  readonly b: NDArray;
  readonly k: number;
  readonly n: number;
  readonly activations: Activation[];
}

/**
 * The layers, in order, as their products: when every layer is the library's
 * Affine, Relu or Sigmoid running its class's own methods, the first and the
 * last are Affine, and each Affine's W and b are float64 and fit its input
 * (`inputWidth` values per row for the first). Null for anything else.
 */
function readProducts(layers: ReadonlyMap<string, unknown>, inputWidth: number): Product[] | null {
  const products: Product[] = [];
  let width = inputWidth;
  for (const layer of layers.values()) {
    if (runsOwnMethods(layer, Affine)) {
      const { W, b } = layer;
      const fits = W.ndim === 2 && W.shape[0] === width && b.ndim === 1 && b.size === W.shape[1];
      if (!fits || W.dtype !== "float64" || b.dtype !== "float64") return null;
      products.push({ W, b, k: W.shape[0], n: W.shape[1], activations: [] });
      width = W.shape[1];
    } else if (runsOwnMethods(layer, Relu) || runsOwnMethods(layer, Sigmoid)) {
      // An activation first would change x itself (the passes apply activations in place).
      if (products.length === 0) return null;
      products[products.length - 1].activations.push(layer instanceof Relu ? "relu" : "sigmoid");
    } else return null;
  }
  const last = products[products.length - 1];
  return last !== undefined && last.activations.length === 0 ? products : null;
}

/**
 * Whether `layer` is an object of `type` (or of a class that extends it)
 * whose methods are all `type`'s own: none overridden by a subclass, none
 * put on the object itself (as graph.track() does to record the calls).
 */
function runsOwnMethods<T extends object>(layer: unknown, type: abstract new (...args: never[]) => T): layer is T {
  if (!(layer instanceof type)) return false;
  const { prototype } = type as { prototype: object };
  return Object.entries(Object.getOwnPropertyDescriptors(prototype)).every(
    ([name, descriptor]) =>
      name === "constructor" || typeof descriptor.value !== "function" || Reflect.get(layer, name) === descriptor.value,
  );
}

/** The weights of every product hold no inf or NaN: the products may then skip the zeros of their inputs (0·inf is NaN). */
function weightsAllFinite(products: readonly Product[]): boolean {
  return products.every((product) => allFinite(product.W.data));
}

/** An activation's forward, in place: Relu's max(v, 0) (+0 for v <= 0), Sigmoid's 1 / (1 + e^-v). */
function activateInPlace(activation: Activation, values: FloatArray): void {
  if (activation === "relu") for (let i = 0; i < values.length; i++) values[i] = Math.max(values[i], 0);
  else for (let i = 0; i < values.length; i++) values[i] = 1 / (1 + libmExp(-values[i]));
}

// ---- accuracy ---------------------------------------------------------------------

/** Rows per slice in the accuracy pass: their layer outputs fit in the processor's cache. */
const ACCURACY_ROWS = 500;

/**
 * How many rows of x the network's scores rank their label first (argmax
 * taking the first of equal scores), with the same arithmetic as predict(),
 * a slice of rows at a time through two buffers in the WebAssembly heap that
 * are reused: no array per slice and layer, and each product reads its input
 * where the one before wrote it. Null when the layers have no plan or x is
 * not a 2-D batch of numbers: then the caller goes through predict().
 */
export function fusedCorrectCount(layers: ReadonlyMap<string, unknown>, x: NDArray, labels: NDArray): number | null {
  if (x.ndim !== 2 || x.dtype === "bool") return null;
  const products = readProducts(layers, x.shape[1]);
  if (!products) return null;
  const [rows, cols] = x.shape;
  const widest = Math.max(...products.map((product) => product.n));
  const buffers = [heapArray("float64", ACCURACY_ROWS * widest), heapArray("float64", ACCURACY_ROWS * widest)];
  // Checked once, not by every slice's products.
  const weightsFinite = weightsAllFinite(products);
  let correct = 0;
  for (let start = 0; start < rows; start += ACCURACY_ROWS) {
    const count = Math.min(ACCURACY_ROWS, rows - start);
    let input: FloatArray = x.data.subarray(start * cols, (start + count) * cols);
    let width = cols;
    let next = 0;
    for (const { W, b, k, n, activations } of products) {
      const out = buffers[next].subarray(0, count * n) as Float64Array;
      // A Relu right after the product is applied by its kernel, as the values are stored.
      const relu = activations[0] === "relu";
      affineInto(input, W.data as Float64Array, b.data as Float64Array, count, k, n, out, relu, null, weightsFinite);
      for (let a = relu ? 1 : 0; a < activations.length; a++) activateInPlace(activations[a], out);
      input = out;
      width = n;
      next = 1 - next;
    }
    for (let r = 0; r < count; r++) if (argmaxOf(input, r * width, width, 1) === labels.data[start + r]) correct++;
  }
  return correct;
}

// ---- training ---------------------------------------------------------------------

/** What fusedTrainingStep reads of a network: its parameters, its layers in order and its loss layer. */
export interface PlannedNetwork {
  readonly params: Readonly<Record<string, NDArray>>;
  readonly layers: ReadonlyMap<string, unknown>;
  readonly lastLayer: unknown;
}

/** A product's arrays for training: the plan's W and b, its output (after the activation), its gradient, dW and db. */
interface TrainingLayer {
  W: Float64Array;
  b: Float64Array;
  /** Inputs and outputs per row. */
  k: number;
  n: number;
  /** The activation after it: none for the last layer. */
  activation: Activation | null;
  out: Float64Array;
  /** Relu's mask: all bits set where the output was <= 0, else 0 (affineInto's mask). */
  mask: Float64Array;
  /** The mask and the gradient as 32-bit words, for clearing gradients without a branch per value. */
  maskWords: Int32Array;
  dOutWords: Int32Array;
  dOut: Float64Array;
  dW: Float64Array;
  db: Float64Array;
}

/** An SGD update on the batch arrays, returning the loss after it. */
export type TrainingStep = (learningRate: number) => number;

/**
 * train()'s update for `net` on the batch arrays `x` and `t` (refilled by
 * the caller before each call): MultiLayerNet's gradient(), params -=
 * learningRate · grad, and the loss after the update. The caller checks
 * that `net` is a MultiLayerNet whose gradient, loss and predict are its
 * class's own. Null unless its layers have a plan in which one activation
 * follows each Affine but the last, its loss layer is the library's
 * SoftmaxWithLoss, its params are exactly the plan's W and b (W1, b1, W2, …)
 * and x is a 2-D float batch: train() then goes through the layers.
 *
 * The layer objects are not used on this path, so what they keep (Affine's
 * x and dW, Relu's mask) is not updated by train(); the parameters are.
 */
export function fusedTrainingStep(net: PlannedNetwork, x: NDArray, t: NDArray): TrainingStep | null {
  const layers = trainingLayers(net, x);
  if (!layers) return null;
  const rows = x.shape[0];
  const last = layers[layers.length - 1];
  const classes = last.n;
  const probabilities = new Float64Array(rows * classes);
  const labels = new Int32Array(rows);
  const oneHot = t.size === rows * classes;
  // Whether every weight is finite, so that the products may skip the zeros of their
  // inputs without a look at W first (0·inf is NaN): checked once here, then told by each update.
  let weightsFinite = layers.every((layer) => allFinite(layer.W));

  const forward = (): number => {
    let input: FloatArray = x.data;
    for (const layer of layers) {
      const relu = layer.activation === "relu";
      const mask = relu ? layer.mask : null;
      affineInto(input, layer.W, layer.b, rows, layer.k, layer.n, layer.out, relu, mask, weightsFinite);
      if (layer.activation === "sigmoid") activateInPlace("sigmoid", layer.out);
      input = layer.out;
    }
    checkScores(last.out);
    softmaxRows(last.out, probabilities, rows, classes);
    return crossEntropyOfLabels(probabilities, labels, classes);
  };

  return (learningRate) => {
    labels.set(oneHotToLabels(t, rows, classes)); // the batch's, for both losses
    forward();
    // SoftmaxWithLoss.backward(1): (y - t) * 1 / batch, or y with 1 taken from each true class.
    const dScores = last.dOut;
    if (oneHot) for (let i = 0; i < dScores.length; i++) dScores[i] = ((probabilities[i] - t.data[i]) * 1) / rows;
    else {
      dScores.set(probabilities);
      for (let r = 0; r < rows; r++) dScores[r * classes + labels[r]] -= 1;
      for (let i = 0; i < dScores.length; i++) dScores[i] = (dScores[i] * 1) / rows;
    }
    for (let i = layers.length - 1; i >= 0; i--) {
      const layer = layers[i];
      const input = i > 0 ? layers[i - 1].out : x.data;
      matmulTransA(input, layer.dOut, rows, layer.k, layer.n, layer.dW); // dW = xᵀ·dout
      sumRows(layer.dOut, rows, layer.n, layer.db); // db = dout.sum(0)
      if (i > 0) {
        // dx = dout·Wᵀ, then through the activation before this layer.
        const before = layers[i - 1];
        matmulTransB(layer.dOut, layer.W, rows, layer.n, layer.k, before.dOut, weightsFinite);
        activationBackward(before);
      }
    }
    // p -= learningRate · grad, as train()'s update.
    weightsFinite = true;
    for (const layer of layers) {
      weightsFinite = subtractScaled(layer.W, layer.dW, learningRate) && weightsFinite;
      subtractScaled(layer.b, layer.db, learningRate);
    }
    return forward();
  };
}

/** The plan's products with their training buffers, or null (see fusedTrainingStep). */
function trainingLayers(net: PlannedNetwork, x: NDArray): TrainingLayer[] | null {
  if (!runsOwnMethods(net.lastLayer, SoftmaxWithLoss)) return null;
  if (x.ndim !== 2 || (x.dtype !== "float32" && x.dtype !== "float64")) return null;
  const products = readProducts(net.layers, x.shape[1]);
  if (!products) return null;
  const oneActivationEach = products.every((product, i) => product.activations.length === (i < products.length - 1 ? 1 : 0));
  const paramsAreThePlans =
    Object.keys(net.params).length === 2 * products.length &&
    products.every((product, i) => net.params[`W${i + 1}`] === product.W && net.params[`b${i + 1}`] === product.b);
  if (!oneActivationEach || !paramsAreThePlans) return null;
  const rows = x.shape[0];
  return products.map(({ W, b, k, n, activations }) => {
    const mask = heapArray("float64", rows * n) as Float64Array;
    const dOut = heapArray("float64", rows * n) as Float64Array;
    return {
      W: W.data as Float64Array,
      b: b.data as Float64Array,
      k,
      n,
      activation: activations[0] ?? null,
      out: heapArray("float64", rows * n) as Float64Array,
      mask,
      maskWords: new Int32Array(mask.buffer, mask.byteOffset, 2 * mask.length),
      dOut,
      dOutWords: new Int32Array(dOut.buffer, dOut.byteOffset, 2 * dOut.length),
      dW: heapArray("float64", k * n) as Float64Array,
      db: heapArray("float64", n) as Float64Array,
    };
  });
}

/** The gradient through `layer`'s activation, in place: Relu's +0 where masked, Sigmoid's dout · (1 - out) · out. */
function activationBackward(layer: TrainingLayer): void {
  const { dOut, out, maskWords, dOutWords } = layer;
  if (layer.activation === "relu") {
    // Both halves of a masked double cleared: +0, as Relu's putmask.
    for (let w = 0; w < dOutWords.length; w++) dOutWords[w] &= ~maskWords[w];
  } else if (layer.activation === "sigmoid") {
    for (let i = 0; i < dOut.length; i++) dOut[i] = dOut[i] * (1 - out[i]) * out[i];
  }
}

/** db = dout.sum(0): each column's values added row after row from 0. */
function sumRows(values: Float64Array, rows: number, n: number, into: Float64Array): void {
  into.fill(0);
  for (let r = 0, i = 0; r < rows; r++) for (let j = 0; j < n; j++, i++) into[j] += values[i];
}
