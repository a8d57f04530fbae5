// Exact floating-point arithmetic for emulating a C library bit for bit:
// the rounding errors of a product and a sum, and the fused multiply-add
// (one rounding of a·b + c) that glibc's exp and log use on CPUs with FMA
// and JavaScript does not have.

/** The index of the 32-bit word of a double that holds its sign and exponent (the other is its low half). */
export const HIGH = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f ? 1 : 0;
export const LOW = 1 - HIGH;

/** A C hex float literal such as "-0x1.7cc7f79e69000p-2", so the constants read as in glibc's source. */
export function hexFloat(text: string): number {
  const match = /^(-?)0x1\.([0-9a-f]{13})p([+-]\d+)$/.exec(text);
  if (!match) throw new Error(`not a normal hex float: ${text}`);
  const magnitude = (1 + parseInt(match[2], 16) / 2 ** 52) * 2 ** Number(match[3]);
  return match[1] ? -magnitude : magnitude;
}

export function hexFloats(text: string): number[] {
  return text.trim().split(/\s+/).map(hexFloat);
}

// The bits of a double, through a shared buffer.
const scratch = new Float64Array(1);
const words = new Uint32Array(scratch.buffer);

const SPLITTER = 2 ** 27 + 1; // Veltkamp: splits a double into two halves whose products are exact

/** The rounding error of p = a * b, so that a * b = p + error exactly (Dekker). */
export function productError(a: number, b: number, p: number): number {
  let t = SPLITTER * a;
  const aHi = t - (t - a);
  const aLo = a - aHi;
  t = SPLITTER * b;
  const bHi = t - (t - b);
  const bLo = b - bHi;
  return aHi * bHi - p + aHi * bLo + aLo * bHi + aLo * bLo;
}

/** The rounding error of s = a + b, so that a + b = s + error exactly (Knuth). */
export function sumError(a: number, b: number, s: number): number {
  const bPart = s - a;
  return a - (s - bPart) + (b - bPart);
}

/**
 * a * b + c with a single rounding, as the FMA instruction: the exact value
 * is s + (small part); rounding the small part to odd first keeps the final
 * rounding from being a double rounding (Boldo and Melquiond, 2008).
 */
export function fma(a: number, b: number, c: number): number {
  if (!(Math.abs(a) <= 2 ** 995 && Math.abs(b) <= 2 ** 995 && Math.abs(c) <= 2 ** 1022)) return fmaOfLarge(a, b, c);
  const p = a * b;
  if (!Number.isFinite(p)) return fmaOfLarge(a, b, c);
  const pError = productError(a, b, p);
  const s = c + p;
  const sError = sumError(c, p, s);
  const small = sError + pError;
  return s + roundToOdd(small, sumError(sError, pError, small));
}

/**
 * fma() where splitting a factor, or the product, would overflow: with inf or
 * NaN, fusing changes nothing; else the larger factor and c are scaled down by
 * 2^600 and the result up again (a c that the scaling makes vanish lies far
 * below the product's last bit).
 */
function fmaOfLarge(a: number, b: number, c: number): number {
  if (!Number.isFinite(a) || !Number.isFinite(b) || !Number.isFinite(c)) return a * b + c;
  const [large, other] = Math.abs(a) >= Math.abs(b) ? [a, b] : [b, a];
  if (Math.abs(other) > 2 ** 995) return a * b + c; // |a·b| > 2^1990: infinite whatever c is
  return fma(large * 2 ** -600, other, c * 2 ** -600) * 2 ** 600;
}

/**
 * x + error (error the rounding error of x, exactly) rounded to odd: x if the
 * error is 0 or x's last bit is 1, else x moved one unit towards x + error.
 * Rounding that to fewer bits (at least 2 fewer) is then a correct rounding of
 * x + error, never a double rounding.
 */
function roundToOdd(x: number, error: number): number {
  if (error === 0) return x;
  scratch[0] = x;
  const low = words[LOW];
  if ((low & 1) !== 0) return x;
  if (x > 0 === error > 0) words[LOW] = low + 1;
  else if (low !== 0) words[LOW] = low - 1;
  else {
    words[LOW] = 0xffffffff;
    words[HIGH] -= 1;
  }
  return scratch[0];
}

/** a * b + c for float32 values, rounded once to float32, as the FMA instruction on floats. */
export function fmaFloat32(a: number, b: number, c: number): number {
  const p = a * b; // exact: two 24-bit significands
  const s = p + c;
  return Math.fround(roundToOdd(s, sumError(p, c, s)));
}
