// Shape helpers that every array operation uses: one definition each, so that
// a shape is checked, compared and written the same way everywhere.

/** `(2, 3)`: a shape written as NumPy prints it (`(3,)` for one axis, `()` for none). */
export function shapeText(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
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

/** A copy of `shape` after checking that every dimension is a whole number >= 0; `what` names the caller. */
export function checkShape(shape: readonly number[], what: string): number[] {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) {
      throw new RangeError(`${what}: every dimension of a shape must be a whole number >= 0, got ${shapeText(shape)}`);
    }
  }
  return [...shape];
}

/** An axis counted from the end when negative, checked against the number of axes. */
export function normalizeAxis(axis: number, ndim: number, op: string): number {
  const ax = axis < 0 ? axis + ndim : axis;
  if (!Number.isInteger(ax) || ax < 0 || ax >= ndim) {
    throw new RangeError(`${op}: axis ${axis} is out of bounds for array of dimension ${ndim}`);
  }
  return ax;
}

/** NumPy's broadcasting rule: align shapes on the right; each pair of sizes is equal or one of them is 1. */
export function broadcastShapes(a: readonly number[], b: readonly number[], op: string): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new RangeError(`operands could not be broadcast together with shapes ${shapeText(a)} ${shapeText(b)} (${op})`);
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}
