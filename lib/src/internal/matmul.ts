// The hot loops of training, kept apart from the array class: the three
// matrix products of an Affine layer, forward (x·W), weight gradient (xᵀ·dout)
// and input gradient (dout·Wᵀ).
//
// Each product adds its terms in the textbook order — c[i][j] += a[i][p] * b[p][j]
// for p = 0, 1, 2, … — and skips the terms where a[i][p] is 0 (most MNIST
// pixels are). Every implementation below keeps that order, so they all give
// bit-identical results, and the same as NumPy up to NumPy's own summation order.
//
// Small products run as plain loops. Large ones (a batch of images, or the
// accuracy pass over 60,000 of them) run in WebAssembly with SIMD: two doubles
// per instruction and no bounds check per element, several times faster than
// any plain JavaScript loop. The WebAssembly code is assembled in
// wasm-gemm.ts from named instructions; it does exactly what the plain loops do.
import { BLOCK, kernelModule } from "./wasm-gemm";

/** Below this many multiply-adds a plain loop is as fast as copying into WebAssembly memory. */
const WASM_MIN_WORK = 1 << 14;
/** Larger matrices B (or C) are left to the plain loops rather than copied. */
const WASM_MAX_BYTES = 1 << 28;

/** C = A·B for row-major A (m×k) and B (k×n). */
export function matmul(a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array {
  const wasm = useWasm(m * k * n, n, 8 * k * n);
  return wasm ? wasm.matmul(a, b, m, k, n) : matmulLoop(a, b, m, k, n);
}

/** C = Aᵀ·B for row-major A (k×m) and B (k×n), without building Aᵀ: dW = xᵀ·dout. */
export function matmulTransA(a: Float64Array, b: Float64Array, k: number, m: number, n: number): Float64Array {
  const wasm = useWasm(m * k * n, n, 8 * m * n);
  return wasm ? wasm.matmulTransA(a, b, k, m, n) : matmulTransALoop(a, b, k, m, n);
}

/** C = A·Bᵀ for row-major A (m×k) and B (n×k), without building Bᵀ: dx = dout·Wᵀ. */
export function matmulTransB(a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array {
  const wasm = useWasm(m * k * n, n, 8 * k * n);
  return wasm ? wasm.matmul(a, b, m, k, n, true) : matmulTransBLoop(a, b, m, k, n);
}

// ---- plain loops: the reference, and the small products ----------------------------

/** The i-k-j order reads B and writes C row by row; a zero in A skips a whole row of B. */
export function matmulLoop(a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    const cRow = i * n;
    const aRow = i * k;
    for (let p = 0; p < k; p++) {
      const aip = a[aRow + p];
      if (aip === 0) continue;
      const bRow = p * n;
      for (let j = 0; j < n; j++) c[cRow + j] += aip * b[bRow + j];
    }
  }
  return c;
}

/**
 * Aᵀ·B as a sum of outer products, one per row i of A: c[p][…] += a[i][p] * b[i][…].
 * Rows are taken in order, so each c[p][j] adds its terms in the textbook order.
 */
export function matmulTransALoop(a: Float64Array, b: Float64Array, k: number, m: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < k; i++) {
    const aRow = i * m;
    const bRow = i * n;
    for (let p = 0; p < m; p++) {
      const aip = a[aRow + p];
      if (aip === 0) continue;
      const cRow = p * n;
      for (let j = 0; j < n; j++) c[cRow + j] += aip * b[bRow + j];
    }
  }
  return c;
}

/** The textbook loop for dout·Wᵀ: a dot product of two rows per element of C. */
export function matmulTransBLoop(a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array {
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

// ---- WebAssembly: the large products -----------------------------------------------------
//
// The inputs are copied into WebAssembly memory (A a chunk of rows at a time),
// and each output row is computed from a short list of the nonzero terms that
// feed it: for A·B, the nonzero a[i][p] of row i of A; for Aᵀ·B, the nonzero
// a[r][p] of column p of A, sorted into one list per column first. The list is
// walked ten output columns at a time, held in five 2-wide SIMD registers, and
// each output value adds its terms in the textbook order.

/** Rows of A copied into WebAssembly memory at a time (about 1 MB for MNIST rows). */
const CHUNK_BYTES = 1 << 20;

interface WasmKernels {
  /** A·B, or A·Bᵀ when `transposeB` (B is then n×k). */
  matmul(a: Float64Array, b: Float64Array, m: number, k: number, n: number, transposeB?: boolean): Float64Array;
  matmulTransA(a: Float64Array, b: Float64Array, k: number, m: number, n: number): Float64Array;
}

let wasmKernels: WasmKernels | null | undefined;

/** The WebAssembly kernels when the product is large enough and the engine has SIMD; null otherwise. */
function useWasm(work: number, n: number, bytes = 0): WasmKernels | null {
  if (work < WASM_MIN_WORK || n < BLOCK || bytes > WASM_MAX_BYTES) return null;
  if (wasmKernels === undefined) wasmKernels = createWasmKernels();
  return wasmKernels;
}

/** Whether the large products run in WebAssembly (false only on an engine without WebAssembly SIMD). */
export function wasmKernelsAvailable(): boolean {
  return useWasm(Infinity, BLOCK) !== null;
}

/** The part of the WebAssembly API used here (TypeScript's libraries for Node do not declare it). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
declare const WebAssembly: {
  validate(bytes: Uint8Array): boolean;
  Memory: new (descriptor: { initial: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
};

interface KernelExports {
  /** C[r][·] = Σ_p A[r][p]·B[p][·] for `rows` rows of A (k wide); n is a multiple of BLOCK. */
  gemm(
    a: number,
    rows: number,
    k: number,
    b: number,
    n: number,
    c: number,
    offsets: number,
    values: number,
    unused: number,
  ): void;
  /** C[p][·] += Σ_r A[r][p]·B[r][·] for `rows` rows of A (m wide) and of B; n is a multiple of BLOCK. */
  gemmTransA(
    a: number,
    rows: number,
    m: number,
    b: number,
    n: number,
    c: number,
    offsets: number,
    values: number,
    counts: number,
  ): void;
}

function createWasmKernels(): WasmKernels | null {
  const bytes = kernelModule();
  if (typeof WebAssembly !== "object" || !WebAssembly.validate(bytes)) return null;
  const memory = new WebAssembly.Memory({ initial: 1 });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
  const wasm = instance.exports as unknown as KernelExports;

  /** Byte offsets of the regions, 16-byte aligned; grows the memory to hold them. */
  const layout = (sizes: readonly number[]): number[] => {
    const starts: number[] = [];
    let end = 0;
    for (const size of sizes) {
      starts.push(end);
      end += Math.ceil(size / 16) * 16;
    }
    const missing = end - memory.buffer.byteLength;
    if (missing > 0) memory.grow(Math.ceil(missing / 65536));
    return starts;
  };

  /** Copy rows of `width` values into WebAssembly memory with a row stride of `stride` (≥ width). */
  const copyIn = (heap: Float64Array, at: number, src: Float64Array, rows: number, width: number, stride: number): void => {
    if (width === stride) heap.set(src.subarray(0, rows * width), at / 8);
    else for (let r = 0; r < rows; r++) heap.set(src.subarray(r * width, (r + 1) * width), at / 8 + r * stride);
  };

  /** Copy the transpose of B (rows × width) into WebAssembly memory, as width rows with a stride of `stride`. */
  const copyTransposedIn = (
    heap: Float64Array,
    at: number,
    src: Float64Array,
    rows: number,
    width: number,
    stride: number,
  ): void => {
    const base = at / 8;
    for (let r = 0; r < rows; r++) for (let p = 0; p < width; p++) heap[base + p * stride + r] = src[r * width + p];
  };

  /** Copy rows out of WebAssembly memory, dropping the padding columns. */
  const copyOut = (
    dst: Float64Array,
    dstAt: number,
    heap: Float64Array,
    at: number,
    rows: number,
    width: number,
    stride: number,
  ): void => {
    if (width === stride) dst.set(heap.subarray(at / 8, at / 8 + rows * width), dstAt);
    else
      for (let r = 0; r < rows; r++) dst.set(heap.subarray(at / 8 + r * stride, at / 8 + r * stride + width), dstAt + r * width);
  };

  return {
    matmul(a, b, m, k, n, transposeB = false) {
      const c = new Float64Array(m * n);
      const padded = Math.ceil(n / BLOCK) * BLOCK;
      const chunk = Math.max(1, Math.min(m, Math.floor(CHUNK_BYTES / (8 * k))));
      const [bAt, aAt, cAt, offsetsAt, valuesAt] = layout([8 * k * padded, 8 * chunk * k, 8 * chunk * padded, 4 * k, 8 * k]);
      const heap = new Float64Array(memory.buffer);
      if (transposeB) copyTransposedIn(heap, bAt, b, n, k, padded);
      else copyIn(heap, bAt, b, k, n, padded);
      for (let start = 0; start < m; start += chunk) {
        const rows = Math.min(chunk, m - start);
        heap.set(a.subarray(start * k, (start + rows) * k), aAt / 8);
        wasm.gemm(aAt, rows, k, bAt, padded, cAt, offsetsAt, valuesAt, 0);
        copyOut(c, start * n, heap, cAt, rows, n, padded);
      }
      return c;
    },

    matmulTransA(a, b, k, m, n) {
      const c = new Float64Array(m * n);
      const padded = Math.ceil(n / BLOCK) * BLOCK;
      const chunk = Math.max(1, Math.min(k, Math.floor(CHUNK_BYTES / (8 * m))));
      const [cAt, aAt, bAt, offsetsAt, valuesAt, countsAt] = layout([
        8 * m * padded,
        8 * chunk * m,
        8 * chunk * padded,
        4 * m * chunk,
        8 * m * chunk,
        4 * m,
      ]);
      const heap = new Float64Array(memory.buffer);
      heap.fill(0, cAt / 8, cAt / 8 + m * padded); // the sums continue from chunk to chunk
      for (let start = 0; start < k; start += chunk) {
        const rows = Math.min(chunk, k - start);
        heap.set(a.subarray(start * m, (start + rows) * m), aAt / 8);
        copyIn(heap, bAt, b.subarray(start * n), rows, n, padded);
        wasm.gemmTransA(aAt, rows, m, bAt, padded, cAt, offsetsAt, valuesAt, countsAt);
      }
      copyOut(c, 0, heap, cAt, m, n, padded);
      return c;
    },
  };
}
