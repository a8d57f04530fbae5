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
// per instruction and no bounds check per element, about 3× faster than the
// best plain loop. The WebAssembly code is assembled below from named
// instructions; it does exactly what the plain loops do.

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

/**
 * C = A·Bᵀ for row-major A (m×k) and B (n×k), without building Bᵀ: dx = dout·Wᵀ.
 * Each c[i][j] is the dot product of row i of A and row j of B, both read in
 * memory order. (In the networks here this product is small: dout has 10 or 30 columns.)
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

// ---- WebAssembly: the large products -----------------------------------------------------
//
// Both functions work on a chunk of rows copied into WebAssembly memory. For
// each row they first gather its nonzero values, each with the byte offset
// p·n·8 of the matching row of the other matrix, and then walk that short
// list ten output columns at a time, held in five 2-wide SIMD registers.

/** Output columns per pass; 10 divides the layer sizes of the book's nets (50, 30, 10). */
const BLOCK = 10;
/** Rows of A copied into WebAssembly memory at a time (about 1 MB for MNIST rows). */
const CHUNK_BYTES = 1 << 20;

interface WasmKernels {
  matmul(a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array;
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
  gemm(a: number, rows: number, k: number, b: number, n: number, c: number, offsets: number, values: number): void;
  /** C[p][·] += A[r][p]·B[r][·] for `rows` rows of A (m wide) and of B; n is a multiple of BLOCK. */
  gemmTransA(a: number, rows: number, m: number, b: number, n: number, c: number, offsets: number, values: number): void;
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

  /** Copy rows out of WebAssembly memory, dropping the padding columns. */
  const copyOut = (dst: Float64Array, dstAt: number, heap: Float64Array, at: number, rows: number, width: number, stride: number): void => {
    if (width === stride) dst.set(heap.subarray(at / 8, at / 8 + rows * width), dstAt);
    else for (let r = 0; r < rows; r++) dst.set(heap.subarray(at / 8 + r * stride, at / 8 + r * stride + width), dstAt + r * width);
  };

  return {
    matmul(a, b, m, k, n) {
      const c = new Float64Array(m * n);
      const padded = Math.ceil(n / BLOCK) * BLOCK;
      const chunk = Math.max(1, Math.min(m, Math.floor(CHUNK_BYTES / (8 * k))));
      const [bAt, aAt, cAt, offsetsAt, valuesAt] = layout([8 * k * padded, 8 * chunk * k, 8 * chunk * padded, 4 * k, 8 * k]);
      const heap = new Float64Array(memory.buffer);
      copyIn(heap, bAt, b, k, n, padded);
      for (let start = 0; start < m; start += chunk) {
        const rows = Math.min(chunk, m - start);
        heap.set(a.subarray(start * k, (start + rows) * k), aAt / 8);
        wasm.gemm(aAt, rows, k, bAt, padded, cAt, offsetsAt, valuesAt);
        copyOut(c, start * n, heap, cAt, rows, n, padded);
      }
      return c;
    },

    matmulTransA(a, b, k, m, n) {
      const c = new Float64Array(m * n);
      const padded = Math.ceil(n / BLOCK) * BLOCK;
      const chunk = Math.max(1, Math.min(k, Math.floor(CHUNK_BYTES / (8 * m))));
      const [cAt, aAt, bAt, offsetsAt, valuesAt] = layout([8 * m * padded, 8 * chunk * m, 8 * chunk * padded, 4 * m, 8 * m]);
      const heap = new Float64Array(memory.buffer);
      heap.fill(0, cAt / 8, cAt / 8 + m * padded); // C accumulates over the chunks
      for (let start = 0; start < k; start += chunk) {
        const rows = Math.min(chunk, k - start);
        heap.set(a.subarray(start * m, (start + rows) * m), aAt / 8);
        copyIn(heap, bAt, b.subarray(start * n), rows, n, padded);
        wasm.gemmTransA(aAt, rows, m, bAt, padded, cAt, offsetsAt, valuesAt);
      }
      copyOut(c, 0, heap, cAt, m, n, padded);
      return c;
    },
  };
}

// ---- the WebAssembly module, instruction by instruction -----------------------------------
// Names follow the WebAssembly text format (local.get, f64x2.mul, …); each
// instruction is its byte encoding. Both functions take eight i32 parameters
// (pointers are byte offsets into the memory):
//   0 a, 1 rows, 2 width of A (k or m), 3 b, 4 n, 5 c, 6 offsets, 7 values

type Code = number[];

/** Unsigned and signed LEB128, the variable-length integers of the binary format. */
function uleb(value: number): Code {
  const out: Code = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

function sleb(value: number): Code {
  const out: Code = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0)) return [...out, byte];
    out.push(byte | 0x80);
  }
}

const I32 = 0x7f;
const F64 = 0x7c;
const V128 = 0x7b;
const SIMD = 0xfd;

const local = {
  get: (i: number): Code => [0x20, ...uleb(i)],
  set: (i: number): Code => [0x21, ...uleb(i)],
  tee: (i: number): Code => [0x22, ...uleb(i)],
};
const i32 = {
  const: (x: number): Code => [0x41, ...sleb(x)],
  add: [0x6a],
  mul: [0x6c],
  shl: [0x74],
  geS: [0x4e],
  load: [0x28, 2, 0], // align 4, offset 0
  store: [0x36, 2, 0],
};
const f64 = {
  const0: [0x44, 0, 0, 0, 0, 0, 0, 0, 0],
  ne: [0x62],
  load: [0x2b, 3, 0], // align 8, offset 0
  store: [0x39, 3, 0],
};
const v128 = {
  /** Two doubles at the address on the stack plus `offset` bytes. */
  load: (offset: number): Code => [SIMD, 0x00, 3, ...uleb(offset)],
  store: (offset: number): Code => [SIMD, 0x0b, 3, ...uleb(offset)],
  zero: [SIMD, 0x0c, ...new Array<number>(16).fill(0)],
};
const f64x2 = {
  splat: [SIMD, 0x14],
  add: [SIMD, ...uleb(0xf0)],
  mul: [SIMD, ...uleb(0xf2)],
};
const END = 0x0b;

/** for (i = 0; i < limit; i += step) body — `limit` is code that pushes the bound. */
function forLoop(i: number, limit: Code, step: number, body: Code): Code {
  return [
    ...i32.const(0), ...local.set(i),
    0x02, 0x40, 0x03, 0x40, // block, loop
    ...local.get(i), ...limit, ...i32.geS, 0x0d, 1, // br_if 1: leave when i >= limit
    ...body,
    ...local.get(i), ...i32.const(step), ...i32.add, ...local.set(i),
    0x0c, 0, // br 0: next round
    END, END,
  ];
}

/** address + index · 2^shift */
function indexed(address: Code, index: Code, shift: number): Code {
  return [...address, ...index, ...i32.const(shift), ...i32.shl, ...i32.add];
}

// Parameters and locals of both functions.
const A = 0, ROWS = 1, WIDTH = 2, B = 3, N = 4, C = 5, OFFSETS = 6, VALUES = 7;
const R = 8, P = 9, COUNT = 10, Q = 11, J = 12, ADDRESS = 13, ROW = 14; // i32
const VALUE = 15; // f64
const SPLAT = 16, REG = 17; // v128: the splatted value and five registers REG … REG+4
const REGISTERS = BLOCK / 2;
const LOCALS = [[7, I32], [1, F64], [1 + REGISTERS, V128]];
const registers = Array.from({ length: REGISTERS }, (_, t) => t);

/**
 * COUNT = the nonzero values of row R of A, into VALUES, each with the byte
 * offset P·N·8 into OFFSETS (a row of B in gemm, a row of C in gemmTransA).
 */
const gatherRow: Code = [
  ...local.get(A), ...local.get(R), ...local.get(WIDTH), ...i32.mul, ...i32.const(3), ...i32.shl, ...i32.add, ...local.set(ROW),
  ...i32.const(0), ...local.set(COUNT),
  ...forLoop(P, local.get(WIDTH), 1, [
    ...indexed(local.get(ROW), local.get(P), 3), ...f64.load, ...local.tee(VALUE), ...f64.const0, ...f64.ne,
    0x04, 0x40, // if the value is not 0
    ...indexed(local.get(OFFSETS), local.get(COUNT), 2), ...local.get(P), ...local.get(N), ...i32.mul, ...i32.const(3), ...i32.shl, ...i32.store,
    ...indexed(local.get(VALUES), local.get(COUNT), 3), ...local.get(VALUE), ...f64.store,
    ...local.get(COUNT), ...i32.const(1), ...i32.add, ...local.set(COUNT),
    END,
  ]),
];

/** SPLAT = (value q, value q); ADDRESS = base + offset q + J·8. */
function loadTerm(base: number): Code {
  return [
    ...indexed(local.get(VALUES), local.get(Q), 3), ...f64.load, ...f64x2.splat, ...local.set(SPLAT),
    ...local.get(base), ...indexed(local.get(OFFSETS), local.get(Q), 2), ...i32.load, ...i32.add,
    ...local.get(J), ...i32.const(3), ...i32.shl, ...i32.add, ...local.set(ADDRESS),
  ];
}

/** Byte address of C[R][J]. */
const cRowJ: Code = [
  ...local.get(C), ...local.get(R), ...local.get(N), ...i32.mul, ...local.get(J), ...i32.add, ...i32.const(3), ...i32.shl, ...i32.add,
];

/** gemm: for each row, registers = Σ_q value_q · B[p_q][J … J+9], then stored into C[R][J … J+9]. */
const gemm: Code = forLoop(R, local.get(ROWS), 1, [
  ...gatherRow,
  ...forLoop(J, local.get(N), BLOCK, [
    ...registers.flatMap((t) => [...v128.zero, ...local.set(REG + t)]),
    ...forLoop(Q, local.get(COUNT), 1, [
      ...loadTerm(B),
      ...registers.flatMap((t) => [
        ...local.get(REG + t), ...local.get(SPLAT), ...local.get(ADDRESS), ...v128.load(16 * t), ...f64x2.mul, ...f64x2.add, ...local.set(REG + t),
      ]),
    ]),
    ...registers.flatMap((t) => [...cRowJ, ...local.get(REG + t), ...v128.store(16 * t)]),
  ]),
]);

/** gemmTransA: registers = B[R][J … J+9]; then C[p_q][J … J+9] += value_q · registers for each q. */
const gemmTransA: Code = forLoop(R, local.get(ROWS), 1, [
  ...gatherRow,
  ...forLoop(J, local.get(N), BLOCK, [
    ...registers.flatMap((t) => [
      ...local.get(B), ...local.get(R), ...local.get(N), ...i32.mul, ...local.get(J), ...i32.add, ...i32.const(3), ...i32.shl, ...i32.add,
      ...v128.load(16 * t), ...local.set(REG + t),
    ]),
    ...forLoop(Q, local.get(COUNT), 1, [
      ...loadTerm(C),
      ...registers.flatMap((t) => [
        ...local.get(ADDRESS),
        ...local.get(ADDRESS), ...v128.load(16 * t), ...local.get(SPLAT), ...local.get(REG + t), ...f64x2.mul, ...f64x2.add,
        ...v128.store(16 * t),
      ]),
    ]),
  ]),
]);

/** The module: one function type, the memory imported as env.memory, the two functions exported. */
function kernelModule(): Uint8Array {
  const section = (id: number, content: Code): Code => [id, ...uleb(content.length), ...content];
  const name = (text: string): Code => [...uleb(text.length), ...Array.from(text, (ch) => ch.charCodeAt(0))];
  const body = (code: Code): Code => {
    const locals = [...uleb(LOCALS.length), ...LOCALS.flatMap(([count, type]) => [...uleb(count), type])];
    return [...uleb(locals.length + code.length + 1), ...locals, ...code, END];
  };
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // "\0asm", version 1
    ...section(1, [1, 0x60, 8, ...new Array<number>(8).fill(I32), 0]), // type: (8 × i32) → ()
    ...section(2, [1, ...name("env"), ...name("memory"), 0x02, 0x00, 1]), // import memory, at least 1 page
    ...section(3, [2, 0, 0]), // two functions of type 0
    ...section(7, [2, ...name("gemm"), 0x00, 0, ...name("gemmTransA"), 0x00, 1]),
    ...section(10, [2, ...body(gemm), ...body(gemmTransA)]),
  ]);
}
