// The batch grader on the lessons that train on MNIST (237, 238), whose
// learners write their own network classes: correct classes, written the
// teacher's way or another, get every point; a "Sigmoid" network that is
// really ReLU, Relu2 lost under a shared key, and the handout do not. Run in
// the lessons' quick mode (metadata.dlfs.quick: training shortened, the
// accuracies judged by the training histories against the teacher's short
// run), as `npm run grade` does by default; the full training is what the
// lesson test runs.
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { type Notebook, readNotebook } from "../../jupyter-client";
import { gradeBatch } from "../../teaching/grader/grade-batch";
import type { GradeResult, GradeRow } from "../../teaching/grader/grade-submission";
import { Gradebook } from "../../teaching/grader/gradebook";
import { studentVersion } from "../../teaching/student-version";
import { notebooksDir } from "../support/lessons";
import { put, tempFolder, withCode } from "./support/submissions";

const lesson = (name: string): Notebook => readNotebook(path.join(notebooksDir, name));
const teacher237 = (): Notebook => lesson("237_relu_vs_sigmoid.ipynb");
const teacher238 = (): Notebook => lesson("238_two_vs_three_layers.ipynb");

/** A correct class written another way: reduce instead of loops, the gradients gathered by key. */
function otherWay237(): Notebook {
  let notebook = withCode(
    teacher237(),
    "let out = x;\n    for (const layer of this.layers.values()) out = layer.forward(out);\n    return out;",
    "return [...this.layers.values()].reduce((out, layer) => layer.forward(out), x);",
  );
  notebook = withCode(
    notebook,
    "let dout = this.lastLayer.backward(1);\n    for (const layer of [...this.layers.values()].reverse()) dout = layer.backward(dout);",
    "[...this.layers.values()].reverse().reduce((dout, layer) => layer.backward(dout), this.lastLayer.backward(1));",
  );
  return notebook;
}

describe("grader: lessons 237 and 238, the learner's own networks (short run) @slow", function () {
  this.timeout(10 * 60 * 1000);
  const submissions = tempFolder("dlfs-training-submissions-");
  const out = tempFolder("dlfs-training-grades-");
  let rows: Map<string, GradeRow>;
  let results: Map<string, GradeResult>;

  const hintOf = (id: string, answer: string): string | undefined =>
    results.get(id)?.report?.outcomes.find((outcome) => outcome.name === answer)?.hint;

  before(async () => {
    put(submissions, "kim_237.ipynb", teacher237());
    put(submissions, "lee_237.ipynb", otherWay237());
    put(
      submissions,
      "park_237.ipynb",
      withCode(
        teacher237(),
        "this.layers.set(`${activation.name}1`, new activation());",
        'this.layers.set("Relu1", new Relu());',
      ),
    );
    put(submissions, "choi_237.ipynb", studentVersion(teacher237(), "237"));
    put(submissions, "kim_238.ipynb", teacher238());
    put(
      submissions,
      "lee_238.ipynb",
      withCode(
        withCode(teacher238(), 'this.layers.set("Relu1", new Relu());', 'this.layers.set("Relu", new Relu());'),
        'this.layers.set("Relu2", new Relu());',
        'this.layers.set("Relu", new Relu());',
      ),
    );
    const summary = await gradeBatch({
      inputs: [submissions],
      outDir: out,
      regrade: false,
      timeoutSeconds: 60,
      memoryMb: 1024,
      jobs: 2,
      lessonsDir: notebooksDir,
    });
    rows = new Map((await Gradebook.open(summary.gradebook)).rows.map((row) => [`${row.student}_${row.problem}`, row]));
    results = new Map(summary.results.map((result) => [`${result.row.student}_${result.row.problem}`, result]));
  });

  after(() => {
    fs.rmSync(submissions, { recursive: true, force: true });
    fs.rmSync(out, { recursive: true, force: true });
  });

  function expectRow(id: string, status: GradeRow["status"], points: number, max: number, reason: RegExp): void {
    const row = rows.get(id);
    if (row === undefined) throw new Error(`no gradebook row ${id}; rows: ${[...rows.keys()].join(", ")}`);
    expect({ status: row.status, points: row.points, max: row.max }, `${id}: ${row.reason}`).to.deep.equal({
      status,
      points,
      max,
    });
    expect(row.reason, `${id}: ${row.reason}`).to.match(reason);
  }

  it("gives every point to correct classes, the teacher's and one written another way", () => {
    expectRow(
      "kim_237",
      "graded",
      8,
      8,
      /all 8 answers correct; on hidden inputs too.*short run: training shortened, reluTestAcc, sigmoidTestAcc, reluLead judged by its training histories against the teacher's/,
    );
    expectRow("lee_237", "graded", 8, 8, /all 8 answers correct; on hidden inputs too/);
    expectRow("kim_238", "graded", 6, 6, /all 6 answers correct; on hidden inputs too/);
  });

  it("takes the points of a Sigmoid network that really uses ReLU, saying where its training left the teacher's", () => {
    expectRow(
      "park_237",
      "partial",
      3,
      8,
      /3\/8 correct; not right: sigmoidProbeGrad, sigmoidProbeGradB1, sigmoidLayers, sigmoidTestAcc, reluLead/,
    );
    expect(hintOf("park_237", "sigmoidTestAcc")).to.match(
      /^같은 시드로 학습했는데 sigmoidHistory\.trainLoss\[0\]부터 선생님의 학습과 다르다.* · trained from the same seeds, it differs from the teacher's training from sigmoidHistory\.trainLoss\[0\] on/,
    );
    expect(hintOf("park_237", "reluLead"), "the ReLU history is the teacher's").to.match(/sigmoidHistory\.trainLoss\[0\]/);
  });

  it("takes the points of a three-layer network that lost Relu2 under a shared key", () =>
    expectRow("lee_238", "partial", 2, 6, /2\/6 correct; not right: probeGrad, probeGradB1, threeTestAcc, testGap/));

  it("gives nothing for the handout as it is", () => expectRow("choi_237", "error", 0, 8, /not implemented yet/));
});
