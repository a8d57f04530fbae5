// The hot loops of training, kept apart from the array class: the three
// matrix products of an Affine layer, forward (x·W), weight gradient (xᵀ·dout)
// and input gradient (dout·Wᵀ).
//
// Each product adds its terms in the textbook order — c[i][j] += a[i][p] * b[p][j]
// for p = 0, 1, 2, … — and skips the terms where a[i][p] is 0 (most MNIST
// pixels are) when B holds no inf or NaN: then a skipped term is ±0 and
// changes no sum, whereas 0·inf and 0·NaN are NaN, as NumPy gives them. Every
// implementation below keeps that order, so they all give bit-identical
// results. (NumPy hands float products to BLAS, whose order and fused
// multiply-adds depend on the library and the CPU; openblas.ts reproduces the
// dot products and matrix products of OpenBLAS on AVX2 CPUs, which the
// products of up to NUMPY_ORDER_WORK multiply-adds take.)
//
// Small products run as plain loops. Large ones (a batch of images, or the
// accuracy pass over 60,000 of them) run in WebAssembly with SIMD
// (wasm-kernels.ts), shared among threads where there are any (thread-pool.ts).
// Their operands are copied into the WebAssembly heap unless they live there
// already (wasm-heap.ts: MNIST's images, train()'s batches, a network's
// weights and train()'s buffers do), and a result is written straight into
// an output array that lives there.
import { type WasmHeap, OPERAND_SCRATCH_BYTES, THREAD_SCRATCH_BYTES } from "./wasm-heap";
import { inWasmHeap, wasmRuntime, type WasmRuntime } from "./wasm-runtime";
import { numpyProduct, type Strided } from "./openblas";
import { LIST_ENTRY_BYTES } from "./wasm-kernels";

/** The storage of a float array: float64, or float32 (MNIST's images, as the book loads them). */
export type FloatArray = Float64Array | Float32Array;

/**
 * Up to this many multiply-adds (every product a lesson writes by hand) a
 * product reproduces NumPy's OpenBLAS bit for bit, for the shapes openblas.ts
 * knows; its fused multiply-adds are emulated, some ten times slower than
 * plain ones.
 */
const NUMPY_ORDER_WORK = 4096;
/** Below this many multiply-adds a plain loop is as fast as the set-up of a kernel call. */
const WASM_MIN_WORK = 1 << 14;
/** Multiply-adds (counting zeros) per chunk of a kernel call: enough to be worth claiming, small enough to share. */
const CHUNK_WORK = 1 << 18;
/** Below this many, a product is not worth waking other threads for. */
const PARALLEL_MIN_WORK = 1 << 19;

/**
 * C = A·B for row-major A (m×k) and B (k×n); into `out` (m·n values) if given,
 * which the WebAssembly products write directly when it lives in their heap.
 */
export function matmul(
  a: FloatArray,
  b: FloatArray,
  m: number,
  k: number,
  n: number,
  out?: Float64Array,
  bFinite = false,
): Float64Array {
  const exact = inNumpyOrder({ values: a, rowStep: k, columnStep: 1 }, { values: b, rowStep: n, columnStep: 1 }, m, k, n, out);
  if (exact) return exact;
  const runtime = m * k * n >= WASM_MIN_WORK ? wasmRuntime() : null;
  return (
    (runtime && wasmMatmul(runtime, a, b, m, k, n, out, NO_EPILOGUE, bFinite)) ??
    matmulLoop(a, b, m, k, n, out, bFinite || allFinite(b))
  );
}

/** A small product in NumPy's order (openblas.ts), or null for a large one or a shape it does not reproduce. */
function inNumpyOrder(a: Strided, b: Strided, m: number, k: number, n: number, out?: Float64Array): Float64Array | null {
  if (m * k * n > NUMPY_ORDER_WORK) return null;
  const c = out ?? new Float64Array(m * n);
  return numpyProduct(a, b, m, k, n, c) ? c : null;
}

/** Whether every value is finite (no inf, no NaN): x - x is 0 exactly then. */
export function allFinite(values: FloatArray): boolean {
  for (let i = 0; i < values.length; i++) if (values[i] - values[i] !== 0) return false;
  return true;
}

/**
 * out = A·W + bias on every row, then (if `relu`) max(·, 0), with `mask`
 * (if given) all bits set where the value was <= 0 and 0 elsewhere: an Affine
 * layer and its Relu in one pass over the output, inside the kernel when the
 * arrays live in the WebAssembly heap. The same roundings as the product, then
 * the additions, then Relu's putmask (+0). `wFinite`: the caller knows that W
 * holds no inf or NaN (else it is checked before zeros are skipped).
 */
export function affineInto(
  a: FloatArray,
  W: Float64Array,
  bias: Float64Array,
  m: number,
  k: number,
  n: number,
  out: Float64Array,
  relu: boolean,
  mask: Float64Array | null,
  wFinite = false,
): void {
  const runtime = m * k * n >= WASM_MIN_WORK ? wasmRuntime() : null;
  if (runtime) {
    const { heap } = runtime;
    const allInHeap = inWasmHeap(heap, bias) && inWasmHeap(heap, out) && (mask === null || inWasmHeap(heap, mask));
    const epilogue = { bias: bias.byteOffset, relu: relu ? 1 : 0, mask: mask ? mask.byteOffset : 0 };
    if (allInHeap && wasmMatmul(runtime, a, W, m, k, n, out, epilogue, wFinite)) return;
  }
  matmul(a, W, m, k, n, out, wFinite);
  const maskWords = mask ? new Int32Array(mask.buffer, mask.byteOffset, 2 * mask.length) : null;
  for (let i = 0; i < m * n; i += n) {
    for (let j = 0; j < n; j++) {
      const v = out[i + j] + bias[j];
      const masked = relu && v <= 0;
      if (maskWords) maskWords[2 * (i + j)] = maskWords[2 * (i + j) + 1] = masked ? -1 : 0;
      out[i + j] = masked ? 0 : v;
    }
  }
}

/** C = Aᵀ·B for row-major A (k×m) and B (k×n), without building Aᵀ: dW = xᵀ·dout. Into `out` as matmul(). */
export function matmulTransA(
  a: FloatArray,
  b: FloatArray,
  k: number,
  m: number,
  n: number,
  out?: Float64Array,
  bFinite = false,
): Float64Array {
  const exact = inNumpyOrder({ values: a, rowStep: 1, columnStep: m }, { values: b, rowStep: n, columnStep: 1 }, m, k, n, out);
  if (exact) return exact;
  const runtime = m * k * n >= WASM_MIN_WORK ? wasmRuntime() : null;
  return (
    (runtime && wasmMatmulTransA(runtime, a, b, k, m, n, out, bFinite)) ??
    matmulTransALoop(a, b, k, m, n, out, bFinite || allFinite(b))
  );
}

/** C = A·Bᵀ for row-major A (m×k) and B (n×k), without building Bᵀ: dx = dout·Wᵀ. Into `out` as matmul(). */
export function matmulTransB(
  a: FloatArray,
  b: FloatArray,
  m: number,
  k: number,
  n: number,
  out?: Float64Array,
  bFinite = false,
): Float64Array {
  const exact = inNumpyOrder({ values: a, rowStep: k, columnStep: 1 }, { values: b, rowStep: 1, columnStep: k }, m, k, n, out);
  if (exact) return exact;
  const runtime = m * k * n >= WASM_MIN_WORK ? wasmRuntime() : null;
  return (
    (runtime && wasmMatmulTransB(runtime, a, b, m, k, n, out, bFinite)) ??
    matmulTransBLoop(a, b, m, k, n, out, bFinite || allFinite(b))
  );
}

// ---- plain loops: the reference, and the small products ----------------------------

/** The i-k-j order reads B and writes C row by row; a zero in A skips a whole row of B (if `skipZeros`). */
export function matmulLoop(
  a: FloatArray,
  b: FloatArray,
  m: number,
  k: number,
  n: number,
  out?: Float64Array,
  skipZeros = true,
): Float64Array {
  const c = out ? out.fill(0) : new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    const cRow = i * n;
    const aRow = i * k;
    for (let p = 0; p < k; p++) {
      const aip = a[aRow + p];
      if (aip === 0 && skipZeros) continue;
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
export function matmulTransALoop(
  a: FloatArray,
  b: FloatArray,
  k: number,
  m: number,
  n: number,
  out?: Float64Array,
  skipZeros = true,
): Float64Array {
  const c = out ? out.fill(0) : new Float64Array(m * n);
  for (let i = 0; i < k; i++) {
    const aRow = i * m;
    const bRow = i * n;
    for (let p = 0; p < m; p++) {
      const aip = a[aRow + p];
      if (aip === 0 && skipZeros) continue;
      const cRow = p * n;
      for (let j = 0; j < n; j++) c[cRow + j] += aip * b[bRow + j];
    }
  }
  return c;
}

/** The textbook loop for dout·Wᵀ: a dot product of two rows per element of C. */
export function matmulTransBLoop(
  a: FloatArray,
  b: FloatArray,
  m: number,
  k: number,
  n: number,
  out?: Float64Array,
  skipZeros = true,
): Float64Array {
  const c = out ?? new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    const aRow = i * k;
    for (let j = 0; j < n; j++) {
      const bRow = j * k;
      let sum = 0;
      for (let p = 0; p < k; p++) {
        const v = a[aRow + p];
        if (v !== 0 || !skipZeros) sum += v * b[bRow + p];
      }
      c[i * n + j] = sum;
    }
  }
  return c;
}

// ---- WebAssembly ----------------------------------------------------------------------
// Each function returns null when an operand does not fit the kernels' scratch;
// the plain loop then computes the product.

/** The operand scratch of one product, handed out front to back. */
class Scratch {
  private next: number;
  private readonly end: number;

  constructor(heap: WasmHeap) {
    this.next = heap.operandScratch;
    this.end = heap.operandScratch + OPERAND_SCRATCH_BYTES;
  }

  get free(): number {
    return this.end - this.next;
  }

  take(bytes: number): number | null {
    if (bytes > this.free) return null;
    const at = this.next;
    this.next += Math.ceil(bytes / 64) * 64;
    return at;
  }
}

/** Copy rows first … first+count-1 of `values` (each `width` long) to `at`, converting to float64 if `asFloat64`. */
function copyRows(
  heap: WasmHeap,
  at: number,
  values: FloatArray,
  first: number,
  count: number,
  width: number,
  asFloat64 = false,
): void {
  const view = asFloat64 || values instanceof Float64Array ? heap.f64 : heap.f32;
  view.set(values.subarray(first * width, (first + count) * width), at / view.BYTES_PER_ELEMENT);
}

/** An operand the kernels read where it is (in the heap), or from a region of the scratch that its rows are copied to. */
interface Operand {
  values: FloatArray;
  width: number;
  /** Its byte offset when it is in the heap, else null. */
  inHeap: number | null;
  /** The scratch region for copied rows. */
  region: number;
  /** Whether the kernel reads it as float64 (B, C) rather than in its own type (A). */
  asFloat64: boolean;
}

function operand(heap: WasmHeap, values: FloatArray, width: number, asFloat64: boolean): Operand {
  const usable = inWasmHeap(heap, values) && (!asFloat64 || values instanceof Float64Array);
  return { values, width, inHeap: usable ? values.byteOffset : null, region: 0, asFloat64 };
}

/** Bytes a row of the operand takes in the scratch (0 when it is in the heap). */
function rowBytes(o: Operand): number {
  return o.inHeap !== null ? 0 : o.width * (o.asFloat64 ? 8 : o.values.BYTES_PER_ELEMENT);
}

/** Where rows first … first+count-1 of the operand are, copying them first if needed. */
function rowsAt(heap: WasmHeap, o: Operand, first: number, count: number): number {
  if (o.inHeap !== null) return o.inHeap + first * o.width * o.values.BYTES_PER_ELEMENT;
  copyRows(heap, o.region, o.values, first, count, o.width, o.asFloat64);
  return o.region;
}

/**
 * Rows per kernel call for operands that go through the scratch together
 * (`extra` bytes per row besides them, such as C's rows): all rows if they
 * fit, else as many as do. Takes their regions; 0 if not even one row fits.
 */
function rowsPerCall(scratch: Scratch, rows: number, extra: number, ...operands: Operand[]): number {
  const perRow = extra + operands.reduce((sum, o) => sum + rowBytes(o), 0);
  const count = perRow === 0 ? rows : Math.min(rows, Math.floor(scratch.free / (perRow + 64 * (operands.length + 1))));
  if (count <= 0) return 0;
  for (const o of operands) o.region = scratch.take(count * rowBytes(o)) ?? 0;
  return count;
}

/** The bias, Relu and mask that gemm applies as it stores C (byte offsets; 0 for none), see wasm-kernels.ts. */
interface Epilogue {
  bias: number;
  relu: number;
  mask: number;
}

const NO_EPILOGUE: Epilogue = { bias: 0, relu: 0, mask: 0 };

/** C = A·B where B (k×n, float64) is at bAt. */
function gemm(
  { heap, pool }: WasmRuntime,
  scratch: Scratch,
  a: FloatArray,
  bAt: number,
  m: number,
  k: number,
  n: number,
  out: Float64Array | undefined,
  { bias, relu, mask }: Epilogue,
): Float64Array | null {
  if (k * LIST_ENTRY_BYTES > THREAD_SCRATCH_BYTES) return null;
  const A = operand(heap, a, k, false);
  // C straight into `out` when it lives here; else through the scratch.
  const direct = out !== undefined && inWasmHeap(heap, out);
  const rows = rowsPerCall(scratch, m, direct ? 0 : 8 * n, A);
  if (rows === 0) return null;
  const cAt = direct ? out.byteOffset : (scratch.take(8 * rows * n) as number);
  const c = out ?? new Float64Array(m * n);
  const kernel = a instanceof Float32Array ? "gemmF32" : "gemmF64";
  const rowsPerChunk = Math.max(1, Math.ceil(CHUNK_WORK / (k * n)));
  const parallel = m * k * n >= PARALLEL_MIN_WORK;
  for (let first = 0; first < m; first += rows) {
    const count = Math.min(rows, m - first);
    const aAt = rowsAt(heap, A, first, count);
    const at = direct ? cAt + 8 * first * n : cAt;
    const maskAt = mask === 0 ? 0 : mask + 8 * first * n;
    const args = [aAt, k, bAt, n, at, count, rowsPerChunk, bias, relu, maskAt];
    pool.run(kernel, args, Math.ceil(count / rowsPerChunk), parallel);
    if (!direct) c.set(heap.f64.subarray(cAt / 8, cAt / 8 + count * n), first * n);
  }
  return c;
}

/** `length` float64 values from the WebAssembly heap, in an array of their own. */
function copiedOut(heap: WasmHeap, at: number, length: number): Float64Array {
  const out = new Float64Array(length);
  out.set(heap.f64.subarray(at / 8, at / 8 + length)); // not slice(): slice() of shared memory is many times slower
  return out;
}

function wasmMatmul(
  runtime: WasmRuntime,
  a: FloatArray,
  b: FloatArray,
  m: number,
  k: number,
  n: number,
  out: Float64Array | undefined,
  epilogue: Epilogue,
  bFinite: boolean,
): Float64Array | null {
  const { heap } = runtime;
  const scratch = new Scratch(heap);
  const B = operand(heap, b, n, true);
  if (rowsPerCall(scratch, k, 0, B) < k) return null;
  const bAt = rowsAt(heap, B, 0, k);
  if (!bFinite && !finiteInHeap(heap, bAt, k * n)) return null;
  return gemm(runtime, scratch, a, bAt, m, k, n, out, epilogue);
}

/** Whether the `count` float64 values at byte offset `at` of the WebAssembly heap are all finite. */
function finiteInHeap(heap: WasmHeap, at: number, count: number): boolean {
  // The calling thread's scratch is free between products.
  const resultAt = heap.threadScratch(0);
  heap.kernels.nonFinite(at, count, resultAt, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  return new Int32Array(heap.buffer, resultAt, 1)[0] === 0;
}

function wasmMatmulTransB(
  runtime: WasmRuntime,
  a: FloatArray,
  b: FloatArray,
  m: number,
  k: number,
  n: number,
  out: Float64Array | undefined,
  bFinite: boolean,
): Float64Array | null {
  // Bᵀ (k×n) from B (n×k): copied in, then transposed by a kernel.
  const { heap, pool } = runtime;
  const scratch = new Scratch(heap);
  const B = operand(heap, b, k, true);
  if (rowsPerCall(scratch, n, 0, B) < n) return null;
  const bAt = rowsAt(heap, B, 0, n);
  if (!bFinite && !finiteInHeap(heap, bAt, k * n)) return null;
  const transposedAt = scratch.take(8 * k * n);
  if (transposedAt === null) return null;
  pool.run("transpose", [bAt, n, k, transposedAt, n], 1, false);
  return gemm(runtime, scratch, a, transposedAt, m, k, n, out, NO_EPILOGUE);
}

function wasmMatmulTransA(
  { heap, pool }: WasmRuntime,
  a: FloatArray,
  b: FloatArray,
  k: number,
  m: number,
  n: number,
  out: Float64Array | undefined,
  bFinite: boolean,
): Float64Array | null {
  const scratch = new Scratch(heap);
  // C straight into `out` when it lives here; else through the scratch.
  const direct = out !== undefined && inWasmHeap(heap, out);
  const cAt = direct ? out.byteOffset : scratch.take(8 * m * n);
  if (cAt === null) return null;
  // Columns of A (rows of C) per chunk, and rows of A per block of lists, so that a chunk's lists fit its thread's scratch.
  const columnsPerChunk = Math.min(256, m, Math.max(1, Math.ceil(CHUNK_WORK / (k * n))));
  const listRows = Math.floor((THREAD_SCRATCH_BYTES - 4 * columnsPerChunk - 64) / (LIST_ENTRY_BYTES * columnsPerChunk));
  const A = operand(heap, a, m, false);
  const B = operand(heap, b, n, true);
  const rows = rowsPerCall(scratch, k, 0, A, B);
  if (rows === 0) return null;
  const kernel = a instanceof Float32Array ? "gemmTransAF32" : "gemmTransAF64";
  const parallel = m * k * n >= PARALLEL_MIN_WORK;
  for (let first = 0; first < k; first += rows) {
    const count = Math.min(rows, k - first);
    const aAt = rowsAt(heap, A, first, count);
    const bAt = rowsAt(heap, B, first, count);
    // Rows of C already written are written again from 0 by the plain loop.
    if (!bFinite && !finiteInHeap(heap, bAt, count * n)) return null;
    const continueSums = first > 0 ? 1 : 0;
    const args = [aAt, count, m, bAt, n, cAt, columnsPerChunk, Math.min(listRows, count), continueSums];
    pool.run(kernel, args, Math.ceil(m / columnsPerChunk), parallel);
  }
  if (direct) return out;
  if (out) {
    out.set(heap.f64.subarray(cAt / 8, cAt / 8 + m * n));
    return out;
  }
  return copiedOut(heap, cAt, m * n);
}

/** Whether the large products run in WebAssembly (false only on an engine without WebAssembly SIMD). */
export function wasmKernelsAvailable(): boolean {
  return wasmRuntime() !== null;
}
