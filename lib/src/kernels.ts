// The hot loops of training, kept apart from the array class so they stay
// plain loops over typed arrays: no allocation per element, rows walked in
// memory order.
//
// Every product sums its terms in the same order as the textbook loop
// c[i][j] += a[i][p] * b[p][j] for p = 0, 1, 2, … (skipping a[i][p] = 0), so
// all three kernels give bit-identical results to that loop and to each other.
// Two tricks make them fast:
//
// - Zero skipping. Most MNIST pixels are 0 (81 %) and ReLU outputs are often
//   0, so each row of A is first gathered into a short list of its nonzero
//   values, and only those enter the loops.
// - Register blocking. A block of BLOCK output columns is accumulated in local
//   variables over that list: each term costs one load of B, and C is written
//   once, instead of a load and a store of C per term.

/** Output columns accumulated together; 10 divides the sizes of the book's nets (50, 30, 10). */
const BLOCK = 10;

/** Scratch lists of nonzero terms, reused between calls (JavaScript runs one call at a time). */
let scratchOffsets = new Int32Array(1024);
let scratchValues = new Float64Array(1024);

function scratch(size: number): void {
  if (scratchOffsets.length >= size) return;
  scratchOffsets = new Int32Array(size);
  scratchValues = new Float64Array(size);
}

/**
 * c[cRow + j] = Σ_q values[q] · b[offsets[q] + j·bStep] for j = 0 … n-1, terms
 * in list order. This is the inner kernel shared by all products: `offsets`
 * point at the start of the rows (or columns) of B that the nonzero terms meet.
 */
function accumulateRow(
  c: Float64Array, cRow: number, n: number,
  b: Float64Array, offsets: Int32Array, values: Float64Array, start: number, end: number,
): void {
  let j = 0;
  for (; j + BLOCK <= n; j += BLOCK) {
    let c0 = 0, c1 = 0, c2 = 0, c3 = 0, c4 = 0, c5 = 0, c6 = 0, c7 = 0, c8 = 0, c9 = 0;
    for (let q = start; q < end; q++) {
      const v = values[q];
      const o = offsets[q] + j;
      c0 += v * b[o];
      c1 += v * b[o + 1];
      c2 += v * b[o + 2];
      c3 += v * b[o + 3];
      c4 += v * b[o + 4];
      c5 += v * b[o + 5];
      c6 += v * b[o + 6];
      c7 += v * b[o + 7];
      c8 += v * b[o + 8];
      c9 += v * b[o + 9];
    }
    const r = cRow + j;
    c[r] = c0;
    c[r + 1] = c1;
    c[r + 2] = c2;
    c[r + 3] = c3;
    c[r + 4] = c4;
    c[r + 5] = c5;
    c[r + 6] = c6;
    c[r + 7] = c7;
    c[r + 8] = c8;
    c[r + 9] = c9;
  }
  for (; j + 2 <= n; j += 2) {
    let c0 = 0, c1 = 0;
    for (let q = start; q < end; q++) {
      const v = values[q];
      const o = offsets[q] + j;
      c0 += v * b[o];
      c1 += v * b[o + 1];
    }
    c[cRow + j] = c0;
    c[cRow + j + 1] = c1;
  }
  if (j < n) {
    let c0 = 0;
    for (let q = start; q < end; q++) c0 += values[q] * b[offsets[q] + j];
    c[cRow + j] = c0;
  }
}

/**
 * C = A·B for row-major A (m×k) and B (k×n). Row by row: gather the nonzero
 * a[i][p] with the offset of row p of B, then accumulate.
 */
export function matmul(a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  scratch(k);
  const offsets = scratchOffsets;
  const values = scratchValues;
  for (let i = 0; i < m; i++) {
    const aRow = i * k;
    let count = 0;
    for (let p = 0; p < k; p++) {
      const v = a[aRow + p];
      if (v !== 0) {
        offsets[count] = p * n;
        values[count++] = v;
      }
    }
    accumulateRow(c, i * n, n, b, offsets, values, 0, count);
  }
  return c;
}

/**
 * C = Aᵀ·B for row-major A (k×m) and B (k×n), without building Aᵀ: dW = xᵀ·dout.
 * Row p of C needs column p of A, so the nonzeros of A are first sorted by
 * column (a counting sort that keeps them in row order within a column).
 */
export function matmulTransA(a: Float64Array, b: Float64Array, k: number, m: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  // starts[p] … starts[p + 1]: the slice of the lists that belongs to column p.
  const starts = new Int32Array(m + 1);
  for (let i = 0; i < k; i++) {
    const aRow = i * m;
    for (let p = 0; p < m; p++) if (a[aRow + p] !== 0) starts[p + 1]++;
  }
  for (let p = 0; p < m; p++) starts[p + 1] += starts[p];
  scratch(starts[m]);
  const offsets = scratchOffsets;
  const values = scratchValues;
  const next = starts.slice(0, m);
  for (let i = 0; i < k; i++) {
    const aRow = i * m;
    for (let p = 0; p < m; p++) {
      const v = a[aRow + p];
      if (v !== 0) {
        const q = next[p]++;
        offsets[q] = i * n;
        values[q] = v;
      }
    }
  }
  for (let p = 0; p < m; p++) {
    if (starts[p] !== starts[p + 1]) accumulateRow(c, p * n, n, b, offsets, values, starts[p], starts[p + 1]);
  }
  return c;
}

/**
 * C = A·Bᵀ for row-major A (m×k) and B (n×k), without building Bᵀ: dx = dout·Wᵀ.
 * Each c[i][j] is the dot product of row i of A and row j of B, both read in
 * memory order.
 */
export function matmulTransB(a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    const aRow = i * k;
    for (let j = 0; j < n; j++) {
      const bRow = j * k;
      let sum = 0;
      for (let p = 0; p < k; p++) {
        const v = a[aRow + p];
        if (v !== 0) sum += v * b[bRow + p];
      }
      c[i * n + j] = sum;
    }
  }
  return c;
}
