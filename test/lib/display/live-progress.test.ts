// In a real tslab kernel, `await train(...)` moves its progress line while the
// cell runs (the display updates reach the client during training, not all at
// the end), the saved output is the one finished line, and the kernel's
// Interrupt stops the training instead of leaving it running in the background.
// The kernel runs in the lessons' folder, so the line speaks their Korean.
// Nothing here depends on how fast the machine is: the long training runs until
// the test has seen its progress and interrupts it.
import { expect } from "chai";
import { KernelSession, outputText, type Output } from "../../../jupyter-client";
import { interruptedText } from "../../../jupyterlite/kernel/learner-error";
import { notebooksDir } from "../../support/lessons";

/** The text of each display_data output, in the order they arrived. */
function displayTexts(outputs: readonly Output[]): string[] {
  return outputs.filter((output) => output.output_type === "display_data").map(outputText);
}

describe("the training progress line in a notebook", function () {
  this.timeout(120_000);
  let session: KernelSession;

  before(async () => {
    session = await KernelSession.start({ cwd: notebooksDir });
    const setup = await session.execute(
      `import { TwoLayerNet, RandomState, loadMnist, train, arange } from "dlfs";
const mnist = loadMnist({ normalize: true, oneHotLabel: true });
const first = arange(5000);
const data = { xTrain: mnist.xTrain.take(first), tTrain: mnist.tTrain.take(first), xTest: mnist.xTest.take(first), tTest: mnist.tTest.take(first) };
let reports = 0;`,
      { timeoutSeconds: 60 },
    );
    expect(setup.error?.evalue).to.equal(undefined);
  });

  after(async () => {
    await session?.shutdown();
  });

  it("arrives while train() runs, and the Interrupt stops the training", async () => {
    // A training far longer than any test: only the interrupt below ends it.
    const iters = 1_000_000;
    const seen: string[] = [];
    let interrupted = false;
    const result = await session.execute(
      `await train(new TwoLayerNet(784, 50, 10, { rng: new RandomState(1) }), data, { iters: ${iters}, seed: 1, label: "live", onProgress: () => reports++ });`,
      {
        timeoutSeconds: 100,
        onOutput: (output) => {
          if (output.output_type !== "display_data") return;
          seen.push(outputText(output));
          // Three moves of the line while the cell still runs: then press Interrupt.
          if (seen.length === 3 && !interrupted) {
            interrupted = true;
            session.interrupt();
          }
        },
      },
    );
    expect(interrupted, `progress seen before the cell ended: ${JSON.stringify(seen)}`).to.equal(true);
    for (const text of seen.slice(0, 3)) expect(text).to.match(new RegExp(`반복 \\d+/${iters}, 손실 \\d\\.\\d{4}`));
    expect(result.status, "the interrupted cell").to.equal("error");
    // The interrupt's own words (Korean first), not an error of the training.
    expect(result.error?.evalue ?? "").to.equal(interruptedText.split("\n")[0]);
    // The loop is stopped: no report comes after the interrupt.
    const after = await session.execute(
      `const reportsThen = reports;
await new Promise((resolve) => setTimeout(resolve, 1000));
console.log(reportsThen > 0, reports === reportsThen);`,
      { timeoutSeconds: 10 },
    );
    expect(after.outputs.map((o) => (o.output_type === "stream" ? o.text : "")).join("")).to.equal("true true\n");
    // What stays under the interrupted cell is one line saying where the training stopped
    // (the loop writes it when it notices the interrupt, after the cell has ended).
    expect(displayTexts(result.outputs)).to.have.length(1);
    expect(displayTexts(result.outputs)[0]).to.match(new RegExp(`반복 \\d+/${iters}에서 멈췄다$`));
  });

  it("ends as one finished line when the training is done", async () => {
    const result = await session.execute(
      `const history = await train(new TwoLayerNet(784, 50, 10, { rng: new RandomState(2) }), data, { iters: 60, seed: 2, label: "live" });`,
      { timeoutSeconds: 60 },
    );
    expect(result.error?.evalue).to.equal(undefined);
    expect(result.outputs).to.have.length(1);
    expect(displayTexts(result.outputs)[0]).to.match(
      /^\[#{24}\] 100% live: 60회 반복, \d+\.\d초, 훈련 정확도 0\.\d{4}, 시험 정확도 0\.\d{4}$/,
    );
  });
});
