// Shape helpers that every array operation uses: one definition each, so that
// a shape is checked, compared and written the same way everywhere.
import { AxisError, ValueError } from "./errors";

/** `(2, 3)`: a shape written as Python writes a tuple (`(3,)` for one axis, `()` for none), as `a.shape` prints. */
export function shapeText(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}

/** `(2,3)`: a shape as NumPy's own error messages write it, without spaces. */
export function numpyShapeText(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(",")})`;
}

/** How many elements an array of this shape holds. */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Whether two shapes are the same, axis by axis. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Row-major strides in elements: how far one step along each axis moves in the flat data. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d];
  }
  return strides;
}

/** A copy of `shape` after checking that every dimension is a whole number >= 0, with NumPy's errors. */
export function checkShape(shape: readonly number[]): number[] {
  for (const d of shape) {
    if (!Number.isInteger(d)) throw new TypeError(`'float' object cannot be interpreted as an integer`);
  }
  if (shape.some((d) => d < 0)) throw new ValueError("negative dimensions are not allowed");
  return [...shape];
}

/** An axis counted from the end when negative, checked against the number of axes (NumPy's AxisError). */
export function normalizeAxis(axis: number, ndim: number): number {
  if (!Number.isInteger(axis)) throw new TypeError(`'float' object cannot be interpreted as an integer`);
  if (axis < -ndim || axis >= ndim) throw new AxisError(`axis ${axis} is out of bounds for array of dimension ${ndim}`);
  return axis < 0 ? axis + ndim : axis;
}

/** NumPy's broadcasting rule: align shapes on the right; each pair of sizes is equal or one of them is 1. Null if they do not broadcast. */
export function broadcastShape(a: readonly number[], b: readonly number[]): number[] | null {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) return null;
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** The broadcast shape of two operands, or NumPy's error naming both shapes. */
export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] {
  const shape = broadcastShape(a, b);
  if (shape === null) {
    // NumPy ends the message with a space.
    throw new ValueError(`operands could not be broadcast together with shapes ${numpyShapeText(a)} ${numpyShapeText(b)} `);
  }
  return shape;
}
