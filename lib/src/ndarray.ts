// A small NumPy-like n-dimensional array: float64 storage (float32 for
// MNIST's images, as the book loads them), a shape, and the operations
// chapter 5 needs, named as in NumPy so the book's code translates line by line.
// Types follow NumPy 1.24's rules (dtypes.ts), sums its order of additions
// (engine/reductions.ts), exp and log its C library (engine/glibc-*.ts).
import { inspect } from "node:util";
import {
  binaryTypes,
  type BinaryUfunc,
  checkInPlaceCast,
  floatFunctionType,
  promoteTypes,
  scalarOperand,
  type ScalarOperand,
  type TypedOperand,
} from "./dtypes";
import { IndexError, OverflowError, ValueError } from "./errors";
import { gatherHeapRows } from "./engine/gather";
import { libmExp } from "./engine/glibc-exp";
import { libmLog } from "./engine/glibc-log";
import { type FloatArray, matmul, matmulTransA, matmulTransB } from "./engine/matmul";
import { numpyExpFloat32, numpyLogFloat32 } from "./engine/numpy-float32-exp-log";
import { arrayRepr, arrayToString, type DType } from "./engine/numpy-format";
import { argmaxOf, axisSplit, contiguousSum, sumAlongAxis } from "./engine/reductions";
import { isNumber, numpyScalar, plainNumber } from "./scalar";
import {
  broadcastShape,
  broadcastShapes,
  checkShape,
  normalizeAxis,
  numpyShapeText,
  sameShape,
  shapeText,
  sizeOf,
  stridesOf,
} from "./util";

export type { DType } from "./engine/numpy-format";

/** Nested JavaScript arrays, as written in a lesson: `[[1, 2], [3, 4]]`. */
export type Nested = number | boolean | readonly Nested[];

/** An operand of an element-wise operation: an array or a number (a plain one, or a reduction's NumPy scalar). */
export type Operand = NDArray | number;

/** A shape given either as one array or as separate numbers: zeros([2, 3]) or zeros(2, 3). */
function shapeArgs(args: readonly (number | readonly number[])[]): number[] {
  if (args.length === 1 && Array.isArray(args[0])) return [...(args[0] as readonly number[])];
  return args as number[];
}

/**
 * Storage for `length` values of `dtype`: a Float32Array for float32 (each
 * value is rounded to float32 as it is stored, which is NumPy's float32
 * arithmetic for + - * /), a Float64Array for everything else.
 */
function storage(dtype: DType, length: number): FloatArray {
  return dtype === "float32" ? new Float32Array(length) : new Float64Array(length);
}

/** The largest integer an int64 value may have here: dlfs keeps integers in doubles, exact up to 2^53. */
const INT_LIMIT = Number.MAX_SAFE_INTEGER;

/**
 * The values of an int64 result as NumPy holds them: -0 made 0, and an
 * error for a value a double cannot hold exactly (NumPy's int64 would hold
 * it up to 2^63 and wrap around past that; dlfs keeps integers in doubles).
 */
function finishInt64(data: FloatArray, what: string): void {
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (!(Math.abs(v) <= INT_LIMIT)) {
      throw new OverflowError(
        `${what}: the int64 result ${Number.isFinite(v) ? v.toExponential() : v} is beyond ±(2^53 - 1), where dlfs keeps integers ` +
          `exact (they are stored as doubles); NumPy's int64 would hold it up to 2^63 and wrap around past that. ` +
          `Compute in floats for an approximation: a.astype("float64")`,
      );
    }
    data[i] = v + 0; // -0 + 0 is +0
  }
}

export class NDArray {
  /** The values, row-major: a Float32Array for dtype float32, else a Float64Array. */
  readonly data: FloatArray;
  readonly shape: readonly number[];
  readonly dtype: DType;

  /** `dtype` defaults to the storage's: float32 for a Float32Array, float64 otherwise. Other storage is converted. */
  constructor(data: FloatArray, shape: readonly number[], dtype: DType = data instanceof Float32Array ? "float32" : "float64") {
    const checked = checkShape(shape);
    if (sizeOf(checked) !== data.length) {
      throw new ValueError(`NDArray: shape ${shapeText(checked)} needs ${sizeOf(checked)} values, got ${data.length}`);
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
    // NumPy writes the unknown dimension as "newaxis" in its message.
    const wanted = (): string => numpyShapeText(shape).replace(/-1/g, "newaxis");
    const unknown = shape.indexOf(-1);
    if (unknown >= 0) {
      if (shape.indexOf(-1, unknown + 1) >= 0) throw new ValueError("can only specify one unknown dimension");
      const known = sizeOf(shape.filter((_, i) => i !== unknown));
      if (known === 0 || this.size % known !== 0) {
        throw new ValueError(`cannot reshape array of size ${this.size} into shape ${wanted()}`);
      }
      shape[unknown] = this.size / known;
    }
    if (sizeOf(checkShape(shape)) !== this.size) {
      throw new ValueError(`cannot reshape array of size ${this.size} into shape ${wanted()}`);
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

  /** A copy converted to `dtype`, as `a.astype(dtype)`: floats to int64 round toward zero, anything nonzero is True. */
  astype(dtype: DType): NDArray {
    const data = storage(dtype, this.size);
    if (dtype === "int64") for (let i = 0; i < data.length; i++) data[i] = toInt64(this.data[i], "astype");
    else if (dtype === "bool") for (let i = 0; i < data.length; i++) data[i] = this.data[i] !== 0 ? 1 : 0;
    else data.set(this.data);
    return new NDArray(data, this.shape, dtype);
  }

  // ---- elements ------------------------------------------------------------

  private flatIndex(index: readonly number[]): number {
    if (index.length > this.ndim) {
      throw new IndexError(`too many indices for array: array is ${this.ndim}-dimensional, but ${index.length} were indexed`);
    }
    if (index.length < this.ndim) {
      throw new IndexError(`an array of shape ${shapeText(this.shape)} needs ${this.ndim} indices, got ${index.length}`);
    }
    let flat = 0;
    for (let d = 0; d < index.length; d++) {
      let i = index[d];
      if (i < 0) i += this.shape[d];
      if (!Number.isInteger(i) || i < 0 || i >= this.shape[d]) {
        throw new IndexError(`index ${index[d]} is out of bounds for axis ${d} with size ${this.shape[d]}`);
      }
      flat = flat * this.shape[d] + i;
    }
    return flat;
  }

  /**
   * One element: `a.get(0, 1)` is NumPy's `a[0, 1]`; negative indices count from the end. A plain
   * number (not NumPy's scalar, which a reduction gives), so that elements read in a loop compare with ===.
   */
  get(...index: number[]): number {
    return this.data[this.flatIndex(index)];
  }

  /** Set one element in place: `a.set(5, 0, 1)` is NumPy's `a[0, 1] = 5` (the value cast to the array's dtype). */
  set(value: number, ...index: number[]): void {
    this.data[this.flatIndex(index)] = castTo(plainNumber(value), this.dtype);
  }

  /**
   * Rows picked by index along the first axis, as NumPy's `x[batch_mask]`
   * (an index array; repeats allowed). With `out` (np.take's out=), the rows
   * are written into that array instead of a new one: a training loop can
   * reuse one batch array rather than allocate 600 KB per iteration.
   */
  take(indices: NDArray | readonly number[], out?: NDArray): NDArray {
    const picks = indices instanceof NDArray ? indices.data : indices;
    if (this.ndim === 0) throw new IndexError("too many indices for array: array is 0-dimensional, but 1 were indexed");
    const rows = this.shape[0];
    const rowSize = sizeOf(this.shape.slice(1));
    const shape =
      indices instanceof NDArray ? [...indices.shape, ...this.shape.slice(1)] : [picks.length, ...this.shape.slice(1)];
    if (out && (!sameShape(out.shape, shape) || out.dtype !== this.dtype)) {
      throw new ValueError(
        `take: out must have shape ${shapeText(shape)} and dtype ${this.dtype}, got ${shapeText(out.shape)} ${out.dtype}`,
      );
    }
    const data = out ? out.data : storage(this.dtype, picks.length * rowSize);
    const picked = new Int32Array(picks.length);
    for (let r = 0; r < picks.length; r++) {
      let i = picks[r];
      if (i < 0) i += rows;
      // NumPy does not look at the indices when the rows hold no values (shape (0, 0)): nothing is read.
      if ((!Number.isInteger(i) || i < 0 || i >= rows) && rowSize > 0) {
        throw new IndexError(`index ${picks[r]} is out of bounds for axis 0 with size ${rows}`);
      }
      picked[r] = rowSize > 0 ? i : 0;
    }
    if (!gatherHeapRows(this.data, picked, rowSize, data)) {
      for (let r = 0; r < picked.length; r++)
        data.set(this.data.subarray(picked[r] * rowSize, (picked[r] + 1) * rowSize), r * rowSize);
    }
    return out ?? new NDArray(data, shape, this.dtype);
  }

  /**
   * Masked assignment in place, NumPy's `out[mask] = value` (np.putmask).
   * The mask must be a boolean array of the same shape, as from `x.le(0)`.
   * The value is cast to the array's dtype, as NumPy's assignment casts it.
   */
  putmask(mask: NDArray, value: number): this {
    if (mask.dtype !== "bool") {
      throw new TypeError(
        `putmask: the mask must be a boolean array (from a comparison such as x.le(0)), got dtype ${mask.dtype}`,
      );
    }
    if (!sameShape(mask.shape, this.shape)) {
      const axis = mask.ndim === this.ndim ? mask.shape.findIndex((d, i) => d !== this.shape[i]) : -1;
      throw new IndexError(
        axis >= 0
          ? `boolean index did not match indexed array along dimension ${axis}; dimension is ${this.shape[axis]} but corresponding boolean dimension is ${mask.shape[axis]}`
          : `putmask: the mask has shape ${shapeText(mask.shape)}, the array ${shapeText(this.shape)}; they must be the same`,
      );
    }
    const data = this.data;
    const m = mask.data;
    const stored = castTo(plainNumber(value), this.dtype);
    if (Object.is(stored, 0) && data instanceof Float64Array) {
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
    for (let i = 0; i < data.length; i++) if (m[i] !== 0) data[i] = stored;
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

  /** The value of a one-element array, as `a.item()`: a plain number, as get() gives. */
  item(): number {
    if (this.size !== 1) throw new ValueError("can only convert an array of size 1 to a Python scalar");
    return this.data[0];
  }

  // ---- arithmetic ------------------------------------------------------------

  add(other: Operand): NDArray {
    return binary(this, operandOf(other), "add");
  }

  sub(other: Operand): NDArray {
    return binary(this, operandOf(other), "subtract");
  }

  mul(other: Operand): NDArray {
    return binary(this, operandOf(other), "multiply");
  }

  /** True division, as Python 3's `/`: the result is always float (float32 if both are). */
  div(other: Operand): NDArray {
    return binary(this, operandOf(other), "true_divide");
  }

  /** Element-wise larger value, as np.maximum(this, other): NaN wins, and of two equal values (0 and -0) the second. */
  maximum(other: Operand): NDArray {
    return binary(this, operandOf(other), "maximum");
  }

  neg(): NDArray {
    if (this.dtype === "bool") {
      throw new TypeError(
        "The numpy boolean negative, the `-` operator, is not supported, use the `~` operator or the logical_not function instead.",
      );
    }
    return this.map((x) => -x, this.dtype);
  }

  /**
   * In-place update, NumPy's `a -= b`. The networks need it: a layer and the
   * params dictionary hold the same weight array, so SGD must change it in place.
   */
  isub(other: Operand): this {
    return this.inPlace(other, "subtract");
  }

  iadd(other: Operand): this {
    return this.inPlace(other, "add");
  }

  imul(other: Operand): this {
    return this.inPlace(other, "multiply");
  }

  /**
   * Update the values where they are (the SGD step runs this on every weight,
   * every iteration). As NumPy, the result must fit the array's own dtype
   * (an int array cannot take a float result) and its shape.
   */
  private inPlace(other: Operand, ufunc: BinaryUfunc): this {
    const b = operandOf(other);
    const { compute, result } = binaryTypes(ufunc, typed(this), typed(b));
    checkInPlaceCast(ufunc, result, this.dtype);
    if (b instanceof NDArray && !sameShape(b.shape, this.shape)) {
      const shape = broadcastShape(this.shape, b.shape);
      if (shape === null) {
        const [x, y] = [numpyShapeText(this.shape), numpyShapeText(b.shape)];
        throw new ValueError(`operands could not be broadcast together with shapes ${x} ${y} ${x} `);
      }
      if (!sameShape(shape, this.shape)) {
        throw new ValueError(
          `non-broadcastable output operand with shape ${numpyShapeText(this.shape)} doesn't match the broadcast shape ${numpyShapeText(shape)}`,
        );
      }
    }
    const repeat = this.dtype === "float64" || this.dtype === "float32" ? repeatingOperand(this, b, compute) : null;
    // Integer and bool results are checked before they replace the values; float ones are written directly.
    if (repeat === null) this.data.set(binary(this, b, ufunc).data);
    else elementwise(elementOp(ufunc, compute), this.data, repeat.values, repeat.period, this.data);
    return this;
  }

  // exp and log bit for bit as NumPy computes them on x86-64: float64 by glibc's functions, float32 by NumPy's own SIMD ones.
  exp(): NDArray {
    const dtype = floatFunctionType(this.dtype, "exp");
    return this.map(dtype === "float64" ? libmExp : numpyExpFloat32, dtype);
  }

  log(): NDArray {
    const dtype = floatFunctionType(this.dtype, "log");
    return this.map(dtype === "float64" ? libmLog : numpyLogFloat32, dtype);
  }

  /** Correctly rounded in either float type, as everywhere. */
  sqrt(): NDArray {
    return this.map(Math.sqrt, floatFunctionType(this.dtype, "sqrt"));
  }

  abs(): NDArray {
    return this.map(Math.abs, this.dtype);
  }

  /**
   * Apply a function to every element (a new array). Without a dtype, a float
   * array gives its own type, and an int or bool array int64 if every result
   * is a whole number, float64 otherwise.
   */
  map(fn: (x: number) => number, dtype?: DType): NDArray {
    const type = dtype ?? (this.dtype === "float32" || this.dtype === "float64" ? this.dtype : null);
    const out = storage(type ?? "float64", this.size);
    for (let i = 0; i < out.length; i++) out[i] = fn(this.data[i]);
    const resultType = type ?? (out.every(Number.isInteger) ? "int64" : "float64");
    if (resultType === "int64" || resultType === "bool") for (let i = 0; i < out.length; i++) out[i] = castTo(out[i], resultType);
    return new NDArray(out, this.shape, resultType);
  }

  // ---- comparisons (boolean masks) ---------------------------------------------

  le(other: Operand): NDArray {
    return binary(this, operandOf(other), "less_equal");
  }

  lt(other: Operand): NDArray {
    return binary(this, operandOf(other), "less");
  }

  ge(other: Operand): NDArray {
    return binary(this, operandOf(other), "greater_equal");
  }

  gt(other: Operand): NDArray {
    return binary(this, operandOf(other), "greater");
  }

  eq(other: Operand): NDArray {
    return binary(this, operandOf(other), "equal");
  }

  ne(other: Operand): NDArray {
    return binary(this, operandOf(other), "not_equal");
  }

  // ---- reductions --------------------------------------------------------------
  // Without an axis each returns NumPy's scalar (it prints 3.0 for a float, True for a bool), typed as a number.

  /** Sum of all elements, or along an axis, as np.sum: in NumPy's order of additions; int64 for int and bool arrays. */
  sum(): number;
  sum(axis: number, keepdims?: boolean): NDArray;
  sum(axis?: number, keepdims = false): number | NDArray {
    if (isScalarAxis(this, axis))
      return zeroDimensional(this.sum(), this.dtype === "float32" ? "float32" : isFloat(this.dtype) ? "float64" : "int64");
    if (this.dtype === "int64" || this.dtype === "bool") return integerSum(this, axis, keepdims);
    const float32 = this.dtype === "float32";
    if (axis === undefined) return numpyScalar(contiguousSum(this.data, 0, this.size, float32), this.dtype);
    const ax = normalizeAxis(axis, this.ndim);
    const out = storage(this.dtype, outputSize(this.shape, ax));
    sumAlongAxis(this.data, this.shape, ax, out, float32);
    return new NDArray(out, reducedShape(this.shape, ax, keepdims), this.dtype);
  }

  /** The mean, as np.mean: the sum (in float64 for int and bool arrays, float32 for float32) divided by the count. */
  mean(): number;
  mean(axis: number, keepdims?: boolean): NDArray;
  mean(axis?: number, keepdims = false): number | NDArray {
    const float32 = this.dtype === "float32";
    const dtype = float32 ? "float32" : "float64";
    const divide = (sum: number, n: number): number => (float32 ? Math.fround(sum / n) : sum / n);
    if (axis === undefined) return numpyScalar(divide(contiguousSum(this.data, 0, this.size, float32), this.size), dtype);
    const ax = normalizeAxis(axis, this.ndim);
    const out = storage(dtype, outputSize(this.shape, ax));
    sumAlongAxis(this.data, this.shape, ax, out, float32);
    for (let i = 0; i < out.length; i++) out[i] = divide(out[i], this.shape[ax]);
    return new NDArray(out, reducedShape(this.shape, ax, keepdims), dtype);
  }

  /** The largest element, or along an axis, as np.max: NaN if there is one; the same dtype (bool stays bool). */
  max(): number;
  max(axis: number, keepdims?: boolean): NDArray;
  max(axis?: number, keepdims = false): number | NDArray {
    if (isScalarAxis(this, axis)) return zeroDimensional(this.max(), this.dtype);
    return extreme(this, "maximum", axis, keepdims);
  }

  /** The smallest element, or along an axis, as np.min. */
  min(): number;
  min(axis: number, keepdims?: boolean): NDArray;
  min(axis?: number, keepdims = false): number | NDArray {
    if (isScalarAxis(this, axis)) return zeroDimensional(this.min(), this.dtype);
    return extreme(this, "minimum", axis, keepdims);
  }

  /** Index of the largest element (flat), or along an axis, as np.argmax: ties pick the first, and so does NaN. */
  argmax(): number;
  argmax(axis: number): NDArray;
  argmax(axis?: number): number | NDArray {
    if (axis === undefined) {
      if (this.size === 0) throw new ValueError("attempt to get argmax of an empty sequence");
      return argmaxOf(this.data, 0, this.size, 1);
    }
    // NumPy's argmax sees a 0-d array as one of shape (1,).
    if (this.ndim === 0) return zeroDimensional(normalizeAxis(axis, 1) * 0, "int64");
    const ax = normalizeAxis(axis, this.ndim);
    const { outer, length, inner } = axisSplit(this.shape, ax);
    const out = new Float64Array(outer * inner);
    if (length === 0 && out.length > 0) throw new ValueError("attempt to get argmax of an empty sequence");
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) out[o * inner + i] = argmaxOf(this.data, o * length * inner + i, length, inner);
    }
    return new NDArray(out, reducedShape(this.shape, ax, false), "int64");
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

// ---- x[0]: NumPy's indexing, refused with the methods that do it ----------------------
// A cell's TypeScript (not strict) lets `x[0]` through as `any`: JavaScript would read
// undefined, and `x[0] = 5` would add a property, both silently. A Proxy between
// NDArray.prototype and Object.prototype throws for a numeric key instead. Only a
// lookup that finds nothing on the array and on its class reaches it, so methods,
// getters and fields (everything training touches) are found before it, at no cost.

/** "0", "-1", "2.5", "NaN": a key that is a number written as JavaScript writes it, as `x[i]` makes. */
function isNumericKey(key: string | symbol): key is string {
  return typeof key === "string" && String(Number(key)) === key;
}

/** `x.get(0, j)` for a 2-D array read at [0]: the index given, then a letter for each other axis. */
function indexText(key: string, ndim: number): string {
  return [key, ..."jklmn".slice(0, Math.max(ndim - 1, 0))].join(", ");
}

/** The error for `x[key]`, or for `x[key] = value` when assigning: Korean, then English. */
function bracketError(array: NDArray, key: string, assigning: boolean, value?: unknown): TypeError {
  const which = `x는 이 배열, shape ${shapeText(array.shape)}`;
  const whichEnglish = `x is this array, shape ${shapeText(array.shape)}`;
  const indices = array.ndim === 0 ? "" : indexText(key, array.ndim);
  if (assigning) {
    const number = isNumber(value);
    const stored = number ? String(plainNumber(value)) : "v";
    const setter = `x.set(${[stored, indices].filter(Boolean).join(", ")})`;
    // putmask takes a number: offered only when one is assigned (out[mask] = 0 is the book's).
    const mask = number ? ` · 마스크로: x.putmask(mask, ${stored})` : "";
    const maskEnglish = number ? ` · by a mask: x.putmask(mask, ${stored})` : "";
    return new TypeError(
      `NDArray의 원소는 x[${key}] = ${stored}처럼 대괄호로 바꿀 수 없다. ` +
        `원소 하나: ${setter} (값이 먼저, 그다음 인덱스)${mask} · ${which}\n` +
        `An NDArray's elements cannot be set with brackets as in x[${key}] = ${stored}. ` +
        `One element: ${setter} (the value first, then the indices)${maskEnglish} · ${whichEnglish}`,
    );
  }
  const reader = array.ndim === 0 ? "x.item()" : `x.get(${indices})`;
  // x.take([i]) keeps the axis NumPy's x[i] drops: row 0 of a (100, 784) array has shape (1, 784).
  const rowShape = shapeText([1, ...array.shape.slice(1)]);
  const rows = array.ndim >= 2 ? ` · 행: x.take([${key}]) (shape ${rowShape})` : "";
  const rowsEnglish = array.ndim >= 2 ? ` · rows: x.take([${key}]) (shape ${rowShape})` : "";
  return new TypeError(
    `NDArray는 x[${key}]처럼 대괄호로 읽을 수 없다. 원소 하나: ${reader}${rows} · ${which}\n` +
      `An NDArray cannot be read with brackets as in x[${key}]. One element: ${reader}${rowsEnglish} · ${whichEnglish}`,
  );
}

const objectPrototype: object = Object.getPrototypeOf(NDArray.prototype) as object;
Object.setPrototypeOf(
  NDArray.prototype,
  // The target is an empty object whose prototype is Object.prototype, so that an array is still `instanceof Object`.
  new Proxy(Object.create(objectPrototype) as object, {
    get(target, key, receiver) {
      if (isNumericKey(key) && receiver instanceof NDArray) throw bracketError(receiver, key, false);
      return Reflect.get(target, key, receiver) as unknown;
    },
    set(target, key, value, receiver) {
      if (isNumericKey(key) && receiver instanceof NDArray) throw bracketError(receiver, key, true, value);
      return Reflect.set(target, key, value, receiver);
    },
  }),
);

// ---- helpers shared by the operations ------------------------------------------

/** The other operand of an operation: an array, or a number as NumPy sees a Python scalar. */
function operandOf(other: Operand): NDArray | ScalarOperand {
  if (other instanceof NDArray) return other;
  if (isNumber(other)) return scalarOperand(other);
  throw new TypeError(`an operand must be an NDArray or a number, got ${other === null ? "null" : typeof other}`);
}

/** An operand for NumPy's type rules: an array's dtype, with its value if it is 0-d (then it counts as a scalar). */
function typed(x: NDArray | ScalarOperand): TypedOperand {
  if (x instanceof NDArray) return { dtype: x.dtype, scalar: x.ndim === 0 ? x.data[0] : null };
  return { dtype: x.dtype, scalar: x.value };
}

/** A number cast to a dtype as NumPy's assignment casts it (a[mask] = value): toward zero for int64, nonzero is True. */
function castTo(value: number, dtype: DType): number {
  if (dtype === "int64") return toInt64(value, "assignment");
  if (dtype === "bool") return value !== 0 ? 1 : 0;
  return value;
}

/** A float made an int64 (toward zero), with Python's errors where NumPy's cast has no answer. */
function toInt64(value: number, what: string): number {
  if (Number.isNaN(value)) throw new ValueError("cannot convert float NaN to integer");
  if (!Number.isFinite(value)) throw new OverflowError("cannot convert float infinity to integer");
  const whole = Math.trunc(value) + 0;
  if (Math.abs(whole) > INT_LIMIT) finishInt64(Float64Array.of(whole), what);
  return whole;
}

/** NumPy's sum, max and min of a 0-d array take axis 0 or -1 as no axis at all. */
function isScalarAxis(a: NDArray, axis: number | undefined): boolean {
  return a.ndim === 0 && (axis === 0 || axis === -1);
}

/** A 0-d array holding a reduction's value (NumPy returns its scalar; both print the same). */
function zeroDimensional(value: number, dtype: DType): NDArray {
  return new NDArray(storage(dtype, 1).fill(Number(value)), [], dtype);
}

function isFloat(dtype: DType): boolean {
  return dtype === "float64" || dtype === "float32";
}

/** The shape after reducing one axis: without it, or with 1 there (keepdims). */
function reducedShape(shape: readonly number[], axis: number, keepdims: boolean): number[] {
  return keepdims ? shape.map((d, i) => (i === axis ? 1 : d)) : shape.filter((_, i) => i !== axis);
}

/** How many values a reduction along `axis` gives. */
function outputSize(shape: readonly number[], axis: number): number {
  return sizeOf(reducedShape(shape, axis, false));
}

/**
 * The sum of an int64 or bool array: exact, as NumPy's int64 sum is (the
 * order does not matter then). Doubles add whole numbers exactly while the
 * totals stay within 2^53; past that the sums are done with BigInt.
 */
function integerSum(a: NDArray, axis: number | undefined, keepdims: boolean): number | NDArray {
  let magnitude = 0;
  for (let i = 0; i < a.size; i++) magnitude += Math.abs(a.data[i]);
  const exact = magnitude <= INT_LIMIT;
  if (axis === undefined) {
    let total = 0;
    if (exact) for (let i = 0; i < a.size; i++) total += a.data[i];
    else total = bigSum(a.data, 0, a.size, 1);
    const out = Float64Array.of(total);
    finishInt64(out, "sum");
    return out[0];
  }
  const ax = normalizeAxis(axis, a.ndim);
  const { outer, length, inner } = axisSplit(a.shape, ax);
  const out = new Float64Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const start = o * length * inner + i;
      let total = 0;
      if (exact) for (let k = 0; k < length; k++) total += a.data[start + k * inner];
      else total = bigSum(a.data, start, length, inner);
      out[o * inner + i] = total;
    }
  }
  finishInt64(out, "sum");
  return new NDArray(out, reducedShape(a.shape, ax, keepdims), "int64");
}

/** n whole numbers from data[start], `stride` apart, added exactly (the total as the nearest double). */
function bigSum(data: FloatArray, start: number, n: number, stride: number): number {
  let total = 0n;
  for (let k = 0; k < n; k++) total += BigInt(data[start + k * stride]);
  return Number(total);
}

/**
 * np.max or np.min: the values folded with np.maximum or np.minimum in
 * index order, so NaN wins, and of two equal values (0 and -0) the later one.
 */
function extreme(a: NDArray, ufunc: "maximum" | "minimum", axis: number | undefined, keepdims: boolean): number | NDArray {
  const pick =
    ufunc === "maximum"
      ? (acc: number, x: number): number => (acc > x || acc !== acc ? acc : x)
      : (acc: number, x: number): number => (acc < x || acc !== acc ? acc : x);
  const noIdentity = `zero-size array to reduction operation ${ufunc} which has no identity`;
  if (axis === undefined) {
    if (a.size === 0) throw new ValueError(noIdentity);
    let acc = a.data[0];
    for (let i = 1; i < a.size; i++) acc = pick(acc, a.data[i]);
    return numpyScalar(acc, a.dtype);
  }
  const ax = normalizeAxis(axis, a.ndim);
  const { outer, length, inner } = axisSplit(a.shape, ax);
  const out = storage(a.dtype, outer * inner);
  if (length === 0 && out.length > 0) throw new ValueError(noIdentity);
  for (let o = 0; o < outer; o++) {
    const base = o * length * inner;
    out.set(a.data.subarray(base, base + inner), o * inner);
    for (let k = 1; k < length; k++) {
      const src = base + k * inner;
      for (let i = 0; i < inner; i++) out[o * inner + i] = pick(out[o * inner + i], a.data[src + i]);
    }
  }
  return new NDArray(out, reducedShape(a.shape, ax, keepdims), a.dtype);
}

/** The element operation of a ufunc in a compute type: the bool + is NumPy's logical or. */
function elementOp(ufunc: BinaryUfunc, compute: DType): ElementOp {
  return ufunc === "add" && compute === "bool" ? "logical_or" : ufunc;
}

/**
 * A binary ufunc with NumPy's broadcasting and types: the result has the
 * broadcast shape and the ufunc's result type (dtypes.ts).
 */
function binary(x: NDArray, y: NDArray | ScalarOperand, ufunc: BinaryUfunc): NDArray {
  const { compute, result } = binaryTypes(ufunc, typed(x), typed(y));
  // In float32, NumPy first makes a 0-d float64 or int64 operand float32 (a plain number is converted below).
  const a = compute === "float32" && x.dtype !== "float32" ? x.astype("float32") : x;
  const b = compute === "float32" && y instanceof NDArray && y.dtype !== "float32" ? y.astype("float32") : y;
  const op = elementOp(ufunc, compute);
  const repeat = repeatingOperand(a, b, compute);
  let out: FloatArray;
  let shape: readonly number[];
  if (repeat !== null) {
    out = storage(result, a.size);
    shape = a.shape;
    elementwise(op, a.data, repeat.values, repeat.period, out);
  } else {
    const bArray = b as NDArray;
    shape = broadcastShapes(a.shape, bArray.shape);
    out = storage(result, sizeOf(shape));
    broadcastInto(ELEMENT_FUNCTIONS[op], a, bArray, shape, out);
  }
  if (result === "int64") finishInt64(out, ufunc);
  return new NDArray(out, shape, result);
}

/** out = fn(a, b) over the broadcast shape, walking both operands with an odometer. */
function broadcastInto(
  fn: (x: number, y: number) => number,
  a: NDArray,
  b: NDArray,
  shape: readonly number[],
  out: FloatArray,
): void {
  const ad = a.data;
  const bd = b.data;
  const aStrides = broadcastStrides(a.shape, shape);
  const bStrides = broadcastStrides(b.shape, shape);
  const index = new Array<number>(shape.length).fill(0);
  let ai = 0;
  let bi = 0;
  for (let flat = 0; flat < out.length; flat++) {
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
}

/**
 * The common layouts of a network's element-wise operations, where `other`
 * repeats along `a` with a fixed period: an array of the same shape (period =
 * size), a row such as a bias added to every row of a batch (period = the row
 * length), or a single number (written out into a block, so it takes the same
 * loops). The result then has the shape of `a`. Null for any other broadcast.
 */
function repeatingOperand(
  a: NDArray,
  other: NDArray | ScalarOperand,
  computeType: DType,
): { values: FloatArray; period: number } | null {
  // NumPy converts a scalar to the computation's type first: with float32, x * 0.1 multiplies by float32(0.1).
  const scalar = (x: number): number => (computeType === "float32" ? Math.fround(x) : x);
  if (!(other instanceof NDArray)) return { values: scalarBlock.fill(scalar(other.value)), period: scalarBlock.length };
  if (sameShape(a.shape, other.shape)) return { values: other.data, period: Math.max(a.size, 1) };
  if (other.ndim > a.ndim) return null;
  // A single value in an array, e.g. shape (1, 1): a number for every element.
  if (other.size === 1) return { values: scalarBlock.fill(scalar(other.data[0])), period: scalarBlock.length };
  const cols = a.shape[a.ndim - 1];
  const isRow = other.ndim >= 1 && other.shape[other.ndim - 1] === cols && other.size === cols;
  return isRow && cols > 0 ? { values: other.data, period: cols } : null;
}

/** Room for a number repeated, read by elementwise() like a row. */
const scalarBlock = new Float64Array(256);

/** The element operations: the binary ufuncs, and bool's + (logical or). */
type ElementOp = BinaryUfunc | "logical_or";

const ELEMENT_FUNCTIONS: Readonly<Record<ElementOp, (x: number, y: number) => number>> = {
  add: (x, y) => x + y,
  subtract: (x, y) => x - y,
  multiply: (x, y) => x * y,
  true_divide: (x, y) => x / y,
  // np.maximum: the first if it is larger or NaN, else the second (so the second of two equal values).
  maximum: (x, y) => (x > y || x !== x ? x : y),
  logical_or: (x, y) => +(x !== 0 || y !== 0),
  less_equal: (x, y) => +(x <= y),
  less: (x, y) => +(x < y),
  greater_equal: (x, y) => +(x >= y),
  greater: (x, y) => +(x > y),
  equal: (x, y) => +(x === y),
  not_equal: (x, y) => +(x !== y),
};

/**
 * out[i] = op(x[i], y[i mod period]), walked as rows of `period` values. The
 * operations of training get their own loops, which run several times faster
 * than calling a function per element; `out` may be `x` itself for an in-place update.
 */
function elementwise(op: ElementOp, x: FloatArray, y: FloatArray, period: number, out: FloatArray): void {
  const n = x.length;
  const fn = ELEMENT_FUNCTIONS[op];
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
      case "true_divide":
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
 * An array from nested lists, as np.array. The values decide the dtype as
 * NumPy's do: all booleans give bool; whole numbers (and booleans) int64;
 * any other number float64 (a whole number beyond 2^53 counts as a float:
 * JavaScript cannot write a larger integer exactly). A reduction's scalar
 * brings its own type (np.array([x.sum()]) of a float array is float).
 * Pass a dtype to convert: `array([1, 2], "float64")` is `np.array([1.0, 2.0])`.
 */
export function array(values: Nested | NDArray, dtype?: DType): NDArray {
  if (values instanceof NDArray) return dtype ? values.astype(dtype) : values.copy();
  const shape = nestedShape(values);
  const elements = shape.reduce<readonly Nested[]>((level) => level.flat(), [values]);
  const data = new Float64Array(elements.length);
  const types = new Set<DType>();
  elements.forEach((element, i) => {
    if (typeof element === "boolean") {
      types.add("bool");
      data[i] = Number(element);
    } else if (isNumber(element)) {
      const { dtype: type, value } = scalarOperand(element);
      types.add(type);
      data[i] = value;
    } else throw new TypeError(`array: elements must be numbers or booleans, got ${typeof element}`);
  });
  const inferred = [...types].reduce<DType | null>((t, u) => (t === null ? u : promoteTypes(t, u)), null);
  const result = new NDArray(data, shape, inferred ?? "float64");
  return dtype && dtype !== result.dtype ? result.astype(dtype) : result;
}

/** The shape of nested lists, found level by level, with NumPy's error at the level where they stop being regular. */
function nestedShape(values: Nested): number[] {
  const shape: number[] = [];
  for (let level: readonly Nested[] = [values]; ;) {
    const lists = level.filter((node): node is readonly Nested[] => Array.isArray(node));
    if (lists.length === 0) return shape;
    const length = lists[0].length;
    if (lists.length !== level.length || lists.some((list) => list.length !== length)) {
      throw new ValueError(
        "setting an array element with a sequence. The requested array has an inhomogeneous shape after " +
          `${shape.length} dimensions. The detected shape was ${shapeText(shape)} + inhomogeneous part.`,
      );
    }
    shape.push(length);
    level = lists.flat();
  }
}

export function zeros(...shape: (number | readonly number[])[]): NDArray {
  const s = checkShape(shapeArgs(shape));
  return new NDArray(new Float64Array(sizeOf(s)), s, "float64");
}

export function ones(...shape: (number | readonly number[])[]): NDArray {
  const s = checkShape(shapeArgs(shape));
  return new NDArray(new Float64Array(sizeOf(s)).fill(1), s, "float64");
}

/** np.full(shape, value): the value's type as np.array(value) gives it. */
export function full(shape: readonly number[], value: number): NDArray {
  const s = checkShape(shape);
  const { dtype } = scalarOperand(value);
  return new NDArray(storage(dtype, sizeOf(s)).fill(plainNumber(value)), s, dtype);
}

/** Zeros with the shape and dtype of `a`, as np.zeros_like. */
export function zerosLike(a: NDArray): NDArray {
  return new NDArray(storage(a.dtype, a.size), a.shape, a.dtype);
}

/**
 * np.arange(stop) or np.arange(start, stop, step): int64 if all three are
 * whole numbers, else float64 with NumPy's values, start + i·(the second
 * value − start), which for a fractional step can differ from start + i·step.
 */
export function arange(start: number, stop?: number, step = 1): NDArray {
  if (stop === undefined) [start, stop] = [0, start];
  const dtype = [start, stop, step].every((x) => scalarOperand(x).dtype === "int64") ? "int64" : "float64";
  [start, stop, step] = [plainNumber(start), plainNumber(stop), plainNumber(step)];
  if (step === 0) throw new ValueError("Maximum allowed size exceeded");
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const data = new Float64Array(n);
  const delta = start + step - start;
  for (let i = 0; i < n; i++) data[i] = i === 0 ? start : i === 1 ? start + step : start + i * delta;
  return new NDArray(data, [n], dtype);
}

// ---- free functions, as np.* --------------------------------------------------------

/**
 * np.dot: inner product of 1-D arrays (a 0-d array, printed as a number), matrix product of 2-D arrays,
 * and the mixed 1-D/2-D cases, with NumPy's "not aligned" error.
 */
export function dot(a: NDArray, b: NDArray): NDArray {
  if (a.ndim === 0 || b.ndim === 0) {
    // A product with a 0-d array: a multiplication, in the arrays' common type (np.dot does not cast by value).
    // Of more than one value BLAS's daxpy makes it, adding each product to 0: no -0.
    const dtype = promoteTypes(a.dtype, b.dtype);
    const product = a.astype(dtype).mul(b.astype(dtype));
    return isFloat(dtype) && product.size > 1 ? product.add(0) : product;
  }
  if (a.ndim > 2 || b.ndim > 2) {
    throw new ValueError(
      `dot: only 1-D and 2-D arrays are supported, got shapes ${shapeText(a.shape)} and ${shapeText(b.shape)} ` +
        "(NumPy's dot of a 3-D array sums over its last axis and the second-to-last axis of the other; reshape to 2-D first)",
    );
  }
  const k = a.shape[a.ndim - 1];
  if (k !== b.shape[0]) {
    throw new ValueError(
      `shapes ${numpyShapeText(a.shape)} and ${numpyShapeText(b.shape)} not aligned: ${k} (dim ${a.ndim - 1}) != ${b.shape[0]} (dim 0)`,
    );
  }
  const m = a.ndim === 2 ? a.shape[0] : 1;
  const n = b.ndim === 2 ? b.shape[1] : 1;
  const shape = a.ndim === 2 ? (b.ndim === 2 ? [m, n] : [m]) : b.ndim === 2 ? [n] : [];
  const [values, dtype] = product(a, b, m, k, n, (x, y) => matmul(x, y, m, k, n));
  return new NDArray(values, shape, dtype);
}

/**
 * The values and dtype of a product of a (m×k) and b (k×n), as NumPy's types
 * give it: float products by `floats`; int64 and bool ones exactly (NumPy
 * does not hand them to BLAS either), bool's as logical or of ands.
 */
function product(
  a: NDArray,
  b: NDArray,
  m: number,
  k: number,
  n: number,
  floats: (a: FloatArray, b: FloatArray) => Float64Array,
): [FloatArray, DType] {
  const dtype = promoteTypes(a.dtype, b.dtype);
  if (isFloat(dtype)) return [floats(a.data, b.data), dtype];
  const out = floats(a.data, b.data);
  if (dtype === "bool") return [out.map((v) => (v !== 0 ? 1 : 0)), dtype];
  // Whole numbers: exact while every term and partial sum stays within 2^53.
  const largest = (x: FloatArray): number => {
    let max = 0;
    for (const v of x) max = Math.max(max, Math.abs(v));
    return max;
  };
  if (k * largest(a.data) * largest(b.data) > INT_LIMIT) return [exactIntegerProduct(a, b, m, k, n), dtype];
  finishInt64(out, "dot");
  return [out, dtype];
}

/** An int64 product a (m×k) · b (k×n) with BigInt sums, for values whose products could leave 2^53. */
function exactIntegerProduct(a: NDArray, b: NDArray, m: number, k: number, n: number): Float64Array {
  // a's rows read as rows of m×k, b as k×n, whatever their ndim (1-D vectors are one row or one column).
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let total = 0n;
      for (let p = 0; p < k; p++) total += BigInt(a.data[i * k + p]) * BigInt(b.data[p * n + j]);
      out[i * n + j] = Number(total);
    }
  }
  finishInt64(out, "dot");
  return out;
}

/**
 * np.dot(a.T, b) without building a.T: the weight gradient dW = xᵀ·dout of an
 * Affine layer. Same values as dot(a.T, b).
 */
export function dotATB(a: NDArray, b: NDArray): NDArray {
  if (a.ndim !== 2 || b.ndim !== 2 || !isFloat(promoteTypes(a.dtype, b.dtype))) return dot(a.T, b);
  const [k, m] = a.shape;
  const n = b.shape[1];
  if (k !== b.shape[0]) {
    throw new ValueError(
      `shapes ${numpyShapeText([m, k])} and ${numpyShapeText(b.shape)} not aligned: ${k} (dim 1) != ${b.shape[0]} (dim 0)`,
    );
  }
  return new NDArray(matmulTransA(a.data, b.data, k, m, n), [m, n], promoteTypes(a.dtype, b.dtype));
}

/**
 * np.dot(a, b.T) without building b.T: the input gradient dx = dout·Wᵀ of an
 * Affine layer. Same values as dot(a, b.T).
 */
export function dotABT(a: NDArray, b: NDArray): NDArray {
  if ((a.ndim !== 1 && a.ndim !== 2) || b.ndim !== 2 || !isFloat(promoteTypes(a.dtype, b.dtype))) return dot(a, b.T);
  const k = a.shape[a.ndim - 1];
  const n = b.shape[0];
  if (k !== b.shape[1]) {
    throw new ValueError(
      `shapes ${numpyShapeText(a.shape)} and ${numpyShapeText([b.shape[1], n])} not aligned: ${k} (dim ${a.ndim - 1}) != ${b.shape[1]} (dim 0)`,
    );
  }
  const m = a.ndim === 2 ? a.shape[0] : 1;
  const shape = a.ndim === 2 ? [m, n] : [n];
  return new NDArray(matmulTransB(a.data, b.data, m, k, n), shape, promoteTypes(a.dtype, b.dtype));
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
  const x = a instanceof NDArray ? a : full([], a);
  const y = b instanceof NDArray ? b : full([], b);
  const close = x.astype("float64").sub(y).abs().le(y.astype("float64").abs().mul(rtol).add(atol));
  return close.data.every((v) => v === 1);
}
