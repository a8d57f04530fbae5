// The progress line of a training run: iteration, loss, the last measured
// accuracies and the time so far, one output updated in place.
import type { TrainHistory, TrainProgress, TrainReporter } from "../history";
import { progressLine } from "./progress";
import { learnerMessages } from "../answer-key/course-language";

function formatAcc(acc: number | undefined): string {
  return acc === undefined ? "-" : acc.toFixed(4);
}

/** A reporter for train() that shows one progress line. */
export function trainingProgressLine(): TrainReporter {
  const m = learnerMessages();
  const line = progressLine();
  let lastAcc = "";
  return {
    report(info: TrainProgress) {
      if (info.trainAcc !== undefined) lastAcc = `, ${m.accuracies(formatAcc(info.trainAcc), formatAcc(info.testAcc))}`;
      const elapsed = `, ${m.seconds(info.seconds.toFixed(1))}`;
      line.update(
        (info.iteration + 1) / info.iters,
        `${m.progress(info.iteration + 1, info.iters, info.loss.toFixed(4))}${lastAcc}${elapsed}`,
      );
    },
    finish(history: TrainHistory) {
      const last = history.trainAcc.length - 1;
      const acc = last >= 0 ? `, ${m.accuracies(formatAcc(history.trainAcc[last]), formatAcc(history.testAcc[last]))}` : "";
      const name = history.label ? `${history.label}: ` : "";
      line.finish(`${name}${m.trained(history.trainLoss.length, history.seconds.toFixed(1))}${acc}`);
    },
    stop(iteration: number, iters: number) {
      line.finish(m.stoppedAt(iteration + 1, iters));
    },
  };
}
