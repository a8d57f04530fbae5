import { expect } from "chai";
import { readFileSync } from "fs";
import { join } from "path";
import { arrayRepr, arrayToString, pyFloatRepr, type ArrayLike } from "dlfs/internal";
import { NDArray, dot, maximum, type DType } from "dlfs";

/** Written by test/lib/fixtures/numpy_format.py from NumPy's own str() and repr(). */
interface ArrayCase {
  name: string;
  dtype: DType;
  shape: number[];
  /** Python repr of each float ("nan", "inf" and "-inf" included), or the integer, or "1"/"0". */
  data: string[];
  str: string;
  repr: string;
}

interface FloatCase {
  /** float.hex(x), or "nan" / "inf" / "-inf". */
  hex: string;
  repr: string;
}

/** An array as the fixture script encodes it, or a long float32 input the test computes (see Ramp in the script). */
type EncodedInput = Omit<ArrayCase, "name" | "str" | "repr"> | { ramp: { shape: number[]; seed: number } };

/** An operation on float32 arrays, with NumPy's result (its dtype, values, and str). */
interface OperationCase {
  name: string;
  operation: string;
  /** False where only the rounding may differ (a product: NumPy's BLAS adds the terms in its own order). */
  exact: boolean;
  inputs: EncodedInput[];
  result: Omit<ArrayCase, "name" | "repr">;
}

interface Fixtures {
  numpy: string;
  arrays: ArrayCase[];
  operations: OperationCase[];
  floats: FloatCase[];
}

const fixtures = JSON.parse(readFileSync(join(__dirname, "fixtures", "format.json"), "utf8")) as Fixtures;

const SPECIAL_VALUES: Record<string, number> = { nan: NaN, inf: Infinity, "-inf": -Infinity };

function parseElement(text: string): number {
  return text in SPECIAL_VALUES ? SPECIAL_VALUES[text] : Number(text);
}

/** float.hex() output, e.g. "-0x1.91eb851eb851fp+1", read exactly without decimal rounding. */
function parseHexFloat(text: string): number {
  if (text in SPECIAL_VALUES) return SPECIAL_VALUES[text];
  const match = /^(-?)0x([01])\.([0-9a-f]+)p([+-]\d+)$/.exec(text);
  if (match === null) throw new Error(`not a float.hex() string: ${text}`);
  const [, sign, leading, fraction, exponent] = match;
  const mantissa = Number(BigInt(`0x${leading}${fraction}`)); // at most 53 bits: exact
  // Two steps, because 2^(exponent - 52) alone can underflow for subnormals.
  const magnitude = mantissa * 2 ** -(4 * fraction.length) * 2 ** Number(exponent);
  return sign === "-" ? -magnitude : magnitude;
}

function toArrayLike(c: Pick<ArrayCase, "data" | "shape" | "dtype">): ArrayLike {
  const values = c.data.map(parseElement);
  return { data: c.dtype === "float32" ? Float32Array.from(values) : Float64Array.from(values), shape: c.shape, dtype: c.dtype };
}

function toNDArray(input: EncodedInput): NDArray {
  if (!("ramp" in input)) {
    const { data, shape, dtype } = toArrayLike(input);
    return new NDArray(data, shape, dtype);
  }
  const { shape, seed } = input.ramp;
  const n = shape.reduce((a, b) => a * b, 1);
  return new NDArray(
    Float32Array.from({ length: n }, (_, i) => ((i * 7919 + seed) % 10007) / 10007),
    shape,
  );
}

/** What each operation of the fixtures does, with NDArray. */
const OPERATIONS: Record<string, (x: NDArray, y: NDArray) => NDArray | number> = {
  "mul 0.1": (x) => x.mul(0.1),
  "add 1": (x) => x.add(1),
  "sub 2.5": (x) => x.sub(2.5),
  "div 255": (x) => x.div(255),
  "div 3.0": (x) => x.div(3.0),
  add: (x, y) => x.add(y),
  mul: (x, y) => x.mul(y),
  div: (x, y) => x.div(y),
  "le 0.1": (x) => x.le(0.1),
  "gt 0": (x) => x.gt(0),
  "maximum 0.5": (x) => maximum(x, 0.5),
  "isub 0.1": (x) => x.copy().isub(0.1),
  sum: (x) => x.sum(),
  "sum 0": (x) => x.sum(0),
  "sum 1": (x) => x.sum(1),
  "sum 2": (x) => x.sum(2),
  mean: (x) => x.mean(),
  "mean 0": (x) => x.mean(0),
  max: (x) => x.max(),
  "min 1": (x) => x.min(1),
  sqrt: (x) => x.sqrt(),
  "astype float64": (x) => x.astype("float64"),
  "astype float32": (x) => x.astype("float32"),
  T: (x) => x.T,
  dot: (x, y) => dot(x, y),
};

function array(dtype: DType, shape: number[], values: number[]): ArrayLike {
  return { data: Float64Array.from(values), shape, dtype };
}

describe("format: examples", () => {
  it("prints relu outputs with bare decimal points", () => {
    const a = array("float64", [2, 2], [1, 0, 0, 3]);
    expect(arrayToString(a)).to.equal("[[1. 0.]\n [0. 3.]]");
    expect(arrayRepr(a)).to.equal("array([[1., 0.],\n       [0., 3.]])");
  });

  it("pads fractions to a common width", () => {
    expect(arrayToString(array("float64", [2], [1, -0.5]))).to.equal("[ 1.  -0.5]");
  });

  it("rounds to 8 digits, ties to even", () => {
    expect(arrayToString(array("float64", [2], [0.8807970779778823, 0.9820137900379085]))).to.equal("[0.88079708 0.98201379]");
    expect(arrayToString(array("float64", [1], [0.001953125]))).to.equal("[0.00195312]");
  });

  it("right-aligns integers and booleans", () => {
    expect(arrayToString(array("int64", [1, 2], [93, 211]))).to.equal("[[ 93 211]]");
    expect(arrayToString(array("bool", [2, 2], [0, 1, 1, 0]))).to.equal("[[False  True]\n [ True False]]");
    expect(arrayRepr(array("int64", [2, 2], [22, 28, 49, 64]))).to.equal("array([[22, 28],\n       [49, 64]])");
  });

  it("switches to scientific notation and pads exponents", () => {
    expect(arrayToString(array("float64", [2], [1e-130, 1e-5]))).to.equal("[1.e-130 1.e-005]");
  });

  it("prints exact digits when a scientific column asks for more than the shortest form", () => {
    // 5e-324 alone is "5.e-324", but next to 1.5e-310 it needs a second digit.
    expect(arrayToString(array("float64", [2], [5e-324, 1.5e-310]))).to.equal("[4.9e-324 1.5e-310]");
  });

  it("summarizes arrays above 1000 elements, sizing columns from the shown ones", () => {
    const values = Array.from({ length: 1001 }, (_, i) => (i === 500 ? 123456789 : i));
    expect(arrayToString(array("int64", [1001], values))).to.equal("[   0    1    2 ...  998  999 1000]");
  });

  it("prints empty and 0-d arrays", () => {
    expect(arrayToString(array("float64", [0], []))).to.equal("[]");
    expect(arrayRepr(array("float64", [0], []))).to.equal("array([], dtype=float64)");
    expect(arrayToString(array("float64", [], [715.0000000000001]))).to.equal("715.0000000000001");
    expect(arrayRepr(array("float64", [], [1.5]))).to.equal("array(1.5)");
  });

  it("prints Python float reprs", () => {
    expect(pyFloatRepr(165)).to.equal("165.0");
    expect(pyFloatRepr(1e-7)).to.equal("1e-07");
    expect(pyFloatRepr(1e16)).to.equal("1e+16");
    expect(pyFloatRepr(-9.99999950584e-8)).to.equal("-9.99999950584e-08");
  });
});

describe(`format: str and repr match NumPy ${fixtures.numpy}`, () => {
  for (const c of fixtures.arrays) {
    it(c.name, () => {
      const a = toArrayLike(c);
      expect(arrayToString(a), "str").to.equal(c.str);
      expect(arrayRepr(a), "repr").to.equal(c.repr);
    });
  }
});

describe(`float32 arithmetic matches NumPy ${fixtures.numpy}: dtype, every value, and how it prints`, () => {
  for (const c of fixtures.operations) {
    it(c.name, () => {
      const [x, y] = c.inputs.map(toNDArray);
      const operation = OPERATIONS[c.operation];
      expect(operation, `operation ${c.operation}`).to.be.a("function");
      let result = operation(x, y);
      const expected = toArrayLike(c.result);
      // A reduction to one value gives NumPy's scalar (a Number object, typed as a number): compare it as a 0-d array.
      if (!(result instanceof NDArray)) result = new NDArray(Float64Array.of(Number(result)), [], expected.dtype);
      // The fixture keeps only the first rows of some long results.
      const values = Array.from(result.data).slice(0, expected.data.length);
      const whole = result.size === expected.data.length;
      expect(result.dtype, "dtype").to.equal(expected.dtype);
      if (whole) expect(result.shape, "shape").to.deep.equal(expected.shape);
      if (!c.exact) {
        values.forEach((v, i) => expect(v, `value ${i}`).to.be.closeTo(expected.data[i], 1e-12 * Math.abs(expected.data[i])));
        return;
      }
      expect(
        values.map((v) => (Object.is(v, -0) ? "-0" : v)),
        "values",
      ).to.deep.equal(Array.from(expected.data, (v) => (Object.is(v, -0) ? "-0" : v)));
      if (whole) expect(arrayToString(result), "str").to.equal(c.result.str);
    });
  }
});

describe("format: pyFloatRepr matches Python's repr(float)", () => {
  it(`all ${fixtures.floats.length} floats`, () => {
    const mismatches = fixtures.floats
      .map((c) => ({ hex: c.hex, expected: c.repr, actual: pyFloatRepr(parseHexFloat(c.hex)) }))
      .filter((m) => m.actual !== m.expected);
    expect(mismatches).to.deep.equal([]);
  });
});
