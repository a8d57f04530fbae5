// An array whose values are computed when they are first read: Affine's dx,
// the gradient of its input. A network's first layer gets the images as its
// input, and the gradient loop of a learner's network (the book's
// two_layer_net.py) computes their gradient and throws it away; it is the
// largest product of an update (dout is dense, so it skips no zeros). Deferred,
// it is never computed when nobody reads it.
//
// What is read is what an eager computation at the call would have given: the
// operands are copied at the call (dout and W; a learner's optimizer changes W
// in place before anyone reads dx) and the product is the same function on
// the same values. The array is an NDArray as any other: NDArray.prototype
// (so its constructor, instanceof, methods and printing are the same) and own
// properties data, shape and dtype in that order. Only `data` is first an
// accessor; its first read computes the values and makes `data` a plain data
// property, as a constructed array's. Arrays built by the constructor are not
// touched, so the hot paths that only ever see them keep their shape in V8.
import { promoteTypes } from "./dtypes";
import { type FloatArray, matmulTransB } from "./engine/matmul";
import { NDArray, type DType } from "./ndarray";
import { checkShape, sizeOf } from "./util";

/** Below this many multiply-adds dx is computed at once: deferring would save little, and a lesson's small arrays stay as they were. */
const DEFER_MIN_WORK = 1 << 16;

/** Whether large products are deferred; the grader turns it off, see setDeferredGradients. */
let deferring = true;

/**
 * Turn deferring on or off. The grader's answer channel turns it off before any
 * student code runs: it reads an answer's `data` only as a data property and runs no getter.
 */
export function setDeferredGradients(enabled: boolean): void {
  deferring = enabled;
}

/** The arrays not yet computed, and how to compute each. */
const pending = new WeakMap<object, () => FloatArray>();

/** A data property as the constructor's field makes it. */
function dataProperty(values: unknown): PropertyDescriptor {
  return { value: values, writable: true, enumerable: true, configurable: true };
}

/** The object holding the pending computation: `self`, or an object it inherits from (Object.create(dx)). */
function pendingOwner(self: object): object | null {
  for (let owner: object | null = self; owner !== null; owner = Reflect.getPrototypeOf(owner)) {
    if (pending.has(owner)) return owner;
  }
  return null;
}

/**
 * The getter of a deferred array's `data`: computes the values once and keeps
 * them as a plain data property. One function for every deferred array, so
 * that they share their V8 map.
 */
function deferredData(this: object): FloatArray {
  const owner = pendingOwner(this);
  const compute = owner && pending.get(owner);
  if (!owner || !compute) throw new TypeError("deferredData: not a deferred array");
  const values = compute();
  // A frozen array keeps its accessor, which from now on returns the values computed.
  if (Reflect.defineProperty(owner, "data", dataProperty(values))) pending.delete(owner);
  else pending.set(owner, () => values);
  return values;
}

/** `dx.data = values`, as on any array: the values replace the pending computation. */
function replaceDeferredData(this: object, values: unknown): void {
  const owner = pendingOwner(this) ?? this;
  if (Reflect.defineProperty(owner, "data", dataProperty(values))) pending.delete(owner);
}

/** An NDArray of `shape` and `dtype` whose values `compute` gives when first read (it must give sizeOf(shape) of them). */
function deferredArray(shape: readonly number[], dtype: DType, compute: () => FloatArray): NDArray {
  const array = Object.create(NDArray.prototype) as NDArray;
  Object.defineProperty(array, "data", { get: deferredData, set: replaceDeferredData, enumerable: true, configurable: true });
  Object.defineProperty(array, "shape", dataProperty(checkShape(shape)));
  Object.defineProperty(array, "dtype", dataProperty(dtype));
  pending.set(array, compute);
  return array;
}

/** Whether `array` is deferred and not yet computed (for tests). */
export function isPending(array: NDArray): boolean {
  return pending.has(array);
}

/** A copy of the values in storage of their own type (from the shared heap too: set() rather than slice()). */
function snapshot(values: FloatArray): FloatArray {
  const copy = values instanceof Float32Array ? new Float32Array(values.length) : new Float64Array(values.length);
  copy.set(values);
  return copy;
}

/**
 * dotABT(a, b) (np.dot(a, b.T)), reshaped to `shape`, computed when first
 * read, for a 2-D float a (m×k) and b (n×k) with m·n values in `shape` and at
 * least DEFER_MIN_WORK multiply-adds; null for anything else, which the caller
 * computes at once (with dotABT's errors). The same values as
 * dotABT(a, b).reshape(shape) at the call.
 */
export function deferredDotABT(a: NDArray, b: NDArray, shape: readonly number[]): NDArray | null {
  if (!deferring || a.ndim !== 2 || b.ndim !== 2) return null;
  const dtype = promoteTypes(a.dtype, b.dtype);
  if (dtype !== "float64" && dtype !== "float32") return null;
  const [m, k] = a.shape;
  const n = b.shape[0];
  if (b.shape[1] !== k || m * k * n < DEFER_MIN_WORK || sizeOf(shape) !== m * n) return null;
  const aValues = snapshot(a.data);
  const bValues = snapshot(b.data);
  // As dotABT: the product, then the NDArray constructor's conversion to the dtype's storage.
  return deferredArray(shape, dtype, () => new NDArray(matmulTransB(aValues, bValues, m, k, n), [m, n], dtype).data);
}
