// The WebAssembly module of the large products (matmul.ts), assembled here
// from named instructions. It does exactly what matmul.ts's plain loops do.

/** Output columns per pass; 10 divides the layer sizes of the book's nets (50, 30, 10). */
export const BLOCK = 10;

// ---- the WebAssembly module, instruction by instruction -----------------------------------
// Names follow the WebAssembly text format (local.get, f64x2.mul, …); each
// instruction is its byte encoding. Both functions take nine i32 parameters
// (pointers are byte offsets into the memory):
//   0 a, 1 rows, 2 width of A (k or m), 3 b, 4 n, 5 c, 6 offsets, 7 values, 8 counts

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
const END = 0x0b;

const local = {
  get: (i: number): Code => [0x20, ...uleb(i)],
  set: (i: number): Code => [0x21, ...uleb(i)],
  tee: (i: number): Code => [0x22, ...uleb(i)],
};
const i32 = {
  const: (x: number): Code => [0x41, ...sleb(x)],
  add: [0x6a],
  mul: [0x6c],
  geS: [0x4e],
  load: [0x28, 2, 0], // align 4, offset 0
  store: [0x36, 2, 0],
};
const f64 = {
  const0: [0x44, 0, 0, 0, 0, 0, 0, 0, 0],
  ne: [0x62],
  load: [0x2b, 3, 0], // align 8, offset 0
  loadAt: (offset: number): Code => [0x2b, 3, ...uleb(offset)],
  store: [0x39, 3, 0],
};
const v128 = {
  /** Two doubles at the address on the stack plus `offset` bytes. */
  load: (offset: number): Code => [SIMD, 0x00, 3, ...uleb(offset)],
  store: (offset: number): Code => [SIMD, 0x0b, 3, ...uleb(offset)],
  zero: [SIMD, 0x0c, ...new Array<number>(16).fill(0)],
  or: [SIMD, ...uleb(0x50)],
  /** 1 if any bit of the value is set, else 0. */
  anyTrue: [SIMD, ...uleb(0x53)],
};
const f64x2 = {
  splat: [SIMD, 0x14],
  add: [SIMD, ...uleb(0xf0)],
  mul: [SIMD, ...uleb(0xf2)],
};

/** Structured control flow; a branch names how many enclosing blocks it leaves (0 = the innermost). */
const control = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  /** Runs `body` if the i32 on the stack is not 0. */
  if: (body: Code): Code => [0x04, 0x40, ...body, END],
  ifElse: (then: Code, otherwise: Code): Code => [0x04, 0x40, ...then, 0x05, ...otherwise, END],
  br: (depth: number): Code => [0x0c, depth],
  brIf: (depth: number): Code => [0x0d, depth],
};

/** x = a + b, for locals. */
function assign(x: number, a: Code, b: Code): Code {
  return [...a, ...b, ...i32.add, ...local.set(x)];
}

/** x += step. */
function increment(x: number, step: Code): Code {
  return assign(x, local.get(x), step);
}

/** for (i = start; i < limit; i += step) body — start, limit and step are code that pushes a value. */
function forLoop(i: number, start: Code, limit: Code, step: Code, body: Code): Code {
  return [
    ...start,
    ...local.set(i),
    ...control.block,
    ...control.loop,
    ...local.get(i),
    ...limit,
    ...i32.geS,
    ...control.brIf(1), // leave the block when i >= limit
    ...body,
    ...increment(i, step),
    ...control.br(0), // next round of the loop
    END, // loop
    END, // block
  ];
}

// Parameters and locals of both functions; pointers are byte addresses.
const A = 0,
  ROWS = 1,
  WIDTH = 2,
  B = 3,
  N = 4,
  C = 5,
  OFFSETS = 6,
  VALUES = 7,
  COUNTS = 8;
let nextLocal = 9;
const i32Local = (): number => nextLocal++;
const R = i32Local(),
  ROW = i32Local(),
  ROW_END = i32Local(),
  PTR = i32Local(),
  OFFSET = i32Local(),
  ROW_BYTES = i32Local();
const LIST_O = i32Local(),
  LIST_V = i32Local(),
  QO = i32Local(),
  QV = i32Local(),
  Q_END = i32Local();
const J = i32Local(),
  BASE = i32Local(),
  ADDRESS = i32Local(),
  OUT_ROW = i32Local();
const CP = i32Local(),
  COUNTS_END = i32Local(),
  SLOT = i32Local(),
  COUNT = i32Local();
const I32_LOCALS = nextLocal - 9;
const VALUE = nextLocal++; // f64
const SPLAT = nextLocal++; // v128: the value in both lanes
const REG = nextLocal; // v128: five registers REG … REG+4, ten columns of C
const LOCALS = [
  [I32_LOCALS, I32],
  [1, F64],
  [1 + BLOCK / 2, V128],
];

const zero = i32.const(0);
const one = i32.const(1);
const times = (a: Code, b: Code): Code => [...a, ...b, ...i32.mul];

/** ROW … ROW_END = row R of A (WIDTH values). */
const rowOfA: Code = [
  ...assign(ROW, local.get(A), times(times(local.get(R), local.get(WIDTH)), i32.const(8))),
  ...assign(ROW_END, local.get(ROW), times(local.get(WIDTH), i32.const(8))),
];

/**
 * For each value of row R of A: VALUE = it, and `body` if it is not 0; `next`
 * after every value. Eight values are first tested together: when all their
 * bits are 0 (eight times +0, as in the blank border of an image) they are
 * passed over at once.
 */
function forEachNonzero(body: Code, next: Code): Code {
  const value = (offset: number): Code => [
    ...local.get(PTR),
    ...f64.loadAt(offset),
    ...local.tee(VALUE),
    ...f64.const0,
    ...f64.ne,
    ...control.if(body),
    ...next,
  ];
  const eight = [0, 1, 2, 3, 4, 5, 6, 7];
  const anyBitSet = [
    ...local.get(PTR),
    ...v128.load(0),
    ...local.get(PTR),
    ...v128.load(16),
    ...v128.or,
    ...local.get(PTR),
    ...v128.load(32),
    ...local.get(PTR),
    ...v128.load(48),
    ...v128.or,
    ...v128.or,
    ...v128.anyTrue,
  ];
  return [
    ...rowOfA,
    ...forLoop(PTR, local.get(ROW), [...local.get(ROW_END), ...i32.const(-56), ...i32.add], i32.const(64), [
      ...anyBitSet,
      ...control.ifElse(
        eight.flatMap((u) => value(8 * u)),
        eight.flatMap(() => next),
      ),
    ]),
    // The last few values of a row whose length is not a multiple of eight.
    ...forLoop(PTR, local.get(PTR), local.get(ROW_END), i32.const(8), value(0)),
  ];
}

/** The list of terms LIST_O/LIST_V … Q_END; for each: SPLAT = (value, value), ADDRESS = BASE + its offset; then `body`. */
function forEachTerm(body: Code): Code {
  return [
    ...local.get(LIST_O),
    ...local.set(QO),
    ...forLoop(QV, local.get(LIST_V), local.get(Q_END), i32.const(8), [
      ...local.get(QV),
      ...f64.load,
      ...f64x2.splat,
      ...local.set(SPLAT),
      ...assign(ADDRESS, local.get(BASE), [...local.get(QO), ...i32.load]),
      ...body,
      ...increment(QO, i32.const(4)),
    ]),
  ];
}

/**
 * OUT_ROW[J … J+width-1] = registers + Σ_terms value · BASE-row[J …], the registers
 * starting at `initial` (J is a byte offset into the row).
 */
function accumulateBlock(width: number, initial: (t: number) => Code): Code {
  const registers = Array.from({ length: width / 2 }, (_, t) => t);
  return [
    ...assign(BASE, local.get(B), local.get(J)),
    ...registers.flatMap((t) => [...initial(t), ...local.set(REG + t)]),
    ...forEachTerm(
      registers.flatMap((t) => [
        ...local.get(REG + t),
        ...local.get(SPLAT),
        ...local.get(ADDRESS),
        ...v128.load(16 * t),
        ...f64x2.mul,
        ...f64x2.add,
        ...local.set(REG + t),
      ]),
    ),
    ...registers.flatMap((t) => [
      ...local.get(OUT_ROW),
      ...local.get(J),
      ...i32.add,
      ...local.get(REG + t),
      ...v128.store(16 * t),
    ]),
  ];
}

/** The whole row, ten columns at a time. (Twenty, in ten registers, would not fit the processor's registers.) */
function accumulateRow(initial: (t: number) => Code): Code {
  return forLoop(J, zero, local.get(ROW_BYTES), i32.const(8 * BLOCK), accumulateBlock(BLOCK, initial));
}

/**
 * gemm, C = A·B row by row: list the nonzero a[R][p] with the offset of row p
 * of B, then C[R][J … J+9] = Σ over the list of a[R][p] · B[p][J … J+9].
 */
const gemm: Code = [
  ...times(local.get(N), i32.const(8)),
  ...local.set(ROW_BYTES),
  ...local.get(OFFSETS),
  ...local.set(LIST_O),
  ...local.get(VALUES),
  ...local.set(LIST_V),
  ...forLoop(R, zero, local.get(ROWS), one, [
    ...local.get(OFFSETS),
    ...local.set(QO),
    ...local.get(VALUES),
    ...local.set(QV),
    ...zero,
    ...local.set(OFFSET), // p·N·8, the offset of row p of B
    ...forEachNonzero(
      [
        ...local.get(QO),
        ...local.get(OFFSET),
        ...i32.store,
        ...local.get(QV),
        ...local.get(VALUE),
        ...f64.store,
        ...increment(QO, i32.const(4)),
        ...increment(QV, i32.const(8)),
      ],
      increment(OFFSET, local.get(ROW_BYTES)),
    ),
    ...local.get(QV),
    ...local.set(Q_END),
    ...assign(OUT_ROW, local.get(C), times(local.get(R), local.get(ROW_BYTES))),
    ...accumulateRow(() => v128.zero),
  ]),
];

/**
 * gemmTransA, C += Aᵀ·B: row p of C needs column p of A. First the nonzero
 * a[r][p] of all rows are sorted into one list per column (in row order, and
 * with the offset of row r of B); then each row of C continues its sums
 * C[p][J … J+9] += Σ over list p of a[r][p] · B[r][J … J+9].
 * List p has room for ROWS terms at slot p·ROWS; COUNTS[p] is its length.
 */
const gemmTransA: Code = [
  ...times(local.get(N), i32.const(8)),
  ...local.set(ROW_BYTES),
  ...assign(COUNTS_END, local.get(COUNTS), times(local.get(WIDTH), i32.const(4))),
  ...forLoop(CP, local.get(COUNTS), local.get(COUNTS_END), i32.const(4), [...local.get(CP), ...zero, ...i32.store]),
  ...forLoop(R, zero, local.get(ROWS), one, [
    ...local.get(COUNTS),
    ...local.set(CP), // COUNTS[p] as p runs along the row
    ...zero,
    ...local.set(SLOT), // p·ROWS, where list p starts
    ...times(local.get(R), local.get(ROW_BYTES)),
    ...local.set(OFFSET), // the offset of row R of B
    ...forEachNonzero(
      [
        // list p, slot SLOT + COUNTS[p], gets (OFFSET, value); COUNTS[p] += 1
        ...local.get(CP),
        ...i32.load,
        ...local.get(SLOT),
        ...i32.add,
        ...local.set(COUNT),
        ...local.get(OFFSETS),
        ...times(local.get(COUNT), i32.const(4)),
        ...i32.add,
        ...local.get(OFFSET),
        ...i32.store,
        ...local.get(VALUES),
        ...times(local.get(COUNT), i32.const(8)),
        ...i32.add,
        ...local.get(VALUE),
        ...f64.store,
        ...local.get(CP),
        ...local.get(CP),
        ...i32.load,
        ...one,
        ...i32.add,
        ...i32.store,
      ],
      [...increment(CP, i32.const(4)), ...increment(SLOT, local.get(ROWS))],
    ),
  ]),
  ...zero,
  ...local.set(SLOT),
  ...assign(OUT_ROW, local.get(C), zero),
  ...forLoop(CP, local.get(COUNTS), local.get(COUNTS_END), i32.const(4), [
    ...local.get(CP),
    ...i32.load,
    ...local.set(COUNT),
    ...local.get(COUNT),
    ...control.if([
      // column p has terms
      ...assign(LIST_O, local.get(OFFSETS), times(local.get(SLOT), i32.const(4))),
      ...assign(LIST_V, local.get(VALUES), times(local.get(SLOT), i32.const(8))),
      ...assign(Q_END, local.get(LIST_V), times(local.get(COUNT), i32.const(8))),
      ...accumulateRow((t) => [...local.get(OUT_ROW), ...local.get(J), ...i32.add, ...v128.load(16 * t)]),
    ]),
    ...increment(SLOT, local.get(ROWS)),
    ...increment(OUT_ROW, local.get(ROW_BYTES)),
  ]),
];

/** The module: one function type, the memory imported as env.memory, the two functions exported. */
export function kernelModule(): Uint8Array {
  const section = (id: number, content: Code): Code => [id, ...uleb(content.length), ...content];
  const name = (text: string): Code => [...uleb(text.length), ...Array.from(text, (ch) => ch.charCodeAt(0))];
  const body = (code: Code): Code => {
    const locals = [...uleb(LOCALS.length), ...LOCALS.flatMap(([count, type]) => [...uleb(count), type])];
    return [...uleb(locals.length + code.length + 1), ...locals, ...code, END];
  };
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00, // "\0asm", version 1
    ...section(1, [1, 0x60, 9, ...new Array<number>(9).fill(I32), 0]), // type: (9 × i32) → ()
    ...section(2, [1, ...name("env"), ...name("memory"), 0x02, 0x00, 1]), // import memory, at least 1 page
    ...section(3, [2, 0, 0]), // two functions of type 0
    ...section(7, [2, ...name("gemm"), 0x00, 0, ...name("gemmTransA"), 0x00, 1]),
    ...section(10, [2, ...body(gemm), ...body(gemmTransA)]),
  ]);
}
