// The networks: backpropagation agrees with numerical differentiation, the
// first layer skips its input gradient, params and layers share arrays, and the
// fast products give exactly the textbook loops' results.
import { expect } from "chai";
import {
  type Affine,
  MultiLayerNet,
  NDArray,
  RandomState,
  Relu,
  Sigmoid,
  ThreeLayerNet,
  TwoLayerNet,
  array,
  dot,
  zeros,
  type ActivationClass,
} from "dlfs";
import {
  dotABT,
  dotATB,
  matmul,
  matmulLoop,
  matmulTransA,
  matmulTransALoop,
  matmulTransB,
  matmulTransBLoop,
  wasmKernelsAvailable,
} from "dlfs/internal";

/** One-hot rows for the given class labels. */
function oneHot(labels: readonly number[], classes: number): NDArray {
  const t = zeros(labels.length, classes);
  labels.forEach((label, i) => t.set(1, i, label));
  return t;
}

/** Random inputs (some exactly 0, like blank pixels) and one-hot targets. */
function sample(rng: RandomState, rows: number, inputs: number, classes: number): { x: NDArray; t: NDArray } {
  const x = rng.rand(rows, inputs);
  for (let i = 0; i < x.size; i += 3) x.data[i] = 0;
  const labels = Array.from({ length: rows }, (_, i) => (i * 7) % classes);
  return { x, t: oneHot(labels, classes) };
}

/** Whether two arrays hold exactly the same doubles (0 and -0 told apart). */
function identical(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  return a.length === b.length && Array.from(a).every((v, i) => Object.is(v, b[i]));
}

describe("networks", () => {
  describe("gradient check: backprop equals numerical differentiation", () => {
    // Larger initial weights than the book's 0.01, so that every gradient is clearly nonzero.
    const cases: [string, number[], ActivationClass][] = [
      ["4-5-3, ReLU", [4, 5, 3], Relu],
      ["4-5-3, sigmoid", [4, 5, 3], Sigmoid],
      ["4-5-4-3, ReLU", [4, 5, 4, 3], Relu],
      ["4-5-4-3, sigmoid", [4, 5, 4, 3], Sigmoid],
      ["10-8-6-4, ReLU", [10, 8, 6, 4], Relu],
    ];
    for (const [name, sizes, activation] of cases) {
      it(name, () => {
        const rng = new RandomState(7);
        const net = new MultiLayerNet(sizes, { activation, rng, weightInitStd: 0.5 });
        const { x, t } = sample(rng, 3, sizes[0], sizes[sizes.length - 1]);
        const diff = net.gradientCheck(x, t);
        expect(Object.keys(diff)).to.have.length(2 * (sizes.length - 1));
        for (const [key, value] of Object.entries(diff)) expect(value, key).to.be.below(1e-7);
      });
    }

    it("784-10-10 on 3 samples, as the book's gradient_check.py (ReLU and sigmoid)", () => {
      for (const activation of [Relu, Sigmoid]) {
        const rng = new RandomState(7);
        const net = new MultiLayerNet([784, 10, 10], { activation, rng });
        const { x, t } = sample(rng, 3, 784, 10);
        const diff = net.gradientCheck(x, t);
        for (const key of ["W1", "b1", "W2"]) expect(diff[key], `${activation.name} ${key}`).to.be.below(1e-7);
        // The loss takes log(y + 1e-7), which backprop leaves out: with y near 0.1 the
        // numerical gradient of b2 differs by about 1e-6 of its size, ~1.4e-7 (NumPy too).
        expect(diff.b2, `${activation.name} b2`).to.be.below(2e-7);
      }
    });
  });

  it("does not compute the input gradient of the first layer", () => {
    const rng = new RandomState(1);
    const net = new TwoLayerNet(4, 5, 3, { rng });
    const first = net.layers.get("Affine1") as Affine;
    first.backward = (): NDArray => {
      throw new Error("the first layer's dx was computed");
    };
    const { x, t } = sample(rng, 2, 4, 3);
    const grads = net.gradient(x, t);
    expect(grads.W1.shape).to.deep.equal([4, 5]);
    expect(grads.W1).to.equal(first.dW);
  });

  it("shares its weight arrays between params and layers, so an update reaches both", () => {
    const net = new ThreeLayerNet(4, 5, 4, 3, { rng: new RandomState(2) });
    for (let i = 1; i <= 3; i++) {
      const affine = net.layers.get(`Affine${i}`) as Affine;
      expect(affine.W, `W${i}`).to.equal(net.params[`W${i}`]);
      expect(affine.b, `b${i}`).to.equal(net.params[`b${i}`]);
    }
    const { x, t } = sample(new RandomState(3), 2, 4, 3);
    const before = net.loss(x, t);
    const grads = net.gradient(x, t);
    for (const key of Object.keys(net.params)) net.params[key].isub(grads[key].mul(0.5));
    expect(net.loss(x, t)).to.be.below(before);
    expect((net.layers.get("Affine1") as Affine).W.data[0]).to.equal(net.params.W1.data[0]);
  });

  it("measures accuracy in slices with the same result as one pass", () => {
    const rng = new RandomState(4);
    const net = new TwoLayerNet(20, 10, 10, { rng, weightInitStd: 1 });
    const x = rng.randn(2500, 20);
    const labels = Array.from({ length: 2500 }, (_, i) => i % 10);
    const predicted = net.predict(x).argmax(1).data;
    const expected = predicted.filter((p, i) => p === labels[i]).length / 2500;
    expect(net.accuracy(x, array(labels))).to.equal(expected);
    expect(net.accuracy(x, oneHot(labels, 10))).to.equal(expected);
  });

  it("measures accuracy on its own buffers with the counts of predict() and argmax (ReLU, sigmoid, float32 images, 3 layers)", () => {
    const rng = new RandomState(5);
    // Images as MNIST's: float32, most pixels 0; large enough for the kernels and their threads.
    const images = rng.rand(1200, 784);
    for (let i = 0; i < images.size; i++) if (images.data[i] < 0.8) images.data[i] = 0;
    const x = images.astype("float32");
    const labels = Array.from({ length: 1200 }, (_, i) => (i * 3) % 10);
    for (const [sizes, activation] of [
      [[784, 50, 10], Relu],
      [[784, 50, 10], Sigmoid],
      [[784, 47, 25, 10], Relu],
    ] as [number[], ActivationClass][]) {
      const net = new MultiLayerNet(sizes, { activation, rng, weightInitStd: 0.1 });
      const predicted = net.predict(x).argmax(1).data;
      const expected = predicted.filter((p, i) => p === labels[i]).length / 1200;
      expect(net.accuracy(x, array(labels)), `${sizes.join("-")} ${activation.name}`).to.equal(expected);
      // A layer of the learner's own goes through predict(), with the same count.
      const own = { forward: (v: NDArray): NDArray => new Relu().forward(v), backward: (d: NDArray): NDArray => d };
      if (activation === Relu) {
        net.layers.set("Relu1", own);
        expect(net.accuracy(x, array(labels)), `${sizes.join("-")} own layer`).to.equal(expected);
      }
    }
  });

  it("takes its own pass for the library's layers and their plain subclasses, and predict() for a class that overrides a method", () => {
    const rng = new RandomState(7);
    const x = rng.randn(30, 6);
    const labels = array(Array.from({ length: 30 }, (_, i) => i % 3));
    // Relu's mask is set by its forward(): the pass of its own leaves it as it was.
    class PlainRelu extends Relu {}
    class LoudRelu extends Relu {
      override forward(v: NDArray): NDArray {
        return super.forward(v);
      }
    }
    for (const [activation, throughLayers] of [
      [Relu, false],
      [PlainRelu, false],
      [LoudRelu, true],
    ] as [ActivationClass, boolean][]) {
      const net = new MultiLayerNet([6, 5, 3], { activation, rng: new RandomState(8) });
      const expected =
        net
          .predict(x)
          .argmax(1)
          .data.filter((p, i) => p === labels.data[i]).length / 30;
      const relu = net.layers.get(`${activation.name}1`) as Relu;
      relu.mask = null;
      expect(net.accuracy(x, labels), activation.name).to.equal(expected);
      expect(relu.mask !== null, activation.name).to.equal(throughLayers);
    }
  });

  it("counts with a subclass's own predict(), which is the learner's code, not the layers' pass", () => {
    const rng = new RandomState(9);
    const x = rng.randn(20, 4);
    const labels = array(Array.from({ length: 20 }, () => 0));
    // Scores all zero: argmax picks class 0 for every row, whatever the layers say.
    class ZeroScores extends MultiLayerNet {
      override predict(v: NDArray): NDArray {
        return super.predict(v).mul(0);
      }
    }
    const net = new ZeroScores([4, 5, 3], { rng: new RandomState(10) });
    expect(net.accuracy(x, labels)).to.equal(1);
  });
});

describe("products: the fast versions give the textbook loops' results exactly", () => {
  /** A matrix with about `zeros` of its values exactly 0, like MNIST pixels or ReLU outputs. */
  function matrix(rng: RandomState, rows: number, cols: number, zeroShare: number): Float64Array {
    const values = Float64Array.from(rng.randn(rows, cols).data);
    const u = rng.rand(rows, cols).data;
    for (let i = 0; i < values.length; i++) if (u[i] < zeroShare) values[i] = 0;
    return values;
  }

  // Sizes of the networks (784-50-10, 3 layers with 30), odd sizes that need
  // padding, and sizes that take several chunks in WebAssembly memory. (Up to
  // 4,096 multiply-adds a product follows NumPy's BLAS instead, which the
  // differential test checks against NumPy.)
  const shapes: [number, number, number][] = [
    [100, 784, 50],
    [100, 50, 10],
    [100, 50, 30],
    [3, 784, 10],
    [7, 33, 19],
    [3, 41, 37],
    [400, 784, 20],
    [5, 4000, 64],
  ];

  it("run in WebAssembly with SIMD on this Node", () => {
    expect(wasmKernelsAvailable()).to.equal(true);
  });

  for (const [m, k, n] of shapes) {
    it(`${m}×${k} by ${k}×${n}`, () => {
      const rng = new RandomState(m + k + n);
      const a = matrix(rng, m, k, 0.8);
      const b = matrix(rng, k, n, 0.1);
      expect(identical(matmul(a, b, m, k, n), matmulLoop(a, b, m, k, n)), "A·B").to.equal(true);
      const bt = matrix(rng, m, n, 0.5); // Aᵀ·B: A is m×k here, B m×n
      expect(identical(matmulTransA(a, bt, m, k, n), matmulTransALoop(a, bt, m, k, n)), "Aᵀ·B").to.equal(true);
      const w = matrix(rng, n, k, 0); // A·Bᵀ: B is n×k
      expect(identical(matmulTransB(a, w, m, k, n), matmulTransBLoop(a, w, m, k, n)), "A·Bᵀ").to.equal(true);
    });
  }

  it("skip the zeros of A (-0 too) only when B is finite: 0·inf and 0·NaN are NaN, as NumPy gives them", () => {
    const rng = new RandomState(8);
    const [m, k, n] = [64, 41, 10]; // large enough for WebAssembly
    const a = matrix(rng, m, k, 0.7);
    for (let i = 0; i < a.length; i += 7) a[i] = -0;
    a[5] = NaN;
    a[100] = Infinity;
    const finite = matrix(rng, k, n, 0.3);
    expect(identical(matmul(a, finite, m, k, n), matmulLoop(a, finite, m, k, n)), "A·B, B finite").to.equal(true);
    const b = finite.slice();
    b[3] = Infinity; // row 0, column 3
    b[17] = -Infinity; // row 1, column 7
    const ab = matmul(a, b, m, k, n);
    expect(identical(ab, matmulLoop(a, b, m, k, n, undefined, false)), "A·B, every term").to.equal(true);
    // A row of A with a 0 in column 0 meets the infinity: NaN there, however finite the other terms.
    const zeroRow = Array.from({ length: m }, (_, i) => i).find(
      (i) => a[i * k] === 0 && a.slice(i * k, (i + 1) * k).every(Number.isFinite),
    );
    expect(zeroRow).to.not.equal(undefined);
    expect(Number.isNaN(ab[(zeroRow as number) * n + 3])).to.equal(true);
    const bt = matrix(rng, m, n, 0.3);
    bt[9] = Infinity;
    expect(identical(matmulTransA(a, bt, m, k, n), matmulTransALoop(a, bt, m, k, n, undefined, false)), "Aᵀ·B").to.equal(true);
    const wt = matrix(rng, n, k, 0.3);
    wt[4] = NaN;
    expect(identical(matmulTransB(a, wt, m, k, n), matmulTransBLoop(a, wt, m, k, n, undefined, false)), "A·Bᵀ").to.equal(true);
  });

  it("dotATB and dotABT equal dot with a transposed array", () => {
    const rng = new RandomState(5);
    const x = new NDArray(matrix(rng, 100, 784, 0.8), [100, 784]);
    const dout = new NDArray(matrix(rng, 100, 50, 0.5), [100, 50]);
    const W = rng.randn(50, 10);
    const d2 = rng.randn(100, 10);
    expect(identical(dotATB(x, dout).data, dot(x.T, dout).data)).to.equal(true);
    expect(dotATB(x, dout).shape).to.deep.equal([784, 50]);
    expect(identical(dotABT(d2, W).data, dot(d2, W.T).data)).to.equal(true);
    expect(dotABT(d2.take([0]).reshape(10), W).shape).to.deep.equal([50]);
    expect(() => dotATB(x, W)).to.throw(/shapes \(784,100\) and \(50,10\) not aligned/);
    expect(() => dotABT(d2, x)).to.throw(/shapes \(100,10\) and \(784,100\) not aligned/);
  });

  it("integer lesson arrays stay integers with the same values", () => {
    const X = array([
      [1, 2],
      [3, 4],
    ]);
    const W = array([
      [1, 3, 5],
      [2, 4, 6],
    ]);
    expect(
      dotABT(
        array([
          [1, 2, 3],
          [4, 5, 6],
        ]),
        W,
      ).toArray(),
    ).to.deep.equal([
      [22, 28],
      [49, 64],
    ]);
    expect(
      dotATB(
        X,
        array([
          [1, 2, 3],
          [4, 5, 6],
        ]),
      ).toArray(),
    ).to.deep.equal([
      [13, 17, 21],
      [18, 24, 30],
    ]);
    expect(dotATB(X, X).dtype).to.equal("int64");
  });
});

describe("array operations on the networks' hot path", () => {
  it("broadcast a column, a row, a 1×1 array and a number as NumPy does", () => {
    const a = array([
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ]);
    expect(a.add(array([[10], [20], [30]])).toArray()).to.deep.equal([
      [11, 12, 13],
      [24, 25, 26],
      [37, 38, 39],
    ]);
    expect(a.add(array([10, 20, 30])).toArray()).to.deep.equal([
      [11, 22, 33],
      [14, 25, 36],
      [17, 28, 39],
    ]);
    expect(a.sub(array([[1]])).toArray()).to.deep.equal([
      [0, 1, 2],
      [3, 4, 5],
      [6, 7, 8],
    ]);
    expect(a.mul(2).div(4).toArray()).to.deep.equal([
      [0.5, 1, 1.5],
      [2, 2.5, 3],
      [3.5, 4, 4.5],
    ]);
    expect(a.le(5).toArray()).to.deep.equal([
      [true, true, true],
      [true, true, false],
      [false, false, false],
    ]);
  });

  it("update in place: isub with a number, an array and a row", () => {
    const a = array([
      [1.5, 2.5],
      [3.5, 4.5],
    ]);
    const same = a.isub(0.5);
    expect(same).to.equal(a);
    expect(a.toArray()).to.deep.equal([
      [1, 2],
      [3, 4],
    ]);
    a.isub(
      array([
        [1, 1],
        [1, 1],
      ]),
    ).iadd(array([10, 20]));
    expect(a.toArray()).to.deep.equal([
      [10, 21],
      [12, 23],
    ]);
    expect(() =>
      array([1, 2]).isub(
        array([
          [1, 2],
          [3, 4],
        ]),
      ),
    ).to.throw(/non-broadcastable output operand/);
  });

  it("putmask with 0 gives +0, also for -0, infinities and NaN", () => {
    const x = array([-1.5, -0, 0, 2, -Infinity, Infinity, NaN]);
    const out = x.copy().putmask(x.le(0), 0);
    expect(out.data.map((v) => (Object.is(v, -0) ? 99 : v))).to.deep.equal(new Float64Array([0, 0, 0, 2, 0, Infinity, NaN]));
    expect(x.copy().putmask(x.le(0), 7).toArray()).to.deep.equal([7, 7, 7, 2, 7, Infinity, NaN]);
  });

  it("take rows into a given array (np.take's out)", () => {
    const x = array([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const out = zeros(2, 2).astype("int64");
    expect(x.take([2, 0], out)).to.equal(out);
    expect(out.toArray()).to.deep.equal([
      [5, 6],
      [1, 2],
    ]);
    expect(() => x.take([0], out)).to.throw(/out must have shape \(1, 2\)/);
  });
});
