// Times the training run of problem 237 (ReLU, TwoLayerNet 784-50-10,
// 10,000 iterations of batch 100, learning rate 0.1, train and test accuracy
// on the whole sets once per epoch), without a notebook and with fixed seeds.
// scripts/bench_numpy.py runs the same thing with the book's NumPy code.
//
//   npm run bench [-- --activation sigmoid] [-- --layers 3] [-- --iters 2000] [-- --threads 1]
//   npm run bench -- --learner            (the network as a learner writes it, learner-net.js)
//   npm run bench -- --compare [--learner] [--rounds 5] [--python /usr/bin/python3]
//
// One run prints a few lines and, last, one line of JSON: {"seconds", "cpu_seconds",
// "train_acc", "test_acc", "peak_rss_mb", ...}. With --compare it runs this
// script and bench_numpy.py in turn, each in a fresh process, alternating which
// goes first, prints every run, then the medians, ranges and ratios (dlfs / NumPy)
// of the training time and the peak memory, and last one line of JSON. With
// --compare --learner a third run joins each round, the learner's network, and
// the ratios learner / library and learner / NumPy are printed too.
"use strict";
const { spawnSync } = require("node:child_process");
const os = require("node:os");
const path = require("node:path");
const { parseArgs } = require("node:util");

const { values: args } = parseArgs({
  options: {
    activation: { type: "string", default: "relu" },
    layers: { type: "string", default: "2" },
    iters: { type: "string", default: "10000" },
    seed: { type: "string", default: "1" },
    "init-seed": { type: "string", default: "0" },
    threads: { type: "string" },
    compare: { type: "boolean", default: false },
    learner: { type: "boolean", default: false },
    rounds: { type: "string", default: "5" },
    python: { type: "string", default: "/usr/bin/python3" },
  },
});

if (args.compare) compare();
else benchOnce();

// ---- one run of dlfs -------------------------------------------------------------------

function benchOnce() {
  const { MultiLayerNet, RandomState, Relu, Sigmoid, loadMnist, train } = require("dlfs");
  const { computeInfo, setThreads } = require("dlfs/internal");
  const activation = args.activation;
  const layers = Number(args.layers);
  const activations = { relu: Relu, sigmoid: Sigmoid };
  if (!Object.hasOwn(activations, activation)) throw new Error(`--activation must be relu or sigmoid, got ${activation}`);
  if (layers !== 2 && layers !== 3) throw new Error(`--layers must be 2 or 3, got ${args.layers}`);
  if (args.threads !== undefined) setThreads(Number(args.threads));

  const start = performance.now();
  const data = loadMnist({ oneHotLabel: true });
  const loadSeconds = (performance.now() - start) / 1000;

  // Weights from their own seeded generator, as np.random.seed(init_seed) in the NumPy script.
  const sizes = layers === 2 ? [784, 50, 10] : [784, 50, 30, 10];
  const rng = new RandomState(Number(args["init-seed"]));
  // The same weights either way: both draw them from rng in the same order.
  const net = args.learner
    ? new (require("./learner-net").LearnerNet)(sizes, activations[activation], rng)
    : new MultiLayerNet(sizes, { activation: activations[activation], rng });
  if (typeof global.gc === "function") global.gc(); // start the clock with the loader's garbage gone

  const label = `${activation}, ${layers} layers${args.learner ? ", the learner's network" : ""}`;
  const cpuStart = process.cpuUsage();
  // The same train() as the notebooks: a bar in a terminal, one line in a log.
  train(net, data, { iters: Number(args.iters), seed: Number(args.seed), label }).then(
    (history) => report(history, label, loadSeconds, process.cpuUsage(cpuStart), computeInfo()),
    (error) => {
      console.error(`bench: training failed: ${error.message}`);
      process.exitCode = 1;
    },
  );
}

function report(history, label, loadSeconds, cpu, kernels) {
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const last = history.trainAcc.length - 1;
  const finalLoss = history.trainLoss[history.trainLoss.length - 1];
  const peakMb = process.resourceUsage().maxRSS / 1024;
  const where = kernels.webAssembly
    ? `WebAssembly, ${kernels.threads} thread${kernels.threads === 1 ? "" : "s"}`
    : "JavaScript loops";
  console.log(
    `dlfs on Node ${process.version} (${label}; ${where}): ${args.iters} iterations in ${history.seconds.toFixed(2)} s ` +
      `(${cpuSeconds.toFixed(2)} s of CPU), load ${loadSeconds.toFixed(2)} s`,
  );
  console.log(
    `train acc ${history.trainAcc[last].toFixed(4)}, test acc ${history.testAcc[last].toFixed(4)}, ` +
      `last loss ${finalLoss.toFixed(6)}, peak RSS ${peakMb.toFixed(0)} MB`,
  );
  console.log(
    JSON.stringify({
      seconds: round(history.seconds),
      cpu_seconds: round(cpuSeconds),
      load_seconds: round(loadSeconds),
      train_acc: history.trainAcc[last],
      test_acc: history.testAcc[last],
      peak_rss_mb: Math.round(peakMb * 10) / 10,
      final_loss: finalLoss,
      train_acc_history: history.trainAcc,
      test_acc_history: history.testAcc,
      kernels,
    }),
  );
}

function round(seconds) {
  return Math.round(seconds * 1000) / 1000;
}

// ---- dlfs against NumPy, alternating ------------------------------------------------------

function compare() {
  const rounds = Number(args.rounds);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a whole number >= 1, got ${args.rounds}`);
  const shared = ["--activation", args.activation, "--layers", args.layers, "--iters", args.iters, "--seed", args.seed];
  shared.push("--init-seed", args["init-seed"]);
  const dlfsRun = (name, extra) => ({
    name,
    command: process.execPath,
    argv: [
      "--expose-gc",
      path.join(__dirname, "bench.js"),
      ...shared,
      ...extra,
      ...(args.threads === undefined ? [] : ["--threads", args.threads]),
    ],
  });
  const numpy = { name: "NumPy", command: args.python, argv: [path.join(__dirname, "bench_numpy.py"), ...shared] };
  // The library's network, the learner's (with --learner), and NumPy's book loop as the yardstick for both.
  const benches = [dlfsRun("dlfs", []), ...(args.learner ? [dlfsRun("learner", ["--learner"])] : []), numpy];

  const loadBefore = os.loadavg();
  console.log(`${os.cpus()[0]?.model ?? "unknown processor"}, ${os.cpus().length} cores; Node ${process.version}`);
  console.log(`load average before: ${loadText(loadBefore)}`);
  console.log(
    `${rounds} rounds, each runs ${benches.map((b) => b.name).join(", ")} in turn, the first one changing each round: ` +
      `${args.iters} iterations, ${args.activation}, ${args.layers} layers\n`,
  );

  const runs = Object.fromEntries(benches.map((bench) => [bench.name, []]));
  for (let r = 1; r <= rounds; r++) {
    const shift = (r - 1) % benches.length;
    for (const bench of [...benches.slice(shift), ...benches.slice(0, shift)]) {
      const result = runOnce(bench);
      runs[bench.name].push(result);
      console.log(
        `round ${r}  ${bench.name.padEnd(7)}  ${result.seconds.toFixed(2).padStart(7)} s  ` +
          `(CPU ${result.cpu_seconds.toFixed(2).padStart(6)} s)  peak RSS ${result.peak_rss_mb.toFixed(0).padStart(4)} MB  ` +
          `train ${result.train_acc} / test ${result.test_acc}`,
      );
    }
  }
  const loadAfter = os.loadavg();

  const summary = (name) => ({
    seconds: stats(runs[name].map((x) => x.seconds)),
    cpu_seconds: stats(runs[name].map((x) => x.cpu_seconds)),
    peak_rss_mb: stats(runs[name].map((x) => x.peak_rss_mb)),
  });
  const summaries = Object.fromEntries(benches.map((bench) => [bench.name, summary(bench.name)]));
  const d = summaries.dlfs;
  const n = summaries.NumPy;
  const all = Object.values(runs).flat();
  const histories = all.map((x) => JSON.stringify([x.train_acc_history, x.test_acc_history]));
  const sameAccuracies = histories.every((h) => h === histories[0]);
  const ratio = (a, b) => Math.round((a / b) * 1000) / 1000;
  const ratios = (a, b) => ({
    time: ratio(a.seconds.median, b.seconds.median),
    cpu: ratio(a.cpu_seconds.median, b.cpu_seconds.median),
    peak_rss: ratio(a.peak_rss_mb.median, b.peak_rss_mb.median),
  });
  const learner = summaries.learner;
  const result = {
    rounds,
    iters: Number(args.iters),
    dlfs: d,
    numpy: n,
    ...(learner ? { learner } : {}),
    time_ratio: ratio(d.seconds.median, n.seconds.median),
    cpu_ratio: ratio(d.cpu_seconds.median, n.cpu_seconds.median),
    rss_ratio: ratio(d.peak_rss_mb.median, n.peak_rss_mb.median),
    ...(learner ? { learner_to_library: ratios(learner, d), learner_to_numpy: ratios(learner, n) } : {}),
    same_accuracies_at_every_evaluation: sameAccuracies,
    train_acc: runs.dlfs[0].train_acc,
    test_acc: runs.dlfs[0].test_acc,
    dlfs_kernels: runs.dlfs[0].kernels,
    numpy_blas: runs.NumPy[0].blas,
    numpy_openblas_environment: runs.NumPy[0].openblas_environment,
    load_average: { before: loadBefore.map(round2), after: loadAfter.map(round2) },
  };

  console.log("");
  for (const [label, key, unit] of [
    ["training time", "seconds", "s"],
    ["its CPU time", "cpu_seconds", "s"],
    ["peak RSS", "peak_rss_mb", "MB"],
  ]) {
    const line = (name) =>
      `${name} ${summaries[name][key].median} ${unit} (${summaries[name][key].min}–${summaries[name][key].max})`;
    console.log(`${label.padEnd(14)} median (range): ${benches.map((bench) => line(bench.name)).join(", ")}`);
  }
  console.log(`ratio dlfs / NumPy: time ${result.time_ratio}, CPU ${result.cpu_ratio}, peak RSS ${result.rss_ratio}`);
  if (learner) {
    const text = (r) => `time ${r.time}, CPU ${r.cpu}, peak RSS ${r.peak_rss}`;
    console.log(`ratio learner / dlfs: ${text(result.learner_to_library)}`);
    console.log(`ratio learner / NumPy: ${text(result.learner_to_numpy)}`);
  }
  console.log(`the same accuracies at every evaluation in every run: ${sameAccuracies ? "yes" : "NO"}`);
  console.log(
    `NumPy's BLAS: ${result.numpy_blas?.library}, kernel ${result.numpy_blas?.kernel}, ${result.numpy_blas?.threads} threads`,
  );
  console.log(`load average after: ${loadText(loadAfter)}`);
  console.log(JSON.stringify(result));
  if (!sameAccuracies) process.exitCode = 1;
}

/** One benchmark in its own process; its last line of output is the JSON. */
function runOnce({ name, command, argv }) {
  const run = spawnSync(command, argv, { encoding: "utf8", maxBuffer: 1 << 24, env: { ...process.env, FORCE_COLOR: "0" } });
  const lines = (run.stdout ?? "").trim().split("\n");
  if (run.status !== 0 || run.error) {
    throw new Error(`bench: ${name} failed (${run.error?.message ?? `exit ${run.status}`}):\n${run.stderr}\n${run.stdout}`);
  }
  return JSON.parse(lines[lines.length - 1]);
}

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median: round2(median), min: round2(sorted[0]), max: round2(sorted[sorted.length - 1]), runs: values };
}

function round2(x) {
  return Math.round(x * 100) / 100;
}

function loadText(load) {
  return `${load.map((x) => x.toFixed(2)).join(", ")} (1, 5, 15 min; ${os.cpus().length} cores)`;
}
