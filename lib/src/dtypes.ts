// NumPy 1.24's type rules for the four dtypes dlfs has: which dtype an
// operation computes in and gives, and which results an in-place operation
// may store. Between arrays: bool < int64 < float32 < float64, except that
// int64 with float32 gives float64. A number (or a 0-d array) beside an
// array acts as a Python scalar, and its value decides (NumPy's value-based
// casting): it widens the array's type only when it is of a higher kind (a
// float beside an integer array, an integer beside a bool array) or does not
// fit (a float32 array plus 1e300, or plus an integer of 65536 or more).
// Between scalars and 0-d arrays only, the types promote as arrays' do.
import { UFuncTypeError } from "./errors";
import type { DType } from "./engine/numpy-format";
import { NumPyScalar } from "./scalar";

/**
 * A number beside an array, as NumPy sees it: a NumPyScalar has its own
 * dtype; a plain number is a Python int when it is a whole number that a
 * double holds exactly (|x| < 2^53), else a Python float.
 */
export interface ScalarOperand {
  value: number;
  dtype: DType;
}

export function scalarOperand(x: number | NumPyScalar): ScalarOperand {
  if (x instanceof NumPyScalar) return { value: x.valueOf(), dtype: x.dtype };
  const value = x.valueOf();
  // A whole number is a Python int, which has no -0.
  return Number.isSafeInteger(value) ? { value: value + 0, dtype: "int64" } : { value, dtype: "float64" };
}

const KIND: Readonly<Record<DType, number>> = { bool: 0, int64: 1, float32: 2, float64: 2 };

/** np.promote_types for two arrays' dtypes. */
export function promoteTypes(a: DType, b: DType): DType {
  if (a === b) return a;
  if (a === "bool") return b;
  if (b === "bool") return a;
  return "float64"; // int64 with a float, or float32 with float64
}

const FLOAT32_MAX = 3.4028234663852886e38;

/** The dtype NumPy computes an array of dtype `a` with the scalar `b` in. */
function combinedType(a: DType, b: ScalarOperand): DType {
  if (KIND[b.dtype] > KIND[a]) return promoteTypes(a, b.dtype);
  if (a !== "float32" || b.dtype === "bool") return a;
  // A float32 array keeps its type unless the scalar needs more: np.min_scalar_type(b) and float32 give float64.
  const v = b.value;
  if (b.dtype === "int64") return v >= -32768 && v <= 65535 ? "float32" : "float64";
  return Math.abs(v) <= FLOAT32_MAX || !Number.isFinite(v) ? "float32" : "float64";
}

/** An operand as NumPy's type resolution sees it: its dtype, and its value if it is a scalar or a 0-d array. */
export interface TypedOperand {
  dtype: DType;
  scalar: number | null;
}

/** The dtype NumPy computes two operands in. */
function resultType(a: TypedOperand, b: TypedOperand): DType {
  if ((a.scalar === null) === (b.scalar === null)) return promoteTypes(a.dtype, b.dtype);
  return a.scalar === null
    ? combinedType(a.dtype, { value: b.scalar as number, dtype: b.dtype })
    : combinedType(b.dtype, { value: a.scalar, dtype: a.dtype });
}

/** The binary ufuncs of dlfs's arrays, by NumPy's names. */
export type BinaryUfunc =
  | "add"
  | "subtract"
  | "multiply"
  | "true_divide"
  | "maximum"
  | "less_equal"
  | "less"
  | "greater_equal"
  | "greater"
  | "equal"
  | "not_equal";

const COMPARISONS: ReadonlySet<BinaryUfunc> = new Set(["less_equal", "less", "greater_equal", "greater", "equal", "not_equal"]);

/** The dtype a binary ufunc computes in, and that of its result (bool for a comparison, a float for true_divide). */
export function binaryTypes(ufunc: BinaryUfunc, a: TypedOperand, b: TypedOperand): { compute: DType; result: DType } {
  const compute = resultType(a, b);
  if (ufunc === "subtract" && compute === "bool") {
    throw new TypeError(
      "numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the `^` operator, or the logical_xor function instead.",
    );
  }
  if (COMPARISONS.has(ufunc)) return { compute, result: "bool" };
  if (ufunc === "true_divide" && (compute === "bool" || compute === "int64")) return { compute: "float64", result: "float64" };
  return { compute, result: compute };
}

/** NumPy's "same_kind" casting: to the same or a higher kind, or within floats. */
function canCastSameKind(from: DType, to: DType): boolean {
  return KIND[from] <= KIND[to];
}

/** An in-place ufunc (a += b) stores its result in the array: NumPy refuses a result of a higher kind. */
export function checkInPlaceCast(ufunc: BinaryUfunc, result: DType, out: DType): void {
  if (!canCastSameKind(result, out)) {
    throw new UFuncTypeError(
      `Cannot cast ufunc '${ufunc}' output from dtype('${result}') to dtype('${out}') with casting rule 'same_kind'`,
    );
  }
}

/**
 * The float type exp, log and sqrt compute in: float32 stays float32, int64 gives float64. Of a bool
 * array NumPy gives float16, which dlfs does not have: that is an error here.
 */
export function floatFunctionType(dtype: DType, ufunc: string): DType {
  if (dtype === "bool") {
    throw new TypeError(
      `${ufunc} of a bool array: NumPy computes it in float16 (np.${ufunc}(np.array([True])) is array([…], dtype=float16)), a dtype dlfs does not have; convert the array first, e.g. a.astype("float64")`,
    );
  }
  return dtype === "float32" ? "float32" : "float64";
}
