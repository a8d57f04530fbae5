// A small NumPy-like n-dimensional array: float64 storage (float32 for
// MNIST's images, as the book loads them), a shape, and the operations
// chapter 5 needs, named as in NumPy so the book's code translates line by line.
import { inspect } from "node:util";
import { gatherResidentRows } from "./internal/gather";
import { type FloatArray, matmul, matmulTransA, matmulTransB } from "./internal/matmul";
import { arrayRepr, arrayToString, type DType } from "./internal/numpy-format";
import { broadcastShapes, checkShape, normalizeAxis, sameShape, shapeText, sizeOf, stridesOf } from "./util";

export type { DType } from "./internal/numpy-format";

/** Nested JavaScript arrays, as written in a lesson: `[[1, 2], [3, 4]]`. */
export type Nested = number | boolean | readonly Nested[];

/** An operand of an element-wise operation: an array or a plain number. */
export type Operand = NDArray | number;

/** A shape given either as one array or as separate numbers: zeros([2, 3]) or zeros(2, 3). */
function shapeArgs(args: readonly (number | readonly number[])[]): number[] {
  if (args.length === 1 && Array.isArray(args[0])) return [...(args[0] as readonly number[])];
  return args as number[];
}

/**
 * NumPy's type promotion. Between arrays: integers stay integers, a float
 * makes the result float, float32 stays float32 with booleans and float32 but
 * becomes float64 with int64 or float64. A plain number acts like a Python
 * scalar, which never widens an array of its kind: a whole number keeps an
 * integer array integer, and any number keeps a float32 array float32.
 */
function resultType(a: DType, b: DType, bIsScalar = false): DType {
  if (a === "float64" || (b === "float64" && !bIsScalar)) return "float64";
  if (bIsScalar) return a === "float32" ? "float32" : b;
  if (a === "float32" || b === "float32") return a === "int64" || b === "int64" ? "float64" : "float32";
  return "int64";
}

function scalarType(x: number): DType {
  return Number.isInteger(x) ? "int64" : "float64";
}

/** The type an operation computes in: NumPy's promotion of the two operands. */
function operandType(a: NDArray, other: Operand): DType {
  return typeof other === "number" ? resultType(a.dtype, scalarType(other), true) : resultType(a.dtype, other.dtype);
}

/**
 * Storage for `length` values of `dtype`: a Float32Array for float32 (each
 * value is rounded to float32 as it is stored, which is NumPy's float32
 * arithmetic for + - * /), a Float64Array for everything else.
 */
function storage(dtype: DType, length: number): FloatArray {
  return dtype === "float32" ? new Float32Array(length) : new Float64Array(length);
}

export class NDArray {
  /** The values, row-major: a Float32Array for dtype float32, else a Float64Array. */
  readonly data: FloatArray;
  readonly shape: readonly number[];
  readonly dtype: DType;

  /** `dtype` defaults to the storage's: float32 for a Float32Array, float64 otherwise. Other storage is converted. */
  constructor(data: FloatArray, shape: readonly number[], dtype: DType = data instanceof Float32Array ? "float32" : "float64") {
    const checked = checkShape(shape, "NDArray");
    if (sizeOf(checked) !== data.length) {
      throw new RangeError(`NDArray: shape ${shapeText(checked)} needs ${sizeOf(checked)} values, got ${data.length}`);
    }
    if (dtype === "float32" && !(data instanceof Float32Array)) data = Float32Array.from(data);
    if (dtype !== "float32" && !(data instanceof Float64Array)) data = Float64Array.from(data);
    this.data = data;
    this.shape = checked;
    this.dtype = dtype;
  }

  get size(): number {
    return this.data.length;
  }

  get ndim(): number {
    return this.shape.length;
  }

  /** The transpose, as NumPy's `a.T`. */
  get T(): NDArray {
    return this.transpose();
  }

  // ---- shape -------------------------------------------------------------

  /** Same values, new shape; one dimension may be -1 and is then inferred. */
  reshape(...args: (number | readonly number[])[]): NDArray {
    const shape = shapeArgs(args);
    const unknown = shape.indexOf(-1);
    if (unknown >= 0) {
      const known = sizeOf(shape.filter((_, i) => i !== unknown));
      if (known === 0 || this.size % known !== 0) {
        throw new RangeError(`cannot reshape array of size ${this.size} into shape ${shapeText(shape)}`);
      }
      shape[unknown] = this.size / known;
    }
    if (sizeOf(checkShape(shape, "reshape")) !== this.size) {
      throw new RangeError(`cannot reshape array of size ${this.size} into shape ${shapeText(shape)}`);
    }
    return new NDArray(this.data.slice(), shape, this.dtype);
  }

  /** Reverse the axes (a copy; for 2-D the rows become columns). */
  transpose(): NDArray {
    if (this.ndim < 2) return this.copy();
    if (this.ndim === 2) {
      const [rows, cols] = this.shape;
      const out = storage(this.dtype, this.size);
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < cols; j++) out[j * rows + i] = this.data[i * cols + j];
      }
      return new NDArray(out, [cols, rows], this.dtype);
    }
    const shape = [...this.shape].reverse();
    const strides = stridesOf(this.shape);
    const out = storage(this.dtype, this.size);
    const index = new Array<number>(shape.length).fill(0);
    for (let flat = 0; flat < out.length; flat++) {
      let source = 0;
      for (let d = 0; d < shape.length; d++) source += index[d] * strides[shape.length - 1 - d];
      out[flat] = this.data[source];
      for (let d = shape.length - 1; d >= 0 && ++index[d] === shape[d]; d--) index[d] = 0;
    }
    return new NDArray(out, shape, this.dtype);
  }

  copy(): NDArray {
    return new NDArray(this.data.slice(), this.shape, this.dtype);
  }

  /** The flattened copy, as `a.flatten()`. */
  flatten(): NDArray {
    return this.reshape(this.size);
  }

  astype(dtype: DType): NDArray {
    const data = storage(dtype, this.size);
    data.set(this.data);
    if (dtype === "int64") for (let i = 0; i < data.length; i++) data[i] = Math.trunc(data[i]);
    if (dtype === "bool") for (let i = 0; i < data.length; i++) data[i] = data[i] !== 0 ? 1 : 0;
    return new NDArray(data, this.shape, dtype);
  }

  // ---- elements ------------------------------------------------------------

  private flatIndex(index: readonly number[]): number {
    if (index.length !== this.ndim) {
      throw new RangeError(`an array of shape ${shapeText(this.shape)} needs ${this.ndim} indices, got ${index.length}`);
    }
    let flat = 0;
    for (let d = 0; d < index.length; d++) {
      let i = index[d];
      if (i < 0) i += this.shape[d];
      if (!Number.isInteger(i) || i < 0 || i >= this.shape[d]) {
        throw new RangeError(`index ${index[d]} is out of bounds for axis ${d} with size ${this.shape[d]}`);
      }
      flat = flat * this.shape[d] + i;
    }
    return flat;
  }

  /** One element: `a.get(0, 1)` is NumPy's `a[0, 1]`; negative indices count from the end. */
  get(...index: number[]): number {
    return this.data[this.flatIndex(index)];
  }

  /** Set one element in place: `a.set(5, 0, 1)` is NumPy's `a[0, 1] = 5`. */
  set(value: number, ...index: number[]): void {
    this.data[this.flatIndex(index)] = value;
  }

  /**
   * Rows picked by index along the first axis, as NumPy's `x[batch_mask]`
   * (an index array; repeats allowed). With `out` (np.take's out=), the rows
   * are written into that array instead of a new one: a training loop can
   * reuse one batch array rather than allocate 600 KB per iteration.
   */
  take(indices: NDArray | readonly number[], out?: NDArray): NDArray {
    const picks = indices instanceof NDArray ? indices.data : indices;
    if (this.ndim === 0) throw new RangeError("take: a 0-d array has no rows to pick");
    const rows = this.shape[0];
    const rowSize = this.size / Math.max(rows, 1);
    const shape =
      indices instanceof NDArray ? [...indices.shape, ...this.shape.slice(1)] : [picks.length, ...this.shape.slice(1)];
    if (out && (!sameShape(out.shape, shape) || out.dtype !== this.dtype)) {
      throw new RangeError(
        `take: out must have shape ${shapeText(shape)} and dtype ${this.dtype}, got ${shapeText(out.shape)} ${out.dtype}`,
      );
    }
    const data = out ? out.data : storage(this.dtype, picks.length * rowSize);
    const picked = new Int32Array(picks.length);
    for (let r = 0; r < picks.length; r++) {
      let i = picks[r];
      if (i < 0) i += rows;
      if (!Number.isInteger(i) || i < 0 || i >= rows) {
        throw new RangeError(`take: index ${picks[r]} is out of bounds for axis 0 with size ${rows}`);
      }
      picked[r] = i;
    }
    if (!gatherResidentRows(this.data, picked, rowSize, data)) {
      for (let r = 0; r < picked.length; r++)
        data.set(this.data.subarray(picked[r] * rowSize, (picked[r] + 1) * rowSize), r * rowSize);
    }
    return out ?? new NDArray(data, shape, this.dtype);
  }

  /**
   * Masked assignment in place, NumPy's `out[mask] = value` (np.putmask).
   * The mask must be a boolean array of the same shape, as from `x.le(0)`.
   */
  putmask(mask: NDArray, value: number): this {
    if (mask.dtype !== "bool") {
      throw new TypeError(
        `putmask: the mask must be a boolean array (from a comparison such as x.le(0)), got dtype ${mask.dtype}`,
      );
    }
    if (!sameShape(mask.shape, this.shape)) {
      throw new RangeError(
        `boolean index did not match indexed array: mask has shape ${shapeText(mask.shape)}, array has shape ${shapeText(this.shape)}`,
      );
    }
    const data = this.data;
    const m = mask.data;
    if (Object.is(value, 0) && data instanceof Float64Array) {
      // ReLU's case, out[mask] = 0: clear both 32-bit halves of each masked
      // double (all bits 0 is +0) with an AND, instead of a branch that a
      // random mask would mispredict half of the time.
      const words = new Int32Array(data.buffer, data.byteOffset, 2 * data.length);
      for (let i = 0, w = 0; i < data.length; i++, w += 2) {
        const keep = -+(m[i] === 0); // mask 0 → -1 (all bits 1), anything else → 0
        words[w] &= keep;
        words[w + 1] &= keep;
      }
      return this;
    }
    for (let i = 0; i < data.length; i++) if (m[i] !== 0) data[i] = value;
    return this;
  }

  /** Nested JavaScript arrays (numbers, or booleans for a mask). */
  toArray(): Nested {
    const bool = this.dtype === "bool";
    const build = (offset: number, axis: number): Nested => {
      if (axis === this.ndim) return bool ? this.data[offset] !== 0 : this.data[offset];
      const stride = sizeOf(this.shape.slice(axis + 1));
      const out: Nested[] = [];
      for (let i = 0; i < this.shape[axis]; i++) out.push(build(offset + i * stride, axis + 1));
      return out;
    };
    return build(0, 0);
  }

  /** The value of a one-element array, as `a.item()`. */
  item(): number {
    if (this.size !== 1)
      throw new RangeError(`item: only an array of size 1 has one value, this one has shape ${shapeText(this.shape)}`);
    return this.data[0];
  }

  // ---- arithmetic ------------------------------------------------------------

  add(other: Operand): NDArray {
    return broadcast(this, other, "add", (a, b) => a + b);
  }

  sub(other: Operand): NDArray {
    return broadcast(this, other, "subtract", (a, b) => a - b);
  }

  mul(other: Operand): NDArray {
    return broadcast(this, other, "multiply", (a, b) => a * b);
  }

  /** True division, as Python 3's `/`: the result is always float (float32 if both are). */
  div(other: Operand): NDArray {
    return broadcast(this, other, "divide", (a, b) => a / b, operandType(this, other) === "float32" ? "float32" : "float64");
  }

  /** Element-wise larger value, as np.maximum. */
  maximum(other: Operand): NDArray {
    return broadcast(this, other, "maximum", (a, b) => (a >= b || Number.isNaN(a) ? a : b));
  }

  neg(): NDArray {
    return this.map((x) => -x);
  }

  /**
   * In-place update, NumPy's `a -= b`. The networks need it: a layer and the
   * params dictionary hold the same weight array, so SGD must change it in place.
   */
  isub(other: Operand): this {
    return this.inPlace(other, "subtract", (a, b) => a - b);
  }

  iadd(other: Operand): this {
    return this.inPlace(other, "add", (a, b) => a + b);
  }

  imul(other: Operand): this {
    return this.inPlace(other, "multiply", (a, b) => a * b);
  }

  /** Update the values where they are (the SGD step runs this on every weight, every iteration). */
  private inPlace(other: Operand, op: string, fn: (x: number, y: number) => number): this {
    const repeat = repeatingOperand(this, other, operandType(this, other));
    if (repeat === null) return this.assignFrom(broadcast(this, other, op, fn), op);
    elementwise(op, fn, this.data, repeat.values, repeat.period, this.data);
    return this;
  }

  private assignFrom(result: NDArray, op: string): this {
    if (!sameShape(result.shape, this.shape)) {
      throw new RangeError(
        `non-broadcastable output operand with shape ${shapeText(this.shape)} doesn't match the broadcast shape ${shapeText(result.shape)} (${op} in place)`,
      );
    }
    this.data.set(result.data);
    return this;
  }

  // Of a float32 array these give float32, the float64 result rounded to
  // float32: correctly rounded for sqrt, and within NumPy's own float32
  // exp and log, which may differ in the last bit.
  exp(): NDArray {
    return this.map(Math.exp, this.floatType());
  }

  log(): NDArray {
    return this.map(Math.log, this.floatType());
  }

  sqrt(): NDArray {
    return this.map(Math.sqrt, this.floatType());
  }

  /** The float type of a result computed from this array: float32 stays float32, anything else gives float64. */
  private floatType(): DType {
    return this.dtype === "float32" ? "float32" : "float64";
  }

  abs(): NDArray {
    return this.map(Math.abs);
  }

  /** Apply a function to every element (a new array). */
  map(fn: (x: number) => number, dtype: DType = this.dtype === "bool" ? "int64" : this.dtype): NDArray {
    const out = storage(dtype, this.size);
    for (let i = 0; i < out.length; i++) out[i] = fn(this.data[i]);
    return new NDArray(out, this.shape, dtype);
  }

  // ---- comparisons (boolean masks) ---------------------------------------------

  le(other: Operand): NDArray {
    return broadcast(this, other, "less_equal", (a, b) => (a <= b ? 1 : 0), "bool");
  }

  lt(other: Operand): NDArray {
    return broadcast(this, other, "less", (a, b) => (a < b ? 1 : 0), "bool");
  }

  ge(other: Operand): NDArray {
    return broadcast(this, other, "greater_equal", (a, b) => (a >= b ? 1 : 0), "bool");
  }

  gt(other: Operand): NDArray {
    return broadcast(this, other, "greater", (a, b) => (a > b ? 1 : 0), "bool");
  }

  eq(other: Operand): NDArray {
    return broadcast(this, other, "equal", (a, b) => (a === b ? 1 : 0), "bool");
  }

  ne(other: Operand): NDArray {
    return broadcast(this, other, "not_equal", (a, b) => (a !== b ? 1 : 0), "bool");
  }

  // ---- reductions --------------------------------------------------------------

  /** Sum of all elements (a number), or along an axis (an array), as np.sum. */
  sum(): number;
  sum(axis: number, keepdims?: boolean): NDArray;
  sum(axis?: number, keepdims = false): number | NDArray {
    const dtype = this.dtype === "float64" || this.dtype === "float32" ? this.dtype : "int64";
    return reduce(this, "sum", axis, keepdims, dtype, 0, (acc, x) => acc + x);
  }

  mean(): number;
  mean(axis: number, keepdims?: boolean): NDArray;
  mean(axis?: number, keepdims = false): number | NDArray {
    if (axis === undefined) return this.dtype === "float32" ? Math.fround(this.sum() / this.size) : this.sum() / this.size;
    const n = this.shape[normalizeAxis(axis, this.ndim, "mean")];
    return this.sum(axis, keepdims).div(n);
  }

  max(): number;
  max(axis: number, keepdims?: boolean): NDArray;
  max(axis?: number, keepdims = false): number | NDArray {
    const dtype = this.dtype === "bool" ? "int64" : this.dtype;
    return reduce(this, "max", axis, keepdims, dtype, -Infinity, (acc, x) => (x > acc || Number.isNaN(x) ? x : acc));
  }

  min(): number;
  min(axis: number, keepdims?: boolean): NDArray;
  min(axis?: number, keepdims = false): number | NDArray {
    const dtype = this.dtype === "bool" ? "int64" : this.dtype;
    return reduce(this, "min", axis, keepdims, dtype, Infinity, (acc, x) => (x < acc || Number.isNaN(x) ? x : acc));
  }

  /** Index of the largest element (flat), or along an axis, as np.argmax; ties pick the first. */
  argmax(): number;
  argmax(axis: number): NDArray;
  argmax(axis?: number): number | NDArray {
    if (this.size === 0) throw new RangeError("attempt to get argmax of an empty sequence");
    if (axis === undefined) {
      let best = 0;
      for (let i = 1; i < this.size; i++) if (this.data[i] > this.data[best]) best = i;
      return best;
    }
    const ax = normalizeAxis(axis, this.ndim, "argmax");
    const { outer, length, inner } = axisSplit(this.shape, ax);
    const out = new Float64Array(outer * inner);
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const base = o * length * inner + i;
        let best = 0;
        let bestValue = this.data[base];
        for (let k = 1; k < length; k++) {
          const v = this.data[base + k * inner];
          if (v > bestValue) {
            best = k;
            bestValue = v;
          }
        }
        out[o * inner + i] = best;
      }
    }
    return new NDArray(
      out,
      this.shape.filter((_, d) => d !== ax),
      "int64",
    );
  }

  // ---- products ----------------------------------------------------------------

  /** np.dot(this, other). */
  dot(other: NDArray): NDArray {
    return dot(this, other);
  }

  // ---- printing ----------------------------------------------------------------

  /** What Python's `print(a)` shows. */
  toString(): string {
    return arrayToString(this);
  }

  /** What Python's `repr(a)` shows: `array([[1, 2]])`. */
  repr(): string {
    return arrayRepr(this);
  }

  /** console.log and a notebook cell's value print the array as NumPy does. */
  [inspect.custom](): string {
    return arrayToString(this);
  }
}

// ---- helpers shared by the operations ------------------------------------------

/** Split a shape around one axis: outer blocks × axis length × inner run. */
function axisSplit(shape: readonly number[], axis: number): { outer: number; length: number; inner: number } {
  return { outer: sizeOf(shape.slice(0, axis)), length: shape[axis], inner: sizeOf(shape.slice(axis + 1)) };
}

function reduce(
  a: NDArray,
  op: string,
  axis: number | undefined,
  keepdims: boolean,
  dtype: DType,
  initial: number,
  step: (acc: number, x: number) => number,
): number | NDArray {
  if ((op === "max" || op === "min") && a.size === 0) {
    throw new RangeError(`zero-size array to reduction operation ${op} which has no identity`);
  }
  const float32Sum = op === "sum" && dtype === "float32";
  if (axis === undefined) {
    if (float32Sum) return float32Total(a.data, 0, a.size);
    let acc = initial;
    for (let i = 0; i < a.size; i++) acc = step(acc, a.data[i]);
    return acc;
  }
  const ax = normalizeAxis(axis, a.ndim, op);
  const { outer, length, inner } = axisSplit(a.shape, ax);
  const out = storage(dtype, outer * inner).fill(initial);
  const data = a.data;
  for (let o = 0; o < outer; o++) {
    if (float32Sum && inner === 1) {
      out[o] = float32Total(data, o * length, length);
      continue;
    }
    for (let k = 0; k < length; k++) {
      const src = (o * length + k) * inner;
      const dst = o * inner;
      // A sum (db of every Affine layer) adds directly, without a call per element.
      if (op === "sum") for (let i = 0; i < inner; i++) out[dst + i] += data[src + i];
      else for (let i = 0; i < inner; i++) out[dst + i] = step(out[dst + i], data[src + i]);
    }
  }
  const shape = keepdims ? a.shape.map((d, i) => (i === ax ? 1 : d)) : a.shape.filter((_, i) => i !== ax);
  return new NDArray(out, shape, dtype);
}

/**
 * NumPy's sum of `n` consecutive float32 values, in float32: blocks of 8192
 * (its buffer) added one after another, each block summed pairwise
 * (numpy/core/src/umath/loops_utils.h.src). Adding float32 values one by one
 * would lose digits over MNIST's 47 million pixels; this gives NumPy's value.
 */
function float32Total(data: FloatArray, start: number, n: number): number {
  let total = 0;
  for (let block = 0; block < n; block += 8192) {
    total = Math.fround(total + pairwiseSum32(data, start + block, Math.min(8192, n - block)));
  }
  return total;
}

function pairwiseSum32(data: FloatArray, start: number, n: number): number {
  const f = Math.fround;
  if (n < 8) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum = f(sum + data[start + i]);
    return sum;
  }
  if (n <= 128) {
    // Eight running sums, then added in pairs, then the rest one by one.
    const r = data.slice(start, start + 8);
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j] = f(r[j] + data[start + i + j]);
    let sum = f(f(f(r[0] + r[1]) + f(r[2] + r[3])) + f(f(r[4] + r[5]) + f(r[6] + r[7])));
    for (; i < n; i++) sum = f(sum + data[start + i]);
    return sum;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return f(pairwiseSum32(data, start, half) + pairwiseSum32(data, start + half, n - half));
}

function broadcast(a: NDArray, other: Operand, op: string, fn: (x: number, y: number) => number, forcedType?: DType): NDArray {
  const computeType = operandType(a, other);
  const dtype = forcedType ?? computeType;
  const repeat = repeatingOperand(a, other, computeType);
  if (repeat !== null) {
    const out = storage(dtype, a.size);
    elementwise(op, fn, a.data, repeat.values, repeat.period, out);
    return new NDArray(out, a.shape, dtype);
  }
  const ad = a.data;
  const bd = (other as NDArray).data;
  const shape = broadcastShapes(a.shape, (other as NDArray).shape, op);
  const size = sizeOf(shape);
  const out = storage(dtype, size);
  const aStrides = broadcastStrides(a.shape, shape);
  const bStrides = broadcastStrides((other as NDArray).shape, shape);
  const index = new Array<number>(shape.length).fill(0);
  let ai = 0;
  let bi = 0;
  for (let flat = 0; flat < size; flat++) {
    out[flat] = fn(ad[ai], bd[bi]);
    // Odometer: step the last axis, carrying into earlier ones.
    for (let d = shape.length - 1; d >= 0; d--) {
      index[d]++;
      ai += aStrides[d];
      bi += bStrides[d];
      if (index[d] < shape[d]) break;
      ai -= aStrides[d] * shape[d];
      bi -= bStrides[d] * shape[d];
      index[d] = 0;
    }
  }
  return new NDArray(out, shape, dtype);
}

/**
 * The common layouts of a network's element-wise operations, where `other`
 * repeats along `a` with a fixed period: an array of the same shape (period =
 * size), a row such as a bias added to every row of a batch (period = the row
 * length), or a single number (written out into a block, so it takes the same
 * loops). The result then has the shape of `a`. Null for any other broadcast.
 */
function repeatingOperand(a: NDArray, other: Operand, computeType: DType): { values: FloatArray; period: number } | null {
  // NumPy converts a Python scalar to the array's type first: with float32, x * 0.1 multiplies by float32(0.1).
  const scalar = (x: number): number => (computeType === "float32" ? Math.fround(x) : x);
  if (typeof other === "number") return { values: scalarBlock.fill(scalar(other)), period: scalarBlock.length };
  if (sameShape(a.shape, other.shape)) return { values: other.data, period: Math.max(a.size, 1) };
  if (other.ndim > a.ndim) return null;
  // A single value in an array, e.g. shape (1, 1): a number for every element.
  if (other.size === 1) return { values: scalarBlock.fill(other.data[0]), period: scalarBlock.length };
  const cols = a.shape[a.ndim - 1];
  const isRow = other.ndim >= 1 && other.shape[other.ndim - 1] === cols && other.size === cols;
  return isRow && cols > 0 ? { values: other.data, period: cols } : null;
}

/** Room for a number repeated, read by elementwise() like a row. */
const scalarBlock = new Float64Array(256);

/**
 * out[i] = fn(x[i], y[i mod period]), walked as rows of `period` values. The
 * operations of training get their own loops, which run several times faster
 * than calling `fn` per element; `out` may be `x` itself for an in-place update.
 */
function elementwise(
  op: string,
  fn: (x: number, y: number) => number,
  x: FloatArray,
  y: FloatArray,
  period: number,
  out: FloatArray,
): void {
  const n = x.length;
  for (let i = 0; i < n;) {
    const stop = Math.min(n, i + period);
    switch (op) {
      case "add":
        for (let j = 0; i < stop; i++, j++) out[i] = x[i] + y[j];
        break;
      case "subtract":
        for (let j = 0; i < stop; i++, j++) out[i] = x[i] - y[j];
        break;
      case "multiply":
        for (let j = 0; i < stop; i++, j++) out[i] = x[i] * y[j];
        break;
      case "divide":
        for (let j = 0; i < stop; i++, j++) out[i] = x[i] / y[j];
        break;
      // +(a <= b) rather than a <= b ? 1 : 0: no branch to mispredict on a ReLU's random signs.
      case "less_equal":
        for (let j = 0; i < stop; i++, j++) out[i] = +(x[i] <= y[j]);
        break;
      case "less":
        for (let j = 0; i < stop; i++, j++) out[i] = +(x[i] < y[j]);
        break;
      case "greater_equal":
        for (let j = 0; i < stop; i++, j++) out[i] = +(x[i] >= y[j]);
        break;
      case "greater":
        for (let j = 0; i < stop; i++, j++) out[i] = +(x[i] > y[j]);
        break;
      default:
        for (let j = 0; i < stop; i++, j++) out[i] = fn(x[i], y[j]);
    }
  }
}

/** Strides of `shape` seen through the broadcast `target` shape (0 where a size-1 axis repeats). */
function broadcastStrides(shape: readonly number[], target: readonly number[]): number[] {
  const own = stridesOf(shape);
  const offset = target.length - shape.length;
  return target.map((_, d) => (d < offset || shape[d - offset] === 1 ? 0 : own[d - offset]));
}

// ---- creation ----------------------------------------------------------------------

/**
 * An array from nested lists, as np.array. Whole numbers give an integer array
 * (printed `[[ 93 211]]`), anything else a float array; pass "float64" to get
 * floats from whole numbers, as NumPy's `np.array([1.0, 2.0])`.
 */
export function array(values: Nested | NDArray, dtype?: DType): NDArray {
  if (values instanceof NDArray) return dtype ? values.astype(dtype) : values.copy();
  const shape: number[] = [];
  for (let level: Nested = values; Array.isArray(level); level = (level as readonly Nested[])[0]) {
    shape.push((level as readonly Nested[]).length);
    if ((level as readonly Nested[]).length === 0) break;
  }
  const data = new Float64Array(sizeOf(shape));
  let n = 0;
  let sawBool = false;
  let sawFraction = false;
  const walk = (node: Nested, depth: number): void => {
    if (depth === shape.length) {
      if (Array.isArray(node))
        throw new RangeError(
          `array: the nested lists are ragged (expected shape ${shapeText(shape)}); every row must have the same length`,
        );
      if (typeof node === "boolean") sawBool = true;
      else if (typeof node !== "number") throw new TypeError(`array: elements must be numbers or booleans, got ${typeof node}`);
      const v = Number(node);
      if (!Number.isInteger(v)) sawFraction = true;
      data[n++] = v;
      return;
    }
    if (!Array.isArray(node) || node.length !== shape[depth]) {
      throw new RangeError(
        `array: the nested lists are ragged (expected shape ${shapeText(shape)}); every row must have the same length`,
      );
    }
    for (const child of node as readonly Nested[]) walk(child, depth + 1);
  };
  walk(values, 0);
  const inferred: DType = sawBool && !sawFraction ? "bool" : sawFraction || data.length === 0 ? "float64" : "int64";
  const result = new NDArray(data, shape, inferred);
  return dtype && dtype !== inferred ? result.astype(dtype) : result;
}

export function zeros(...shape: (number | readonly number[])[]): NDArray {
  const s = checkShape(shapeArgs(shape), "zeros");
  return new NDArray(new Float64Array(sizeOf(s)), s, "float64");
}

export function ones(...shape: (number | readonly number[])[]): NDArray {
  const s = checkShape(shapeArgs(shape), "ones");
  return new NDArray(new Float64Array(sizeOf(s)).fill(1), s, "float64");
}

/** np.full(shape, value). */
export function full(shape: readonly number[], value: number): NDArray {
  const s = checkShape(shape, "full");
  return new NDArray(new Float64Array(sizeOf(s)).fill(value), s, scalarType(value));
}

/** Zeros with the shape of `a` (float, as the book's np.zeros_like on float arrays). */
export function zerosLike(a: NDArray): NDArray {
  return new NDArray(storage(a.dtype, a.size), a.shape, a.dtype);
}

/** np.arange(stop) or np.arange(start, stop, step). */
export function arange(start: number, stop?: number, step = 1): NDArray {
  if (stop === undefined) [start, stop] = [0, start];
  if (step === 0) throw new RangeError("arange: step must not be zero");
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = start + i * step;
  const dtype = [start, stop, step].every(Number.isInteger) ? "int64" : "float64";
  return new NDArray(data, [n], dtype);
}

// ---- free functions, as np.* --------------------------------------------------------

/**
 * np.dot: inner product of 1-D arrays (a 0-d array, printed as a number), matrix product of 2-D arrays,
 * and the mixed 1-D/2-D cases, with NumPy's "not aligned" error.
 */
export function dot(a: NDArray, b: NDArray): NDArray {
  if (a.ndim === 0 || b.ndim === 0) return a.mul(b);
  if (a.ndim > 2 || b.ndim > 2) {
    throw new RangeError(
      `dot: only 1-D and 2-D arrays are supported, got shapes ${shapeText(a.shape)} and ${shapeText(b.shape)}`,
    );
  }
  const k = a.shape[a.ndim - 1];
  if (k !== b.shape[0]) {
    throw new RangeError(
      `shapes ${shapeText(a.shape)} and ${shapeText(b.shape)} not aligned: ${k} (dim ${a.ndim - 1}) != ${b.shape[0]} (dim 0)`,
    );
  }
  const dtype = resultType(a.dtype, b.dtype);
  const m = a.ndim === 2 ? a.shape[0] : 1;
  const n = b.ndim === 2 ? b.shape[1] : 1;
  const out = matmul(a.data, b.data, m, k, n);
  const shape = a.ndim === 2 ? (b.ndim === 2 ? [m, n] : [m]) : b.ndim === 2 ? [n] : [];
  return new NDArray(out, shape, dtype);
}

/**
 * np.dot(a.T, b) without building a.T: the weight gradient dW = xᵀ·dout of an
 * Affine layer. Same values as dot(a.T, b).
 */
export function dotATB(a: NDArray, b: NDArray): NDArray {
  if (a.ndim !== 2 || b.ndim !== 2) return dot(a.T, b);
  const [k, m] = a.shape;
  const n = b.shape[1];
  if (k !== b.shape[0]) {
    throw new RangeError(
      `shapes ${shapeText([m, k])} and ${shapeText(b.shape)} not aligned: ${k} (dim 1) != ${b.shape[0]} (dim 0)`,
    );
  }
  return new NDArray(matmulTransA(a.data, b.data, k, m, n), [m, n], resultType(a.dtype, b.dtype));
}

/**
 * np.dot(a, b.T) without building b.T: the input gradient dx = dout·Wᵀ of an
 * Affine layer. Same values as dot(a, b.T).
 */
export function dotABT(a: NDArray, b: NDArray): NDArray {
  if ((a.ndim !== 1 && a.ndim !== 2) || b.ndim !== 2) return dot(a, b.T);
  const k = a.shape[a.ndim - 1];
  const n = b.shape[0];
  if (k !== b.shape[1]) {
    throw new RangeError(
      `shapes ${shapeText(a.shape)} and ${shapeText([b.shape[1], n])} not aligned: ${k} (dim ${a.ndim - 1}) != ${b.shape[1]} (dim 0)`,
    );
  }
  const m = a.ndim === 2 ? a.shape[0] : 1;
  const shape = a.ndim === 2 ? [m, n] : [n];
  return new NDArray(matmulTransB(a.data, b.data, m, k, n), shape, resultType(a.dtype, b.dtype));
}

export function exp(a: NDArray): NDArray {
  return a.exp();
}

export function log(a: NDArray): NDArray {
  return a.log();
}

export function maximum(a: NDArray, b: Operand): NDArray {
  return a.maximum(b);
}

export function sum(a: NDArray): number;
export function sum(a: NDArray, axis: number, keepdims?: boolean): NDArray;
export function sum(a: NDArray, axis?: number, keepdims = false): number | NDArray {
  return axis === undefined ? a.sum() : a.sum(axis, keepdims);
}

export function argmax(a: NDArray): number;
export function argmax(a: NDArray, axis: number): NDArray;
export function argmax(a: NDArray, axis?: number): number | NDArray {
  return axis === undefined ? a.argmax() : a.argmax(axis);
}

/** np.allclose: |a - b| <= atol + rtol * |b| everywhere (shapes broadcast). */
export function allclose(a: Operand, b: Operand, rtol = 1e-5, atol = 1e-8): boolean {
  const x = typeof a === "number" ? full([], a) : a;
  const close = x
    .sub(b)
    .abs()
    .le(typeof b === "number" ? atol + rtol * Math.abs(b) : b.abs().mul(rtol).add(atol));
  return close.data.every((v) => v === 1);
}
