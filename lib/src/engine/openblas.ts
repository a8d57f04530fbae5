// Small float64 products as NumPy computes them on x86-64 CPUs with AVX2.
//
// NumPy hands float products to BLAS, and Debian's NumPy runs on OpenBLAS
// (0.3.21), whose kernels for these CPUs (Haswell's, which Zen uses too) fuse
// each multiply-add (one rounding for a·b + c) and add in an order of their
// own. NumPy picks the routine by shape, and this reproduces each, bit for bit:
// - a dot product of two vectors (one value out): ddot, 16 running sums over
//   blocks of 16 terms, added in the order of its registers, then the terms
//   left over one by one, each product rounded first;
// - a matrix times a matrix (both with more than one row and column): dgemm,
//   every output value one fused chain over its terms in order, in blocks of
//   256 terms whose sums are added to the output; except that when the
//   output has an odd number of rows its last row, in its columns taken four
//   at a time, has four chains (the terms taken round-robin, eight at a time,
//   the rest in the first chain), added (0 + 1) + (2 + 3);
// - a matrix times a vector: dgemv "t", outputs four at a time with four
//   fused chains each, two at a time or one with plain ones, the terms left
//   over (fewer than four) added last;
// - a vector times a matrix: dgemv "n", each output adding its terms four at
//   a time, in two fused pairs, then two, then one; the last outputs (fewer
//   than four) by plain sums.
// A single term (k = 1) is one product, added to 0 unless there is one value.
// On CPUs with AVX-512, and with other BLAS libraries, NumPy's own results
// are different again; above 2,048 terms or outputs dgemv works in blocks, and
// above 10,000 terms OpenBLAS shares a ddot among its threads: not reproduced
// (products that large take the fast kernels anyway). Checked against NumPy
// 1.24.2 with OpenBLAS 0.3.21 on AMD Zen 3 (test/lib/differential.test.ts).
import { fma } from "./exact-arithmetic";

/**
 * A matrix: its values and the steps between rows and columns, so that a
 * transposed operand (xᵀ in xᵀ·dout) is read where it is.
 */
export interface Strided {
  values: Float64Array | Float32Array;
  rowStep: number;
  columnStep: number;
}

/** OpenBLAS's dgemm blocks of terms (GEMM_Q = 256), split as its level-3 driver splits them. */
function termBlocks(k: number): [number, number][] {
  const q = 256;
  const blocks: [number, number][] = [];
  for (let start = 0; start < k;) {
    let size = k - start;
    if (size >= 2 * q) size = q;
    else if (size > q) size = Math.ceil(size / 2 / 4) * 4;
    blocks.push([start, start + size]);
    start += size;
  }
  return blocks;
}

/** The largest number of terms or outputs for which dgemv works in one block, as reproduced here. */
const GEMV_BLOCK = 2048;

/**
 * C = A·B (A m×k, B k×n) as NumPy gives it, into c (m·n values, row-major);
 * false (c untouched) for the sizes whose BLAS order is not reproduced.
 */
export function numpyProduct(a: Strided, b: Strided, m: number, k: number, n: number, c: Float64Array): boolean {
  const A = (i: number, p: number): number => a.values[i * a.rowStep + p * a.columnStep];
  const B = (p: number, j: number): number => b.values[p * b.rowStep + j * b.columnStep];
  if (k <= 1) {
    // No term: zeros. One: a product, which BLAS's daxpy adds to 0 (no -0) unless there is one value.
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) c[i * n + j] = k === 0 ? 0 : m * n === 1 ? A(0, 0) * B(0, 0) : 0 + A(i, 0) * B(0, j);
    return true;
  }
  if (m === 1 && n === 1) {
    c[0] = ddot(a, b, k);
    return true;
  }
  if (n === 1) return k <= GEMV_BLOCK && m <= GEMV_BLOCK && gemvT(A, B, m, k, c);
  if (m === 1) return k <= GEMV_BLOCK && n <= GEMV_BLOCK && gemvN(A, B, k, n, c);
  c.fill(0);
  const lastRow = m % 2 === 1 ? m - 1 : -1;
  const columnsInFours = n - (n % 4);
  for (const [start, end] of termBlocks(k)) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        const sum = i === lastRow && j < columnsInFours ? fourChains(a, b, i, j, start, end) : chain(a, b, i, j, start, end);
        c[i * n + j] += sum;
      }
    }
  }
  return true;
}

/** Σ a[i][p]·b[p][j] for p = start … end-1, each term fused into the sum. */
function chain(a: Strided, b: Strided, i: number, j: number, start: number, end: number): number {
  let sum = 0;
  for (let p = start; p < end; p++) {
    sum = fma(a.values[i * a.rowStep + p * a.columnStep], b.values[p * b.rowStep + j * b.columnStep], sum);
  }
  return sum;
}

/** The same in dgemm's 4×1 kernel: four fused chains over the terms by p mod 4, eight at a time, the rest into the first. */
function fourChains(a: Strided, b: Strided, i: number, j: number, start: number, end: number): number {
  const sums = [0, 0, 0, 0];
  const eights = start + (end - start - ((end - start) % 8));
  for (let p = start; p < end; p++) {
    const lane = p < eights ? (p - start) % 4 : 0;
    sums[lane] = fma(a.values[i * a.rowStep + p * a.columnStep], b.values[p * b.rowStep + j * b.columnStep], sums[lane]);
  }
  return sums[0] + sums[1] + (sums[2] + sums[3]);
}

type Element = (row: number, column: number) => number;

/** y = A·x (A m×k, x the column B(·, 0)) as dgemv_t: see the top of the file. */
function gemvT(A: Element, B: Element, m: number, k: number, y: Float64Array): boolean {
  const inKernels = k - (k % 4);
  const fours = m - (m % 4);
  for (let i = 0; i < m; i++) {
    let sum = 0;
    if (inKernels > 0) {
      if (i < fours) {
        // Four fused lanes over the terms by p mod 4, added (0 + 2) + (1 + 3).
        const lanes = [0, 0, 0, 0];
        for (let p = 0; p < inKernels; p++) lanes[p % 4] = fma(A(i, p), B(p, 0), lanes[p % 4]);
        sum = lanes[0] + lanes[2] + (lanes[1] + lanes[3]);
      } else if ((m % 4) & 2 && i < fours + 2) {
        // Two plain lanes by p mod 2.
        const lanes = [0, 0];
        for (let p = 0; p < inKernels; p++) lanes[p % 2] += A(i, p) * B(p, 0);
        sum = lanes[0] + lanes[1];
      } else {
        // Four plain lanes by p mod 4, added (0 + 2) + (1 + 3).
        const lanes = [0, 0, 0, 0];
        for (let p = 0; p < inKernels; p++) lanes[p % 4] += A(i, p) * B(p, 0);
        sum = lanes[0] + lanes[2] + (lanes[1] + lanes[3]);
      }
    }
    y[i] = 0 + sum;
    // The terms left over, the first product fused into the sum with the second.
    const left = k - inKernels;
    if (left === 1) y[i] = fma(A(i, inKernels), B(inKernels, 0), y[i]);
    else if (left > 1) {
      let rest = fma(A(i, inKernels), B(inKernels, 0), A(i, inKernels + 1) * B(inKernels + 1, 0));
      if (left === 3) rest = fma(A(i, inKernels + 2), B(inKernels + 2, 0), rest);
      y[i] += rest;
    }
  }
  return true;
}

/** y = x·B (x the row A(0, ·), B k×n) as dgemv_n: see the top of the file. */
function gemvN(A: Element, B: Element, k: number, n: number, y: Float64Array): boolean {
  const inKernels = n - (n % 4);
  const groups = k - (k % 4);
  for (let j = 0; j < inKernels; j++) {
    let sum = 0;
    for (let p = 0; p < groups; p += 4) {
      const even = fma(B(p + 2, j), A(0, p + 2), B(p, j) * A(0, p));
      const odd = fma(B(p + 3, j), A(0, p + 3), B(p + 1, j) * A(0, p + 1));
      sum += even + odd;
    }
    let p = groups;
    if (k & 2) {
      sum += B(p, j) * A(0, p) + B(p + 1, j) * A(0, p + 1);
      p += 2;
    }
    if (k & 1) sum += A(0, p) * B(p, j);
    y[j] = sum;
  }
  // The last outputs: plain sums, in pairs of terms when the matrix has two or three columns.
  for (let j = inKernels; j < n; j++) {
    let sum = 0;
    let p = 0;
    if (n === 2 || n === 3) {
      for (; p < groups; p += 4) {
        sum += B(p, j) * A(0, p) + B(p + 1, j) * A(0, p + 1);
        sum += B(p + 2, j) * A(0, p + 2) + B(p + 3, j) * A(0, p + 3);
      }
    }
    for (; p < k; p++) sum += B(p, j) * A(0, p);
    y[j] = 0 + sum;
  }
  return true;
}

/** The dot product of row 0 of A and column 0 of B (k terms), as OpenBLAS's ddot adds it, then added to 0. */
function ddot(a: Strided, b: Strided, k: number): number {
  const x = (p: number): number => a.values[p * a.columnStep];
  const y = (p: number): number => b.values[p * b.rowStep];
  const blocked = k - (k % 16);
  let dot = 0;
  if (blocked > 0) {
    const s = new Float64Array(16);
    for (let p = 0; p < blocked; p += 16) for (let lane = 0; lane < 16; lane++) s[lane] = fma(x(p + lane), y(p + lane), s[lane]);
    // Four registers of four lanes: each one's high half added to its low half, the registers
    // in pairs, the pairs, and last the two lanes left.
    const low = s[0] + s[2] + (s[4] + s[6]) + (s[8] + s[10] + (s[12] + s[14]));
    const high = s[1] + s[3] + (s[5] + s[7]) + (s[9] + s[11] + (s[13] + s[15]));
    dot = low + high;
  }
  for (let p = blocked; p < k; p++) dot += y(p) * x(p);
  return 0 + dot;
}
