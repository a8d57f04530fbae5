// The short run of the lessons that train, without a kernel: what their
// metadata must say, and where the hint finds a history leaving the teacher's.
import { expect } from "chai";
import * as path from "node:path";
import { type Notebook, readNotebook } from "../../jupyter-client";
import { historyHint } from "../../teaching/grader/short-run";
import { lessonQuickMode } from "../../teaching/quick-mode";
import { notebooksDir } from "../support/lessons";

const lesson237 = (): Notebook => readNotebook(path.join(notebooksDir, "237_relu_vs_sigmoid.ipynb"));

function withHistory(history: unknown): Notebook {
  const notebook = structuredClone(lesson237());
  (notebook.metadata.dlfs as { quick: { history: unknown } }).quick.history = history;
  return notebook;
}

describe("the short run of a lesson that trains", () => {
  it("judges every answer only the full training reaches by the histories it rests on (237, 238)", () => {
    for (const name of ["237_relu_vs_sigmoid.ipynb", "238_two_vs_three_layers.ipynb"]) {
      const quick = lessonQuickMode(readNotebook(path.join(notebooksDir, name)), name)!;
      expect(Object.keys(quick.history ?? {}).sort(), name).to.deep.equal([...quick.unchecked].sort());
    }
  });

  it("refuses a history that leaves an unchecked answer out, or names no variable", () => {
    expect(() => lessonQuickMode(withHistory({ reluTestAcc: ["reluHistory"] }), "237")).to.throw(
      /does not map every unchecked answer/,
    );
    expect(() => lessonQuickMode(withHistory({ reluTestAcc: [], sigmoidTestAcc: ["s"], reluLead: ["r"] }), "237")).to.throw(
      /does not map every unchecked answer/,
    );
  });

  it("says in which history, and at which point, a short run first leaves the teacher's", () => {
    const segments = [
      { label: "reluHistory.trainLoss", length: 3 },
      { label: "reluHistory.trainAcc", length: 1 },
      { label: "reluHistory.testAcc", length: 1 },
    ];
    const teacher = [2.3, 2.2, 2.1, 0.1, 0.11];
    expect(historyHint(segments, [2.3, 2.2, 2.1, 0.1, 0.12], teacher)).to.match(
      /^같은 시드로 학습했는데 reluHistory\.testAcc\[0\]부터 .* · trained from the same seeds, it differs from the teacher's training from reluHistory\.testAcc\[0\] on/,
    );
    expect(historyHint(segments, [2.3, 2.25, 2.1, 0.1, 0.11], teacher)).to.include("reluHistory.trainLoss[1]");
    expect(historyHint(segments, [2.3, 2.2], teacher)).to.match(
      /^학습 기록의 길이가 다르다 · the training histories have 2 numbers/,
    );
  });
});
