// Sums in NumPy's order, so that they round as NumPy's do.
//
// np.add.reduce (sum, and mean, which divides the sum) walks the array in
// memory order, and its inner loop is either
// - the reduced axis itself, when it is the innermost one of more than one
//   element (axis=None over a whole array counts as one such axis): the
//   values are summed pairwise (numpy/core/src/umath/loops_utils.h.src), in
//   blocks of 8192, the size of the iterator's buffer, whose sums are added
//   to the total one after another; or
// - an axis that is not reduced: then each output adds the rows of the
//   reduced axis one after another, out += row, from 0.
// Every total starts at 0, so a sum of -0.0 is 0.0. Float32 sums round to
// float32 at every step.
import type { FloatArray } from "./matmul";

/** NumPy's unrolling: below this many values a block is summed by 8 running sums, above it halved. */
const PAIRWISE_BLOCK = 128;
/** Values per buffer of NumPy's iterator. */
const BUFFER_SIZE = 8192;

/** The sum of n values from data[start], NumPy's pairwise_sum for float64. */
function pairwiseSum(data: FloatArray, start: number, n: number): number {
  if (n < 8) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += data[start + i];
    return sum;
  }
  if (n <= PAIRWISE_BLOCK) {
    // Eight running sums, then added in pairs, then the rest one by one.
    let r0 = data[start];
    let r1 = data[start + 1];
    let r2 = data[start + 2];
    let r3 = data[start + 3];
    let r4 = data[start + 4];
    let r5 = data[start + 5];
    let r6 = data[start + 6];
    let r7 = data[start + 7];
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      const at = start + i;
      r0 += data[at];
      r1 += data[at + 1];
      r2 += data[at + 2];
      r3 += data[at + 3];
      r4 += data[at + 4];
      r5 += data[at + 5];
      r6 += data[at + 6];
      r7 += data[at + 7];
    }
    let sum = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) sum += data[start + i];
    return sum;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return pairwiseSum(data, start, half) + pairwiseSum(data, start + half, n - half);
}

/** The same in float32 arithmetic, each addition rounded to float32. */
function pairwiseSum32(data: FloatArray, start: number, n: number): number {
  const f = Math.fround;
  if (n < 8) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum = f(sum + data[start + i]);
    return sum;
  }
  if (n <= PAIRWISE_BLOCK) {
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

/** The sum of n consecutive values as NumPy's inner loop gives it: pairwise, block by block of the buffer. */
export function contiguousSum(data: FloatArray, start: number, n: number, float32: boolean): number {
  let total = 0;
  for (let block = 0; block < n; block += BUFFER_SIZE) {
    const size = Math.min(BUFFER_SIZE, n - block);
    total = float32
      ? Math.fround(total + pairwiseSum32(data, start + block, size))
      : total + pairwiseSum(data, start + block, size);
  }
  return total;
}

/** A shape split around one axis: outer blocks × the axis's length × the inner run after it. */
export function axisSplit(shape: readonly number[], axis: number): { outer: number; length: number; inner: number } {
  let outer = 1;
  let inner = 1;
  for (let d = 0; d < axis; d++) outer *= shape[d];
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d];
  return { outer, length: shape[axis], inner };
}

/** The sums along one axis of a C-ordered array, in NumPy's order, into `out` (outer × inner values). */
export function sumAlongAxis(data: FloatArray, shape: readonly number[], axis: number, out: FloatArray, float32: boolean): void {
  const { outer, length, inner } = axisSplit(shape, axis);
  if (inner === 1) {
    // The reduced axis is the innermost one (the axes after it have one element): pairwise per output.
    for (let o = 0; o < outer; o++) out[o] = contiguousSum(data, o * length, length, float32);
    return;
  }
  // out += row after row (the db of an Affine layer: the batch's rows added one by one).
  out.fill(0);
  for (let o = 0; o < outer; o++) {
    const dst = o * inner;
    for (let k = 0; k < length; k++) {
      const src = (o * length + k) * inner;
      for (let i = 0; i < inner; i++) out[dst + i] += data[src + i];
    }
  }
}

/** The index (0 … n-1) of the largest of n values `stride` apart, NumPy's way: the first of equals, the first NaN. */
export function argmaxOf(data: FloatArray, start: number, n: number, stride: number): number {
  let best = 0;
  let bestValue = data[start];
  if (bestValue !== bestValue) return 0;
  for (let k = 1; k < n; k++) {
    const v = data[start + k * stride];
    if (!(v <= bestValue)) {
      best = k;
      bestValue = v;
      if (v !== v) break;
    }
  }
  return best;
}
