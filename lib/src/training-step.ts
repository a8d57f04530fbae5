// One SGD update of a network built from the library's own layers, as train()
// runs it: MultiLayerNet's gradient(), params -= learningRate · grad, and the
// loss after the update, with the same arithmetic in the same order as the
// layer objects (train.test.ts compares the two histories), but on buffers
// that are reused from one iteration to the next. Through the layers an
// update makes a dozen new arrays (each a fresh block of memory to clear,
// W1's gradient alone 313 KB); here it makes none, the products read and
// write the kernels' memory where the arrays are, and the bias add, Relu and
// its mask are done by the product's kernel as it stores each value.
//
// The layer objects are not used on this path, so what they cache (Affine's
// x and dW, Relu's mask) is not updated by train(); the parameters are.
import { crossEntropyOfLabels, oneHotToLabels, softmaxRows } from "./functions";
import { libmExp } from "./internal/glibc-exp";
import { residentArray } from "./internal/kernel-runtime";
import { affineInto, allFinite, type FloatArray, matmulTransA, matmulTransB } from "./internal/matmul";
import { subtractScaled } from "./internal/subtract-scaled";
import { Affine, checkScores, isLibraryLayer, Relu, Sigmoid, SoftmaxWithLoss } from "./layers";
import type { NDArray } from "./ndarray";
import { MultiLayerNet } from "./nets";

/** An Affine layer's parameters and its buffers: output (then activation), its gradient, dW and db. */
interface AffineStep {
  W: Float64Array;
  b: Float64Array;
  /** Inputs and outputs per row. */
  k: number;
  n: number;
  /** The activation after it: none for the last layer. */
  activation: "relu" | "sigmoid" | null;
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

/** An SGD update on the batch arrays, returning the loss after it; null if the network is not one this path knows. */
export type TrainingStep = (learningRate: number) => number;

/**
 * The update for `net` on the batch arrays `x` and `t` (refilled by the
 * caller before each call), or null when `net` is anything but a
 * MultiLayerNet of the library's Affine, Relu or Sigmoid and SoftmaxWithLoss
 * with float64 parameters shared with `params` (a subclass that overrides a
 * method, a layer of the learner's own, a layer being recorded for a graph):
 * train() then goes through the layers.
 */
export function trainingStep(net: unknown, x: NDArray, t: NDArray): TrainingStep | null {
  const layers = plan(net, x);
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
      if (layer.activation === "sigmoid") sigmoidInPlace(layer.out);
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

/** The layers as AffineSteps, or null (see trainingStep). */
function plan(net: unknown, x: NDArray): AffineStep[] | null {
  if (!(net instanceof MultiLayerNet)) return null;
  const own = MultiLayerNet.prototype;
  if (net.gradient !== own.gradient || net.loss !== own.loss || net.predict !== own.predict) return null;
  if (!isLibraryLayer(net.lastLayer, SoftmaxWithLoss)) return null;
  if (x.ndim !== 2 || (x.dtype !== "float32" && x.dtype !== "float64")) return null;
  const rows = x.shape[0];
  const steps: AffineStep[] = [];
  let width = x.shape[1];
  let expectAffine = true;
  for (const layer of net.layers.values()) {
    if (isLibraryLayer(layer, Affine)) {
      if (!expectAffine) return null;
      const { W, b } = layer;
      const fits = W.ndim === 2 && W.shape[0] === width && b.ndim === 1 && b.size === W.shape[1];
      if (!fits || W.dtype !== "float64" || b.dtype !== "float64") return null;
      const index = steps.length + 1;
      if (net.params[`W${index}`] !== W || net.params[`b${index}`] !== b) return null;
      const [k, n] = W.shape;
      const mask = residentArray("float64", rows * n) as Float64Array;
      const dOut = residentArray("float64", rows * n) as Float64Array;
      steps.push({
        W: W.data as Float64Array,
        b: b.data as Float64Array,
        k,
        n,
        activation: null,
        out: residentArray("float64", rows * n) as Float64Array,
        mask,
        maskWords: new Int32Array(mask.buffer, mask.byteOffset, 2 * mask.length),
        dOut,
        dOutWords: new Int32Array(dOut.buffer, dOut.byteOffset, 2 * dOut.length),
        dW: residentArray("float64", k * n) as Float64Array,
        db: residentArray("float64", n) as Float64Array,
      });
      width = n;
      expectAffine = false;
    } else if (isLibraryLayer(layer, Relu) || isLibraryLayer(layer, Sigmoid)) {
      if (expectAffine) return null;
      steps[steps.length - 1].activation = layer instanceof Relu ? "relu" : "sigmoid";
      expectAffine = true;
    } else return null;
  }
  const paramsMatch = Object.keys(net.params).length === 2 * steps.length;
  return steps.length > 0 && !expectAffine && paramsMatch ? steps : null;
}

/** Sigmoid's 1 / (1 + e^-v), in place. */
function sigmoidInPlace(out: Float64Array): void {
  for (let i = 0; i < out.length; i++) out[i] = 1 / (1 + libmExp(-out[i]));
}

/** The gradient through `layer`'s activation, in place: Relu's +0 where masked, Sigmoid's dout · (1 - out) · out. */
function activationBackward(layer: AffineStep): void {
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
