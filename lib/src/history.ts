// What a training run reports and records, shared by the training loop, the
// progress line, the plots and the tables.

export interface TrainHistory {
  /** A name for legends and tables, e.g. "ReLU" or "3 layers". */
  label: string;
  /** The loss of every mini-batch, after its update (one per iteration). */
  trainLoss: number[];
  /** The iteration at which each accuracy below was measured (once per epoch). */
  evalIterations: number[];
  /** Accuracy on the whole training set at each evaluation. */
  trainAcc: number[];
  /** Accuracy on the whole test set at each evaluation. */
  testAcc: number[];
  /** Seconds spent in the training loop, evaluations included. */
  seconds: number;
}

/** What onProgress hears: where the loop is, and the accuracies when they were just measured. */
export interface TrainProgress {
  /** The iteration just done, counting from 0. */
  iteration: number;
  iters: number;
  /** The loss of this iteration's batch, after its update. */
  loss: number;
  trainAcc?: number;
  testAcc?: number;
  /** Seconds since training started. */
  seconds: number;
}

/** Shows a training's progress: at most every 200 ms, at each evaluation and at the end. */
export interface TrainReporter {
  report(info: TrainProgress): void;
  /** Training ended normally. */
  finish(history: TrainHistory): void;
  /** Training stopped early, by an error or an interrupt, in iteration `iteration` (counting from 0). */
  stop(iteration: number, iters: number): void;
}
