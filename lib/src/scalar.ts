// NumPy's scalars: what a reduction returns, printed as NumPy prints it.
import { inspect } from "node:util";
import { scalarToString } from "./engine/numpy-format";

/** The NumPy scalar types whose text differs from a JavaScript number's: np.float64, np.float32, np.bool_. */
export type ScalarDType = "float64" | "float32" | "bool";

/**
 * A number with NumPy's type, as `a.sum()` returns it in NumPy: it prints
 * `3.0`, `nan`, `1.7500000000000002e-06`, `True` (in a cell, in console.log,
 * in a template string and in a check report), where a plain JavaScript
 * number would print `3`, `NaN`, `0.0000017500000000000002`, `1`.
 *
 * It is a JavaScript Number object: arithmetic, comparisons with < > <= >=
 * and ==, and Math's functions take it as the number it holds, and give
 * plain numbers. `===` compares objects, not values, and Number.isFinite or
 * Number.isNaN answer false for any object: use `Number(x)` (or `+x`) for
 * the plain number first.
 */
export class NumPyScalar extends Number {
  constructor(
    value: number,
    readonly dtype: ScalarDType,
  ) {
    super(value);
  }

  /** NumPy's str() of the scalar; with a radix other than 10, as Number's toString. */
  override toString(radix?: number): string {
    if (radix !== undefined && radix !== 10) return this.valueOf().toString(radix);
    return scalarToString(this.valueOf(), this.dtype);
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/**
 * A reduction's value as NumPy returns it: a NumPyScalar for a float or a
 * bool, the plain number for an int64 (whose text is the same). Typed as a
 * number, which is how a lesson uses it.
 */
export function numpyScalar(value: number, dtype: ScalarDType | "int64"): number {
  return dtype === "int64" ? value : (new NumPyScalar(value, dtype) as unknown as number);
}

/** The plain number of a number or a NumPyScalar. */
export function plainNumber(value: number | NumPyScalar): number {
  return typeof value === "number" ? value : value.valueOf();
}

/** Whether a value is a number in either form: a primitive, or a NumPyScalar. */
export function isNumber(value: unknown): value is number | NumPyScalar {
  return typeof value === "number" || value instanceof NumPyScalar;
}
