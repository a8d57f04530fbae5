/** Reading a TrainHistory per evaluation: which epoch, and what loss. */
import type { TrainHistory } from "../history";

/**
 * The epoch number of each evaluation.
 *
 * A loop that evaluates every `n` iterations records evenly spaced iterations;
 * the epoch is then the iteration divided by `n`. This gives 0, 1, 2, ... for
 * the book's loop (which evaluates at i % iter_per_epoch == 0, starting at
 * i = 0) and 1, 2, 3, ... for a loop that evaluates at the end of each epoch.
 * Irregular spacing falls back to counting evaluations from 0, as the book's
 * plot does with np.arange(len(train_acc_list)).
 */
export function epochNumbers(history: TrainHistory): number[] {
  const its = history.evalIterations;
  const spacing = its.length >= 2 ? its[1] - its[0] : 0;
  const even = spacing > 0 && its.every((it, i) => i === 0 || it - its[i - 1] === spacing);
  return its.map((it, i) => (even ? Math.round(it / spacing) : i));
}

/**
 * The mean mini-batch loss of the iterations since the previous evaluation
 * (this evaluation's iteration included), one number per evaluation: a
 * per-epoch loss to put next to the per-epoch accuracies. NaN where the
 * history holds no loss for those iterations.
 */
export function lossPerEvaluation(history: TrainHistory): number[] {
  const losses = history.trainLoss;
  return history.evalIterations.map((it, i) => {
    const from = i === 0 ? 0 : history.evalIterations[i - 1] + 1;
    const to = Math.min(it, losses.length - 1);
    let sum = 0;
    for (let k = from; k <= to; k++) sum += losses[k];
    return to >= from ? sum / (to - from + 1) : NaN;
  });
}
