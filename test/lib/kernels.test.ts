// The machinery under the products (lib/src/engine): worker threads give
// exactly the values of one thread, operands too large for the kernels'
// scratch are taken in chunks, arrays in the WebAssembly heap are read where
// they are, and a seeded training run is the same with 1 and 2 threads.
import { expect } from "chai";
import { NDArray, RandomState, loadMnist, trainSync, TwoLayerNet, arange, type TrainData } from "dlfs";
import {
  computeInfo,
  matmul,
  matmulLoop,
  matmulTransA,
  matmulTransALoop,
  matmulTransB,
  matmulTransBLoop,
  setThreads,
  startThreads,
} from "dlfs/internal";

/** Whether two arrays hold exactly the same values (0 and -0 told apart). */
function identical(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  return a.length === b.length && Array.from(a).every((v, i) => Object.is(v, b[i]));
}

/** A matrix with about `zeroShare` of its values exactly 0. */
function matrix(rng: RandomState, rows: number, cols: number, zeroShare: number): Float64Array {
  const values = Float64Array.from(rng.randn(rows, cols).data);
  const u = rng.rand(rows, cols).data;
  for (let i = 0; i < values.length; i++) if (u[i] < zeroShare) values[i] = 0;
  return values;
}

/** Runs `work` with 1 thread and then with 2 (workers started), and returns both results and the chunks workers ran. */
async function oneThenTwoThreads<T>(work: () => T): Promise<{ one: T; two: T; workerChunks: number }> {
  try {
    setThreads(1);
    const one = work();
    setThreads(2);
    await startThreads();
    const before = computeInfo().workerChunks;
    const two = work();
    return { one, two, workerChunks: computeInfo().workerChunks - before };
  } finally {
    setThreads(2);
  }
}

describe("kernels: threads, chunks and the WebAssembly heap", function () {
  this.timeout(120000);
  let mnist: ReturnType<typeof loadMnist>;
  before(() => {
    mnist = loadMnist({ oneHotLabel: true });
  });

  it("has worker threads and a shared memory on this Node", () => {
    const info = computeInfo();
    expect(info.webAssembly).to.equal(true);
    expect(info.sharedMemory, "SharedArrayBuffer memory for the workers").to.equal(true);
  });

  it("keeps MNIST's images in the WebAssembly heap", () => {
    expect(mnist.xTrain.data).to.be.instanceOf(Float32Array);
    expect(mnist.xTrain.data.buffer).to.not.be.instanceOf(ArrayBuffer); // a SharedArrayBuffer: the heap's
  });

  it("computes every product with 2 threads exactly as with 1, and as the plain loops", async () => {
    const rng = new RandomState(11);
    const images = mnist.xTrain.data.subarray(0, 300 * 784); // float32, in the WebAssembly heap
    const W = matrix(rng, 784, 50, 0);
    const dout = matrix(rng, 300, 50, 0.5);
    const a = matrix(rng, 200, 700, 0.6);
    const b = matrix(rng, 700, 30, 0);
    // Each product a few times: a worker woken from its sleep may find every chunk of the first ones taken.
    const products = () =>
      [1, 2, 3, 4, 5].flatMap(() => [
        matmul(images, W, 300, 784, 50),
        matmulTransA(images, dout, 300, 784, 50),
        matmulTransB(dout, W, 300, 50, 784),
        matmul(a, b, 200, 700, 30),
      ]);
    const { one, two, workerChunks } = await oneThenTwoThreads(products);
    expect(workerChunks, "chunks computed by the worker").to.be.above(0);
    const loops = [
      matmulLoop(images, W, 300, 784, 50),
      matmulTransALoop(images, dout, 300, 784, 50),
      matmulTransBLoop(dout, W, 300, 50, 784),
      matmulLoop(a, b, 200, 700, 30),
    ];
    one.forEach((c, i) => expect(identical(c, loops[i % 4]), `product ${i}, 1 thread`).to.equal(true));
    two.forEach((c, i) => expect(identical(c, loops[i % 4]), `product ${i}, 2 threads`).to.equal(true));
  });

  it("takes operands larger than the kernels' scratch in chunks, with the same values", () => {
    // A is 64 MB of float64, more than the 56 MB of scratch: two calls, the second continuing the sums of Aᵀ·B.
    const [m, k, n] = [2000, 4000, 6];
    // Cheaper than random numbers for 8 million values: a scrambled ramp, 90 % of it 0.
    const a = Float64Array.from({ length: m * k }, (_, i) => ((i * 2654435761) % 1000 < 900 ? 0 : (i % 997) / 997 - 0.5));
    const rng = new RandomState(12);
    const b = matrix(rng, k, n, 0);
    expect(identical(matmul(a, b, m, k, n), matmulLoop(a, b, m, k, n)), "A·B").to.equal(true);
    const bt = matrix(rng, m, n, 0.3);
    expect(identical(matmulTransA(a, bt, m, k, n), matmulTransALoop(a, bt, m, k, n)), "Aᵀ·B").to.equal(true);
  });

  it("picks rows of arrays in the WebAssembly heap as of any other (take)", () => {
    const rows = [5, 59999, 0, 5, -1];
    const picked = mnist.xTrain.take(rows);
    const plain = new NDArray(Float32Array.from(mnist.xTrain.data.subarray(0, 6 * 784)), [6, 784]).take([5, 0, 5]);
    expect(picked.dtype).to.equal("float32");
    expect(identical(picked.data.subarray(0, 784), plain.data.subarray(0, 784)), "row 5").to.equal(true);
    expect(identical(picked.data.subarray(2 * 784, 4 * 784), plain.data.subarray(784)), "rows 0 and 5").to.equal(true);
    const last = mnist.xTrain.data.subarray(59999 * 784);
    expect(identical(picked.data.subarray(784, 2 * 784), last) && identical(picked.data.subarray(4 * 784), last)).to.equal(true);
    expect(() => mnist.xTrain.take([60000])).to.throw(/index 60000 is out of bounds for axis 0 with size 60000/);
  });

  it("gives a seeded training run the same accuracy history with 1 and 2 threads", async () => {
    const first = arange(10000);
    const data: TrainData = {
      xTrain: mnist.xTrain.take(first),
      tTrain: mnist.tTrain.take(first),
      xTest: mnist.xTest,
      tTest: mnist.tTest,
    };
    const run = () =>
      trainSync(new TwoLayerNet(784, 50, 10, { rng: new RandomState(13) }), data, { iters: 150, seed: 13, evalEvery: 50 });
    const { one, two, workerChunks } = await oneThenTwoThreads(run);
    expect(workerChunks, "chunks computed by the worker").to.be.above(0);
    expect(two.trainAcc).to.deep.equal(one.trainAcc);
    expect(two.testAcc).to.deep.equal(one.testAcc);
    expect(two.trainLoss).to.deep.equal(one.trainLoss);
    expect(one.trainAcc).to.have.length(3);
  });
});
