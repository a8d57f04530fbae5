/**
 * Printing arrays exactly as NumPy 1.24 prints them with its default print
 * options, so that our output can be compared line by line with the book's.
 *
 * The structure follows numpy/core/arrayprint.py: choose one formatter for
 * the whole array (from the elements that will be shown), then lay the
 * formatted elements out with brackets, separators and line wrapping.
 */

import { shapeText, sizeOf, stridesOf } from "../util";

/** The element types of an array, named as NumPy names them. */
export type DType = "float64" | "float32" | "int64" | "bool";

/** The two float types: their values are printed with the digits that identify them among floats of their own width. */
type FloatType = "float64" | "float32";

export interface ArrayLike {
  readonly data: Float64Array | Float32Array;
  readonly shape: readonly number[];
  readonly dtype: DType;
}

/** np.get_printoptions() defaults that affect our dtypes. */
const PRINT_OPTIONS = {
  precision: 8,
  threshold: 1000,
  edgeitems: 3,
  linewidth: 75,
} as const;

const SUMMARY_INSERT = "...";

type ElementFormatter = (value: number) => string;

/** str(a), which is also what print(a) shows. */
export function arrayToString(a: ArrayLike): string {
  // A 0-d array prints like the scalar it holds, at full precision.
  if (a.shape.length === 0) return scalarToString(a.data[0], a.dtype);
  if (sizeOf(a.shape) === 0) return "[]";
  return array2string(a, " ", "", "");
}

/** repr(a), e.g. "array([[22, 28],\n       [49, 64]])", "array([0.1, 0.2], dtype=float32)". */
export function arrayRepr(a: ArrayLike): string {
  const prefix = "array(";
  // float64, int64 and bool are implied by how the values look, so no dtype.
  const showDtype = a.dtype === "float32" || sizeOf(a.shape) === 0;
  if (!showDtype) return prefix + array2string(a, ", ", prefix, ")") + ")";
  // Empty arrays show their shape unless it is (0,).
  let body: string;
  if (sizeOf(a.shape) > 0) body = array2string(a, ", ", prefix, ",");
  else body = a.shape.length === 1 ? "[]" : `[], shape=${shapeText(a.shape)}`;
  const withoutDtype = `${prefix}${body},`;
  const dtypeText = `dtype=${a.dtype})`;
  const lastLineLength = withoutDtype.length - (withoutDtype.lastIndexOf("\n") + 1);
  const spacer = lastLineLength + dtypeText.length + 1 > PRINT_OPTIONS.linewidth ? "\n" + " ".repeat(prefix.length) : " ";
  return withoutDtype + spacer + dtypeText;
}

/**
 * Python's repr(float): shortest round-trip digits, exponent form outside
 * [1e-4, 1e16). With "float32", str(np.float32(x)): the shortest digits that
 * identify x among float32 values, laid out the same way.
 */
export function pyFloatRepr(x: number, type: FloatType = "float64"): string {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  const sign = signOf(x);
  if (x === 0) return sign + "0.0";

  const { digits, exponent } = dragon4(x, UNIQUE_DIGITS, type);
  // Python decides by where the decimal point falls, not by the exponent.
  const decimalPoint = exponent + 1;
  if (decimalPoint <= -4 || decimalPoint > 16) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${mantissa}e${exponent < 0 ? "-" : "+"}${exponentDigitsText(exponent, 2)}`;
  }
  if (decimalPoint <= 0) return `${sign}0.${"0".repeat(-decimalPoint)}${digits}`;
  if (decimalPoint >= digits.length) {
    return `${sign}${digits}${"0".repeat(decimalPoint - digits.length)}.0`;
  }
  return `${sign}${digits.slice(0, decimalPoint)}.${digits.slice(decimalPoint)}`;
}

// ---------------------------------------------------------------------------
// Layout: brackets, separators, wrapping and summarization (_formatArray).

function array2string(a: ArrayLike, separator: string, prefix: string, suffix: string): string {
  const summarize = sizeOf(a.shape) > PRINT_OPTIONS.threshold;
  // The formatter only sees the elements that will be printed, so a hidden
  // huge value in the middle does not widen every column.
  const shownValues = summarize ? edgeValues(a) : Array.from(a.data);
  const formatElement = makeFormatter(shownValues, a.dtype, a.shape.length === 0);
  return formatArray(
    a,
    formatElement,
    PRINT_OPTIONS.linewidth - suffix.length,
    " " + " ".repeat(prefix.length), // continuation lines align after "[" and "array("
    separator,
    summarize ? SUMMARY_INSERT : "",
  );
}

function formatArray(
  a: ArrayLike,
  formatElement: ElementFormatter,
  lineWidth: number,
  nextLinePrefix: string,
  separator: string,
  summaryInsert: string,
): string {
  const { shape, data } = a;
  const strides = stridesOf(shape);
  const edgeItems = PRINT_OPTIONS.edgeitems;

  const recurse = (offset: number, axis: number, hangingIndent: string, currentWidth: number): string => {
    const axesLeft = shape.length - axis;
    if (axesLeft === 0) return formatElement(data[offset]);

    // Nested rows sit one column further right, after the extra "[".
    const nextHangingIndent = hangingIndent + " ";
    const nextWidth = currentWidth - "]".length;
    const length = shape[axis];
    const showSummary = summaryInsert !== "" && 2 * edgeItems < length;
    const leadingItems = showSummary ? edgeItems : 0;
    const trailingItems = showSummary ? edgeItems : length;
    const child = (index: number): string => recurse(offset + index * strides[axis], axis + 1, nextHangingIndent, nextWidth);

    let text = "";
    if (axesLeft === 1) {
      // Leave room for the separator or the closing bracket after each element.
      const elementWidth = currentWidth - Math.max(separator.trimEnd().length, "]".length);
      let line = hangingIndent;
      const extendLine = (word: string): void => {
        // Wrapping a line that holds nothing but the indent would not help.
        if (line.length + word.length > elementWidth && line.length > hangingIndent.length) {
          text += line.trimEnd() + "\n";
          line = hangingIndent;
        }
        line += word;
      };
      for (let i = 0; i < leadingItems; i++) {
        extendLine(child(i));
        line += separator;
      }
      if (showSummary) {
        extendLine(summaryInsert);
        line += separator;
      }
      for (let i = trailingItems; i > 1; i--) {
        extendLine(child(length - i));
        line += separator;
      }
      extendLine(child(length - 1));
      text += line;
    } else {
      // One blank line between 2-D blocks, two between 3-D blocks, and so on.
      const lineSeparator = separator.trimEnd() + "\n".repeat(axesLeft - 1);
      for (let i = 0; i < leadingItems; i++) {
        text += hangingIndent + child(i) + lineSeparator;
      }
      if (showSummary) text += hangingIndent + summaryInsert + lineSeparator;
      for (let i = trailingItems; i > 1; i--) {
        text += hangingIndent + child(length - i) + lineSeparator;
      }
      text += hangingIndent + child(length - 1);
    }
    return "[" + text.slice(hangingIndent.length) + "]";
  };

  return recurse(0, 0, nextLinePrefix, lineWidth);
}

/** The values of the leading and trailing `edgeitems` along every long axis. */
function edgeValues(a: ArrayLike): number[] {
  const strides = stridesOf(a.shape);
  const edgeItems = PRINT_OPTIONS.edgeitems;
  const values: number[] = [];
  const visit = (offset: number, axis: number): void => {
    if (axis === a.shape.length) {
      values.push(a.data[offset]);
      return;
    }
    const length = a.shape[axis];
    for (let i = 0; i < length; i++) {
      if (length > 2 * edgeItems && i === edgeItems) i = length - edgeItems;
      visit(offset + i * strides[axis], axis + 1);
    }
  };
  visit(0, 0);
  return values;
}

// ---------------------------------------------------------------------------
// Element formatters (FloatingFormat, IntegerFormat, BoolFormat).

function makeFormatter(values: readonly number[], dtype: DType, isZeroDim: boolean): ElementFormatter {
  switch (dtype) {
    case "bool": {
      // " True" lines up with "False", except in a 0-d array.
      const trueText = isZeroDim ? "True" : " True";
      return (value) => (value !== 0 ? trueText : "False");
    }
    case "int64": {
      let width = 0;
      if (values.length > 0) {
        width = Math.max(integerToString(Math.max(...values)).length, integerToString(Math.min(...values)).length);
      }
      return (value) => integerToString(value).padStart(width);
    }
    case "float64":
    case "float32":
      return makeFloatFormatter(values, dtype);
  }
}

/** Text of one finite float, split the way FloatingFormat splits it. */
interface FloatParts {
  /** Sign and digits before the decimal point, e.g. "-12". */
  readonly integerPart: string;
  /** Digits after the decimal point. */
  readonly fractionPart: string;
  /** Power of ten in scientific notation; 0 in positional notation. */
  readonly exponent: number;
}

function makeFloatFormatter(values: readonly number[], type: FloatType): ElementFormatter {
  const precision = PRINT_OPTIONS.precision;
  const finiteValues = values.filter(Number.isFinite);

  // Scientific notation when positional would need too many digits:
  // decided on the non-zero finite magnitudes only.
  let scientific = false;
  const magnitudes = finiteValues.filter((v) => v !== 0).map(Math.abs);
  if (magnitudes.length > 0) {
    let max = magnitudes[0];
    let min = magnitudes[0];
    for (const m of magnitudes) {
      if (m > max) max = m;
      if (m < min) min = m;
    }
    // NumPy divides in the array's type: for float32 the ratio is rounded to float32.
    const ratio = type === "float32" ? Math.fround(max / min) : max / min;
    scientific = max >= 1e8 || min < 1e-4 || ratio > 1000;
  }

  // A first pass prints every value at up to `precision` digits, with
  // trailing zeros trimmed, only to measure the column widths.
  const firstPass = finiteValues.map((x) =>
    scientific ? scientificParts(x, precision, -1, type) : positionalParts(x, precision, -1, type),
  );
  const widest = (texts: string[]): number => texts.reduce((w, t) => Math.max(w, t.length), 0);
  let padLeft = widest(firstPass.map((p) => p.integerPart));
  // In scientific notation every element then shows as many digits as the
  // longest one, and the exponents are zero-padded to the same length.
  const fractionDigits = widest(firstPass.map((p) => p.fractionPart));
  const exponentDigits = widest(firstPass.map((p) => exponentDigitsText(p.exponent, 2)));
  const padRight = scientific ? exponentDigits + 2 + fractionDigits : fractionDigits;

  // nan and inf are right-aligned in the same width, which may widen the column.
  if (finiteValues.length !== values.length) {
    const negativeInfinity = values.some((v) => v === -Infinity);
    const widthAfterPoint = padRight + 1;
    padLeft = Math.max(padLeft, "nan".length - widthAfterPoint, "inf".length + (negativeInfinity ? 1 : 0) - widthAfterPoint);
  }
  const fullWidth = padLeft + 1 + padRight;

  return (value) => {
    if (Number.isNaN(value)) return "nan".padStart(fullWidth);
    if (value === Infinity) return "inf".padStart(fullWidth);
    if (value === -Infinity) return "-inf".padStart(fullWidth);
    if (scientific) {
      // Asking for exactly `fractionDigits` digits may give different digits
      // than the first pass: 5e-324 prints as 4.94065646e-324 next to 1e-310.
      const p = scientificParts(value, fractionDigits, fractionDigits, type);
      const fraction = p.fractionPart.padEnd(fractionDigits, "0");
      return `${p.integerPart.padStart(padLeft)}.${fraction}e${p.exponent < 0 ? "-" : "+"}${exponentDigitsText(p.exponent, exponentDigits)}`;
    }
    const p = positionalParts(value, precision, 0, type);
    return `${p.integerPart.padStart(padLeft)}.${p.fractionPart.padEnd(padRight, " ")}`;
  };
}

/**
 * d.ddd×10^e with at most `precision` digits after the point; trailing zeros
 * dropped unless `minDigits` asks for them.
 */
function scientificParts(x: number, precision: number, minDigits: number, type: FloatType): FloatParts {
  const { digits, exponent } = dragon4(
    x,
    { countFrom: "first-digit", maxDigits: precision + 1, minDigits: minDigits < 0 ? -1 : minDigits + 1 },
    type,
  );
  return {
    integerPart: signOf(x) + digits[0],
    fractionPart: minDigits < 0 ? digits.slice(1).replace(/0+$/, "") : digits.slice(1),
    exponent,
  };
}

/** ddd.ddd with at most `precision` digits after the point, trailing zeros dropped. */
function positionalParts(x: number, precision: number, minDigits: number, type: FloatType): FloatParts {
  const { digits, exponent } = dragon4(x, { countFrom: "decimal-point", maxDigits: precision, minDigits }, type);
  let integerPart: string;
  let fractionPart: string;
  if (exponent >= 0) {
    integerPart = digits.slice(0, exponent + 1).padEnd(exponent + 1, "0");
    fractionPart = digits.slice(exponent + 1);
  } else {
    integerPart = "0";
    fractionPart = "0".repeat(-exponent - 1) + digits;
  }
  return { integerPart: signOf(x) + integerPart, fractionPart: fractionPart.replace(/0+$/, ""), exponent: 0 };
}

function signOf(x: number): string {
  return x < 0 || Object.is(x, -0) ? "-" : "";
}

function exponentDigitsText(exponent: number, minDigits: number): string {
  return String(Math.abs(exponent)).padStart(minDigits, "0");
}

/** Shortest digits that read back as the same float, as repr() prints them. */
const UNIQUE_DIGITS: DigitLimits = { countFrom: "first-digit", maxDigits: -1, minDigits: -1 };

interface DigitLimits {
  /** Count digits from the first significant digit, or from the decimal point. */
  readonly countFrom: "first-digit" | "decimal-point";
  /** Round at this many digits (-1: no limit). */
  readonly maxDigits: number;
  /** Keep generating exact digits at least this far (-1: stop once unique). */
  readonly minDigits: number;
}

/**
 * NumPy's Dragon4 in its "unique" mode (numpy/core/src/multiarray/dragon4.c):
 * generate decimal digits of |x| until they identify x among its neighbours
 * of the same float type, within the digit limits, then round the last digit.
 * Returns the digits d1 d2 d3... and the power of ten of d1.
 *
 * Without limits this gives the same shortest digits as Number#toString; the
 * limits are why we cannot use toPrecision/toFixed: NumPy rounds ties to even
 * (0.001953125 -> 0.00195312), and past the unique digits it prints exact
 * digits (5e-324 -> 4.94065646e-324).
 */
function dragon4(x: number, limits: DigitLimits, type: FloatType = "float64"): { digits: string; exponent: number } {
  const { mantissa, binaryExponent, unequalMargins } = type === "float32" ? decomposeFloat32(x) : decomposeFloat(x);
  if (mantissa === 0n) return { digits: "0", exponent: 0 };
  const isEven = (mantissa & 1n) === 0n;

  // value = scaledValue / scale; the margins are half the gaps to the
  // neighbouring floats, and the gap below a power of two is half as wide.
  const extraShift = unequalMargins ? 2n : 1n;
  let scaledValue: bigint;
  let scale: bigint;
  let marginLow: bigint;
  if (binaryExponent > 0) {
    scaledValue = mantissa << (BigInt(binaryExponent) + extraShift);
    scale = 1n << extraShift;
    marginLow = 1n << BigInt(binaryExponent);
  } else {
    scaledValue = mantissa << extraShift;
    scale = 1n << (BigInt(-binaryExponent) + extraShift);
    marginLow = 1n;
  }
  let marginHigh = unequalMargins ? 2n * marginLow : marginLow;

  // digitExponent = floor(log10(|x|)) + 1, the estimate corrected exactly.
  let digitExponent = Math.floor(Math.log10(Math.abs(x))) + 1;
  while (compareToPowerOfTen(scaledValue, scale, digitExponent) >= 0) digitExponent++;
  while (compareToPowerOfTen(scaledValue, scale, digitExponent - 1) < 0) digitExponent--;
  const fractional = limits.countFrom === "decimal-point";
  if (fractional && limits.maxDigits >= 0 && digitExponent <= -limits.maxDigits) {
    // Too small to reach the last allowed digit: start there (a leading 0).
    digitExponent = -limits.maxDigits + 1;
  }

  // Scale so that the integer part of scaledValue / scale is the first digit.
  const firstDigitPower = digitExponent - 1;
  if (firstDigitPower > 0) {
    scale *= powerOfTen(firstDigitPower);
  } else if (firstDigitPower < 0) {
    const factor = powerOfTen(-firstDigitPower);
    scaledValue *= factor;
    marginLow *= factor;
    marginHigh *= factor;
  }

  const cutoffMax = limits.maxDigits < 0 ? -Infinity : fractional ? -limits.maxDigits : digitExponent - limits.maxDigits;
  let cutoffMin = digitExponent;
  if (limits.minDigits >= 0) {
    cutoffMin = Math.min(cutoffMin, fractional ? -limits.minDigits : digitExponent - limits.minDigits);
  }

  const digits: number[] = [];
  let exponent = digitExponent - 1;
  let digit: number;
  let low: boolean;
  let high: boolean;
  for (;;) {
    digitExponent--;
    const quotient = scaledValue / scale;
    scaledValue -= quotient * scale;
    digit = Number(quotient);
    // low: rounding down still reads back as x; high: rounding up does.
    low = isEven ? scaledValue <= marginLow : scaledValue < marginLow;
    high = isEven ? scaledValue + marginHigh >= scale : scaledValue + marginHigh > scale;
    if (((low || high) && digitExponent <= cutoffMin) || digitExponent === cutoffMax) break;
    digits.push(digit);
    scaledValue *= 10n;
    marginLow *= 10n;
    marginHigh *= 10n;
  }

  let roundDown = low;
  if (low === high) {
    // Both directions allowed (or neither): round to nearest, ties to even.
    const twice = 2n * scaledValue;
    roundDown = twice < scale || (twice === scale && digit % 2 === 0);
  }
  if (roundDown) {
    digits.push(digit);
  } else if (digit < 9) {
    digits.push(digit + 1);
  } else {
    // Carry: drop trailing nines, then increment; 9.99 -> 10 becomes "1".
    while (digits.length > 0 && digits[digits.length - 1] === 9) digits.pop();
    if (digits.length === 0) {
      digits.push(1);
      exponent += 1;
    } else {
      digits[digits.length - 1] += 1;
    }
  }
  return { digits: digits.join(""), exponent };
}

/** Sign of scaledValue / scale - 10^power. */
function compareToPowerOfTen(scaledValue: bigint, scale: bigint, power: number): number {
  const left = power >= 0 ? scaledValue : scaledValue * powerOfTen(-power);
  const right = power >= 0 ? scale * powerOfTen(power) : scale;
  return left < right ? -1 : left > right ? 1 : 0;
}

// The same powers of ten are needed for every element, so keep them.
const powersOfTen: bigint[] = [1n];
function powerOfTen(power: number): bigint {
  for (let k = powersOfTen.length; k <= power; k++) powersOfTen.push(powersOfTen[k - 1] * 10n);
  return powersOfTen[power];
}

/** |x| = mantissa × 2^binaryExponent, exactly. */
function decomposeFloat(x: number): { mantissa: bigint; binaryExponent: number; unequalMargins: boolean } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const high = view.getUint32(0);
  const low = view.getUint32(4);
  const biasedExponent = (high >>> 20) & 0x7ff;
  const fraction = (BigInt(high & 0xfffff) << 32n) | BigInt(low);
  if (biasedExponent === 0) {
    return { mantissa: fraction, binaryExponent: -1074, unequalMargins: false }; // subnormal
  }
  return {
    mantissa: fraction | (1n << 52n),
    binaryExponent: biasedExponent - 1075,
    unequalMargins: fraction === 0n && biasedExponent > 1,
  };
}

/** |x| = mantissa × 2^binaryExponent, exactly, for a value that is a float32. */
function decomposeFloat32(x: number): { mantissa: bigint; binaryExponent: number; unequalMargins: boolean } {
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, x);
  const bits = view.getUint32(0);
  const biasedExponent = (bits >>> 23) & 0xff;
  const fraction = BigInt(bits & 0x7fffff);
  if (biasedExponent === 0) {
    return { mantissa: fraction, binaryExponent: -149, unequalMargins: false }; // subnormal
  }
  return {
    mantissa: fraction | (1n << 23n),
    binaryExponent: biasedExponent - 150,
    unequalMargins: fraction === 0n && biasedExponent > 1,
  };
}

// ---------------------------------------------------------------------------
// Small helpers.

/** str() of a NumPy scalar of this dtype: `3.0`, `nan`, `1e-06`, `3`, `True`. */
export function scalarToString(value: number, dtype: DType): string {
  switch (dtype) {
    case "float64":
    case "float32":
      return pyFloatRepr(value, dtype);
    case "int64":
      return integerToString(value);
    case "bool":
      return value !== 0 ? "True" : "False";
  }
}

/** Beyond 2^53 String() rounds ("4611686018427388000" for 2^62); BigInt prints the exact value. */
function integerToString(value: number): string {
  if (Number.isSafeInteger(value)) return String(value);
  if (!Number.isFinite(value)) return String(value);
  return BigInt(Math.trunc(value)).toString();
}
