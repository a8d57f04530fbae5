// The progress line in its three places: notebook, terminal, log.
import { expect } from "chai";
import { captureDisplays, type ProgressOutput, progressText } from "dlfs/internal";
import { progressLine } from "dlfs";

function fakeOutput(isTTY: boolean, columns?: number): ProgressOutput & { written: string[] } {
  const written: string[] = [];
  return { isTTY, columns, written, write: (text: string) => written.push(text) };
}

describe("display: progress line", () => {
  it("formats a bar, a percentage and the text", () => {
    expect(progressText(0.5, "epoch 5")).to.equal(`[${"#".repeat(12)}${"-".repeat(12)}]  50% epoch 5`);
    expect(progressText(1.7, "")).to.equal(`[${"#".repeat(24)}] 100%`);
    expect(progressText(NaN, "x")).to.match(/^\[-{24}\] {3}0% x$/);
  });

  it("in a notebook, keeps one output and replaces it in place", () => {
    const { displays } = captureDisplays(() => {
      const line = progressLine();
      for (let i = 1; i <= 100; i++) line.update(i / 100, `step ${i}`);
      line.finish("done");
      line.update(0.1, "ignored after finish");
    });
    const ids = new Set(displays.map((d) => d.transient?.display_id));
    expect(ids.size).to.equal(1);
    expect([...ids][0]).to.be.a("string");
    expect(displays.map((d) => d.update)).to.deep.equal([false, ...Array<boolean>(100).fill(true)]);
    const last = displays[displays.length - 1].data;
    expect(last["text/plain"]).to.equal(progressText(1, "done"));
    expect(last["text/html"]).to.include('<progress value="1" max="1"').and.include("100% done");
  });

  it("escapes the text in the notebook's HTML", () => {
    const { displays } = captureDisplays(() => progressLine().update(0.2, "<loss> & more"));
    expect(displays[0].data["text/html"]).to.include("&lt;loss&gt; &amp; more");
  });

  it("in a terminal, redraws one line with \\r and ends it on finish", () => {
    const out = fakeOutput(true, 40);
    const line = progressLine({ output: out });
    line.update(0.25, "epoch 1 of 4, a long description that does not fit");
    line.update(0.5, "epoch 2");
    line.finish();
    expect(out.written).to.have.length(3);
    for (const w of out.written) expect(w.startsWith("\r")).to.equal(true);
    expect(out.written[0]).to.equal(
      `\r${progressText(0.25, "epoch 1 of 4, a long description that does not fit").slice(0, 39)}\x1b[K`,
    );
    expect(out.written[2]).to.equal(`\r${progressText(0.5, "epoch 2")}\x1b[K\n`);
  });

  it("in a log, writes nothing but the finish line", () => {
    const out = fakeOutput(false);
    const line = progressLine({ output: out });
    for (let i = 1; i <= 10; i++) line.update(i / 10, `epoch ${i}`);
    expect(out.written).to.deep.equal([]);
    line.finish("10 epochs, test acc 0.97");
    line.finish("twice");
    expect(out.written).to.deep.equal([progressText(1, "10 epochs, test acc 0.97") + "\n"]);
  });
});
