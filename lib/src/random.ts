// NumPy's legacy random generator, np.random.RandomState (MT19937), bit for
// bit: the same seed gives the same numbers as NumPy, so a lesson's seeded
// weights and samples match the book's Python output exactly.
//
//   import { random } from "dlfs";
//   random.seed(1234);
//   const x = random.randn(2, 3);     // np.random.randn(2, 3)
import { randomFillSync } from "node:crypto";
import { libmLog } from "./engine/glibc-log";
import { NDArray } from "./ndarray";
import { sizeOf } from "./util";

// ---- the generator ---------------------------------------------------------

const N = 624; // words of Mersenne Twister state
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;
const MAX_SEED = 2 ** 32 - 1;
const PUBLIC_METHODS = [
  "seed",
  "getState",
  "setState",
  "rand",
  "randomSample",
  "randn",
  "randint",
  "choice",
  "permutation",
  "shuffle",
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
      Object.defineProperty(this, name, { value: this[name].bind(this), writable: true, configurable: true });
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
    if (!Number.isInteger(pos) || pos < 0 || pos > N)
      throw new RangeError(`setState: pos must be a whole number from 0 to ${N}, got ${pos}`);
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
    return new NDArray(this.fillDoubles(new Float64Array(sizeOf(shape))), shape, "float64");
  }

  /** Standard normal numbers: `randn()` is one number, `randn(2, 3)` a 2×3 array (np.random.randn). */
  randn(): number;
  randn(d0: number, ...dims: number[]): NDArray;
  randn(...dims: number[]): NDArray | number;
  randn(...dims: number[]): NDArray | number {
    if (dims.length === 0) return this.nextGauss();
    const shape = checkDims(dims, "randn");
    return new NDArray(this.fillGauss(new Float64Array(sizeOf(shape))), shape, "float64");
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
    return new NDArray(this.fillBounded(new Float64Array(sizeOf(shape)), low, max), shape, "int64");
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
    const count = sizeOf(shape);
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
        throw new RangeError(
          `choice: cannot take ${count} samples from ${n} without replacement; pass replace = true or a smaller size`,
        );
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

/** rand(2, 3) / randn(2, 3): each dimension a separate whole number. */
function checkDims(dims: readonly number[], method: string): number[] {
  for (const d of dims) {
    if (Array.isArray(d))
      throw new TypeError(`${method} takes the dimensions as separate numbers: ${method}(2, 3), not ${method}([2, 3])`);
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
      throw new RangeError(
        `${method}: size must be a whole number >= 0 or a shape like [2, 3] of them, got ${JSON.stringify(size)}`,
      );
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
  values?: Float64Array | Float32Array;
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
    if (a.shape.length !== 1)
      throw new RangeError(`choice: a must be 1-dimensional, got an array of shape [${a.shape.join(", ")}]`);
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
