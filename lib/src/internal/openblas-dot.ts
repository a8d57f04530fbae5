// np.dot of two float64 vectors as NumPy computes it on x86-64 CPUs with AVX2.
//
// NumPy hands a dot product of two vectors (1-D·1-D, or a row times a column)
// to BLAS's ddot, and Debian's NumPy runs on OpenBLAS, whose ddot for these
// CPUs (its Haswell kernel, which Zen uses too; kernel/x86_64/ddot.c) keeps
// 16 running sums over blocks of 16 values, each term fused into its sum
// (vfmadd231pd), adds them in the order of its vector registers, and then
// the values left over one by one, each product rounded before it is added.
// NumPy adds that to a sum that starts at 0. Other CPUs (AVX-512) and other
// BLAS libraries add in another order; above 10,000 values OpenBLAS shares
// the sum among its threads. This reproduces the one described.
import type { FloatArray } from "./matmul";
import { fma } from "./exact-arithmetic";

/** The dot product of n values of x (from xStart) and of y (from yStart), in OpenBLAS's order. */
export function openblasDot(x: FloatArray, xStart: number, y: FloatArray, yStart: number, n: number): number {
  const blocked = n - (n % 16);
  let dot = 0;
  if (blocked > 0) {
    const sums = new Float64Array(16);
    for (let i = 0; i < blocked; i += 16) {
      for (let lane = 0; lane < 16; lane++) sums[lane] = fma(x[xStart + i + lane], y[yStart + i + lane], sums[lane]);
    }
    // Four registers of four lanes: each one's high half added to its low half, the registers
    // in pairs, the pairs, and last the two lanes left.
    const s = sums;
    const low = s[0] + s[2] + (s[4] + s[6]) + (s[8] + s[10] + (s[12] + s[14]));
    const high = s[1] + s[3] + (s[5] + s[7]) + (s[9] + s[11] + (s[13] + s[15]));
    dot = low + high;
  }
  for (let i = blocked; i < n; i++) dot += y[yStart + i] * x[xStart + i];
  return 0 + dot;
}
