// A small WebAssembly assembler: instructions by their names in the text
// format (local.get, f64x2.mul, …), written as folded expressions the way the
// text format nests them — i32.add(get(r), i32.const(1)) is
// (i32.add (local.get $r) (i32.const 1)) — and encoded to bytes. The kernels
// in wasm-kernels.ts are written with it, so the module is built at run time
// from readable code, with no binary file and no build tool.

/** Encoded instructions. */
export type Code = readonly number[];

type ValueType = "i32" | "f32" | "f64" | "v128";
const TYPE_BYTE: Record<ValueType, number> = { i32: 0x7f, f32: 0x7d, f64: 0x7c, v128: 0x7b };

/** A parameter or local variable of a function: its index and type. */
export interface Local {
  readonly index: number;
  readonly type: ValueType;
}

/** Unsigned and signed LEB128, the variable-length integers of the binary format. */
function uleb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

function sleb(value: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0)) return [...out, byte];
    out.push(byte | 0x80);
  }
}

/** The instructions of a sequence, one after another. */
export function seq(...parts: Code[]): Code {
  return parts.flat();
}

const op =
  (...bytes: number[]) =>
  (...operands: Code[]): Code => [...operands.flat(), ...bytes];
const SIMD = 0xfd;
const simd = (code: number) => op(SIMD, ...uleb(code));
/** A memory access: alignment (log2 bytes) and a constant byte offset added to the address. */
const memarg = (align: number, offset: number): number[] => [align, ...uleb(offset)];
const load =
  (prefix: number[], align: number) =>
  (address: Code, offset = 0): Code => [...address, ...prefix, ...memarg(align, offset)];
const store =
  (prefix: number[], align: number) =>
  (address: Code, value: Code, offset = 0): Code => [...address, ...value, ...prefix, ...memarg(align, offset)];

export const get = (local: Local): Code => [0x20, ...uleb(local.index)];
export const set = (local: Local, value: Code): Code => [...value, 0x21, ...uleb(local.index)];

export const i32 = {
  const: (value: number): Code => [0x41, ...sleb(value)],
  add: op(0x6a),
  sub: op(0x6b),
  mul: op(0x6c),
  and: op(0x71),
  or: op(0x72),
  shl: op(0x74),
  eqz: op(0x45),
  ne: op(0x47),
  ltU: op(0x49),
  gtU: op(0x4b),
  leU: op(0x4d),
  geU: op(0x4f),
  load: load([0x28], 2),
  store: store([0x36], 2),
};

export const f32 = {
  load: load([0x2a], 2),
};

export const f64 = {
  const0: (): Code => [0x44, 0, 0, 0, 0, 0, 0, 0, 0],
  ne: op(0x62),
  le: op(0x65),
  add: op(0xa0),
  sub: op(0xa1),
  mul: op(0xa2),
  promoteF32: op(0xbb),
  load: load([0x2b], 3),
  store: store([0x39], 3),
};

export const v128 = {
  load: load([SIMD, 0x00], 4),
  /** One f64 from memory in both lanes. */
  load64Splat: load([SIMD, 0x0a], 3),
  store: store([SIMD, 0x0b], 4),
  zero: (): Code => [SIMD, 0x0c, ...new Array<number>(16).fill(0)],
  /** a AND NOT b. */
  andnot: simd(0x4f),
  or: simd(0x50),
  /** 1 if any bit of the value is set, else 0. */
  anyTrue: simd(0x53),
};

export const f64x2 = {
  /** All bits set in each lane where a <= b (NaN: none). */
  le: simd(0x4b),
  add: simd(0xf0),
  sub: simd(0xf1),
  mul: simd(0xf2),
};

// ---- control flow -------------------------------------------------------------------
// A branch names how many enclosing blocks it leaves: 0 is the innermost.

const END = 0x0b;
const EMPTY_BLOCK = 0x40;
const block = (...body: Code[]): Code => [0x02, EMPTY_BLOCK, ...body.flat(), END];
const loop = (...body: Code[]): Code => [0x03, EMPTY_BLOCK, ...body.flat(), END];
const br = (depth: number): Code => [0x0c, ...uleb(depth)];
const brIf = (depth: number, condition: Code): Code => [...condition, 0x0d, ...uleb(depth)];
/** Runs `then` if the i32 `condition` is not 0, else `otherwise`. */
export function ifElse(condition: Code, then: Code, otherwise: Code = []): Code {
  const elseCode = otherwise.length > 0 ? [0x05, ...otherwise] : [];
  return [...condition, 0x04, EMPTY_BLOCK, ...then, ...elseCode, END];
}

/** while (condition) body — `body` must not branch out by depth (it runs inside a loop inside a block). */
export function whileLoop(condition: Code, ...body: Code[]): Code {
  return block(loop(brIf(1, i32.eqz(condition)), ...body, br(0)));
}

/** for (counter = start; counter < end; counter += step) body, comparing unsigned (counters are sizes and addresses). */
export function forRange(counter: Local, start: Code, end: Code, step: Code, ...body: Code[]): Code {
  return seq(set(counter, start), whileLoop(i32.ltU(get(counter), end), ...body, set(counter, i32.add(get(counter), step))));
}

// ---- functions and the module ---------------------------------------------------------

/** A function's parameters (all i32: sizes and byte addresses) and its locals. */
export class FunctionBuilder {
  private readonly localTypes: ValueType[] = [];
  readonly params: Local[];

  constructor(paramCount: number) {
    this.params = Array.from({ length: paramCount }, (_, index) => ({ index, type: "i32" as const }));
  }

  local(type: ValueType): Local {
    const local = { index: this.params.length + this.localTypes.length, type };
    this.localTypes.push(type);
    return local;
  }

  /** The function's body in the code section: its locals, grouped by type, then the code. */
  encode(code: Code): number[] {
    const groups: number[][] = [];
    for (const type of this.localTypes) {
      const last = groups[groups.length - 1];
      if (last && last[1] === TYPE_BYTE[type]) last[0]++;
      else groups.push([1, TYPE_BYTE[type]]);
    }
    const locals = [...uleb(groups.length), ...groups.flatMap(([count, type]) => [...uleb(count), type])];
    return [...uleb(locals.length + code.length + 1), ...locals, ...code, END];
  }
}

export interface ExportedFunction {
  readonly name: string;
  readonly builder: FunctionBuilder;
  readonly code: Code;
}

/** Pages of 64 KiB the imported memory may have at most (the whole 32-bit address space). */
const MAX_PAGES = 65536;

/**
 * A module that imports its memory as env.memory (shared between threads, or
 * not) and exports the functions; each takes only i32 parameters and returns nothing.
 */
export function assembleModule(functions: readonly ExportedFunction[], sharedMemory: boolean): Uint8Array {
  const section = (id: number, content: number[]): number[] => [id, ...uleb(content.length), ...content];
  const name = (text: string): number[] => [...uleb(text.length), ...Array.from(text, (ch) => ch.charCodeAt(0))];
  const arities = [...new Set(functions.map((f) => f.builder.params.length))];
  const types = arities.flatMap((arity) => [0x60, ...uleb(arity), ...new Array<number>(arity).fill(TYPE_BYTE.i32), 0]);
  const limits = sharedMemory ? [0x03, 1, ...uleb(MAX_PAGES)] : [0x01, 1, ...uleb(MAX_PAGES)];
  const bodies = functions.flatMap((f) => f.builder.encode(f.code));
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // "\0asm", version 1
    ...section(1, [...uleb(arities.length), ...types]),
    ...section(2, [1, ...name("env"), ...name("memory"), 0x02, ...limits]),
    ...section(3, [...uleb(functions.length), ...functions.map((f) => arities.indexOf(f.builder.params.length))]),
    ...section(7, [...uleb(functions.length), ...functions.flatMap((f, i) => [...name(f.name), 0x00, ...uleb(i)])]),
    ...section(10, [...uleb(functions.length), ...bodies]),
  ]);
}
