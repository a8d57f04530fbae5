// Affine's dx computed when first read (lib/src/deferred-array.ts): the same
// values, bit for bit, as the product computed at the call, whatever happens
// to dout and W in between, and an array that behaves as any other.
import { expect } from "chai";
import { Affine, type NDArray, NDArray as NDArrayClass, RandomState, Relu, array } from "dlfs";
import { dotABT, isPending, setDeferredGradients } from "dlfs/internal";

/** The bytes of an array's values: equal bytes are equal values, -0 and NaNs included. */
function bytesOf(a: NDArray): Buffer {
  return Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength);
}

function expectSameArray(actual: NDArray, expected: NDArray): void {
  expect(actual.shape).to.deep.equal(expected.shape);
  expect(actual.dtype).to.equal(expected.dtype);
  expect(actual.data.constructor).to.equal(expected.data.constructor);
  expect(bytesOf(actual).equals(bytesOf(expected))).to.equal(true);
}

/** A first layer as in lesson 237: a batch of 100 MNIST-like rows (mostly zeros), 784 inputs, 50 outputs. */
function firstLayer(seed = 3): { layer: Affine; x: NDArray; dout: NDArray } {
  const rng = new RandomState(seed);
  const W = rng.randn(784, 50).mul(0.01);
  const b = rng.randn(50).mul(0.01);
  const pixels = rng.rand(100, 784);
  const x = pixels.sub(0.8).maximum(0).astype("float32"); // four in five zeros
  const layer = new Affine(W, b);
  const relu = new Relu();
  relu.forward(layer.forward(x));
  // dout as Relu gives it back: dense, with zeros where the unit was off.
  const dout = relu.backward(rng.randn(100, 50));
  return { layer, x, dout };
}

describe("Affine's dx, computed when first read", () => {
  afterEach(() => setDeferredGradients(true));

  it("is the product at the call, bit for bit, though W and dout change in place before it is read", () => {
    const { layer, dout } = firstLayer();
    const expected = dotABT(dout.copy(), layer.W.copy());
    const dx = layer.backward(dout);
    expect(isPending(dx)).to.equal(true);
    // What a training loop does before anyone could read dx: the update of W, in place, and a dout reused.
    layer.W.isub(layer.dW!.mul(0.1));
    dout.putmask(dout.gt(0), 0);
    dout.data[0] = 715;
    expectSameArray(dx, expected);
    expect(isPending(dx)).to.equal(false);
    // Read again: the same array of values, not a new product.
    expect(dx.data).to.equal(dx.data);
  });

  it("gives what the eager computation gives, through every layer of a backward pass", () => {
    const eager = firstLayer(5);
    const deferred = firstLayer(5);
    setDeferredGradients(false);
    const dxEager = eager.layer.backward(eager.dout);
    setDeferredGradients(true);
    const dxDeferred = deferred.layer.backward(deferred.dout);
    expect(isPending(dxEager)).to.equal(false);
    expect(isPending(dxDeferred)).to.equal(true);
    expectSameArray(dxDeferred, dxEager);
    expectSameArray(deferred.layer.dW!, eager.layer.dW!);
    expectSameArray(deferred.layer.db!, eager.layer.db!);
  });

  it("restores the shape of images (N, 1, 28, 28), and float32 operands give a float32 dx", () => {
    const rng = new RandomState(7);
    const images = rng.rand(20, 1, 28, 28).astype("float32");
    const W = rng.randn(784, 40).astype("float32");
    const layer = new Affine(W, rng.randn(40).astype("float32"));
    layer.forward(images);
    const dout = rng.randn(20, 40).astype("float32");
    const expected = dotABT(dout, W).reshape(20, 1, 28, 28);
    const dx = layer.backward(dout);
    expect(isPending(dx)).to.equal(true);
    expect([dx.shape, dx.dtype, dx.ndim]).to.deep.equal([[20, 1, 28, 28], "float32", 4]);
    expect(isPending(dx)).to.equal(true); // shape, dtype and ndim do not compute it
    W.data.fill(0);
    expectSameArray(dx, expected);
  });

  it("is an NDArray as any other: class, own properties, printing, JSON and operations", () => {
    const { layer, dout } = firstLayer();
    setDeferredGradients(false);
    const eager = layer.backward(dout);
    setDeferredGradients(true);
    const make = (): NDArray => layer.backward(dout);
    const dx = make();
    expect(dx).to.be.an.instanceOf(NDArrayClass);
    expect(Object.getPrototypeOf(dx)).to.equal(NDArrayClass.prototype);
    expect(dx.constructor).to.equal(NDArrayClass);
    expect(Object.keys(dx)).to.deep.equal(Object.keys(eager));
    expect(JSON.stringify(make())).to.equal(JSON.stringify(eager));
    expect(String(make())).to.equal(String(eager));
    expect(make().repr()).to.equal(eager.repr());
    expectSameArray(make().sum(0), eager.sum(0));
    expectSameArray(make().add(1), eager.add(1));
    expectSameArray(eager.mul(make()), eager.mul(eager));
    expect(make().size).to.equal(eager.size);
    expect(() => (make() as unknown as Record<number, number>)[0]).to.throw(TypeError, /brackets/);
    // Once read, its data is a data property as a constructed array's.
    void dx.data;
    expect(Object.getOwnPropertyDescriptor(dx, "data")).to.deep.equal({
      ...Object.getOwnPropertyDescriptor(eager, "data"),
      value: dx.data,
    });
  });

  it("takes values assigned to its data, and can be frozen before it is read", () => {
    const { layer, dout } = firstLayer();
    const expected = dotABT(dout, layer.W);
    const assigned = layer.backward(dout) as { data: Float64Array | Float32Array };
    const values = new Float64Array(100 * 784).fill(2);
    assigned.data = values;
    expect(assigned.data).to.equal(values);
    const frozen = layer.backward(dout);
    Object.freeze(frozen);
    expectSameArray(frozen, expected);
    expect(frozen.data).to.equal(frozen.data);
  });

  it("is computed at once for a small product, and when deferring is off (as in a graded kernel)", () => {
    const small = new Affine(
      array(
        [
          [1, 2, 3],
          [4, 5, 6],
        ],
        "float64",
      ),
      array([0, 0, 0], "float64"),
    );
    small.forward(array([[1, 1]], "float64"));
    const dxSmall = small.backward(array([[1, 0, -1]], "float64"));
    expect(isPending(dxSmall)).to.equal(false);
    expect(dxSmall.toArray()).to.deep.equal([[-2, -2]]);
    const { layer, dout } = firstLayer();
    setDeferredGradients(false);
    const dx = layer.backward(dout);
    expect(isPending(dx)).to.equal(false);
    expect(Object.getOwnPropertyDescriptor(dx, "data")).to.have.property("value");
  });
});
