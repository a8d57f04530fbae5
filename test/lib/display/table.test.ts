// Training runs as DataFrames, and tables as notebook outputs.
import { expect } from "chai";
import { captureDisplays, formatCell, tableBundle } from "dlfs/internal";
import { historyFrame, showTable, summaryFrame, type TrainHistory } from "dlfs";

const relu: TrainHistory = {
  label: "ReLU",
  trainLoss: [2.5, 1.5, 1.0, 0.5, 0.25],
  evalIterations: [0, 2, 4],
  trainAcc: [0.1, 0.6, 0.9],
  testAcc: [0.12, 0.55, 0.875],
  seconds: 1.5,
};
const sigmoid: TrainHistory = { ...relu, label: "Sigmoid", trainAcc: [0.1, 0.3, 0.5], testAcc: [0.1, 0.25, 0.5], seconds: 2 };

describe("display: tables", function () {
  // The first use loads danfojs-node, which brings TensorFlow.js: slow on a busy machine.
  this.timeout(60_000);

  it("has one row per evaluation in a history frame", () => {
    const df = historyFrame(relu);
    expect(df.columns).to.deep.equal(["epoch", "iteration", "train_acc", "test_acc", "loss"]);
    expect(df.values).to.deep.equal([
      [0, 0, 0.1, 0.12, 2.5],
      [1, 2, 0.6, 0.55, 1.25],
      [2, 4, 0.9, 0.875, 0.375],
    ]);
  });

  it("has one row per run in a summary frame", () => {
    const df = summaryFrame([relu, sigmoid]);
    expect(df.columns).to.deep.equal(["label", "final_train_acc", "final_test_acc", "seconds"]);
    expect(df.values).to.deep.equal([
      ["ReLU", 0.9, 0.875, 1.5],
      ["Sigmoid", 0.5, 0.5, 2],
    ]);
  });

  it("makes empty frames with their columns", () => {
    const empty: TrainHistory = { label: "none", trainLoss: [], evalIterations: [], trainAcc: [], testAcc: [], seconds: 0 };
    expect(historyFrame(empty).shape).to.deep.equal([0, 5]);
    expect(summaryFrame([]).columns).to.deep.equal(["label", "final_train_acc", "final_test_acc", "seconds"]);
  });

  it("shows a frame as an HTML table with a text fallback", () => {
    const { displays } = captureDisplays(() => showTable(summaryFrame([relu, sigmoid]), { caption: "Runs" }));
    expect(displays).to.have.length(1);
    const result = displays[0].data;
    expect(Object.keys(result).sort()).to.deep.equal(["text/html", "text/plain"]);
    const html = String(result["text/html"]);
    expect(html).to.match(/^<table class="dataframe"/);
    expect(html).to.include("<caption>Runs</caption>");
    expect(html).to.include("<th>final_test_acc</th>");
    expect(html).to.include("<tr><th>1</th><td>Sigmoid</td><td>0.5</td><td>0.5</td><td>2</td></tr>");
    expect(result["text/plain"])
      .to.match(/^Runs\n╔/)
      .and.include("Sigmoid");
  });

  it("shows plain rows, escaping their text, and says when the text is cut short", () => {
    const rows = Array.from({ length: 12 }, (_, i) => ({ name: i === 0 ? "<b>" : `r${i}`, value: i / 3 }));
    const result = tableBundle(rows);
    const html = String(result["text/html"]);
    expect(html).to.include("<td>&lt;b&gt;</td>");
    expect(html.match(/<tr><th>/g)).to.have.length(12);
    expect(result["text/plain"]).to.match(/\(12행 중 처음 10행\)$/);
  });

  it("rounds numbers to four significant digits", () => {
    expect([0.123456, 12.3456, 3, NaN, "x", null].map(formatCell)).to.deep.equal(["0.1235", "12.35", "3", "NaN", "x", "null"]);
  });
});
