// Adding a layer touches one place: its class. The drawing styles are one list
// checked here against the exports, and the NumPy reference has each layer.
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import * as dlfs from "dlfs";
import { ComputationalGraph, MultiLayerNet, type NDArray, RandomState, type Layer } from "dlfs";
import { LAYER_STYLES, styleOf } from "dlfs/internal";
import { libDir } from "../support/paths";

/** A class whose instances have forward and backward. */
function isLayerClass(value: unknown): boolean {
  if (typeof value !== "function") return false;
  const prototype: unknown = value.prototype;
  return (
    typeof prototype === "object" &&
    prototype !== null &&
    ["forward", "backward"].every((method) => typeof Reflect.get(prototype, method) === "function")
  );
}

/** The layer classes dlfs exports. */
const layerClasses = Object.entries(dlfs).filter(([, value]) => isLayerClass(value));

/** A layer of one's own: y = 2x. */
class Double implements Layer {
  forward(input: NDArray): NDArray {
    return input.mul(2);
  }
  backward(dout: NDArray): NDArray {
    return dout.mul(2);
  }
}

describe("layers: one place to add one", () => {
  it("finds the book's six layers among the exports", () => {
    expect(layerClasses.map(([name]) => name).sort()).to.deep.equal([
      "AddLayer",
      "Affine",
      "MulLayer",
      "Relu",
      "Sigmoid",
      "SoftmaxWithLoss",
    ]);
  });

  it("styles only layers that dlfs exports", () => {
    const exported = new Set(layerClasses.map(([name]) => name));
    for (const name of Object.keys(LAYER_STYLES)) expect(exported.has(name), `${name} in LAYER_STYLES`).to.equal(true);
  });

  it("has each exported layer in the NumPy reference (lib/reference/book.py)", () => {
    const book = fs.readFileSync(path.join(libDir, "reference", "book.py"), "utf8");
    const pythonClasses = new Set([...book.matchAll(/^class (\w+)/gm)].map((match) => match[1]));
    for (const [name] of layerClasses) expect(pythonClasses.has(name), `class ${name} in book.py`).to.equal(true);
  });

  it("draws a layer of one's own as a box with its class name and forward's parameter names", () => {
    expect(styleOf(new Double())).to.deep.equal({ label: "Double", shape: "box", inputNames: ["input"], outputName: "" });
    expect(styleOf(new dlfs.MulLayer())).to.include({ label: "×", shape: "circle" });
    expect(styleOf(new dlfs.MulLayer()).inputNames).to.deep.equal(["x", "y"]);
    expect(styleOf(new dlfs.SoftmaxWithLoss())).to.deep.include({
      label: "Softmax-with-Loss",
      inputNames: ["x", "t"],
      outputName: "L",
    });
  });

  it("uses a layer of one's own as the activation of a network, and draws it", () => {
    const net = new MultiLayerNet([3, 4, 2], { activation: Double, rng: new RandomState(1) });
    expect([...net.layers.keys()]).to.deep.equal(["Affine1", "Double1", "Affine2"]);
    const graph = new ComputationalGraph();
    graph.trackNetwork(net);
    const x = new RandomState(2).randn(2, 3);
    const t = dlfs.array(
      [
        [1, 0],
        [0, 1],
      ],
      "float64",
    );
    net.gradient(x, t);
    const labels = graph.nodes.filter((node) => node.kind === "operation").map((node) => node.label);
    expect(labels).to.deep.equal(["Affine", "Double", "Affine", "Softmax-with-Loss"]);
  });

  it("says what to pass when the activation is a name instead of a class", () => {
    const activation = "relu" as unknown as typeof Double;
    expect(() => new MultiLayerNet([3, 4, 2], { activation })).to.throw(TypeError, /a layer class such as Relu or Sigmoid/);
  });
});
