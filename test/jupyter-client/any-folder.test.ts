// A lesson saved anywhere on disk runs in the project's kernel: dlfs is found
// at run time (NODE_PATH) and by tslab's type checker (patch-tslab.js).
import { checkHeadlineOf } from "dlfs/answer-key";
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { executeNotebook, outputText } from "../../jupyter-client";
import { notebooksDir } from "../support/lessons";

describe("a lesson copied out of the project", function () {
  this.timeout(120_000);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "dlfs-elsewhere-"));
  const copy = path.join(folder, "213.ipynb");
  before(() => fs.copyFileSync(path.join(notebooksDir, "213_fruit_backward.ipynb"), copy));
  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  it("imports dlfs, type-checks and passes its check", async () => {
    const run = await executeNotebook(copy, { timeoutSeconds: 60 });
    expect(run.failure ?? "", run.failure).to.equal("");
    const text = run.cells
      .flatMap((cell) => cell.outputs)
      .map(outputText)
      .join("\n");
    expect(text).to.include(checkHeadlineOf("213", 6, 6));
  });

  it("fails at its first cell without the project's packages on NODE_PATH (what the kernelspec provides)", async () => {
    const env = { ...process.env, NODE_PATH: "" };
    const run = await executeNotebook(copy, { timeoutSeconds: 60, launch: { env } });
    expect(run.ok).to.equal(false);
    expect(run.failure).to.match(/Cannot find module 'dlfs'/);
  });
});
