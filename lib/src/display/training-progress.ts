// The progress line of a training run: iteration, loss, the last measured
// accuracies and the time so far, one output updated in place.
import type { TrainHistory, TrainProgress, TrainReporter } from "../history";
import { progressLine } from "./progress";

function formatAcc(acc: number | undefined): string {
  return acc === undefined ? "-" : acc.toFixed(4);
}

/** A reporter for train() that shows one progress line. */
export function trainingProgressLine(): TrainReporter {
  const line = progressLine();
  let lastAcc = "";
  return {
    report(info: TrainProgress) {
      if (info.trainAcc !== undefined) lastAcc = `, train acc ${formatAcc(info.trainAcc)}, test acc ${formatAcc(info.testAcc)}`;
      const elapsed = `, ${info.seconds.toFixed(1)} s`;
      line.update(
        (info.iteration + 1) / info.iters,
        `iteration ${info.iteration + 1}/${info.iters}, loss ${info.loss.toFixed(4)}${lastAcc}${elapsed}`,
      );
    },
    finish(history: TrainHistory) {
      const last = history.trainAcc.length - 1;
      const acc =
        last >= 0 ? `, train acc ${formatAcc(history.trainAcc[last])}, test acc ${formatAcc(history.testAcc[last])}` : "";
      const name = history.label ? `${history.label}: ` : "";
      line.finish(`${name}${history.trainLoss.length} iterations in ${history.seconds.toFixed(1)} s${acc}`);
    },
    stop(iteration: number, iters: number) {
      line.finish(`stopped at iteration ${iteration + 1}/${iters}`);
    },
  };
}
