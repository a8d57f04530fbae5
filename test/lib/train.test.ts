// train() and trainSync(): the book's SGD loop on MNIST — it learns, the same
// seeds give the same history, it records the loss after each update, it
// reports progress, and train() lets the event loop run while it trains.
import { inEnglish } from "../support/language";
import { expect } from "chai";
import {
  type ActivationClass,
  arange,
  type Gradients,
  loadMnist,
  MultiLayerNet,
  type NDArray,
  RandomState,
  Relu,
  Sigmoid,
  train,
  type TrainData,
  type TrainProgress,
  trainSync,
  TwoLayerNet,
  zeros,
} from "dlfs";

/** The first 10,000 training images and the whole test set: a short run in about a second. */
function smallMnist(): TrainData {
  const { xTrain, tTrain, xTest, tTest } = loadMnist({ oneHotLabel: true });
  const first = arange(10000);
  return { xTrain: xTrain.take(first), tTrain: tTrain.take(first), xTest, tTest };
}

describe("train", function () {
  inEnglish();
  this.timeout(60000);
  let data: TrainData;
  before(() => {
    data = smallMnist();
  });

  it("learns MNIST: 300 iterations reach 80 % test accuracy, the same seeds give the same history", () => {
    const run = () =>
      trainSync(new TwoLayerNet(784, 50, 10, { rng: new RandomState(1) }), data, { iters: 300, seed: 1, label: "ReLU" });
    const history = run();
    expect(history.label).to.equal("ReLU");
    expect(history.trainLoss).to.have.length(300);
    // One evaluation per epoch: 10,000 images / 100 per batch.
    expect(history.evalIterations).to.deep.equal([0, 100, 200]);
    expect(history.trainAcc[0]).to.be.below(0.3);
    expect(history.trainAcc[2]).to.be.at.least(0.8);
    expect(history.testAcc[2]).to.be.at.least(0.8);
    expect(history.trainLoss[299]).to.be.below(history.trainLoss[0] / 3);
    expect(history.seconds).to.be.above(0);

    const again = run();
    expect({ ...again, seconds: 0 }).to.deep.equal({ ...history, seconds: 0 });
  });

  it("records each batch's loss after its update, as the book's train_neuralnet.py", () => {
    const history = trainSync(new TwoLayerNet(784, 50, 10, { rng: new RandomState(2) }), data, {
      iters: 2,
      seed: 3,
      evalEvery: 1000,
    });
    // The same two steps by hand.
    const net = new TwoLayerNet(784, 50, 10, { rng: new RandomState(2) });
    const rng = new RandomState(3);
    const losses: number[] = [];
    for (let i = 0; i < 2; i++) {
      const batchMask = rng.choice(10000, 100);
      const xBatch = data.xTrain.take(batchMask);
      const tBatch = data.tTrain.take(batchMask);
      const grad = net.gradient(xBatch, tBatch);
      for (const key of ["W1", "b1", "W2", "b2"]) net.params[key].isub(grad[key].mul(0.1));
      losses.push(net.loss(xBatch, tBatch));
    }
    expect(history.trainLoss).to.deep.equal(losses);
    expect(history.evalIterations).to.deep.equal([0]);
  });

  it("reports progress at each evaluation and the last iteration, not at every iteration", () => {
    const reports: TrainProgress[] = [];
    trainSync(new TwoLayerNet(784, 20, 10, { rng: new RandomState(4) }), data, {
      iters: 250,
      seed: 5,
      onProgress: (info) => reports.push(info),
    });
    const measured = reports.filter((r) => r.trainAcc !== undefined);
    expect(measured.map((r) => r.iteration)).to.deep.equal([0, 100, 200]);
    expect(measured.every((r) => r.testAcc !== undefined && r.iters === 250)).to.equal(true);
    expect(reports[reports.length - 1].iteration).to.equal(249);
    expect(reports.length).to.be.below(50);
    expect(reports.every((r, i) => i === 0 || r.seconds >= reports[i - 1].seconds)).to.equal(true);
  });

  it("rejects bad options and data with clear messages", () => {
    const net = new TwoLayerNet(784, 10, 10, { rng: new RandomState(6) });
    expect(() => trainSync(net, data, { batchSize: 10001 })).to.throw(
      /batchSize 10001 is larger than the training set \(10000 images\)/,
    );
    expect(() => trainSync(net, data, { learningRate: 0 })).to.throw(/learningRate must be a number > 0/);
    expect(() => trainSync(net, data, { learningRate: NaN })).to.throw(/learningRate must be a number > 0/);
    expect(() => trainSync(net, data, { iters: 1.5 })).to.throw(/iters must be a whole number/);
    const unpaired = { ...data, tTrain: zeros(9999, 10) };
    expect(() => trainSync(net, unpaired, {})).to.throw(
      /tTrain must have one label .* xTrain has 10000 rows, tTrain has shape \(9999, 10\)/,
    );
  });

  it("stops with a clear error when the weights blow up", () => {
    const net = new TwoLayerNet(784, 10, 10, { rng: new RandomState(7) });
    expect(() => trainSync(net, data, { iters: 50, seed: 8, learningRate: 1e200 })).to.throw(
      /train: iteration \d+ \(learningRate 1e\+200\): .*(NaN|infinity).*learning rate/,
    );
  });

  it("trains on labels as well as on one-hot rows", () => {
    const { tTrain, tTest } = loadMnist();
    const labels: TrainData = { ...data, tTrain: tTrain.take(arange(10000)), tTest };
    const withLabels = trainSync(new TwoLayerNet(784, 20, 10, { rng: new RandomState(9) }), labels, { iters: 20, seed: 9 });
    const withOneHot = trainSync(new TwoLayerNet(784, 20, 10, { rng: new RandomState(9) }), data, { iters: 20, seed: 9 });
    expect(withLabels.trainAcc).to.deep.equal(withOneHot.trainAcc);
    expect(withLabels.testAcc).to.deep.equal(withOneHot.testAcc);
    expect(withLabels.trainLoss[19]).to.be.closeTo(withOneHot.trainLoss[19], 1e-12);
  });

  it("trains a library network on reused buffers with the history and weights that its layers give", () => {
    const { tTrain, tTest } = loadMnist();
    const labels: TrainData = { ...data, tTrain: tTrain.take(arange(10000)), tTest };
    // Overriding a method (here with the same one) sends train() through the layer objects.
    class ThroughLayers extends MultiLayerNet {
      override gradient(x: NDArray, t: NDArray): Gradients {
        return super.gradient(x, t);
      }
    }
    const cases: [string, number[], ActivationClass, TrainData][] = [
      ["ReLU, one-hot", [784, 50, 10], Relu, data],
      ["sigmoid, labels", [784, 50, 10], Sigmoid, labels],
      ["3 layers, ReLU, odd widths", [784, 47, 25, 10], Relu, data],
      // Products this small run as plain loops, with the bias, Relu and mask after them.
      ["3 layers, ReLU, tiny hidden layers", [784, 4, 3, 10], Relu, data],
    ];
    for (const [name, sizes, activation, set] of cases) {
      const options = { iters: 120, seed: 4, evalEvery: 50 };
      const fast = new MultiLayerNet(sizes, { activation, rng: new RandomState(3) });
      const slow = new ThroughLayers(sizes, { activation, rng: new RandomState(3) });
      const a = trainSync(fast, set, options);
      const b = trainSync(slow, set, options);
      expect({ ...a, seconds: 0 }, name).to.deep.equal({ ...b, seconds: 0 });
      for (const key of Object.keys(fast.params)) {
        const same = fast.params[key].data.every((v, i) => Object.is(v, slow.params[key].data[i]));
        expect(same, `${name}: ${key}`).to.equal(true);
      }
    }
  });

  it("train() gives the same history as trainSync() and lets the event loop run meanwhile", async () => {
    const options = { iters: 300, seed: 10, label: "async", progress: false };
    const expected = trainSync(new TwoLayerNet(784, 50, 10, { rng: new RandomState(10) }), data, options);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    try {
      const history = await train(new TwoLayerNet(784, 50, 10, { rng: new RandomState(10) }), data, options);
      expect({ ...history, seconds: 0 }).to.deep.equal({ ...expected, seconds: 0 });
    } finally {
      clearInterval(timer);
    }
    // At least one turn per 200 ms report: a timer got to run during training.
    expect(ticks).to.be.above(0);
  });

  it("train() rejects bad options with the same messages", async () => {
    const net = new TwoLayerNet(784, 10, 10, { rng: new RandomState(6) });
    const failure = await train(net, data, { batchSize: 0 }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).to.be.instanceOf(RangeError);
    expect((failure as Error).message).to.match(/batchSize must be a whole number >= 1, got 0/);
  });
});
