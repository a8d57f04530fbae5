// The book's training loop (ch05/train_neuralnet.py): mini-batch SGD, the
// loss of every batch, and the accuracy on the whole training and test sets
// once per epoch.
import { learnerMessages } from "./answer-key/course-language";
import { trainingProgressLine } from "./display/training-progress";
import type { Gradients } from "./gradient";
import type { TrainHistory, TrainProgress, TrainReporter } from "./history";
import { currentHost } from "./host";
import { fusedTrainingStep, type TrainingStep } from "./fused-network";
import { heapArray } from "./engine/wasm-runtime";
import { NDArray } from "./ndarray";
import { MultiLayerNet } from "./nets";
import { shapeText } from "./util";
import { random as defaultRandom, RandomState } from "./random";

/** What train() needs from a network: the book's TwoLayerNet, ThreeLayerNet or MultiLayerNet. */
export interface TrainableNet {
  readonly params: Record<string, NDArray>;
  gradient(x: NDArray, t: NDArray): Gradients;
  loss(x: NDArray, t: NDArray): number;
  accuracy(x: NDArray, t: NDArray): number;
}

/** Training and test sets, as loadMnist() returns them. */
export interface TrainData {
  xTrain: NDArray;
  tTrain: NDArray;
  xTest: NDArray;
  tTest: NDArray;
}

export interface TrainOptions {
  /** Updates in all (default 10000, the book's iters_num). */
  iters?: number;
  /** Images per mini-batch (default 100). */
  batchSize?: number;
  /** The step size of SGD (default 0.1). */
  learningRate?: number;
  /**
   * Seed of the generator that draws the batches; the same seed (and the same
   * initial weights) gives the same history. Without one the batches come from
   * the module-level `random`, as the book's np.random.choice.
   */
  seed?: number;
  /** Iterations between two accuracy measurements (default one epoch: trainSize / batchSize). */
  evalEvery?: number;
  /** The name of the run in legends and tables (default ""). */
  label?: string;
  /**
   * Called at every accuracy measurement, at the last iteration, and otherwise
   * at most every 200 ms: reporting every one of 10,000 iterations would cost
   * more than it shows.
   */
  onProgress?: (info: TrainProgress) => void;
  /**
   * Where progress is shown: true for a progress line (in a notebook one
   * output updated in place), false for none, or a reporter of your own.
   * Default: true for train(), false for trainSync().
   */
  progress?: boolean | TrainReporter;
}

/** The shortest time between two progress reports, in milliseconds. */
const PROGRESS_INTERVAL_MS = 200;

/**
 * Train `net` with mini-batch SGD, as the book's train_neuralnet.py:
 *
 *   for i in range(iters_num):
 *       batch_mask = np.random.choice(train_size, batch_size)
 *       grad = network.gradient(x_batch, t_batch)
 *       for key in params: network.params[key] -= learning_rate * grad[key]
 *       loss = network.loss(x_batch, t_batch)
 *       if i % iter_per_epoch == 0: train_acc, test_acc = …
 *
 * The parameters are updated in place, so `net` ends up trained. A network
 * of the library's own (MultiLayerNet, TwoLayerNet, ThreeLayerNet) is trained
 * on reused buffers, not through its layer objects: afterwards their cached
 * `x`, `mask`, `dW` are those of the last `net.gradient()` you called, not of
 * the last update (call it again to look at them). In a
 * notebook, `const history = await train(net, data)` shows a progress line
 * that moves while the cell runs (`progress` is on unless `{ progress: false }`).
 * At every report (at most every 200 ms, which costs nothing measurable) the
 * loop gives the event loop a turn: the kernel stays responsive, and its
 * Interrupt stops the training. See trainSync() for scripts.
 */
export async function train(net: TrainableNet, data: TrainData, options: TrainOptions = {}): Promise<TrainHistory> {
  const loop = trainingLoop(net, data, { ...options, progress: options.progress ?? true });
  // The kernel's Interrupt (SIGINT) ends the cell at once but cannot stop a
  // loop that runs between turns of the event loop; this does, at the next turn.
  let interrupted = false;
  const onInterrupt = (): void => {
    interrupted = true;
  };
  let stopListening: (() => void) | undefined;
  try {
    for (let step = loop.next(); ;) {
      if (step.done) return step.value;
      await nextTurnOfEventLoop();
      // Only now, after the cell's synchronous part: tslab runs that part with
      // vm's breakOnSigint, which puts back the default SIGINT action when it
      // ends, over a handler added meanwhile, and the kernel would die on Interrupt.
      stopListening ??= currentHost().listenForInterrupt(onInterrupt);
      step = interrupted ? loop.throw(interruptedError(step.value)) : loop.next();
    }
  } finally {
    stopListening?.();
  }
}

function interruptedError({ iteration, iters }: TrainProgress): Error {
  return new Error(learnerMessages().interrupted(iteration + 1, iters));
}

/**
 * The same training as train() in one synchronous call, never giving the
 * event loop a turn: for scripts and tests. Its progress line is off unless
 * `{ progress: true }`.
 */
export function trainSync(net: TrainableNet, data: TrainData, options: TrainOptions = {}): TrainHistory {
  const loop = trainingLoop(net, data, options);
  for (let step = loop.next(); ; step = loop.next()) {
    if (step.done) return step.value;
  }
}

/** setImmediate runs after the I/O phase: pending messages (the progress line) go out first. */
function nextTurnOfEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * The loop itself. It pauses (yields what it reported) right after each progress
 * report, so that train() can let the event loop run there; trainSync() goes
 * straight on. An error thrown into it there (an interrupt) closes the
 * progress line where it stopped.
 */
function* trainingLoop(net: TrainableNet, data: TrainData, options: TrainOptions): Generator<TrainProgress, TrainHistory, void> {
  const { xTrain, tTrain, xTest, tTest } = data;
  checkData(data);
  const trainSize = xTrain.shape[0];
  const {
    iters = 10000,
    batchSize = 100,
    learningRate = 0.1,
    evalEvery = Math.max(trainSize / batchSize, 1),
    label = "",
  } = options;
  checkOptions(iters, batchSize, learningRate, evalEvery, trainSize);
  const rng = options.seed === undefined ? defaultRandom : new RandomState(options.seed);
  const reporter = throttledReporter(options, iters);

  const history: TrainHistory = { label, trainLoss: [], evalIterations: [], trainAcc: [], testAcc: [], seconds: 0 };
  // One batch array each, refilled every iteration: cheaper than a new 600 KB array each time.
  const xBatch = batchArray(xTrain, batchSize);
  const tBatch = batchArray(tTrain, batchSize);
  // The library's networks take a path with no new arrays per update (fused-network.ts), others go through their layers.
  const fastStep = runsBookMethods(net) ? fusedTrainingStep(net, xBatch, tBatch) : null;
  const start = performance.now();
  let i = 0;
  try {
    for (; i < iters; i++) {
      const batchMask = rng.choice(trainSize, batchSize);
      xTrain.take(batchMask, xBatch); // x_batch = x_train[batch_mask]
      tTrain.take(batchMask, tBatch);

      const loss = step(net, xBatch, tBatch, learningRate, i, fastStep);
      history.trainLoss.push(loss);

      let trainAcc: number | undefined;
      let testAcc: number | undefined;
      if (i % evalEvery === 0) {
        // Plain numbers in the history, whether a network gives them as such or as NumPy's scalars.
        trainAcc = Number(net.accuracy(xTrain, tTrain));
        testAcc = Number(net.accuracy(xTest, tTest));
        history.evalIterations.push(i);
        history.trainAcc.push(trainAcc);
        history.testAcc.push(testAcc);
      }
      const progress = { iteration: i, iters, loss, trainAcc, testAcc, seconds: (performance.now() - start) / 1000 };
      if (reporter.report(progress)) yield progress;
    }
  } finally {
    // An error, an interrupt, or a caller that abandoned the loop: close the progress line where it stopped.
    if (i < iters) reporter.stop(i, iters);
  }
  history.seconds = (performance.now() - start) / 1000;
  reporter.finish(history);
  return history;
}

/**
 * Whether `net` is a MultiLayerNet whose gradient, loss and predict are
 * MultiLayerNet's own: a subclass that overrides one of them has it run.
 */
function runsBookMethods(net: TrainableNet): net is MultiLayerNet {
  if (!(net instanceof MultiLayerNet)) return false;
  const own = MultiLayerNet.prototype;
  return net.gradient === own.gradient && net.loss === own.loss && net.predict === own.predict;
}

/** One SGD update on a batch; returns the batch's loss after the update. */
function step(
  net: TrainableNet,
  xBatch: NDArray,
  tBatch: NDArray,
  learningRate: number,
  i: number,
  fastStep: TrainingStep | null,
): number {
  let loss: number;
  try {
    if (fastStep) loss = fastStep(learningRate);
    else {
      const grad = net.gradient(xBatch, tBatch);
      for (const key of Object.keys(net.params)) update(key, net.params[key], grad[key], learningRate);
      loss = Number(net.loss(xBatch, tBatch));
    }
  } catch (error) {
    throw new Error(learnerMessages().iterationFailed(i, learningRate, (error as Error).message), { cause: error });
  }
  if (!Number.isFinite(loss)) {
    throw new RangeError(learnerMessages().lossBlewUp(loss, i, learningRate));
  }
  return loss;
}

/**
 * params[key] -= learningRate * grad[key], in place (the layers hold the same
 * arrays as params). The same arithmetic as isub(grad.mul(learningRate)),
 * without a temporary array the size of W1 on every update.
 */
function update(key: string, param: NDArray, grad: NDArray | undefined, learningRate: number): void {
  if (!grad || shapeText(grad.shape) !== shapeText(param.shape)) {
    const found = grad ? `shape ${shapeText(grad.shape)}` : "none";
    throw new RangeError(
      `train: the gradient of ${key} must have the shape of the parameter, ${shapeText(param.shape)}; got ${found}`,
    );
  }
  const p = param.data;
  const g = grad.data;
  for (let i = 0; i < p.length; i++) p[i] -= learningRate * g[i];
}

/** An array for one batch of rows of `x`, where the products read it without a copy. */
function batchArray(x: NDArray, batchSize: number): NDArray {
  const rowSize = x.size / x.shape[0];
  const data = heapArray(x.dtype === "float32" ? "float32" : "float64", batchSize * rowSize);
  return new NDArray(data, [batchSize, ...x.shape.slice(1)], x.dtype);
}

// ---- checks ------------------------------------------------------------------------

function checkData({ xTrain, tTrain, xTest, tTest }: TrainData): void {
  const sets: [string, NDArray, string, NDArray][] = [
    ["xTrain", xTrain, "tTrain", tTrain],
    ["xTest", xTest, "tTest", tTest],
  ];
  for (const [xName, x, tName, t] of sets) {
    if (!(x instanceof NDArray) || !(t instanceof NDArray)) {
      throw new TypeError(`train: data.${xName} and data.${tName} must be arrays (NDArray), as loadMnist() returns them`);
    }
    if (x.ndim < 2 || x.shape[0] === 0) {
      throw new RangeError(`train: data.${xName} must hold at least one image per row, got shape ${shapeText(x.shape)}`);
    }
    if (t.ndim < 1 || t.shape[0] !== x.shape[0]) {
      throw new RangeError(
        `train: data.${tName} must have one label (or one-hot row) per image: ${xName} has ${x.shape[0]} rows, ` +
          `${tName} has shape ${shapeText(t.shape)}`,
      );
    }
  }
}

function checkOptions(iters: number, batchSize: number, learningRate: number, evalEvery: number, trainSize: number): void {
  if (!Number.isInteger(iters) || iters < 0) throw new RangeError(`train: iters must be a whole number >= 0, got ${iters}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`train: batchSize must be a whole number >= 1, got ${batchSize}`);
  }
  if (batchSize > trainSize) {
    throw new RangeError(
      `train: batchSize ${batchSize} is larger than the training set (${trainSize} images); use at most ${trainSize}`,
    );
  }
  if (!(learningRate > 0) || !Number.isFinite(learningRate)) {
    throw new RangeError(`train: learningRate must be a number > 0 (the book uses 0.1), got ${learningRate}`);
  }
  if (!(evalEvery > 0)) throw new RangeError(`train: evalEvery must be > 0 iterations, got ${evalEvery}`);
}

// ---- progress ------------------------------------------------------------------------

/** The reporter as train() uses it: report() says whether it reported (at most every 200 ms, and at every evaluation). */
interface Throttled {
  report(info: TrainProgress): boolean;
  finish(history: TrainHistory): void;
  stop(iteration: number, iters: number): void;
}

function throttledReporter(options: TrainOptions, iters: number): Throttled {
  const { onProgress } = options;
  const shown = options.progress === true ? trainingProgressLine() : options.progress || undefined;
  let lastReport = -Infinity;
  return {
    report(info) {
      const measured = info.trainAcc !== undefined;
      const now = performance.now();
      if (!measured && info.iteration !== iters - 1 && now - lastReport < PROGRESS_INTERVAL_MS) return false;
      lastReport = now;
      onProgress?.(info);
      shown?.report(info);
      return true;
    },
    finish: (history) => shown?.finish(history),
    stop: (iteration) => shown?.stop(iteration, iters),
  };
}
