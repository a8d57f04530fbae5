// The activation and loss functions of chapters 3–4 (the book's common/functions.py),
// with NumPy's exp and log (glibc's, emulated bit for bit) and its order of additions.
import { libmExp } from "./engine/glibc-exp";
import { libmLog } from "./engine/glibc-log";
import { contiguousSum } from "./engine/reductions";
import { NDArray } from "./ndarray";
import { shapeText } from "./util";

/** 1 / (1 + e^-x), element-wise. */
export function sigmoid(x: number): number;
export function sigmoid(x: NDArray): NDArray;
export function sigmoid(x: NDArray | number): NDArray | number {
  const f = (v: number): number => 1 / (1 + libmExp(-v));
  return x instanceof NDArray ? x.map(f, "float64") : f(Number(x));
}

/** max(0, x), element-wise, as the book's np.maximum(0, x): NaN stays NaN, and -0 stays -0 (the second of two equal values). */
export function relu(x: number): number;
export function relu(x: NDArray): NDArray;
export function relu(x: NDArray | number): NDArray | number {
  const f = (v: number): number => (0 > v ? 0 : v);
  return x instanceof NDArray ? x.map(f, x.dtype === "bool" ? "int64" : x.dtype) : f(Number(x));
}

/**
 * Softmax of a vector, or of each row of a batch. Subtracting the row's
 * largest value first keeps exp() from overflowing and does not change the result.
 */
export function softmax(x: NDArray): NDArray {
  if (x.ndim !== 1 && x.ndim !== 2) {
    throw new RangeError(`softmax: expected a vector or a batch of rows (1-D or 2-D), got shape ${shapeText(x.shape)}`);
  }
  const cols = x.shape[x.ndim - 1];
  const out = new Float64Array(x.size);
  softmaxRows(x.data, out, x.size / Math.max(cols, 1), cols);
  return new NDArray(out, x.shape, "float64");
}

/**
 * softmax() of each of `rows` rows of `cols` values, from `src` into `out`, as
 * the book's NumPy code computes it: exp(x - max) / the row's sum of them,
 * which NumPy adds pairwise (the book sums over axis 0 of x.T, the row in memory).
 */
export function softmaxRows(src: ArrayLike<number>, out: Float64Array, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const start = r * cols;
    let max = -Infinity;
    for (let j = 0; j < cols; j++) if (src[start + j] > max) max = src[start + j];
    for (let j = 0; j < cols; j++) out[start + j] = libmExp(src[start + j] - max);
    const total = contiguousSum(out, start, cols, false);
    for (let j = 0; j < cols; j++) out[start + j] /= total;
  }
}

/**
 * Cross-entropy error averaged over the batch. `t` holds one-hot rows or class
 * labels. The tiny delta keeps log(0) = -inf away when a probability is 0.
 */
export function crossEntropyError(y: NDArray, t: NDArray): number {
  const batch = y.ndim === 1 ? y.reshape(1, y.size) : y;
  const classes = batch.shape[1];
  const rows = batch.shape[0];
  return crossEntropyOfLabels(batch.data, oneHotToLabels(t, rows, classes), classes);
}

/**
 * crossEntropyError() of rows of probabilities `y` (`classes` each) and their
 * class labels: the logs added as np.sum adds them (pairwise).
 */
export function crossEntropyOfLabels(y: ArrayLike<number>, labels: Int32Array, classes: number): number {
  const rows = labels.length;
  const delta = 1e-7;
  const logs = new Float64Array(rows);
  for (let r = 0; r < rows; r++) logs[r] = libmLog(y[r * classes + labels[r]] + delta);
  return -contiguousSum(logs, 0, rows, false) / rows;
}

/** Class labels of a batch, from one-hot rows (their argmax) or from labels already. */
export function oneHotToLabels(t: NDArray, rows: number, classes: number): Int32Array {
  const labels = new Int32Array(rows);
  if (t.size === rows * classes && classes > 1) {
    for (let r = 0; r < rows; r++) {
      let best = 0;
      for (let j = 1; j < classes; j++) if (t.data[r * classes + j] > t.data[r * classes + best]) best = j;
      labels[r] = best;
    }
    return labels;
  }
  if (t.size !== rows) {
    throw new RangeError(
      `the targets t must be one-hot rows of shape (${rows}, ${classes}) or ${rows} class labels, got shape ${shapeText(t.shape)}`,
    );
  }
  for (let r = 0; r < rows; r++) {
    const label = t.data[r];
    if (!Number.isInteger(label) || label < 0 || label >= classes) {
      throw new RangeError(`class label ${label} at position ${r} is not a whole number from 0 to ${classes - 1}`);
    }
    labels[r] = label;
  }
  return labels;
}
