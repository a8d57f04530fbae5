// The differential test's other half: each case of a fixture written by
// test/lib/fixtures/numpy_differential.py, run through dlfs and compared with
// what NumPy gave. A case is exact when the text (str and repr), the dtype, the
// shape and every value (bit for bit) are NumPy's, or, for an error, its type
// and message. A few kinds of case are documented differences (lib/README.md,
// "What is matched"): for those dlfs must do what the documentation says
// instead, and they are counted apart.
import { readFileSync } from "node:fs";
import { arange, array, dot, full, NDArray, ones, zeros, type DType, type Nested } from "dlfs";
import { arrayRepr, NumPyScalar } from "dlfs/internal";

interface EncodedArray {
  dtype: string;
  shape: number[];
  data: string[];
}
type EncodedScalar = { number: string } | { numpy: "float64" | "float32" | "bool"; value: string };
type EncodedNested = EncodedNested[] | EncodedScalar | { bool: boolean };

type NumPyOutcome =
  | ({ type: "ndarray"; str: string; repr: string } & EncodedArray)
  | { type: "scalar" | "python"; dtype: string; value: string; str: string }
  | { type: "error"; name: string; message: string };

export interface Case {
  id: string;
  op: string;
  named?: boolean;
  a?: EncodedArray;
  b?: EncodedArray | EncodedScalar;
  mask?: EncodedArray;
  value?: EncodedScalar;
  axis?: number | null;
  keepdims?: boolean;
  shape?: number[];
  dtype?: string | null;
  indices?: number[];
  index?: number[];
  nested?: EncodedNested;
  args?: string[];
  numpy: NumPyOutcome & { beyond2to53?: boolean };
}

interface Fixture {
  numpy: string;
  seeds: number[];
  cases: Case[];
}

export function readFixture(path: string): Fixture {
  return JSON.parse(readFileSync(path, "utf8")) as Fixture;
}

// ---- decoding ----------------------------------------------------------------------------

/** A value as Python's repr() or str() wrote it: nan, inf, -inf, -0.0, 1e-310, 9007199254740991. */
function decodeNumber(text: string): number {
  if (text === "nan") return NaN;
  if (text === "inf") return Infinity;
  if (text === "-inf") return -Infinity;
  return Number(text);
}

function decodeArray(spec: EncodedArray): NDArray {
  return new NDArray(Float64Array.from(spec.data, decodeNumber), spec.shape, spec.dtype as DType);
}

function decodeScalar(spec: EncodedScalar): number {
  if ("numpy" in spec) return new NumPyScalar(decodeNumber(spec.value), spec.numpy) as unknown as number;
  return decodeNumber(spec.number);
}

function decodeOperand(spec: EncodedArray | EncodedScalar): NDArray | number {
  return "shape" in spec ? decodeArray(spec) : decodeScalar(spec);
}

function decodeNested(node: EncodedNested): Nested {
  if (Array.isArray(node)) return node.map(decodeNested);
  if ("bool" in node) return node.bool;
  return decodeScalar(node);
}

// ---- running a case in dlfs ------------------------------------------------------------------

/** What an operation gave: a value, or the error it threw. */
type Result = { value: unknown } | { error: Error };

function run(c: Case): unknown {
  const a = (): NDArray => decodeArray(c.a as EncodedArray);
  const b = (): NDArray | number => decodeOperand(c.b as EncodedArray | EncodedScalar);
  const axis = c.axis ?? undefined;
  switch (c.op) {
    case "print":
      return a();
    case "add":
      return a().add(b());
    case "subtract":
      return a().sub(b());
    case "multiply":
      return a().mul(b());
    case "true_divide":
      return a().div(b());
    case "maximum":
      return a().maximum(b());
    case "less_equal":
      return a().le(b());
    case "less":
      return a().lt(b());
    case "greater_equal":
      return a().ge(b());
    case "greater":
      return a().gt(b());
    case "equal":
      return a().eq(b());
    case "not_equal":
      return a().ne(b());
    case "iadd":
      return a().iadd(b());
    case "isub":
      return a().isub(b());
    case "imul":
      return a().imul(b());
    case "exp":
      return a().exp();
    case "log":
      return a().log();
    case "sqrt":
      return a().sqrt();
    case "abs":
      return a().abs();
    case "negative":
      return a().neg();
    case "sum":
    case "mean":
    case "max":
    case "min": {
      const x = a();
      return axis === undefined ? x[c.op]() : x[c.op](axis, c.keepdims);
    }
    case "argmax":
      return axis === undefined ? a().argmax() : a().argmax(axis);
    case "dot":
      return dot(a(), b() as NDArray);
    case "putmask":
      return a().putmask(decodeArray(c.mask as EncodedArray), decodeScalar(c.value as EncodedScalar));
    case "reshape":
      return a().reshape(...(c.shape as number[]));
    case "transpose":
      return a().T;
    case "flatten":
      return a().flatten();
    case "astype":
      return a().astype(c.dtype as DType);
    case "take":
      return a().take(c.indices as number[]);
    case "get":
      return a().get(...(c.index as number[]));
    case "item":
      return a().item();
    case "array":
      return array(decodeNested(c.nested as EncodedNested), (c.dtype ?? undefined) as DType | undefined);
    case "zeros":
      return zeros(c.shape as number[]);
    case "ones":
      return ones(c.shape as number[]);
    case "full":
      return full(c.shape as number[], decodeScalar(c.value as EncodedScalar));
    case "arange": {
      const [start, stop, step] = (c.args as string[]).map(decodeNumber);
      return c.args?.length === 1 ? arange(start) : arange(start, stop, step);
    }
    default:
      throw new Error(`differential: unknown op ${c.op}`);
  }
}

function attempt(c: Case): Result {
  try {
    return { value: run(c) };
  } catch (error) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }
}

// ---- comparing ------------------------------------------------------------------------------

/** exact: NumPy's result; documented: a documented difference, as documented; mismatch: neither. */
type Verdict = "exact" | "documented" | "mismatch";

interface Comparison {
  verdict: Verdict;
  /** What differs (mismatch) or which documented difference applies. */
  detail: string;
}

const same = (x: number, y: number): boolean => Object.is(x, y) || (Number.isNaN(x) && Number.isNaN(y));

/** A dlfs value as NumPy's outcome has it: an array, or a scalar with its dtype and text. */
function asOutcome(value: unknown): { dtype: string; shape: number[]; values: number[]; str: string; repr?: string } | null {
  if (value instanceof NDArray) {
    return {
      dtype: value.dtype,
      shape: [...value.shape],
      values: Array.from(value.data),
      str: String(value),
      repr: arrayRepr(value),
    };
  }
  if (value instanceof NumPyScalar) return { dtype: value.dtype, shape: [], values: [value.valueOf()], str: String(value) };
  if (typeof value === "number") return { dtype: "number", shape: [], values: [value], str: String(value) };
  return null;
}

function compareValue(c: Case, value: unknown): string[] {
  const numpy = c.numpy;
  const got = asOutcome(value);
  if (got === null) return [`dlfs gave ${typeof value}`];
  const differences: string[] = [];
  if (numpy.type === "ndarray") {
    if (got.shape.length === 0 && numpy.shape.length > 0) differences.push("dlfs gave a scalar");
    if (got.dtype !== numpy.dtype) differences.push(`dtype ${got.dtype}, NumPy ${numpy.dtype}`);
    if (got.shape.join(",") !== numpy.shape.join(","))
      differences.push(`shape (${got.shape.join(",")}), NumPy (${numpy.shape.join(",")})`);
    if (got.str !== numpy.str) differences.push(`str ${JSON.stringify(got.str)}, NumPy ${JSON.stringify(numpy.str)}`);
    if (got.repr !== numpy.repr) differences.push(`repr ${JSON.stringify(got.repr)}, NumPy ${JSON.stringify(numpy.repr)}`);
    // A printed array's values are its input's; others are compared one by one.
    if (c.op !== "print") {
      const want = numpy.data.map(decodeNumber);
      const first = want.findIndex((v, i) => !same(v, got.values[i]));
      if (want.length !== got.values.length || first >= 0) {
        differences.push(`value ${first}: ${got.values[first]}, NumPy ${want[first]}`);
      }
    }
    return differences;
  }
  if (numpy.type === "error") return [`dlfs gave a value (${got.str}), NumPy ${numpy.name}: ${numpy.message}`];
  // A scalar: NumPy's np.float64, np.int64, np.bool_ … (or a Python float from item()).
  const wantDtype = numpy.type === "python" ? { float: "float64", int: "int64", bool: "bool" }[numpy.dtype] : numpy.dtype;
  // A plain number is how dlfs gives an int64 scalar (it prints the same).
  const gotDtype = got.dtype === "number" && Number.isInteger(got.values[0]) ? "int64" : got.dtype;
  if (gotDtype !== wantDtype) differences.push(`dtype ${gotDtype}, NumPy ${wantDtype}`);
  if (got.str !== numpy.str) differences.push(`str ${JSON.stringify(got.str)}, NumPy ${JSON.stringify(numpy.str)}`);
  if (!same(got.values[0], decodeNumber(numpy.value))) differences.push(`value ${got.values[0]}, NumPy ${numpy.value}`);
  return differences;
}

/**
 * The documented differences (lib/README.md): which cases they cover, and
 * what dlfs must do there instead. Null when none applies.
 */
function documented(c: Case, result: Result): Comparison | null {
  const numpy = c.numpy;
  const error = "error" in result ? result.error : null;
  const ok = (detail: string): Comparison => ({ verdict: "documented", detail });
  const wrong = (detail: string): Comparison => ({ verdict: "mismatch", detail });
  // float16: NumPy's exp, log, sqrt of a bool array.
  if (numpy.type !== "error" && numpy.dtype === "float16") {
    return error instanceof TypeError && /float16/.test(error.message)
      ? ok("float16 (a TypeError)")
      : wrong("NumPy gives float16: dlfs should throw a TypeError saying so");
  }
  // An int64 value beyond 2^53 (or wrapped around past 2^63): dlfs keeps integers in doubles.
  const tooLargeInt = numpy.type === "error" && numpy.name === "OverflowError" && /C long/.test(numpy.message);
  if (numpy.beyond2to53 || tooLargeInt) {
    return error?.name === "OverflowError" && /2\^53/.test(error.message)
      ? ok("int64 beyond 2^53 (an OverflowError)")
      : wrong(
          `an int64 beyond 2^53: dlfs should throw an OverflowError, gave ${error ? `${error.name}: ${error.message}` : "a value"}`,
        );
  }
  // A product of two float32 arrays: NumPy's sgemm and sdot add in float32, dlfs adds in float64 and rounds once.
  if (c.op === "dot" && numpy.type === "ndarray" && numpy.dtype === "float32" && "value" in result) {
    const got = asOutcome(result.value);
    const b = c.b as EncodedArray;
    const k = c.a?.shape.length ? c.a.shape[c.a.shape.length - 1] : 1;
    if (c.a?.dtype !== "float32" || b.dtype !== "float32" || !got || got.shape.join(",") !== numpy.shape.join(",")) return null;
    const want = numpy.data.map(decodeNumber);
    const close = want.every(
      (v, i) => same(v, got.values[i]) || Math.abs(v - got.values[i]) <= 2 ** -22 * k * Math.max(1, Math.abs(v)),
    );
    const exact = want.every((v, i) => same(v, got.values[i])) && got.str === numpy.str && got.repr === numpy.repr;
    return close && !exact && got.dtype === "float32" ? ok("a float32 product, summed in float64") : null;
  }
  // get() and item() give plain numbers, without NumPy's type, printed as JavaScript prints them.
  if ((c.op === "get" || c.op === "item") && numpy.type !== "error" && numpy.type !== "ndarray" && "value" in result) {
    const value = result.value;
    const integer = numpy.dtype === "int64" || numpy.dtype === "int";
    if (typeof value !== "number" || !same(value, decodeNumber(numpy.value))) return null;
    return integer && String(value) === numpy.str ? null : ok("get() and item() give plain numbers");
  }
  // A float that is NaN or infinite made an int64: NumPy's value is undefined (it gives -2^63 and warns),
  // dlfs raises Python's errors for the conversion.
  const input = c.a?.data.map(decodeNumber) ?? [];
  if (c.op === "astype" && c.dtype === "int64" && input.some((v) => !Number.isFinite(v))) {
    const nan = input.some(Number.isNaN);
    const expected = nan
      ? "ValueError: cannot convert float NaN to integer"
      : "OverflowError: cannot convert float infinity to integer";
    return error && `${error.name}: ${error.message}` === expected
      ? ok("astype(int64) of NaN or inf (an error)")
      : wrong(`astype(int64) of NaN or inf: dlfs should throw ${expected}`);
  }
  // == and != of shapes that do not broadcast: NumPy 1.24 answers with one bool and a DeprecationWarning
  // (NumPy 1.25 raises), dlfs raises NumPy's broadcasting error.
  if ((c.op === "equal" || c.op === "not_equal") && numpy.type === "python" && numpy.dtype === "bool") {
    return error?.name === "ValueError" && /could not be broadcast/.test(error.message)
      ? ok("== of shapes that do not broadcast (an error)")
      : wrong("== of shapes that do not broadcast: dlfs should throw NumPy's broadcasting error");
  }
  return null;
}

export function compare(c: Case): Comparison {
  const result = attempt(c);
  const doc = documented(c, result);
  if (doc) return doc;
  const numpy = c.numpy;
  if ("error" in result) {
    const { name, message } = result.error;
    if (numpy.type === "error") {
      if (name === numpy.name && message === numpy.message) return { verdict: "exact", detail: "" };
      return { verdict: "mismatch", detail: `${name}: ${message} — NumPy ${numpy.name}: ${numpy.message}` };
    }
    return { verdict: "mismatch", detail: `${name}: ${message} — NumPy gave a value (${numpy.str})` };
  }
  const differences = compareValue(c, result.value);
  return differences.length === 0 ? { verdict: "exact", detail: "" } : { verdict: "mismatch", detail: differences.join("; ") };
}

export interface Summary {
  total: number;
  exact: number;
  documented: number;
  mismatches: { case: Case; detail: string }[];
}

export function summarize(cases: readonly Case[]): Summary {
  const summary: Summary = { total: 0, exact: 0, documented: 0, mismatches: [] };
  for (const c of cases) {
    const { verdict, detail } = compare(c);
    summary.total++;
    if (verdict === "exact") summary.exact++;
    else if (verdict === "documented") summary.documented++;
    else summary.mismatches.push({ case: c, detail });
  }
  return summary;
}
