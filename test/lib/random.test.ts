// lib/src/random.ts against NumPy's legacy np.random.RandomState, exactly:
// every call in test/lib/fixtures/random.json (written by numpy_random.py) is
// replayed and must give the same bits.
import { expect } from "chai";
import { createHash } from "crypto";
import { readFileSync } from "fs";
import { join } from "path";
import { inspect } from "util";
import { type MT19937State, NDArray, random, RandomState, type SampleSize } from "dlfs";
import { keyNumber, keyNumbers } from "../support/key";

type DType = "float64" | "int64" | "bool";
interface EncodedArray {
  shape: number[];
  dtype: DType;
  data: number[];
}
interface EncodedState {
  key: number[];
  pos: number;
  hasGauss: boolean;
  gauss: number;
}
type Encoded = number | EncodedArray | EncodedState;
type Arg = number | boolean | null | number[] | EncodedArray | EncodedState;
interface Call {
  call: string;
  args: Arg[];
}
interface Step extends Call {
  result?: Encoded;
}
interface Sequence {
  name: string;
  seed: number;
  default: boolean;
  steps: Step[];
}
interface ChecksumRun {
  seed: number;
  calls: Call[];
  count: number;
  sha256: string;
  samples: [number, number][];
}
interface Fixture {
  numpy: string;
  platform: string;
  sequences: Sequence[];
  checksums: ChecksumRun[];
}

const fixture = JSON.parse(readFileSync(join(__dirname, "fixtures", "random.json"), "utf8")) as Fixture;

function isEncodedArray(x: unknown): x is EncodedArray {
  return typeof x === "object" && x !== null && "shape" in x;
}

function decode(arg: Arg): number | boolean | number[] | NDArray | EncodedState | undefined {
  if (arg === null) return undefined;
  if (isEncodedArray(arg)) return new NDArray(Float64Array.from(arg.data), arg.shape, arg.dtype);
  return arg;
}

/** Make one fixture call on a generator; returns what NumPy's side recorded. */
function replay(rs: RandomState, { call, args }: Call): number | NDArray | MT19937State | undefined {
  const [a, b, c, d] = args.map(decode);
  const size = c as SampleSize | undefined;
  switch (call) {
    case "seed":
      rs.seed(a as number);
      return undefined;
    case "getState":
      return rs.getState();
    case "setState":
      rs.setState({ algorithm: "MT19937", ...(a as EncodedState) });
      return undefined;
    case "rand":
      return rs.rand(...(args as number[]));
    case "randn":
      return rs.randn(...(args as number[]));
    case "randomSample":
      return rs.randomSample(a as SampleSize | undefined);
    case "randint":
      return rs.randint(a as number, b as number | undefined, size);
    case "choice":
      return rs.choice(a as number | NDArray | number[], b as SampleSize | undefined, c as boolean, d as number[] | undefined);
    case "permutation":
      return rs.permutation(a as number | NDArray);
    case "shuffle":
      rs.shuffle(a as NDArray);
      return a as NDArray;
    default:
      throw new Error(`unknown call in fixture: ${call}`);
  }
}

function firstDifference(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  for (let i = 0; i < expected.length; i++) if (actual[i] !== expected[i]) return i;
  return -1;
}

function expectSame(actual: ReturnType<typeof replay>, expected: Encoded, where: string): void {
  if (typeof expected === "number") {
    expect(actual, where).to.be.a("number");
    expect(actual, where).to.equal(expected);
  } else if (isEncodedArray(expected)) {
    if (!(actual instanceof NDArray)) throw new Error(`${where}: expected an NDArray, got ${inspect(actual)}`);
    expect(actual.shape, `${where}: shape`).to.deep.equal(expected.shape);
    expect(actual.dtype, `${where}: dtype`).to.equal(expected.dtype);
    const i = firstDifference(actual.data, expected.data);
    expect(i, `${where}: element ${i} is ${actual.data[i]}, NumPy has ${expected.data[i]}`).to.equal(-1);
  } else {
    const state = actual as MT19937State;
    expect(firstDifference(state.key, expected.key), `${where}: key`).to.equal(-1);
    expect([state.pos, state.hasGauss, state.gauss], `${where}: pos, hasGauss, gauss`).to.deep.equal([
      expected.pos,
      expected.hasGauss,
      expected.gauss,
    ]);
  }
}

describe(`random: NumPy ${fixture.numpy} legacy RandomState, bit for bit`, () => {
  for (const sequence of fixture.sequences) {
    it(sequence.name, () => {
      const rs = sequence.default ? random : new RandomState(sequence.seed);
      if (sequence.default) random.seed(sequence.seed);
      sequence.steps.forEach((step, i) => {
        const where = `step ${i}: ${step.call}(${JSON.stringify(step.args).slice(1, -1)})`;
        const actual = replay(rs, step);
        if (step.result !== undefined) expectSame(actual, step.result, where);
      });
    });
  }

  // Millions of normals: the polar method's log(r2) must match glibc's log
  // bit for bit; Math.log alone gets about 7% of these wrong.
  for (const run of fixture.checksums) {
    const what = run.calls.map((c) => `${c.call}(${JSON.stringify(c.args).slice(1, -1)})`).join(", ");
    it(`${run.count} values, seed ${run.seed}: ${what}`, () => {
      const rs = new RandomState(run.seed);
      const values = new Float64Array(run.count);
      let filled = 0;
      for (const call of run.calls) {
        const result = replay(rs, call) as NDArray;
        values.set(result.data, filled);
        filled += result.size;
      }
      expect(filled).to.equal(run.count);
      for (const [i, value] of run.samples) {
        expect(values[i], `value ${i}`).to.equal(value);
      }
      const hash = createHash("sha256").update(new Uint8Array(values.buffer)).digest("hex");
      expect(hash, "sha256 of all values as little-endian float64").to.equal(run.sha256);
    });
  }
});

describe("random: the course's seeded examples", () => {
  it("seed 1234: x·W + b", () => {
    random.seed(1234);
    const x = random.randn(2);
    const W = random.randn(2, 3);
    const b = random.randn(3);
    const out = [0, 1, 2].map((j) => x.data[0] * W.data[j] + x.data[1] * W.data[3 + j] + b.data[j]);
    // The notes print [-0.11967613 -1.94645411 0.87973534], but NumPy itself
    // computes the key's values for this code, and NumPy is the reference.
    expect(out.map((v) => v.toFixed(8))).to.deep.equal(keyNumbers("220", "out").map((v) => v.toFixed(8)));
  });

  it("seed 12: dot(a, b) as NumPy computes it", () => {
    random.seed(12);
    const a = random.randn(2);
    const b = random.randn(2);
    const dot = a.data[0] * b.data[0] + a.data[1] * b.data[1];
    expect(dot.toFixed(11)).to.equal(keyNumber("221", "ab").toFixed(11));
  });
});

describe("random: API", () => {
  it("no arguments give plain numbers, dimensions give arrays (also in the types)", () => {
    const rs = new RandomState(0);
    const u: number = rs.rand();
    const z: number = rs.randn();
    const k: number = rs.randint(10);
    const pick: number = rs.choice(5);
    const a: NDArray = rs.rand(2, 3);
    const n: NDArray = rs.randn(4);
    const ints: NDArray = rs.randint(0, 10, [2, 2]);
    const batch: NDArray = rs.choice(60000, 100);
    for (const x of [u, z, k, pick]) expect(x).to.be.a("number");
    expect([a.shape, a.dtype, n.shape, ints.dtype, batch.shape, batch.dtype]).to.deep.equal([
      [2, 3],
      "float64",
      [4],
      "int64",
      [100],
      "int64",
    ]);
  });

  it("getState / setState restore the sequence, cached normal included", () => {
    const rs = new RandomState(7);
    rs.randn(3); // odd count: one normal is now cached
    const saved = rs.getState();
    expect(saved.hasGauss).to.equal(true);
    const first = rs.randn(5);
    rs.rand(10);
    rs.setState(saved);
    expect(Array.from(rs.randn(5).data)).to.deep.equal(Array.from(first.data));
  });

  it("getState hands out a copy", () => {
    const rs = new RandomState(7);
    (rs.getState().key as Uint32Array).fill(0);
    expect(rs.rand()).to.equal(new RandomState(7).rand());
  });

  it("seed() restarts the sequence and drops the cached normal", () => {
    const rs = new RandomState(3);
    const expected = rs.randn(3);
    rs.randn(1);
    rs.seed(3);
    expect(Array.from(rs.randn(3).data)).to.deep.equal(Array.from(expected.data));
  });

  it("the module-level random works with destructured methods", () => {
    // What is tested: the methods are bound, so destructuring them is safe.
    // eslint-disable-next-line @typescript-eslint/unbound-method
    const { seed, randn } = random;
    seed(1234);
    const viaDestructuring = randn(2);
    random.seed(1234);
    expect(Array.from(random.randn(2).data)).to.deep.equal(Array.from(viaDestructuring.data));
  });

  it("without a seed, generators start from fresh entropy", () => {
    expect(new RandomState().rand()).to.not.equal(new RandomState().rand());
  });

  it("shuffle works in place along the first axis; permutation leaves its input alone", () => {
    const rows = new NDArray(Float64Array.from([0, 0, 1, 1, 2, 2, 3, 3]), [4, 2], "int64");
    const shuffled = new RandomState(1).permutation(rows);
    expect(Array.from(rows.data)).to.deep.equal([0, 0, 1, 1, 2, 2, 3, 3]);
    new RandomState(1).shuffle(rows);
    expect(Array.from(rows.data)).to.deep.equal(Array.from(shuffled.data));
    for (let i = 0; i < 8; i += 2) expect(rows.data[i]).to.equal(rows.data[i + 1]);
  });
});

describe("random: bad input says what is wrong", () => {
  const rs = new RandomState(0);
  const cases: [string, () => unknown, RegExp][] = [
    ["seed below 0", () => rs.seed(-1), /seed must be a whole number from 0 to 2\*\*32 - 1/],
    ["seed above 2**32 - 1", () => rs.seed(2 ** 32), /seed must be a whole number from 0 to 2\*\*32 - 1/],
    ["fractional seed", () => rs.seed(1.5), /seed must be a whole number/],
    ["negative dimension", () => rs.randn(2, -1), /dimensions must be whole numbers >= 0/],
    ["shape as an array", () => rs.rand(...([[2, 3]] as unknown as number[])), /rand\(2, 3\), not rand\(\[2, 3\]\)/],
    ["negative size", () => rs.randomSample(-3), /size must be a whole number >= 0/],
    ["high <= low", () => rs.randint(5, 5), /high must be greater than low/],
    ["randint(0)", () => rs.randint(0), /randint\(n\) draws from 0 to n - 1/],
    ["fractional bounds", () => rs.randint(0.5, 3), /low and high must be whole numbers/],
    ["range beyond 2**53", () => rs.randint(-(2 ** 53) + 1, 2 ** 53 - 1), /high - low must be at most 2\*\*53/],
    ["p not summing to 1", () => rs.choice(3, 2, true, [0.5, 0.3, 0.1]), /must sum to 1, but they sum to 0.9/],
    ["p of the wrong length", () => rs.choice(3, 2, true, [0.5, 0.5]), /one probability per element \(3\), got 2/],
    ["negative p", () => rs.choice(2, 2, true, [1.5, -0.5]), /must be >= 0/],
    ["too many without replacement", () => rs.choice(5, 6, false), /cannot take 6 samples from 5 without replacement/],
    ["too few non-zero p", () => rs.choice(3, 3, false, [0.5, 0.5, 0]), /only 2 entries of p are > 0/],
    ["empty population", () => rs.choice(0, 2), /a must be at least 1/],
    ["2-d population", () => rs.choice(new NDArray(new Float64Array(4), [2, 2], "float64"), 2), /a must be 1-dimensional/],
    ["negative permutation", () => rs.permutation(-2), /permutation\(n\) needs a whole number n >= 0/],
    ["0-d shuffle", () => rs.shuffle(new NDArray(new Float64Array(1), [], "float64")), /at least one dimension/],
    ["short state key", () => rs.setState({ ...rs.getState(), key: [1, 2, 3] }), /key must have 624 words/],
    ["bad state pos", () => rs.setState({ ...rs.getState(), pos: 700 }), /pos must be a whole number from 0 to 624/],
  ];
  for (const [name, run, message] of cases) {
    it(name, () => expect(run).to.throw(message));
  }
});
