// What every run of a whole lesson must show in its check cell's output:
// every answer correct, or, in quick mode (training shortened), a ✔ for each
// answer the quick mode still judges. Used by the runs in the site's kernel.
import { expect } from "chai";
import { answerKey, checkHeadlineOf } from "dlfs/answer-key";
import type { QuickMode } from "../../teaching/quick-mode";

export function expectCheckPassed(report: string, name: string, problem: string, quick: QuickMode | undefined): void {
  const entry = answerKey[problem];
  if (quick === undefined) {
    const count = entry.items.length;
    expect(report, `${name}: the check cell`).to.include(checkHeadlineOf(problem, count, count));
    return;
  }
  const judged = entry.items.filter((item) => !quick.unchecked.includes(item.name));
  expect(judged, `${name}: answers judged in quick mode`).to.not.have.length(0);
  for (const item of judged) expect(report, `${name}: the check of ${item.name}`).to.match(new RegExp(`✔ ${item.name} = `));
}
