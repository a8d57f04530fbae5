import { inEnglish } from "../support/language";
import { expect } from "chai";
import {
  Affine,
  AddLayer,
  MulLayer,
  type NDArray,
  Relu,
  RandomState,
  Sigmoid,
  SoftmaxWithLoss,
  array,
  crossEntropyError,
  numericalGradient,
  relu,
  sigmoid,
  softmax,
} from "dlfs";

/** Mean absolute difference between a backprop gradient and a numerical one. */
function meanAbsDiff(a: NDArray, b: NDArray): number {
  return a.sub(b).abs().mean();
}

describe("functions", () => {
  it("sigmoid and relu on numbers and arrays", () => {
    expect(sigmoid(0)).to.equal(0.5);
    expect(sigmoid(array([0, 0])).toArray()).to.deep.equal([0.5, 0.5]);
    expect(relu(-3)).to.equal(0);
    expect(relu(array([-1, 2])).toArray()).to.deep.equal([0, 2]);
  });

  it("softmax is stable for large scores and row-wise on a batch", () => {
    const y = softmax(array([1010, 1000, 990]));
    expect(y.sum()).to.be.closeTo(1, 1e-15);
    expect(Number.isFinite(y.get(0))).to.equal(true);
    const batch = softmax(
      array([
        [1, 2, 3],
        [1000, 1000, 1000],
      ]),
    );
    for (const rowSum of batch.sum(1).data) expect(rowSum).to.be.closeTo(1, 1e-15);
    expect(batch.get(1, 0)).to.be.closeTo(1 / 3, 1e-15);
    expect(() => softmax(array([[[1]]]))).to.throw(/1-D or 2-D/);
  });

  it("cross-entropy takes one-hot rows or labels, averaged over the batch", () => {
    const y = array([
      [0.1, 0.9],
      [0.8, 0.2],
    ]);
    const oneHot = crossEntropyError(
      y,
      array([
        [0, 1],
        [1, 0],
      ]),
    );
    const labels = crossEntropyError(y, array([1, 0]));
    expect(oneHot).to.equal(labels);
    expect(oneHot).to.be.closeTo(-(Math.log(0.9 + 1e-7) + Math.log(0.8 + 1e-7)) / 2, 1e-15);
    expect(() => crossEntropyError(y, array([2, 0]))).to.throw(/class label 2/);
    expect(() => crossEntropyError(y, array([1, 0, 1]))).to.throw(/one-hot rows of shape \(2, 2\) or 2 class labels/);
  });
});

describe("layers", () => {
  inEnglish();
  it("MulLayer swaps its inputs backward; AddLayer passes the gradient on", () => {
    const mul = new MulLayer();
    expect(mul.forward(100, 2)).to.equal(200);
    expect(mul.backward(1)).to.deep.equal([2, 100]);
    const add = new AddLayer();
    expect(add.forward(1, 2)).to.equal(3);
    expect(add.backward(1.5)).to.deep.equal([1.5, 1.5]);
    expect(() => new MulLayer().backward(1)).to.throw(/call forward/);
  });

  it("Relu blocks the gradient where the input was <= 0 and leaves dout unchanged", () => {
    const r = new Relu();
    r.forward(
      array([
        [1.0, -0.5],
        [0.0, 3.0],
      ]),
    );
    const dout = array([
      [2.0, 3.0],
      [-3.0, -4.0],
    ]);
    expect(r.backward(dout).toArray()).to.deep.equal([
      [2, 0],
      [0, -4],
    ]);
    expect(dout.toArray()).to.deep.equal([
      [2, 3],
      [-3, -4],
    ]);
  });

  it("one Relu reused on another shape fails with the shapes named (why each layer needs its own)", () => {
    const r = new Relu();
    r.forward(array([[1, 2, 3]]));
    r.forward(array([[1, 2]]));
    expect(() => r.backward(array([[1, 2, 3]]))).to.throw(
      /Relu\.backward: dout has shape \(1, 3\), but this Relu's forward input had shape \(1, 2\): give each Relu the gradient of its own output/,
    );
  });

  it("Sigmoid given another layer's gradient says so, with the shapes", () => {
    const s = new Sigmoid();
    s.forward(array([[1, 2, 3]]));
    expect(() => s.backward(array([[1, 2]]))).to.throw(
      /Sigmoid\.backward: dout has shape \(1, 2\), but this Sigmoid's forward input had shape \(1, 3\).*reverse order of forward/,
    );
  });

  const rng = new RandomState(7);
  const h = 1e-5;

  it("Sigmoid's backward matches the numerical derivative", () => {
    const x = rng.randn(3, 4);
    const dout = rng.randn(3, 4);
    const sig = new Sigmoid();
    sig.forward(x);
    const dx = sig.backward(dout);
    const numerical = numericalGradient((v) => sigmoid(v).mul(dout).sum(), x, h);
    expect(meanAbsDiff(dx, numerical)).to.be.below(1e-9);
  });

  it("Affine's dx, dW and db match numerical gradients on a batch", () => {
    const x = rng.randn(4, 3);
    const W = rng.randn(3, 2);
    const b = rng.randn(2);
    const dout = rng.randn(4, 2);
    const affine = new Affine(W, b);
    const lossOf = (): number => affine.forward(x).mul(dout).sum();
    lossOf();
    const dx = affine.backward(dout);
    expect(meanAbsDiff(dx, numericalGradient(lossOf, x, h))).to.be.below(1e-9);
    expect(meanAbsDiff(affine.dW as NDArray, numericalGradient(lossOf, W, h))).to.be.below(1e-9);
    expect(meanAbsDiff(affine.db as NDArray, numericalGradient(lossOf, b, h))).to.be.below(1e-9);
    expect((affine.db as NDArray).shape).to.deep.equal([2]);
  });

  it("Affine flattens image batches and gives dx back in their shape", () => {
    const affine = new Affine(rng.randn(4, 2), rng.randn(2));
    const x = rng.randn(3, 1, 2, 2);
    expect(affine.forward(x).shape).to.deep.equal([3, 2]);
    expect(affine.backward(rng.randn(3, 2)).shape).to.deep.equal([3, 1, 2, 2]);
    expect(() => affine.forward(rng.randn(3, 5))).to.throw(/does not fit W of shape \(4, 2\)/);
  });

  it("SoftmaxWithLoss's backward is (y - t) / batch and matches the numerical gradient", () => {
    const x = rng.randn(3, 4);
    const t = array([
      [0, 1, 0, 0],
      [1, 0, 0, 0],
      [0, 0, 0, 1],
    ]);
    const layer = new SoftmaxWithLoss();
    layer.forward(x, t);
    const dx = layer.backward();
    // (y - t) / batch is the gradient of the loss without the 1e-7 inside the log,
    // so the two differ by about 1e-7 relative: close, not equal.
    expect(
      meanAbsDiff(
        dx,
        numericalGradient(() => new SoftmaxWithLoss().forward(x, t), x, h),
      ),
    ).to.be.below(1e-6);
    const withLabels = new SoftmaxWithLoss();
    expect(withLabels.forward(x, array([1, 0, 3]))).to.equal(layer.loss);
    expect(withLabels.backward().toArray()).to.deep.equal(dx.toArray());
  });

  it("SoftmaxWithLoss refuses NaN scores with a clear message", () => {
    expect(() => new SoftmaxWithLoss().forward(array([NaN, 1]), array([0, 1]))).to.throw(/NaN or infinity/);
  });
});
