// What a training run records, shared by the training loop, the plots and the tables.

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
