// exp and log of float32 values exactly as NumPy 1.24 computes them on x86-64
// CPUs with AVX2 and FMA (or AVX-512F): its own SIMD functions
// (numpy/core/src/umath/loops_exponent_log.dispatch.c.src, simd_exp_FLOAT and
// simd_log_FLOAT), a ratio of two polynomials after a Cody–Waite range
// reduction, each lane in float32 with fused multiply-adds. They are within a
// few units in the last place of the true value, so the float64 function
// rounded to float32 gives other digits for many inputs. On a CPU without AVX2
// NumPy calls the C library's expf and logf instead; those are not emulated.
import { fmaFloat32 } from "./exact-arithmetic";

const f = Math.fround;

// numpy/core/src/umath/npy_simd_data.h's constants, each a C float literal: the decimal rounded to float32.
const floats = (text: string): number[] =>
  text
    .trim()
    .split(/\s+/)
    .map((literal) => f(Number(literal)));
const EXP_P = floats(`9.999999999980870924916e-01 7.257664613233124478488e-01 2.473615434895520810817e-01
  5.114512081637298353406e-02 6.757896990527504603057e-03 5.082762527590693718096e-04`);
const EXP_Q = floats("1.0 -2.742335390411667452936e-01 2.159509375685829852307e-02");
const LOG_P = floats(`0.0 9.999999999999998702752e-01 2.112677543073053063722e+00 1.480000633576506585156e+00
  3.808837741388407920751e-01 2.589979117907922693523e-02`);
const LOG_Q = floats(`1.0 2.612677543073109236779e+00 2.453006071784736363091e+00 9.864942958519418960339e-01
  1.546476374983906719538e-01 5.875095403124574342950e-03`);
const [LN2_HIGH, LN2_LOW] = floats("-6.93145752e-1 -1.42860677e-6"); // NPY_CODY_WAITE_LOGE_2_HIGHf and LOWf
const [LOG2E, LOGE2, SQRT1_2] = floats(
  "1.442695040888963407359924681001892137 0.693147180559945309417232121458176568 0.707106781186547524400844362104849039",
);
const ROUNDING_MAGIC = 2 ** 23 + 2 ** 22; // NPY_RINT_CVT_MAGICf: adding it rounds to an integer
const EXP_MAX = 88.72283935546875;
const EXP_MIN = -103.97208404541015625;
const FLOAT32_MIN = 2 ** -126;

/** Horner's rule with fused multiply-adds, highest coefficient first, as NumPy's SIMD code writes it. */
function polynomial(coefficients: readonly number[], x: number): number {
  let sum = coefficients[coefficients.length - 1];
  for (let i = coefficients.length - 2; i >= 0; i--) sum = fmaFloat32(sum, x, coefficients[i]);
  return sum;
}

// The bits of a float32, through a shared buffer.
const float = new Float32Array(1);
const bits = new Int32Array(float.buffer);

/** NumPy's np.exp of a float32 value (x a float32), bit for bit. */
export function numpyExpFloat32(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x >= EXP_MAX) return Infinity;
  if (x <= EXP_MIN) return 0;
  const quadrant = f(f(f(x * LOG2E) + ROUNDING_MAGIC) - ROUNDING_MAGIC);
  const r = fmaFloat32(quadrant, LN2_LOW, fmaFloat32(quadrant, LN2_HIGH, x));
  const poly = f(polynomial(EXP_P, r) / polynomial(EXP_Q, r));
  // poly · 2^quadrant: added to its exponent bits; below 2^-125, in two steps so that the division rounds once into the subnormals.
  float[0] = poly;
  if (quadrant > -125) {
    bits[0] += quadrant * 2 ** 23;
    return float[0];
  }
  bits[0] -= 125 * 2 ** 23;
  return f(float[0] / 2 ** (-quadrant - 125));
}

/** NumPy's np.log of a float32 value (x a float32), bit for bit. */
export function numpyLogFloat32(x: number): number {
  if (Number.isNaN(x) || x < 0) return NaN;
  if (x === 0) return -Infinity;
  if (x === Infinity) return Infinity;
  // x = mantissa · 2^exponent with the mantissa in [0.5, 1); a subnormal is scaled by 2^100 first.
  const subnormal = x < FLOAT32_MIN;
  float[0] = subnormal ? x * 2 ** 100 : x;
  let exponent = (bits[0] >> 23) - 126 - (subnormal ? 100 : 0);
  bits[0] = (bits[0] & 0x7fffff) | (126 << 23);
  let m = float[0];
  if (m <= SQRT1_2) {
    m = f(m + m);
    exponent -= 1;
  }
  const r = f(m - 1);
  const poly = f(polynomial(LOG_P, r) / polynomial(LOG_Q, r));
  return fmaFloat32(exponent, LOGE2, poly);
}
