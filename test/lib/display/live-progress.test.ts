// In a real tslab kernel, `await train(...)` moves its progress line while the
// cell runs (the display updates reach the client during training, not all at
// the end), the saved output is the one finished line, and the kernel's
// Interrupt stops the training instead of leaving it running in the background.
import { expect } from "chai";
import { CellTimeoutError, KernelSession, outputText, type Output } from "../../../jupyter-client";
import { notebooksDir } from "../../support/lessons";

interface Arrival {
  seconds: number;
  text: string;
}

describe("the training progress line in a notebook", function () {
  this.timeout(120_000);
  let session: KernelSession;

  before(async () => {
    session = await KernelSession.start({ cwd: notebooksDir });
    const setup = await session.execute(
      `import { TwoLayerNet, RandomState, loadMnist, train, trainSync, arange } from "dlfs";
const mnist = loadMnist({ normalize: true, oneHotLabel: true });
const first = arange(5000);
const data = { xTrain: mnist.xTrain.take(first), tTrain: mnist.tTrain.take(first), xTest: mnist.xTest.take(first), tTest: mnist.tTest.take(first) };`,
      { timeoutSeconds: 60 },
    );
    expect(setup.error?.evalue).to.equal(undefined);
  });

  after(async () => {
    await session?.shutdown();
  });

  /** Runs `code` and notes when each change of its display arrived, in seconds from the start. */
  async function arrivals(code: string): Promise<{ arrivals: Arrival[]; seconds: number; outputs: Output[] }> {
    const start = performance.now();
    const seen: Arrival[] = [];
    const result = await session.execute(code, {
      timeoutSeconds: 60,
      onOutput: (output) => {
        if (output.output_type === "display_data")
          seen.push({ seconds: (performance.now() - start) / 1000, text: outputText(output) });
      },
    });
    expect(result.error?.evalue).to.equal(undefined);
    return { arrivals: seen, seconds: (performance.now() - start) / 1000, outputs: result.outputs };
  }

  it("arrives while train() runs, and ends as one finished line", async () => {
    const run = await arrivals(
      `const history = await train(new TwoLayerNet(784, 50, 10, { rng: new RandomState(1) }), data, { iters: 1500, seed: 1, label: "live" });`,
    );
    expect(run.seconds, "the cell should train for a while").to.be.above(1.5);
    // Updates every 200 ms of training, each as it happens: many well before the end.
    const early = run.arrivals.filter((a) => a.seconds < run.seconds - 0.5);
    expect(early.length, JSON.stringify(run.arrivals.map((a) => a.seconds.toFixed(2)))).to.be.at.least(3);
    expect(early.some((a) => /iteration \d+\/1500, loss \d\.\d{4}/.test(a.text))).to.equal(true);
    expect(run.outputs).to.have.length(1);
    const last = String((run.outputs[0] as { data: Record<string, unknown> }).data["text/plain"]);
    expect(last).to.match(/^\[#{24}\] 100% live: 1500 iterations in \d+\.\d s, train acc 0\.\d{4}, test acc 0\.\d{4}$/);
  });

  it("stops training when the kernel is interrupted", async () => {
    // The cell's time limit interrupts the kernel (SIGINT), as Jupyter's Interrupt button does.
    // Declared in a cell of its own: tslab keeps nothing of a cell that failed.
    expect((await session.execute("let reports = 0;", { timeoutSeconds: 10 })).error).to.equal(undefined);
    const cell = session.execute(
      `await train(new TwoLayerNet(784, 50, 10, { rng: new RandomState(2) }), data, { iters: 100000, seed: 2, onProgress: () => reports++ });`,
      { timeoutSeconds: 1.5, interruptGraceSeconds: 5 },
    );
    const failure = await cell.then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).to.be.instanceOf(CellTimeoutError);
    expect((failure as CellTimeoutError).kernelSurvived).to.equal(true);
    // The loop is stopped: no report comes after the interrupt.
    const after = await session.execute(
      `const reportsThen = reports;
await new Promise((resolve) => setTimeout(resolve, 1000));
console.log(reportsThen > 0, reports === reportsThen);`,
      { timeoutSeconds: 10 },
    );
    expect(after.outputs.map((o) => (o.output_type === "stream" ? o.text : "")).join("")).to.equal("true true\n");
  });
});
