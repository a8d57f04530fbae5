// NumPy's legacy random generator, np.random.RandomState (MT19937), bit for
// bit: the same seed gives the same numbers as NumPy, so a lesson's seeded
// weights and samples match the book's Python output exactly.
//
//   import { random } from "dlfs";
//   random.seed(1234);
//   const x = random.randn(2, 3);     // np.random.randn(2, 3)
import { randomFillSync } from "node:crypto";
import { NDArray } from "./ndarray";

// ---- log, computed exactly as NumPy's C library computes it ---------------
// randn needs log(r2). V8's Math.log differs from glibc's log in the last bit
// for about 7% of the r2 values the polar method produces, and a correctly
// rounded log would not do either (glibc's log is one bit off for ~0.1% of
// them). So this is glibc's log (2.28 and later, sysdeps/ieee754/dbl-64/e_log.c)
// as built for x86-64 CPUs with FMA, the one NumPy calls on such a machine:
// the same tables, polynomials and order of operations, each fused
// multiply-add reproduced exactly. (NumPy itself differs in the last bit for
// about 1 normal in 10,000 on CPUs without FMA, where glibc uses other code.)

/** A C hex float literal such as "-0x1.7cc7f79e69000p-2", so the constants read as in glibc's source. */
function hexFloat(text: string): number {
  const match = /^(-?)0x1\.([0-9a-f]{13})p([+-]\d+)$/.exec(text);
  if (!match) throw new Error(`not a normal hex float: ${text}`);
  const magnitude = (1 + parseInt(match[2], 16) / 2 ** 52) * 2 ** Number(match[3]);
  return match[1] ? -magnitude : magnitude;
}

function hexFloats(text: string): number[] {
  return text.trim().split(/\s+/).map(hexFloat);
}

const [LN2_HI, LN2_LO] = hexFloats("0x1.62e42fefa3800p-1 0x1.ef35793c76730p-45");
// log(1 + r) - r for |r| < 2^-8 (the table path).
const [A0, A1, A2, A3, A4] = hexFloats(
  "-0x1.0000000000001p-1 0x1.555555551305bp-2 -0x1.fffffffeb4590p-3 0x1.999b324f10111p-3 -0x1.55575e506c89fp-3",
);
// log(1 + r) - r for x = 1 + r close to 1 (B0 is exactly -1/2).
const [B0, B1, B2, B3, B4, B5, B6, B7, B8, B9, B10] = hexFloats(`
  -0x1.0000000000000p-1 0x1.5555555555577p-2 -0x1.ffffffffffdcbp-3 0x1.999999995dd0cp-3
  -0x1.55555556745a7p-3 0x1.24924a344de30p-3 -0x1.fffffa4423d65p-4 0x1.c7184282ad6cap-4
  -0x1.999eb43b068ffp-4 0x1.78182f7afd085p-4 -0x1.5521375d145cdp-4`);
// 1/c and log(c) for the 128 subintervals of [0.6875, 1.375), pairs in glibc's order.
const LOG_TABLE = hexFloats(`
0x1.734f0c3e0de9fp+0 -0x1.7cc7f79e69000p-2  0x1.713786a2ce91fp+0 -0x1.76feec20d0000p-2
0x1.6f26008fab5a0p+0 -0x1.713e31351e000p-2  0x1.6d1a61f138c7dp+0 -0x1.6b85b38287800p-2
0x1.6b1490bc5b4d1p+0 -0x1.65d5590807800p-2  0x1.69147332f0cbap+0 -0x1.602d076180000p-2
0x1.6719f18224223p+0 -0x1.5a8ca86909000p-2  0x1.6524f99a51ed9p+0 -0x1.54f4356035000p-2
0x1.63356aa8f24c4p+0 -0x1.4f637c36b4000p-2  0x1.614b36b9ddc14p+0 -0x1.49da7fda85000p-2
0x1.5f66452c65c4cp+0 -0x1.445923989a800p-2  0x1.5d867b5912c4fp+0 -0x1.3edf439b0b800p-2
0x1.5babccb5b90dep+0 -0x1.396ce448f7000p-2  0x1.59d61f2d91a78p+0 -0x1.3401e17bda000p-2
0x1.5805612465687p+0 -0x1.2e9e2ef468000p-2  0x1.56397cee76bd3p+0 -0x1.2941b3830e000p-2
0x1.54725e2a77f93p+0 -0x1.23ec58cda8800p-2  0x1.52aff42064583p+0 -0x1.1e9e129279000p-2
0x1.50f22dbb2bddfp+0 -0x1.1956d2b48f800p-2  0x1.4f38f4734ded7p+0 -0x1.141679ab9f800p-2
0x1.4d843cfde2840p+0 -0x1.0edd094ef9800p-2  0x1.4bd3ec078a3c8p+0 -0x1.09aa518db1000p-2
0x1.4a27fc3e0258ap+0 -0x1.047e65263b800p-2  0x1.4880524d48434p+0 -0x1.feb224586f000p-3
0x1.46dce1b192d0bp+0 -0x1.f474a7517b000p-3  0x1.453d9d3391854p+0 -0x1.ea4443d103000p-3
0x1.43a2744b4845ap+0 -0x1.e020d44e9b000p-3  0x1.420b54115f8fbp+0 -0x1.d60a22977f000p-3
0x1.40782da3ef4b1p+0 -0x1.cc00104959000p-3  0x1.3ee8f5d57fe8fp+0 -0x1.c202956891000p-3
0x1.3d5d9a00b4ce9p+0 -0x1.b81178d811000p-3  0x1.3bd60c010c12bp+0 -0x1.ae2c9ccd3d000p-3
0x1.3a5242b75dab8p+0 -0x1.a45402e129000p-3  0x1.38d22cd9fd002p+0 -0x1.9a877681df000p-3
0x1.3755bc5847a1cp+0 -0x1.90c6d69483000p-3  0x1.35dce49ad36e2p+0 -0x1.87120a645c000p-3
0x1.34679984dd440p+0 -0x1.7d68fb4143000p-3  0x1.32f5cceffcb24p+0 -0x1.73cb83c627000p-3
0x1.3187775a10d49p+0 -0x1.6a39a9b376000p-3  0x1.301c8373e3990p+0 -0x1.60b3154b7a000p-3
0x1.2eb4ebb95f841p+0 -0x1.5737d76243000p-3  0x1.2d50a0219a9d1p+0 -0x1.4dc7b8fc23000p-3
0x1.2bef9a8b7fd2ap+0 -0x1.4462c51d20000p-3  0x1.2a91c7a0c1babp+0 -0x1.3b08abc830000p-3
0x1.293726014b530p+0 -0x1.31b996b490000p-3  0x1.27dfa5757a1f5p+0 -0x1.2875490a44000p-3
0x1.268b39b1d3bbfp+0 -0x1.1f3b9f879a000p-3  0x1.2539d838ff5bdp+0 -0x1.160c8252ca000p-3
0x1.23eb7aac9083bp+0 -0x1.0ce7f57f72000p-3  0x1.22a012ba940b6p+0 -0x1.03cdc49fea000p-3
0x1.2157996cc4132p+0 -0x1.f57bdbc4b8000p-4  0x1.201201dd2fc9bp+0 -0x1.e370896404000p-4
0x1.1ecf4494d480bp+0 -0x1.d17983ef94000p-4  0x1.1d8f5528f6569p+0 -0x1.bf9674ed8a000p-4
0x1.1c52311577e7cp+0 -0x1.adc79202f6000p-4  0x1.1b17c74cb26e9p+0 -0x1.9c0c3e7288000p-4
0x1.19e010c2c1ab6p+0 -0x1.8a646b372c000p-4  0x1.18ab07bb670bdp+0 -0x1.78d01b3ac0000p-4
0x1.1778a25efbcb6p+0 -0x1.674f145380000p-4  0x1.1648d354c31dap+0 -0x1.55e0e6d878000p-4
0x1.151b990275fddp+0 -0x1.4485cdea1e000p-4  0x1.13f0ea432d24cp+0 -0x1.333d94d6aa000p-4
0x1.12c8b7210f9dap+0 -0x1.22079f8c56000p-4  0x1.11a3028ecb531p+0 -0x1.10e4698622000p-4
0x1.107fbda8434afp+0 -0x1.ffa6c6ad20000p-5  0x1.0f5ee0f4e6bb3p+0 -0x1.dda8d4a774000p-5
0x1.0e4065d2a9fcep+0 -0x1.bbcece4850000p-5  0x1.0d244632ca521p+0 -0x1.9a1894012c000p-5
0x1.0c0a77ce2981ap+0 -0x1.788583302c000p-5  0x1.0af2f83c636d1p+0 -0x1.5715e67d68000p-5
0x1.09ddb98a01339p+0 -0x1.35c8a49658000p-5  0x1.08cabaf52e7dfp+0 -0x1.149e364154000p-5
0x1.07b9f2f4e28fbp+0 -0x1.e72c082eb8000p-6  0x1.06ab58c358f19p+0 -0x1.a55f152528000p-6
0x1.059eea5ecf92cp+0 -0x1.63d62cf818000p-6  0x1.04949cdd12c90p+0 -0x1.228fb8caa0000p-6
0x1.038c6c6f0ada9p+0 -0x1.c317b20f90000p-7  0x1.02865137932a9p+0 -0x1.419355daa0000p-7
0x1.0182427ea7348p+0 -0x1.81203c2ec0000p-8  0x1.008040614b195p+0 -0x1.0040979240000p-9
0x1.fe01ff726fa1ap-1 0x1.feff384900000p-9  0x1.fa11cc261ea74p-1 0x1.7dc41353d0000p-7
0x1.f6310b081992ep-1 0x1.3cea3c4c28000p-6  0x1.f25f63ceeadcdp-1 0x1.b9fc114890000p-6
0x1.ee9c8039113e7p-1 0x1.1b0d8ce110000p-5  0x1.eae8078cbb1abp-1 0x1.58a5bd001c000p-5
0x1.e741aa29d0c9bp-1 0x1.95c8340d88000p-5  0x1.e3a91830a99b5p-1 0x1.d276aef578000p-5
0x1.e01e009609a56p-1 0x1.07598e598c000p-4  0x1.dca01e577bb98p-1 0x1.253f5e30d2000p-4
0x1.d92f20b7c9103p-1 0x1.42edd8b380000p-4  0x1.d5cac66fb5ccep-1 0x1.606598757c000p-4
0x1.d272caa5ede9dp-1 0x1.7da76356a0000p-4  0x1.cf26e3e6b2ccdp-1 0x1.9ab434e1c6000p-4
0x1.cbe6da2a77902p-1 0x1.b78c7bb0d6000p-4  0x1.c8b266d37086dp-1 0x1.d431332e72000p-4
0x1.c5894bd5d5804p-1 0x1.f0a3171de6000p-4  0x1.c26b533bb9f8cp-1 0x1.067152b914000p-3
0x1.bf583eeece73fp-1 0x1.147858292b000p-3  0x1.bc4fd75db96c1p-1 0x1.2266ecdca3000p-3
0x1.b951e0c864a28p-1 0x1.303d7a6c55000p-3  0x1.b65e2c5ef3e2cp-1 0x1.3dfc33c331000p-3
0x1.b374867c9888bp-1 0x1.4ba366b7a8000p-3  0x1.b094b211d304ap-1 0x1.5933928d1f000p-3
0x1.adbe885f2ef7ep-1 0x1.66acd2418f000p-3  0x1.aaf1d31603da2p-1 0x1.740f8ec669000p-3
0x1.a82e63fd358a7p-1 0x1.815c0f51af000p-3  0x1.a5740ef09738bp-1 0x1.8e92954f68000p-3
0x1.a2c2a90ab4b27p-1 0x1.9bb3602f84000p-3  0x1.a01a01393f2d1p-1 0x1.a8bed1c2c0000p-3
0x1.9d79f24db3c1bp-1 0x1.b5b515c01d000p-3  0x1.9ae2505c7b190p-1 0x1.c2967ccbcc000p-3
0x1.9852ef297ce2fp-1 0x1.cf635d5486000p-3  0x1.95cbaeea44b75p-1 0x1.dc1bd3446c000p-3
0x1.934c69de74838p-1 0x1.e8c01b8cfe000p-3  0x1.90d4f2f6752e6p-1 0x1.f5509c0179000p-3
0x1.8e6528effd79dp-1 0x1.00e6c121fb800p-2  0x1.8bfce9fcc007cp-1 0x1.071b80e93d000p-2
0x1.899c0dabec30ep-1 0x1.0d46b9e867000p-2  0x1.87427aa2317fbp-1 0x1.13687334bd000p-2
0x1.84f00acb39a08p-1 0x1.1980d67234800p-2  0x1.82a49e8653e55p-1 0x1.1f8ffe0cc8000p-2
0x1.8060195f40260p-1 0x1.2595fd7636800p-2  0x1.7e22563e0a329p-1 0x1.2b9300914a800p-2
0x1.7beb377dcb5adp-1 0x1.3187210436000p-2  0x1.79baa679725c2p-1 0x1.377266dec1800p-2
0x1.77907f2170657p-1 0x1.3d54ffbaf3000p-2  0x1.756cadbd6130cp-1 0x1.432eee32fe000p-2`);
const INV_C = Float64Array.from({ length: 128 }, (_, i) => LOG_TABLE[2 * i]);
const LOG_C = Float64Array.from({ length: 128 }, (_, i) => LOG_TABLE[2 * i + 1]);

// The bits of a double, through a shared buffer; HIGH is the index of the word with sign and exponent.
const scratch = new Float64Array(1);
const words = new Uint32Array(scratch.buffer);
const HIGH = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f ? 1 : 0;
const LOW = 1 - HIGH;

const SPLITTER = 2 ** 27 + 1; // Veltkamp: splits a double into two halves whose products are exact

/** The rounding error of p = a * b, so that a * b = p + error exactly (Dekker). */
function productError(a: number, b: number, p: number): number {
  let t = SPLITTER * a;
  const aHi = t - (t - a);
  const aLo = a - aHi;
  t = SPLITTER * b;
  const bHi = t - (t - b);
  const bLo = b - bHi;
  return aHi * bHi - p + aHi * bLo + aLo * bHi + aLo * bLo;
}

/** The rounding error of s = a + b, so that a + b = s + error exactly (Knuth). */
function sumError(a: number, b: number, s: number): number {
  const bPart = s - a;
  return a - (s - bPart) + (b - bPart);
}

/**
 * a * b + c with a single rounding, as the FMA instruction: the exact value
 * is s + (small part); rounding the small part to odd first keeps the final
 * rounding from being a double rounding (Boldo and Melquiond, 2008).
 */
function fma(a: number, b: number, c: number): number {
  const p = a * b;
  const pError = productError(a, b, p);
  const s = c + p;
  const sError = sumError(c, p, s);
  let small = sError + pError;
  const smallError = sumError(sError, pError, small);
  if (smallError !== 0) {
    scratch[0] = small;
    const low = words[LOW];
    if ((low & 1) === 0) {
      // Round to odd: step one unit towards the exact value.
      if (small > 0 === smallError > 0) words[LOW] = low + 1;
      else if (low !== 0) words[LOW] = low - 1;
      else {
        words[LOW] = 0xffffffff;
        words[HIGH] -= 1;
      }
      small = scratch[0];
    }
  }
  return s + small;
}

// Each path first computes the small part of the result with plain multiplies
// and adds, which lands within 2^-67 (table path) or |r| * 2^-58 (near 1) of
// glibc's fused value. If moving it by a margin above that cannot change the
// final rounding, the result is glibc's; otherwise (about 1 call in 140 for
// randn) it is recomputed with exact fused multiply-adds.
const TABLE_MARGIN = 2 ** -64;
const NEAR_ONE_MARGIN = 2 ** -57;

/** The natural log, bit for bit as glibc's log on x86-64 with FMA (for positive normal x). */
function libmLog(x: number): number {
  scratch[0] = x;
  const top = words[HIGH];
  if (top >= 0x3fee0000 && top < 0x3ff10900) return libmLogNearOne(x); // 1 - 2^-4 <= x < 1 + 0x1.09p-4
  if (top < 0x00100000 || top >= 0x7ff00000) return Math.log(x); // zero, subnormal, negative, inf, NaN: never from randn

  // x = 2^k z with z in [0.6875, 1.375); z's subinterval i has 1/c = INV_C[i].
  const offset = (top - 0x3fe60000) | 0;
  const i = (offset >> 13) & 127;
  const k = offset >> 20;
  words[HIGH] = top - k * 2 ** 20;
  const z = scratch[0];

  const invC = INV_C[i];
  const zc = z * invC;
  const r = zc - 1 + productError(z, invC, zc); // fma(z, invC, -1): zc - 1 is exact
  const w = k * LN2_HI + LOG_C[i]; // k * LN2_HI is exact, so fusing changes nothing
  const hi = w + r;
  const wError = w - hi + r;
  const r2 = r * r;
  const r3 = r * r2;
  const low = r3 * ((r * A4 + A3) * r2 + (r * A2 + A1)) + (r2 * A0 + (k * LN2_LO + wError));
  const y = hi + low;
  if (hi + (low - TABLE_MARGIN) === y && hi + (low + TABLE_MARGIN) === y) return y;
  const exactPoly = fma(fma(r, A4, A3), r2, fma(r, A2, A1));
  return hi + fma(r3, exactPoly, fma(r2, A0, fma(k, LN2_LO, wError)));
}

function libmLogNearOne(x: number): number {
  if (x === 1) return 0;
  const r = x - 1;
  const r2 = r * r;
  const r3 = r * r2;
  // hi = r - rHi^2 / 2 with rHi the top 26 bits of r, so rHi^2 / 2 is exact.
  const rHi = r * 2 ** 27 + r - r * 2 ** 27;
  const rLo = r - rHi;
  const rHi2 = rHi * rHi;
  const hi = rHi2 * B0 + r;
  const hiError = rHi2 * B0 + (r - hi);
  const poly =
    ((r3 * B10 + (r2 * B9 + (r * B8 + B7))) * r3 + (r2 * B6 + (r * B5 + B4))) * r3 + (r2 * B3 + (r * B2 + B1));
  const low = poly * r3 + (B0 * rLo * (r + rHi) + hiError);
  const y = hi + low;
  const margin = Math.abs(r) * NEAR_ONE_MARGIN;
  if (hi + (low - margin) === y && hi + (low + margin) === y) return y;
  let exactPoly = fma(fma(r3, B10, fma(r2, B9, fma(r, B8, B7))), r3, fma(r2, B6, fma(r, B5, B4)));
  exactPoly = fma(exactPoly, r3, fma(r2, B3, fma(r, B2, B1)));
  return hi + fma(exactPoly, r3, fma(B0 * rLo, r + rHi, hiError));
}

// ---- the generator ---------------------------------------------------------

const N = 624; // words of Mersenne Twister state
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;
const MAX_SEED = 2 ** 32 - 1;
const PUBLIC_METHODS = [
  "seed", "getState", "setState", "rand", "randomSample", "randn", "randint", "choice", "permutation", "shuffle",
] as const;

/** A size: one number for a 1-d result, or a shape such as [2, 3]. */
export type SampleSize = number | readonly number[];

/** choice's probabilities p, one per element. */
export type Weights = NDArray | readonly number[];

/** Everything that decides the next numbers, as NumPy's get_state(). */
export interface MT19937State {
  readonly algorithm: "MT19937";
  /** The 624 words of the Mersenne Twister. */
  readonly key: ArrayLike<number>;
  /** How many words are used up; at 624 the next draw regenerates them. */
  readonly pos: number;
  /** Whether randn has a second normal waiting from its last polar step, and its value. */
  readonly hasGauss: boolean;
  readonly gauss: number;
}

/**
 * np.random.RandomState: the Mersenne Twister with NumPy's legacy methods.
 * Method names are NumPy's, in camelCase (random_sample → randomSample).
 */
export class RandomState {
  private readonly key = new Uint32Array(N);
  private pos = N;
  private hasGauss = false;
  private gauss = 0;

  /** `new RandomState(42)` is NumPy's `RandomState(42)`; without a seed it starts from OS entropy. */
  constructor(seed?: number) {
    // Bound copies of the public methods, so `const { randn } = random` works
    // as Python's `randn = np.random.randn`. Every instance gets the same ones,
    // which keeps V8's view of them uniform (and the hot paths fast).
    for (const name of PUBLIC_METHODS) {
      const method = this[name] as (...args: never[]) => unknown;
      Object.defineProperty(this, name, { value: method.bind(this), writable: true, configurable: true });
    }
    this.seed(seed);
  }

  /** Restart the sequence: `seed(n)` with a whole number 0 <= n <= 2**32 - 1, or `seed()` for fresh entropy. */
  seed(seed?: number): void {
    if (seed === undefined) {
      randomFillSync(this.key);
      this.key[0] = UPPER_MASK; // as NumPy's init_by_array: the state can never be all zeros
    } else {
      if (typeof seed !== "number" || !Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
        throw new RangeError(`seed must be a whole number from 0 to 2**32 - 1 (${MAX_SEED}), got ${String(seed)}`);
      }
      // init_genrand, as NumPy's mt19937_seed.
      this.key[0] = seed;
      for (let i = 1; i < N; i++) {
        const prev = this.key[i - 1];
        this.key[i] = Math.imul(1812433253, prev ^ (prev >>> 30)) + i;
      }
    }
    this.pos = N;
    this.hasGauss = false;
    this.gauss = 0;
  }

  /** A copy of the full state, to restore later with setState (NumPy's get_state). */
  getState(): MT19937State {
    return { algorithm: "MT19937", key: this.key.slice(), pos: this.pos, hasGauss: this.hasGauss, gauss: this.gauss };
  }

  /** Continue from a state saved with getState (NumPy's set_state). */
  setState(state: MT19937State): void {
    const { algorithm, key, pos, hasGauss, gauss } = state;
    if (algorithm !== "MT19937") throw new RangeError(`setState: algorithm must be "MT19937", got ${String(algorithm)}`);
    if (key.length !== N) throw new RangeError(`setState: key must have ${N} words, got ${key.length}`);
    for (let i = 0; i < N; i++) {
      if (!Number.isInteger(key[i]) || key[i] < 0 || key[i] > MAX_SEED) {
        throw new RangeError(`setState: key[${i}] must be a whole number from 0 to 2**32 - 1, got ${key[i]}`);
      }
    }
    if (!Number.isInteger(pos) || pos < 0 || pos > N) throw new RangeError(`setState: pos must be a whole number from 0 to ${N}, got ${pos}`);
    if (typeof hasGauss !== "boolean") throw new TypeError(`setState: hasGauss must be true or false, got ${String(hasGauss)}`);
    if (!Number.isFinite(gauss)) throw new RangeError(`setState: gauss must be a finite number, got ${gauss}`);
    this.key.set(key);
    this.pos = pos;
    this.hasGauss = hasGauss;
    this.gauss = hasGauss ? gauss : 0;
  }

  /** Uniform numbers in [0, 1): `rand()` is one number, `rand(2, 3)` a 2×3 array (np.random.rand). */
  rand(): number;
  rand(d0: number, ...dims: number[]): NDArray;
  rand(...dims: number[]): NDArray | number;
  rand(...dims: number[]): NDArray | number {
    if (dims.length === 0) return this.nextDouble();
    return this.randomSample(checkDims(dims, "rand"));
  }

  /** Uniform numbers in [0, 1) with the size as one argument: `randomSample([2, 3])` (np.random.random_sample). */
  randomSample(): number;
  randomSample(size: SampleSize): NDArray;
  randomSample(size?: SampleSize): NDArray | number;
  randomSample(size?: SampleSize): NDArray | number {
    if (size === undefined) return this.nextDouble();
    const shape = checkSize(size, "randomSample");
    return new NDArray(this.fillDoubles(new Float64Array(product(shape))), shape, "float64");
  }

  /** Standard normal numbers: `randn()` is one number, `randn(2, 3)` a 2×3 array (np.random.randn). */
  randn(): number;
  randn(d0: number, ...dims: number[]): NDArray;
  randn(...dims: number[]): NDArray | number;
  randn(...dims: number[]): NDArray | number {
    if (dims.length === 0) return this.nextGauss();
    const shape = checkDims(dims, "randn");
    return new NDArray(this.fillGauss(new Float64Array(product(shape))), shape, "float64");
  }

  /**
   * Whole numbers from [low, high), or from [0, low) when high is left out:
   * `randint(10)`, `randint(0, 10, 5)`, `randint(0, 10, [2, 3])` (np.random.randint).
   */
  randint(low: number, high?: number): number;
  randint(low: number, high: number | undefined, size: SampleSize): NDArray;
  randint(low: number, high?: number, size?: SampleSize): NDArray | number;
  randint(low: number, high?: number, size?: SampleSize): NDArray | number {
    if (high === undefined) {
      if (!Number.isSafeInteger(low) || low < 1) {
        throw new RangeError(`randint(n) draws from 0 to n - 1, so n must be a whole number >= 1; got ${low}`);
      }
      [low, high] = [0, low];
    }
    if (!Number.isSafeInteger(low) || !Number.isInteger(high) || Math.abs(high) > 2 ** 53) {
      throw new RangeError(`randint: low and high must be whole numbers within ±2**53, got low=${low}, high=${high}`);
    }
    if (high <= low) {
      throw new RangeError(`randint: high must be greater than low (it draws from [low, high)), got low=${low}, high=${high}`);
    }
    const max = high - 1 - low;
    if (!Number.isSafeInteger(max)) {
      throw new RangeError(`randint: high - low must be at most 2**53, got low=${low}, high=${high}`);
    }
    if (size === undefined) return low + this.nextBounded(max);
    const shape = checkSize(size, "randint");
    return new NDArray(this.fillBounded(new Float64Array(product(shape)), low, max), shape, "int64");
  }

  /**
   * Random picks from a 1-d array, or from 0..a-1 when a is a number
   * (np.random.choice): `choice(60000, 100)` for a mini-batch,
   * `choice(10, 5, false)` without repeats, `choice(3, 5, true, [0.5, 0.3, 0.2])`
   * with probabilities. Without a size the result is one value.
   */
  choice(a: number | NDArray | readonly number[], size?: undefined, replace?: boolean, p?: Weights): number;
  choice(a: number | NDArray | readonly number[], size: SampleSize, replace?: boolean, p?: Weights): NDArray;
  choice(a: number | NDArray | readonly number[], size?: SampleSize, replace?: boolean, p?: Weights): NDArray | number;
  choice(a: number | NDArray | readonly number[], size?: SampleSize, replace = true, p?: Weights): NDArray | number {
    const population = choicePopulation(a);
    const n = population.size;
    const shape = size === undefined ? [] : checkSize(size, "choice");
    const count = product(shape);
    if (n === 0 && count > 0) {
      throw new RangeError(
        typeof a === "number"
          ? `choice: a must be at least 1 to pick from 0..a-1, got ${a}`
          : "choice: cannot pick from an empty array (unless size is 0)",
      );
    }
    const weights = p === undefined ? undefined : checkProbabilities(p, n);

    let picks: Float64Array;
    if (replace) {
      picks = new Float64Array(count);
      if (weights) {
        const cdf = normalizedCdf(weights);
        for (let i = 0; i < count; i++) picks[i] = searchRight(cdf, this.nextDouble());
      } else {
        this.fillBounded(picks, 0, n - 1);
      }
    } else {
      if (count > n) {
        throw new RangeError(`choice: cannot take ${count} samples from ${n} without replacement; pass replace = true or a smaller size`);
      }
      if (weights) {
        picks = this.weightedWithoutReplacement(weights, count);
      } else {
        picks = this.shuffledRange(n).slice(0, count); // NumPy shuffles the whole population
      }
    }

    const values = population.values;
    if (values) picks = picks.map((i) => values[i]);
    if (size === undefined) return picks[0];
    return new NDArray(picks, shape, population.dtype);
  }

  /** A shuffled copy: `permutation(10)` is 0..9 in random order; an array is shuffled along its first axis. */
  permutation(x: number | NDArray): NDArray {
    if (typeof x === "number") {
      if (!Number.isSafeInteger(x) || x < 0) {
        throw new RangeError(`permutation(n) needs a whole number n >= 0, got ${x}`);
      }
      return new NDArray(this.shuffledRange(x), [x], "int64");
    }
    if (x.shape.length === 0) throw new RangeError("permutation: x must be a number or an array with at least one dimension");
    const order = this.shuffledRange(x.shape[0]);
    const rowLength = rowSize(x);
    const data = new Float64Array(x.size);
    for (let i = 0; i < order.length; i++) {
      data.set(x.data.subarray(order[i] * rowLength, (order[i] + 1) * rowLength), i * rowLength);
    }
    return new NDArray(data, [...x.shape], x.dtype);
  }

  /** Shuffle an array in place along its first axis (np.random.shuffle). */
  shuffle(x: NDArray): void {
    if (x.shape.length === 0) throw new RangeError("shuffle: x must be an array with at least one dimension");
    if (x.size === 0) return; // NumPy draws nothing for an empty array (permutation still does)
    const rowLength = rowSize(x);
    const row = new Float64Array(rowLength);
    for (let i = x.shape[0] - 1; i > 0; i--) {
      const j = this.nextBounded(i);
      if (i === j) continue;
      row.set(x.data.subarray(j * rowLength, (j + 1) * rowLength));
      x.data.copyWithin(j * rowLength, i * rowLength, (i + 1) * rowLength);
      x.data.set(row, i * rowLength);
    }
  }

  // ---- NumPy's legacy draws ----
  // The bulk loops live in small methods of their own: V8 then optimizes them
  // once, instead of compiling and discarding each caller's loop on every call.

  private fillDoubles(out: Float64Array): Float64Array {
    for (let i = 0; i < out.length; i++) out[i] = this.nextDouble();
    return out;
  }

  private fillGauss(out: Float64Array): Float64Array {
    for (let i = 0; i < out.length; i++) out[i] = this.nextGauss();
    return out;
  }

  private fillBounded(out: Float64Array, offset: number, max: number): Float64Array {
    for (let i = 0; i < out.length; i++) out[i] = offset + this.nextBounded(max);
    return out;
  }

  /** Regenerate the 624 words (mt19937_gen). */
  private twist(): void {
    const key = this.key;
    let i = 0;
    for (; i < N - M; i++) {
      const y = (key[i] & UPPER_MASK) | (key[i + 1] & LOWER_MASK);
      key[i] = key[i + M] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    for (; i < N - 1; i++) {
      const y = (key[i] & UPPER_MASK) | (key[i + 1] & LOWER_MASK);
      key[i] = key[i + M - N] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    const y = (key[N - 1] & UPPER_MASK) | (key[0] & LOWER_MASK);
    key[N - 1] = key[M - 1] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    this.pos = 0;
  }

  /** The next 32 random bits, as an unsigned number (mt19937_next32). */
  private nextUint32(): number {
    if (this.pos === N) this.twist();
    let y = this.key[this.pos++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** A uniform double in [0, 1) from 27 + 26 random bits (legacy_double). */
  private nextDouble(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** A standard normal by the polar method; the second value of each pair waits for the next call (legacy_gauss). */
  private nextGauss(): number {
    if (this.hasGauss) {
      this.hasGauss = false;
      const cached = this.gauss;
      this.gauss = 0;
      return cached;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2 * this.nextDouble() - 1;
      x2 = 2 * this.nextDouble() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * libmLog(r2)) / r2);
    this.gauss = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  /**
   * A whole number in [0, max] by masked rejection: draw bits under the
   * smallest all-ones mask >= max until the value fits. 32-bit draws when max
   * fits in 32 bits, else 64-bit draws, high word first (random_interval and
   * the legacy bounded integers).
   */
  private nextBounded(max: number): number {
    if (max === 0) return 0;
    if (max <= 0xffffffff) {
      const mask = bitMask(max);
      let value: number;
      do value = (this.nextUint32() & mask) >>> 0;
      while (value > max);
      return value;
    }
    const highMask = bitMask(Math.floor(max / 2 ** 32));
    let value: number;
    do {
      const high = (this.nextUint32() & highMask) >>> 0;
      value = high * 2 ** 32 + this.nextUint32();
    } while (value > max);
    return value;
  }

  /** 0..n-1 shuffled by Fisher–Yates from the end, as NumPy's shuffle of arange(n). */
  private shuffledRange(n: number): Float64Array {
    const order = new Float64Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.nextBounded(i);
      const swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    return order;
  }

  /** NumPy's choice(n, count, replace=False, p): draw, zero the weights found so far, and repeat until count distinct. */
  private weightedWithoutReplacement(weights: Float64Array, count: number): Float64Array {
    const remaining = Float64Array.from(weights);
    let nonZero = 0;
    for (const w of remaining) if (w > 0) nonZero++;
    if (nonZero < count) {
      throw new RangeError(`choice: only ${nonZero} entries of p are > 0, too few to take ${count} without replacement`);
    }
    const found: number[] = [];
    while (found.length < count) {
      const uniforms = Array.from({ length: count - found.length }, () => this.nextDouble());
      for (const i of found) remaining[i] = 0;
      const cdf = normalizedCdf(remaining);
      const fresh = new Set<number>();
      for (const u of uniforms) fresh.add(searchRight(cdf, u)); // a Set keeps first-seen order, as NumPy's unique + sort
      found.push(...fresh);
    }
    return Float64Array.from(found);
  }
}

// ---- helpers ---------------------------------------------------------------

function product(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** rand(2, 3) / randn(2, 3): each dimension a separate whole number. */
function checkDims(dims: readonly number[], method: string): number[] {
  for (const d of dims) {
    if (Array.isArray(d)) throw new TypeError(`${method} takes the dimensions as separate numbers: ${method}(2, 3), not ${method}([2, 3])`);
    if (!Number.isSafeInteger(d) || d < 0) {
      throw new RangeError(`${method}: dimensions must be whole numbers >= 0, got ${method}(${dims.join(", ")})`);
    }
  }
  return [...dims];
}

function checkSize(size: SampleSize, method: string): number[] {
  const shape = typeof size === "number" ? [size] : [...size];
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || d < 0) {
      throw new RangeError(`${method}: size must be a whole number >= 0 or a shape like [2, 3] of them, got ${JSON.stringify(size)}`);
    }
  }
  return shape;
}

/** The smallest mask 2^b - 1 >= max, for max < 2^32. */
function bitMask(max: number): number {
  let mask = max;
  mask |= mask >>> 1;
  mask |= mask >>> 2;
  mask |= mask >>> 4;
  mask |= mask >>> 8;
  mask |= mask >>> 16;
  return mask >>> 0;
}

/** How many numbers one entry along the first axis holds. */
function rowSize(x: NDArray): number {
  return x.shape[0] === 0 ? 0 : x.size / x.shape[0];
}

interface Population {
  size: number;
  values?: Float64Array;
  dtype: NDArray["dtype"];
}

function choicePopulation(a: number | NDArray | readonly number[]): Population {
  if (typeof a === "number") {
    if (!Number.isSafeInteger(a) || a < 0) {
      throw new RangeError(`choice: a must be a whole number >= 1 (pick from 0..a-1) or a 1-d array, got ${a}`);
    }
    return { size: a, dtype: "int64" };
  }
  if (a instanceof NDArray) {
    if (a.shape.length !== 1) throw new RangeError(`choice: a must be 1-dimensional, got an array of shape [${a.shape.join(", ")}]`);
    return { size: a.size, values: a.data, dtype: a.dtype };
  }
  const values = Float64Array.from(a);
  return { size: values.length, values, dtype: values.every(Number.isInteger) ? "int64" : "float64" };
}

/** p as NumPy's choice checks it: one weight per element, none negative or NaN, summing to 1 within sqrt(eps). */
function checkProbabilities(p: Weights, n: number): Float64Array {
  if (p instanceof NDArray && p.shape.length !== 1) {
    throw new RangeError(`choice: p must be 1-dimensional, got shape [${p.shape.join(", ")}]`);
  }
  const weights = p instanceof NDArray ? Float64Array.from(p.data) : Float64Array.from(p);
  if (weights.length !== n) throw new RangeError(`choice: p needs one probability per element (${n}), got ${weights.length}`);
  if (weights.some(Number.isNaN)) throw new RangeError("choice: p contains NaN");
  if (weights.some((w) => w < 0)) throw new RangeError("choice: probabilities in p must be >= 0");
  // Kahan summation, as NumPy's check.
  let sum = weights[0] ?? 0;
  let carry = 0;
  for (let i = 1; i < weights.length; i++) {
    const y = weights[i] - carry;
    const t = sum + y;
    carry = t - sum - y;
    sum = t;
  }
  if (!(Math.abs(sum - 1) <= Math.sqrt(Number.EPSILON))) {
    throw new RangeError(`choice: probabilities in p must sum to 1, but they sum to ${sum}; divide p by its sum`);
  }
  return weights;
}

/** cumsum(p) / its last entry, added left to right as NumPy's cumsum. */
function normalizedCdf(weights: Float64Array): Float64Array {
  const cdf = new Float64Array(weights.length);
  let total = 0;
  for (let i = 0; i < weights.length; i++) cdf[i] = total += weights[i];
  const last = cdf[cdf.length - 1];
  for (let i = 0; i < cdf.length; i++) cdf[i] /= last;
  return cdf;
}

/** The number of entries <= u in a sorted array (searchsorted, side="right"). */
function searchRight(sorted: Float64Array, u: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The module-level generator, used like np.random:
 * `random.seed(1234); const x = random.randn(2, 3);`. Unseeded, it starts from OS entropy.
 */
export const random = new RandomState();
