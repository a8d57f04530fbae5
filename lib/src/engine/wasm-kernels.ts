// The WebAssembly kernels of the large matrix products (see matmul.ts), written
// with wasm-assembler.ts. They do exactly what matmul.ts's plain loops do:
// every output value adds its nonzero terms a·b one at a time, in the
// textbook order, each product rounded before it is added (no fused
// multiply-add). Only the bookkeeping differs: two doubles per SIMD
// instruction, and a zero of A skips its term.
//
// Each kernel computes one chunk of its output (some rows of C) and is told
// which by a chunk number, so that several threads can share a product: each
// output value is computed by one call, the same way whichever thread makes
// it, and the result does not depend on the number of threads.
import {
  assembleModule,
  type Code,
  f32,
  f64,
  f64x2,
  forRange,
  FunctionBuilder,
  get,
  i32,
  ifElse,
  type Local,
  seq,
  set,
  v128,
  whileLoop,
} from "./wasm-assembler";

/** Every kernel takes the same i32 parameters: ten job arguments, the chunk number, and its thread's scratch memory. */
export const KERNEL_ARGS = 10;

/** A list entry: a nonzero value of A (f64) and the byte offset of the row of B it multiplies (i32), 16 bytes. */
export const LIST_ENTRY_BYTES = 16;

type Element = "f32" | "f64";
const BYTES: Record<Element, number> = { f32: 4, f64: 8 };

/** The locals shared by the pieces of one kernel. */
interface Locals {
  /** Bytes per row of B and of C (n·8). */
  rowBytes: Local;
  /** The list of terms being summed: entries q ∈ [listStart, listEnd). */
  listStart: Local;
  listEnd: Local;
  q: Local;
  /** Column offset j (bytes) in the rows of B and C; B + j; C's row + j; the row of B of a term + j. */
  j: Local;
  base: Local;
  out: Local;
  address: Local;
  /** C's row being written. */
  cRow: Local;
  /** The B pointer. */
  b: Local;
  value: Local;
  splat: Local;
  sums: Local[];
  sum: Local;
  /** What is done to C's values before they are stored (gemm only; see Epilogue). */
  epilogue: Epilogue | null;
}

/**
 * An Affine layer's bias and its Relu, applied to each output value as it is
 * stored: + bias[j] (if `bias` is not 0), then, if `relu` is not 0, +0 where
 * the value is <= 0 (all its bits cleared, as Relu's putmask) with all bits
 * of the mask's value set there (if `mask` is not 0; 0 elsewhere). The same
 * roundings as the product first and the additions after, in one pass.
 */
interface Epilogue {
  bias: Local;
  relu: Local;
  mask: Local;
  /** The mask's row for C's row. */
  maskRow: Local;
  where: Local;
  whereScalar: Local;
}

function kernelLocals(f: FunctionBuilder, b: Local): Locals {
  return {
    rowBytes: f.local("i32"),
    listStart: f.local("i32"),
    listEnd: f.local("i32"),
    q: f.local("i32"),
    j: f.local("i32"),
    base: f.local("i32"),
    out: f.local("i32"),
    address: f.local("i32"),
    cRow: f.local("i32"),
    b,
    value: f.local("f64"),
    splat: f.local("v128"),
    // Five 2-wide registers: ten columns of C at a time. Ten registers (twenty
    // columns) would not leave the processor enough for the rest and run slower.
    sums: Array.from({ length: 5 }, () => f.local("v128")),
    sum: f.local("f64"),
    epilogue: null,
  };
}

/** A 2-wide sum's epilogue (see Epilogue), for C's columns at j + 16·t. */
function finishPair(L: Locals, e: Epilogue, s: Local, t: number): Code {
  return seq(
    ifElse(get(e.bias), set(s, f64x2.add(get(s), v128.load(i32.add(get(e.bias), get(L.j)), 16 * t)))),
    ifElse(
      get(e.relu),
      seq(
        set(e.where, f64x2.le(get(s), v128.zero())),
        ifElse(get(e.mask), v128.store(i32.add(get(e.maskRow), get(L.j)), get(e.where), 16 * t)),
        set(s, v128.andnot(get(s), get(e.where))),
      ),
    ),
  );
}

/** The same for the one column left when n is odd. */
function finishColumn(L: Locals, e: Epilogue): Code {
  return seq(
    ifElse(get(e.bias), set(L.sum, f64.add(get(L.sum), f64.load(i32.add(get(e.bias), get(L.j)))))),
    ifElse(
      get(e.relu),
      seq(
        set(e.whereScalar, f64.le(get(L.sum), f64.const0())),
        ifElse(
          get(e.mask),
          seq(
            i32.store(i32.add(get(e.maskRow), get(L.j)), i32.sub(i32.const(0), get(e.whereScalar))),
            i32.store(i32.add(get(e.maskRow), get(L.j)), i32.sub(i32.const(0), get(e.whereScalar)), 4),
          ),
        ),
        ifElse(get(e.whereScalar), set(L.sum, f64.const0())),
      ),
    ),
  );
}

/**
 * C's row[j … j+width) = (initial: 0, or what the row holds) + Σ over the list
 * of value · B's row[j … j+width), term after term. width is 10 or 2.
 */
function sumBlock(L: Locals, width: number, initial: "zero" | "row"): Code {
  const sums = L.sums.slice(0, width / 2);
  return seq(
    set(L.base, i32.add(get(L.b), get(L.j))),
    set(L.out, i32.add(get(L.cRow), get(L.j))),
    ...sums.map((s, t) => set(s, initial === "zero" ? v128.zero() : v128.load(get(L.out), 16 * t))),
    forRange(
      L.q,
      get(L.listStart),
      get(L.listEnd),
      i32.const(LIST_ENTRY_BYTES),
      set(L.splat, v128.load64Splat(get(L.q))),
      set(L.address, i32.add(get(L.base), i32.load(get(L.q), 8))),
      ...sums.map((s, t) => set(s, f64x2.add(get(s), f64x2.mul(get(L.splat), v128.load(get(L.address), 16 * t))))),
    ),
    ...(L.epilogue ? sums.map((s, t) => finishPair(L, L.epilogue as Epilogue, s, t)) : []),
    ...sums.map((s, t) => v128.store(get(L.out), get(s), 16 * t)),
  );
}

/** The same for the one column left when n is odd. */
function sumColumn(L: Locals, initial: "zero" | "row"): Code {
  return seq(
    set(L.base, i32.add(get(L.b), get(L.j))),
    set(L.out, i32.add(get(L.cRow), get(L.j))),
    set(L.sum, initial === "zero" ? f64.const0() : f64.load(get(L.out))),
    forRange(
      L.q,
      get(L.listStart),
      get(L.listEnd),
      i32.const(LIST_ENTRY_BYTES),
      set(L.sum, f64.add(get(L.sum), f64.mul(f64.load(get(L.q)), f64.load(i32.add(get(L.base), i32.load(get(L.q), 8)))))),
    ),
    L.epilogue ? finishColumn(L, L.epilogue) : [],
    f64.store(get(L.out), get(L.sum)),
  );
}

/** A whole row of C: ten columns at a time, then two, then one. */
function sumRow(L: Locals, initial: "zero" | "row"): Code {
  const fits = (bytes: number): Code => i32.leU(i32.add(get(L.j), i32.const(bytes)), get(L.rowBytes));
  return seq(
    set(L.j, i32.const(0)),
    whileLoop(fits(80), sumBlock(L, 10, initial), set(L.j, i32.add(get(L.j), i32.const(80)))),
    whileLoop(fits(16), sumBlock(L, 2, initial), set(L.j, i32.add(get(L.j), i32.const(16)))),
    ifElse(i32.ltU(get(L.j), get(L.rowBytes)), sumColumn(L, initial)),
  );
}

/**
 * Walk `count` values of A from `pointer` (advanced past them): `onValue` for
 * every value (in VALUE), given an i32 that is 1 if the value is nonzero and
 * 0 if not, so that it can write the term unconditionally and count it only
 * when it is nonzero (a branch on each pixel would be mispredicted often);
 * `next` after every value. 64 bytes are first tested together; when all
 * their bits are 0 (+0.0 everywhere, as in the blank border of an image) they
 * are passed over with `skip(values)`; else each 16 bytes of them likewise
 * (a stroke of a digit leaves blanks beside it).
 */
function scanValues(
  element: Element,
  pointer: Local,
  end: Local,
  value: Local,
  onValue: (nonzero: Code) => Code,
  next: Code,
  skip: (values: number) => Code,
): Code {
  const size = BYTES[element];
  const group = 64 / size;
  const quarter = group / 4;
  const read = (offset: number): Code =>
    element === "f32" ? f64.promoteF32(f32.load(get(pointer), offset)) : f64.load(get(pointer), offset);
  const one = (offset: number): Code => seq(set(value, read(offset)), onValue(f64.ne(get(value), f64.const0())), next);
  const anyBitSet = v128.anyTrue(
    v128.or(
      v128.or(v128.load(get(pointer), 0), v128.load(get(pointer), 16)),
      v128.or(v128.load(get(pointer), 32), v128.load(get(pointer), 48)),
    ),
  );
  return seq(
    whileLoop(
      i32.leU(i32.add(get(pointer), i32.const(64)), get(end)),
      ifElse(
        anyBitSet,
        seq(
          ...Array.from({ length: 4 }, (_, part) =>
            ifElse(
              v128.anyTrue(v128.load(get(pointer), 16 * part)),
              seq(...Array.from({ length: quarter }, (_, u) => one(16 * part + u * size))),
              skip(quarter),
            ),
          ),
        ),
        skip(group),
      ),
      set(pointer, i32.add(get(pointer), i32.const(64))),
    ),
    whileLoop(i32.ltU(get(pointer), get(end)), one(0), set(pointer, i32.add(get(pointer), i32.const(size)))),
  );
}

/** end = min(start + step, limit). */
function chunkEnd(end: Local, start: Local, step: Local, limit: Local): Code {
  return seq(set(end, i32.add(get(start), get(step))), ifElse(i32.gtU(get(end), get(limit)), set(end, get(limit))));
}

/**
 * C = A·B for the rows of one chunk. For each row of A: list its nonzero
 * values with the rows of B they multiply, then sum each output value over
 * that list in order; then the epilogue (bias, Relu, mask) as it is stored.
 *   args: a, k, b, n, c, rows, rowsPerChunk, bias, relu, mask; scratch: k list entries.
 */
function gemm(element: Element): { builder: FunctionBuilder; code: Code } {
  const f = new FunctionBuilder(KERNEL_ARGS + 2);
  const [a, k, b, n, c, rows, rowsPerChunk, bias, relu, mask, chunk, list] = f.params;
  const L = kernelLocals(f, b);
  const epilogue: Epilogue = {
    bias,
    relu,
    mask,
    maskRow: f.local("i32"),
    where: f.local("v128"),
    whereScalar: f.local("i32"),
  };
  L.epilogue = epilogue;
  const [r, rEnd, pointer, end, offset] = [1, 2, 3, 4, 5].map(() => f.local("i32"));
  const size = BYTES[element];
  // The entry is written at the list's end in any case; the end moves past it only for a nonzero value.
  const addTerm = (nonzero: Code): Code =>
    seq(
      f64.store(get(L.q), get(L.value)),
      i32.store(get(L.q), get(offset), 8),
      set(L.q, i32.add(get(L.q), i32.shl(nonzero, i32.const(4)))),
    );
  const code = seq(
    set(L.rowBytes, i32.mul(get(n), i32.const(8))),
    set(r, i32.mul(get(chunk), get(rowsPerChunk))),
    chunkEnd(rEnd, r, rowsPerChunk, rows),
    whileLoop(
      i32.ltU(get(r), get(rEnd)),
      set(pointer, i32.add(get(a), i32.mul(i32.mul(get(r), get(k)), i32.const(size)))),
      set(end, i32.add(get(pointer), i32.mul(get(k), i32.const(size)))),
      set(L.q, get(list)),
      set(offset, i32.const(0)),
      scanValues(element, pointer, end, L.value, addTerm, set(offset, i32.add(get(offset), get(L.rowBytes))), (values) =>
        set(offset, i32.add(get(offset), i32.mul(get(L.rowBytes), i32.const(values)))),
      ),
      set(L.listStart, get(list)),
      set(L.listEnd, get(L.q)),
      set(L.cRow, i32.add(get(c), i32.mul(get(r), get(L.rowBytes)))),
      set(epilogue.maskRow, i32.add(get(mask), i32.mul(get(r), get(L.rowBytes)))),
      sumRow(L, "zero"),
      set(r, i32.add(get(r), i32.const(1))),
    ),
  );
  return { builder: f, code };
}

/**
 * C = Aᵀ·B for the rows p of C (columns of A) of one chunk, without building
 * Aᵀ. Row p of C needs column p of A: the nonzero a[r][p] are sorted into one
 * list per column, in row order, a block of rows of A at a time; then each
 * row of C continues its sums over its list. So every output value still adds
 * its terms in the order r = 0, 1, 2, …
 *   args: a, k (rows of A), m (its columns), b, n, c, columnsPerChunk, rowBlock,
 *   continueSums (1: C already holds the sums over earlier rows of A, which continue);
 *   scratch: columnsPerChunk counts, then columnsPerChunk lists of rowBlock entries.
 */
function gemmTransA(element: Element): { builder: FunctionBuilder; code: Code } {
  const f = new FunctionBuilder(KERNEL_ARGS + 2);
  const [a, k, m, b, n, c, columnsPerChunk, rowBlock, continueSums, , chunk, scratch] = f.params;
  const L = kernelLocals(f, b);
  const [p0, p1, width, countsEnd, entries, slotBytes, r0, r1, r, pointer, end, offset, countPointer, slot, count, first] =
    Array.from({ length: 16 }, () => f.local("i32"));
  const size = BYTES[element];
  const entry = i32.add(get(slot), i32.mul(get(count), i32.const(LIST_ENTRY_BYTES)));
  // As in gemm: the entry is written after the column's list in any case, and counted only if nonzero
  // (a list has room for one more entry than the rows of its block).
  const addTerm = (nonzero: Code): Code =>
    seq(
      set(count, i32.load(get(countPointer))),
      f64.store(entry, get(L.value)),
      i32.store(entry, get(offset), 8),
      i32.store(get(countPointer), i32.add(get(count), nonzero)),
    );
  const nextColumn = seq(
    set(countPointer, i32.add(get(countPointer), i32.const(4))),
    set(slot, i32.add(get(slot), get(slotBytes))),
  );
  const skipColumns = (values: number): Code =>
    seq(
      set(countPointer, i32.add(get(countPointer), i32.const(4 * values))),
      set(slot, i32.add(get(slot), i32.mul(get(slotBytes), i32.const(values)))),
    );
  const sortIntoLists = forRange(
    r,
    get(r0),
    get(r1),
    i32.const(1),
    set(pointer, i32.add(get(a), i32.mul(i32.add(i32.mul(get(r), get(m)), get(p0)), i32.const(size)))),
    set(end, i32.add(get(pointer), i32.mul(get(width), i32.const(size)))),
    set(offset, i32.mul(get(r), get(L.rowBytes))),
    set(countPointer, get(scratch)),
    set(slot, get(entries)),
    scanValues(element, pointer, end, L.value, addTerm, nextColumn, skipColumns),
  );
  const sumRows = seq(
    set(countPointer, get(scratch)),
    set(slot, get(entries)),
    set(L.cRow, i32.add(get(c), i32.mul(get(p0), get(L.rowBytes)))),
    whileLoop(
      i32.ltU(get(countPointer), get(countsEnd)),
      set(count, i32.load(get(countPointer))),
      // The first block of rows (unless continuing) writes every row of C, with 0 where it has no terms.
      ifElse(
        i32.or(get(first), get(count)),
        seq(set(L.listStart, get(slot)), set(L.listEnd, entry), ifElse(get(first), sumRow(L, "zero"), sumRow(L, "row"))),
      ),
      nextColumn,
      set(L.cRow, i32.add(get(L.cRow), get(L.rowBytes))),
    ),
  );
  const code = seq(
    set(L.rowBytes, i32.mul(get(n), i32.const(8))),
    set(p0, i32.mul(get(chunk), get(columnsPerChunk))),
    chunkEnd(p1, p0, columnsPerChunk, m),
    set(width, i32.sub(get(p1), get(p0))),
    set(countsEnd, i32.add(get(scratch), i32.mul(get(width), i32.const(4)))),
    set(entries, i32.and(i32.add(get(countsEnd), i32.const(15)), i32.const(-16))),
    set(slotBytes, i32.mul(get(rowBlock), i32.const(LIST_ENTRY_BYTES))),
    set(first, i32.eqz(get(continueSums))),
    set(r0, i32.const(0)),
    whileLoop(
      i32.ltU(get(r0), get(k)),
      chunkEnd(r1, r0, rowBlock, k),
      forRange(countPointer, get(scratch), get(countsEnd), i32.const(4), i32.store(get(countPointer), i32.const(0))),
      sortIntoLists,
      sumRows,
      set(first, i32.const(0)),
      set(r0, get(r1)),
    ),
  );
  return { builder: f, code };
}

/**
 * dst = srcᵀ for the rows of src of one chunk: dst[col][row] = src[row][col] (f64).
 *   args: src, rows, cols, dst, rowsPerChunk.
 */
function transpose(): { builder: FunctionBuilder; code: Code } {
  const f = new FunctionBuilder(KERNEL_ARGS + 2);
  const [src, rows, cols, dst, rowsPerChunk, , , , , , chunk] = f.params;
  const [r, rEnd, col, from, to, dstRowBytes] = Array.from({ length: 6 }, () => f.local("i32"));
  const code = seq(
    set(dstRowBytes, i32.mul(get(rows), i32.const(8))),
    set(r, i32.mul(get(chunk), get(rowsPerChunk))),
    chunkEnd(rEnd, r, rowsPerChunk, rows),
    whileLoop(
      i32.ltU(get(r), get(rEnd)),
      set(from, i32.add(get(src), i32.mul(i32.mul(get(r), get(cols)), i32.const(8)))),
      set(to, i32.add(get(dst), i32.mul(get(r), i32.const(8)))),
      forRange(
        col,
        i32.const(0),
        get(cols),
        i32.const(1),
        f64.store(get(to), f64.load(get(from))),
        set(from, i32.add(get(from), i32.const(8))),
        set(to, i32.add(get(to), get(dstRowBytes))),
      ),
      set(r, i32.add(get(r), i32.const(1))),
    ),
  );
  return { builder: f, code };
}

/**
 * Rows picked by index, NumPy's x[indices]: dst row r = src row indices[r]
 * (indices are i32, already checked). A training batch from MNIST's images.
 * Copied 16 bytes at a time: memory.copy on a shared memory is a slow,
 * byte-careful memmove in some engines. rowBytes is a multiple of 4. A chunk
 * is rowsPerChunk rows (threads share a batch: the copy waits on memory).
 *   args: src, rowBytes, indices, count, dst, rowsPerChunk.
 */
function gatherRows(): { builder: FunctionBuilder; code: Code } {
  const f = new FunctionBuilder(KERNEL_ARGS + 2);
  const [src, rowBytes, indices, count, dst, rowsPerChunk, , , , , chunk] = f.params;
  const [r, rEnd, from, to, end] = Array.from({ length: 5 }, () => f.local("i32"));
  const step = (bytes: number, copy: Code): Code =>
    seq(copy, set(from, i32.add(get(from), i32.const(bytes))), set(to, i32.add(get(to), i32.const(bytes))));
  const code = seq(
    set(r, i32.mul(get(chunk), get(rowsPerChunk))),
    chunkEnd(rEnd, r, rowsPerChunk, count),
    whileLoop(
      i32.ltU(get(r), get(rEnd)),
      set(to, i32.add(get(dst), i32.mul(get(r), get(rowBytes)))),
      set(from, i32.add(get(src), i32.mul(i32.load(i32.add(get(indices), i32.mul(get(r), i32.const(4)))), get(rowBytes)))),
      set(end, i32.add(get(from), get(rowBytes))),
      whileLoop(i32.leU(i32.add(get(from), i32.const(16)), get(end)), step(16, v128.store(get(to), v128.load(get(from))))),
      whileLoop(i32.ltU(get(from), get(end)), step(4, i32.store(get(to), i32.load(get(from))))),
      set(r, i32.add(get(r), i32.const(1))),
    ),
  );
  return { builder: f, code };
}

/**
 * The SGD step p -= rate · g over `count` float64 values, two at a time: each
 * product rounded, then subtracted, as the JavaScript loop does. The rate is
 * an f64 in memory (the kernels take only i32 arguments). It also tells
 * whether every new value is finite (see nonFinite): an i32 after the rate,
 * 1 if one is inf or NaN, else 0.
 *   args: p, g, count, rateAddress.
 */
function subtractScaled(): { builder: FunctionBuilder; code: Code } {
  const f = new FunctionBuilder(KERNEL_ARGS + 2);
  const [p, g, count, rateAddress] = f.params;
  const [end, pairsEnd] = Array.from({ length: 2 }, () => f.local("i32"));
  const [rate, pair, bits] = Array.from({ length: 3 }, () => f.local("v128"));
  const value = f.local("f64");
  const code = seq(
    set(rate, v128.load64Splat(get(rateAddress))),
    set(bits, v128.zero()),
    set(end, i32.add(get(p), i32.mul(get(count), i32.const(8)))),
    set(pairsEnd, i32.add(get(p), i32.mul(i32.and(get(count), i32.const(-2)), i32.const(8)))),
    whileLoop(
      i32.ltU(get(p), get(pairsEnd)),
      set(pair, f64x2.sub(v128.load(get(p)), f64x2.mul(get(rate), v128.load(get(g))))),
      v128.store(get(p), get(pair)),
      set(bits, v128.or(get(bits), f64x2.sub(get(pair), get(pair)))),
      set(p, i32.add(get(p), i32.const(16))),
      set(g, i32.add(get(g), i32.const(16))),
    ),
    i32.store(get(rateAddress), v128.anyTrue(get(bits)), 8),
    ifElse(
      i32.ltU(get(p), get(end)),
      seq(
        set(value, f64.sub(f64.load(get(p)), f64.mul(f64.load(get(rateAddress)), f64.load(get(g))))),
        f64.store(get(p), get(value)),
        set(value, f64.sub(get(value), get(value))),
        i32.store(get(rateAddress), i32.or(i32.load(get(rateAddress), 8), f64.ne(get(value), get(value))), 8),
      ),
    ),
  );
  return { builder: f, code };
}

/**
 * Whether any of `count` float64 values is inf or NaN: x - x is +0 (all bits
 * 0) for a finite x and NaN for any other, so the OR of their bits is not 0
 * exactly then. Stores 1 or 0 as an i32 at resultAt. The products skip the
 * zeros of A only when B has no such value (0·inf and 0·NaN are NaN).
 *   args: p, count, resultAt.
 */
function nonFinite(): { builder: FunctionBuilder; code: Code } {
  const f = new FunctionBuilder(KERNEL_ARGS + 2);
  const [p, count, resultAt] = f.params;
  const [end, blocksEnd, flag] = Array.from({ length: 3 }, () => f.local("i32"));
  const [x, y, bits0, bits1] = Array.from({ length: 4 }, () => f.local("v128"));
  const value = f.local("f64");
  const code = seq(
    set(bits0, v128.zero()),
    set(bits1, v128.zero()),
    set(end, i32.add(get(p), i32.mul(get(count), i32.const(8)))),
    set(blocksEnd, i32.add(get(p), i32.mul(i32.and(get(count), i32.const(-4)), i32.const(8)))),
    whileLoop(
      i32.ltU(get(p), get(blocksEnd)),
      set(x, v128.load(get(p))),
      set(y, v128.load(get(p), 16)),
      set(bits0, v128.or(get(bits0), f64x2.sub(get(x), get(x)))),
      set(bits1, v128.or(get(bits1), f64x2.sub(get(y), get(y)))),
      set(p, i32.add(get(p), i32.const(32))),
    ),
    set(flag, v128.anyTrue(v128.or(get(bits0), get(bits1)))),
    whileLoop(
      i32.ltU(get(p), get(end)),
      set(value, f64.sub(f64.load(get(p)), f64.load(get(p)))),
      set(flag, i32.or(get(flag), f64.ne(get(value), get(value)))),
      set(p, i32.add(get(p), i32.const(8))),
    ),
    i32.store(get(resultAt), get(flag)),
  );
  return { builder: f, code };
}

/** The kernels by name, as the module exports them. */
export const KERNEL_NAMES = [
  "gemmF64",
  "gemmF32",
  "gemmTransAF64",
  "gemmTransAF32",
  "transpose",
  "gatherRows",
  "subtractScaled",
  "nonFinite",
] as const;
export type KernelName = (typeof KERNEL_NAMES)[number];

const modules = new Map<boolean, Uint8Array>();

/** The module's bytes, for a memory shared between threads or a private one. */
export function kernelModule(sharedMemory: boolean): Uint8Array {
  let bytes = modules.get(sharedMemory);
  if (!bytes) {
    const bodies: Record<KernelName, { builder: FunctionBuilder; code: Code }> = {
      gemmF64: gemm("f64"),
      gemmF32: gemm("f32"),
      gemmTransAF64: gemmTransA("f64"),
      gemmTransAF32: gemmTransA("f32"),
      transpose: transpose(),
      gatherRows: gatherRows(),
      subtractScaled: subtractScaled(),
      nonFinite: nonFinite(),
    };
    bytes = assembleModule(
      KERNEL_NAMES.map((name) => ({ name, ...bodies[name] })),
      sharedMemory,
    );
    modules.set(sharedMemory, bytes);
  }
  return bytes;
}
