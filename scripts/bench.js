// Times the training run of problem 237 (ReLU, TwoLayerNet 784-50-10,
// 10,000 iterations of batch 100, learning rate 0.1, train and test accuracy
// on the whole sets once per epoch), without a notebook and with fixed seeds.
// scripts/bench_numpy.py runs the same thing with the book's NumPy code.
//
//   npm run bench [-- --activation sigmoid] [-- --layers 3] [-- --iters 2000]
//
// The last line printed is JSON: {"seconds", "load_seconds", "train_acc", "test_acc", "peak_rss_mb", ...}.
"use strict";
const { parseArgs } = require("node:util");
const { MultiLayerNet, RandomState, Relu, Sigmoid, loadMnist, train } = require("dlfs");

const { values: args } = parseArgs({
  options: {
    activation: { type: "string", default: "relu" },
    layers: { type: "string", default: "2" },
    iters: { type: "string", default: "10000" },
    seed: { type: "string", default: "1" },
    "init-seed": { type: "string", default: "0" },
  },
});
const activation = args.activation;
const layers = Number(args.layers);
const activations = { relu: Relu, sigmoid: Sigmoid };
if (!Object.hasOwn(activations, activation)) throw new Error(`--activation must be relu or sigmoid, got ${activation}`);
if (layers !== 2 && layers !== 3) throw new Error(`--layers must be 2 or 3, got ${args.layers}`);

let start = performance.now();
const data = loadMnist({ oneHotLabel: true });
const loadSeconds = (performance.now() - start) / 1000;

// Weights from their own seeded generator, as np.random.seed(init_seed) in the NumPy script.
const sizes = layers === 2 ? [784, 50, 10] : [784, 50, 30, 10];
const net = new MultiLayerNet(sizes, { activation: activations[activation], rng: new RandomState(Number(args["init-seed"])) });
if (typeof global.gc === "function") global.gc(); // start the clock with the loader's garbage gone

const label = `${activation}, ${layers} layers`;
// The same train() as the notebooks: a bar in a terminal, one line in a log.
train(net, data, { iters: Number(args.iters), seed: Number(args.seed), label }).then(report, (error) => {
  console.error(`bench: training failed: ${error.message}`);
  process.exitCode = 1;
});

function report(history) {
  const last = history.trainAcc.length - 1;
  const finalLoss = history.trainLoss[history.trainLoss.length - 1];
  const peakMb = process.resourceUsage().maxRSS / 1024;
  console.log(
    `dlfs on Node ${process.version} (${label}): ${args.iters} iterations in ${history.seconds.toFixed(2)} s, load ${loadSeconds.toFixed(2)} s`,
  );
  console.log(
    `train acc ${history.trainAcc[last].toFixed(4)}, test acc ${history.testAcc[last].toFixed(4)}, ` +
      `last loss ${finalLoss.toFixed(6)}, peak RSS ${peakMb.toFixed(0)} MB`,
  );
  console.log(
    JSON.stringify({
      seconds: round(history.seconds),
      load_seconds: round(loadSeconds),
      train_acc: history.trainAcc[last],
      test_acc: history.testAcc[last],
      peak_rss_mb: Math.round(peakMb * 10) / 10,
      final_loss: finalLoss,
    }),
  );
}

function round(seconds) {
  return Math.round(seconds * 1000) / 1000;
}
