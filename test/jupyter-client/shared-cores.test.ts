// Kernels run side by side get their share of the cores for dlfs's threads.
import { expect } from "chai";
import * as os from "node:os";
import { environmentForKernelsAtOnce } from "../../jupyter-client";

describe("kernels run side by side", () => {
  const cores = os.availableParallelism();

  it("each get the cores divided among them, at least one thread", () => {
    expect(environmentForKernelsAtOnce(2, { PATH: "/bin" })).to.deep.equal({
      PATH: "/bin",
      DLFS_THREADS: String(Math.max(1, Math.floor(cores / 2))),
    });
    expect(environmentForKernelsAtOnce(cores * 3, {}).DLFS_THREADS).to.equal("1");
  });

  it("leave alone a single kernel and a number the user chose", () => {
    const env = { PATH: "/bin" };
    expect(environmentForKernelsAtOnce(1, env)).to.equal(env);
    const chosen = { DLFS_THREADS: "4" };
    expect(environmentForKernelsAtOnce(2, chosen)).to.equal(chosen);
  });
});
