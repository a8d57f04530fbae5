// The training-history figure as plotly JSON, and the bundle that carries it.
import { inEnglish } from "../../support/language";
import { expect } from "chai";
import {
  blockMeans,
  captureDisplays,
  epochNumbers,
  historyFigure,
  lossPerEvaluation,
  type PlotlyAxis,
  resetPlotSession,
} from "dlfs/internal";
import { plotHistory, showPlot, type TrainHistory } from "dlfs";
import { stdoutOf } from "../../support/stdout";

const plotlyMime = "application/vnd.plotly.v1+json";

/** `iterations` losses falling from 2, evaluated every `every` iterations from 0. */
function history(label: string, iterations: number, every: number): TrainHistory {
  const evalIterations = Array.from({ length: Math.ceil(iterations / every) }, (_, e) => e * every);
  return {
    label,
    trainLoss: Array.from({ length: iterations }, (_, i) => 2 / (1 + i / 100)),
    evalIterations,
    trainAcc: evalIterations.map((_, e) => Math.min(0.99, 0.1 + 0.2 * e)),
    testAcc: evalIterations.map((_, e) => Math.min(0.97, 0.1 + 0.19 * e)),
    seconds: 3.5,
  };
}

describe("display: the history figure", () => {
  inEnglish();
  const relu = history("ReLU", 10_000, 600);
  const sigmoid = history("Sigmoid", 10_000, 600);

  it("has train, test and loss traces for each run, named after it", () => {
    const figure = historyFigure([relu, sigmoid]);
    expect(figure.data.map((t) => t.name)).to.deep.equal([
      "ReLU train acc",
      "ReLU test acc",
      "ReLU loss",
      "Sigmoid train acc",
      "Sigmoid test acc",
      "Sigmoid loss",
    ]);
    expect(historyFigure(relu).data).to.have.length(3);
  });

  it("draws test accuracy dashed and train accuracy solid, in the run's colour", () => {
    const [train, test, loss, train2] = historyFigure([relu, sigmoid]).data;
    expect(train.line?.dash).to.equal("solid");
    expect(test.line?.dash).to.equal("dash");
    expect(test.line?.color).to.equal(train.line?.color);
    expect(loss.line?.color).to.equal(train.line?.color);
    expect(train2.line?.color).to.not.equal(train.line?.color);
  });

  it("puts accuracy per epoch on the first axes, with y from 0 to 1", () => {
    const { data, layout } = historyFigure(relu);
    expect(data[0].x).to.deep.equal(Array.from({ length: 17 }, (_, e) => e));
    expect(data[0].y).to.deep.equal(relu.trainAcc);
    expect(data[1].y).to.deep.equal(relu.testAcc);
    expect([data[0].xaxis, data[0].yaxis]).to.deep.equal(["x", "y"]);
    expect(layout.yaxis?.range).to.deep.equal([0, 1]);
    expect(layout.yaxis?.title?.text).to.equal("accuracy");
    expect(layout.xaxis?.title?.text).to.equal("epochs");
  });

  it("puts the loss per iteration on the second axes, thinned to block means", () => {
    const { data, layout } = historyFigure(relu, { lossPoints: 500 });
    const loss = data[2];
    expect([loss.xaxis, loss.yaxis]).to.deep.equal(["x2", "y2"]);
    expect(loss.y).to.have.length(500);
    expect((layout.xaxis2 as PlotlyAxis).title?.text).to.equal("iterations");
    expect((layout.yaxis2 as PlotlyAxis).title?.text).to.equal("loss");
    const titles = (layout.annotations as Array<{ text: string }>).map((a) => a.text);
    expect(titles).to.deep.equal(["Accuracy per epoch", "Loss (mean of every 20 iterations)"]);
  });

  it("keeps a short loss curve as it is, and takes a title", () => {
    const short = history("", 300, 100);
    const figure = historyFigure(short, { title: "Tiny run" });
    expect(figure.data[2].y).to.deep.equal(short.trainLoss);
    expect(figure.data.map((t) => t.name)).to.deep.equal(["train acc", "test acc", "loss"]);
    expect(figure.layout.title?.text).to.equal("Tiny run");
  });
});

describe("display: reading a history per evaluation", () => {
  inEnglish();
  const base = { label: "", trainAcc: [], testAcc: [], seconds: 0 };

  it("numbers epochs from the evaluation spacing", () => {
    expect(epochNumbers({ ...base, trainLoss: [], evalIterations: [0, 600, 1200] })).to.deep.equal([0, 1, 2]);
    expect(epochNumbers({ ...base, trainLoss: [], evalIterations: [599, 1199, 1799] })).to.deep.equal([1, 2, 3]);
    expect(epochNumbers({ ...base, trainLoss: [], evalIterations: [0, 10, 15] })).to.deep.equal([0, 1, 2]);
    expect(epochNumbers({ ...base, trainLoss: [], evalIterations: [7] })).to.deep.equal([0]);
  });

  it("averages the loss since the previous evaluation", () => {
    const h = { ...base, trainLoss: [4, 3, 2, 1, 0], evalIterations: [0, 2, 4, 6] };
    expect(lossPerEvaluation(h)).to.deep.equal([4, 2.5, 0.5, NaN]);
  });

  it("thins a series to block means, skipping NaN", () => {
    expect(blockMeans([1, 3, 5, NaN, 7, 9, 11], 3)).to.deep.equal({ x: [1, 4, 6], y: [3, 8, 11], blockSize: 3 });
    expect(blockMeans([NaN, NaN], 1).y).to.deep.equal([null]);
    expect(blockMeans([1, 2], 10)).to.deep.equal({ x: [0, 1], y: [1, 2], blockSize: 1 });
  });
});

describe("display: the plot's MIME bundle", () => {
  inEnglish();
  const run = history("ReLU", 2000, 200);

  it("carries plotly JSON, HTML and a text summary", () => {
    resetPlotSession();
    const { displays } = captureDisplays(() => plotHistory(run));
    expect(displays).to.have.length(1);
    const bundle = displays[0].data;
    expect(Object.keys(bundle).sort()).to.deep.equal([plotlyMime, "text/html", "text/plain"].sort());
    const figure = bundle[plotlyMime] as { data: unknown[]; layout: object; config: object };
    expect(figure.data).to.have.length(3);
    expect(figure).to.have.keys("data", "layout", "config");
    expect(bundle["text/plain"]).to.match(/ReLU: 10 evaluations, 2000 iterations, final train acc 0\.9900, test acc 0\.9700$/m);
  });

  it("embeds plotly.js in the first plot of a session only", () => {
    resetPlotSession();
    const { displays } = captureDisplays(() => {
      plotHistory(run);
      plotHistory(run);
    });
    const [first, second] = displays.map((d) => String(d.data["text/html"]));
    expect(first).to.include("if (!window.Plotly)");
    expect(first.length).to.be.above(1_000_000);
    expect(second).to.not.include("if (!window.Plotly)");
    expect(second.length).to.be.below(100_000);
    for (const html of [first, second]) {
      expect(html).to.match(/<div id="dlfs-plot-[0-9a-f]+" class="dlfs-plot"/);
      expect(html).to.include("Plotly.newPlot");
    }
  });

  it("keeps a trace name from closing the script element", () => {
    const { displays } = captureDisplays(() =>
      showPlot({ data: [{ type: "scatter", name: "</script><b>", y: [1] }], layout: {} }, { includeLibrary: false }),
    );
    const result = displays[0].data;
    const html = String(result["text/html"]);
    expect(html).to.not.include("</script><b>");
    expect(html).to.include("\\u003c/script>\\u003cb>");
    expect(result["text/plain"]).to.equal("Plot (plotly figure: </script><b>)");
  });

  it("prints only the text summary in a terminal, without building the library in", () => {
    resetPlotSession();
    const printed = stdoutOf(() => plotHistory(run));
    expect(printed).to.match(/^Training history \(plot: accuracy per epoch, loss per iteration\)\nReLU: /);
    // Nothing went to a page, so the next plot that does must still bring plotly.js.
    const { displays } = captureDisplays(() => plotHistory(run));
    expect(String(displays[0].data["text/html"])).to.include("if (!window.Plotly)");
  });
});
