import { expect } from "chai";
import {
  Affine,
  array,
  ComputationalGraph,
  type GraphEdge,
  type GraphNode,
  MulLayer,
  NDArray,
  RandomState,
  Relu,
  ThreeLayerNet,
} from "dlfs";
import { recordFruitExample, recordNetwork } from "../../support/recorded-graphs";
import { keyNumber } from "../../support/key";

/** "apple -> mul_apple_layer": edges written by the names of their ends. */
function edgeNames(edges: readonly GraphEdge[]): string[] {
  return edges.map((edge) => `${edge.from.name} -> ${edge.to.name}`);
}

function edgeBetween(edges: readonly GraphEdge[], from: string, to: string): GraphEdge {
  const found = edges.filter((edge) => edge.from.name === from && edge.to.name === to);
  expect(found, `one edge ${from} -> ${to}`).to.have.length(1);
  return found[0];
}

function namesOf(nodes: readonly GraphNode[], kind: GraphNode["kind"]): string[] {
  return nodes.filter((node) => node.kind === kind).map((node) => node.name);
}

describe("ComputationalGraph: recording the apple and orange example (problem 213)", () => {
  it("leaves the layers' results unchanged", () => {
    const { price, gradients } = recordFruitExample(true);
    expect(price).to.equal(keyNumber("213", "price"));
    const names = ["dapple", "dappleNum", "dorange", "dorangeNum", "dtax"] as const;
    expect(gradients).to.deep.equal(Object.fromEntries(names.map((name) => [name, keyNumber("213", name)])));
  });

  it("has the five named inputs, the four operations and the named result", () => {
    const { g } = recordFruitExample(true);
    expect(namesOf(g.nodes, "input")).to.deep.equal(["apple", "apple_num", "orange", "orange_num", "tax"]);
    expect(namesOf(g.nodes, "operation")).to.deep.equal([
      "mul_apple_layer",
      "mul_orange_layer",
      "add_apple_orange_layer",
      "mul_tax_layer",
    ]);
    expect(g.nodes.filter((node) => node.kind === "operation").map((node) => node.label)).to.deep.equal(["×", "×", "+", "×"]);
    expect(namesOf(g.nodes, "output")).to.deep.equal(["price"]);
    expect(new Set(g.nodes.map((node) => node.id)).size).to.equal(g.nodes.length);
  });

  it("connects the nodes as in the book's figure", () => {
    const { g } = recordFruitExample(true);
    expect(edgeNames(g.edges)).to.deep.equal([
      "apple -> mul_apple_layer",
      "apple_num -> mul_apple_layer",
      "orange -> mul_orange_layer",
      "orange_num -> mul_orange_layer",
      "mul_apple_layer -> add_apple_orange_layer",
      "mul_orange_layer -> add_apple_orange_layer",
      "add_apple_orange_layer -> mul_tax_layer",
      "tax -> mul_tax_layer",
      "mul_tax_layer -> price",
    ]);
  });

  it("keeps the forward value and the gradient of every edge, exactly", () => {
    const { g } = recordFruitExample(true);
    const expected: [from: string, to: string, value: number, gradient: number][] = [
      ["apple", "mul_apple_layer", 100, keyNumber("213", "dapple")],
      ["apple_num", "mul_apple_layer", 2, keyNumber("213", "dappleNum")],
      ["orange", "mul_orange_layer", 150, keyNumber("213", "dorange")],
      ["orange_num", "mul_orange_layer", 3, keyNumber("213", "dorangeNum")],
      ["mul_apple_layer", "add_apple_orange_layer", 200, 1.1],
      ["mul_orange_layer", "add_apple_orange_layer", 450, 1.1],
      ["add_apple_orange_layer", "mul_tax_layer", 650, 1.1],
      ["tax", "mul_tax_layer", 1.1, keyNumber("213", "dtax")],
      ["mul_tax_layer", "price", keyNumber("213", "price"), 1],
    ];
    for (const [from, to, value, gradient] of expected) {
      const edge = edgeBetween(g.edges, from, to);
      expect(edge.value, `value ${from} -> ${to}`).to.equal(value);
      expect(edge.gradient, `gradient ${from} -> ${to}`).to.equal(gradient);
    }
    expect(g.warnings).to.deep.equal([]);
  });

  it("has no gradients before backward", () => {
    const { g } = recordFruitExample(false);
    expect(g.edges).to.have.length(9);
    expect(g.edges.every((edge) => edge.gradient === undefined)).to.equal(true);
    expect(g.hasGradients).to.equal(false);
    expect(g.toText()).to.contain("forward only").and.not.contain("backward:");
  });

  it("summarises itself in a few lines of text", () => {
    const { g } = recordFruitExample(true);
    const text = g.toText();
    expect(text.split("\n")[0]).to.equal("ComputationalGraph: 4 operations, 5 inputs, forward and backward");
    expect(text).to.contain("× mul_apple_layer: apple 100, apple_num 2 → 200");
    expect(text).to.contain(
      `backward: 1.1 → ${keyNumber("213", "dapple")} to apple, ${keyNumber("213", "dappleNum")} to apple_num`,
    );
    expect(text).to.contain("+ add_apple_orange_layer: 200 from mul_apple_layer, 450 from mul_orange_layer → 650");
  });

  it("the tracked layer is the layer itself: same class, same fields", () => {
    const g = new ComputationalGraph();
    const layer = new MulLayer();
    const tracked = g.track(layer);
    expect(tracked).to.be.instanceOf(MulLayer);
    tracked.forward(3, 4);
    expect(tracked.x).to.equal(3);
    expect(layer.y).to.equal(4);
    expect(g.track(layer)).to.equal(tracked);
  });

  it("track() hands back the very object; the layer's own methods return when its node is replaced", () => {
    const g = new ComputationalGraph();
    const relu = new Relu();
    expect(g.track(relu, "relu")).to.equal(relu);
    expect(Object.getPrototypeOf(relu)).to.equal(Relu.prototype);
    expect(Object.keys(relu)).to.deep.equal(["mask"]);
    relu.forward(array([[1, -2]]));
    expect(edgeNames(g.edges)).to.deep.equal(["x -> relu", "relu -> "]);
    g.track(new Relu(), "relu");
    expect(Object.hasOwn(relu, "forward") || Object.hasOwn(relu, "backward")).to.equal(false);
  });

  it("a network tracked for a graph goes through its layers: accuracy() and gradient() are recorded", () => {
    const rng = new RandomState(6);
    const net = new ThreeLayerNet(4, 5, 4, 3, { rng });
    const g = new ComputationalGraph();
    expect(g.trackNetwork(net).layers.get("Affine1")).to.be.instanceOf(Affine);
    net.accuracy(rng.randn(3, 4), array([0, 1, 2]));
    expect(namesOf(g.nodes, "operation")).to.deep.equal(["Affine1", "Relu1", "Affine2", "Relu2", "Affine3"]);
  });
});

describe("ComputationalGraph: how values are traced", () => {
  it("names inputs nobody named after forward's parameters, and the result after the layer", () => {
    const g = new ComputationalGraph();
    const mul = g.track(new MulLayer());
    mul.forward(100, 2);
    expect(edgeNames(g.edges)).to.deep.equal(["x -> ×", "y -> ×", "× -> "]);
  });

  it("a layer written in a notebook is drawn like the library's layer of the same name", () => {
    class MulLayer {
      x = 0;
      y = 0;
      forward(x: number, y: number): number {
        this.x = x;
        this.y = y;
        return x * y;
      }
      backward(dout: number): [number, number] {
        return [dout * this.y, dout * this.x];
      }
    }
    const g = new ComputationalGraph();
    g.track(new MulLayer(), "mine").forward(2, 3);
    expect(g.nodes.find((node) => node.name === "mine")?.label).to.equal("×");
  });

  it("a layer the library does not know is a box labelled with its class name", () => {
    class Square {
      x = 0;
      forward(x: number): number {
        this.x = x;
        return x * x;
      }
      backward(dout: number): number {
        return dout * 2 * this.x;
      }
    }
    const g = new ComputationalGraph();
    const square = g.track(new Square());
    square.forward(g.input("a", 3));
    square.backward(1);
    expect(g.nodes.map((node) => [node.kind, node.label, node.shape])).to.deep.equal([
      ["input", "a", "text"],
      ["operation", "Square", "box"],
      ["output", "", "text"],
    ]);
    expect(edgeBetween(g.edges, "a", "Square").gradient).to.equal(6);
  });

  it("when two sources give the same number, it takes the one not used yet and says it guessed", () => {
    const g = new ComputationalGraph();
    const a = g.input("a", 3);
    const b = g.input("b", 3);
    g.track(new MulLayer(), "first").forward(a, 2);
    g.track(new MulLayer(), "second").forward(b, 2);
    expect(edgeNames(g.edges).filter((name) => !name.startsWith("y"))).to.deep.equal([
      "a -> first",
      "first -> ",
      "b -> second",
      "second -> ",
    ]);
    expect(g.warnings).to.have.length(2);
    expect(g.warnings[0]).to.match(/3 given to first could come from a or b; the graph took a/);
  });

  it("the same array given to two layers is one input with two edges", () => {
    const g = new ComputationalGraph();
    const x = array([
      [1.0, -0.5],
      [-2.0, 3.0],
    ]);
    g.track(new Relu(), "relu_a").forward(x);
    g.track(new Relu(), "relu_b").forward(x);
    expect(namesOf(g.nodes, "input")).to.deep.equal(["x"]);
    expect(edgeNames(g.edges)).to.deep.equal(["x -> relu_a", "relu_a -> ", "x -> relu_b", "relu_b -> "]);
  });

  it("running forward again starts a new pass: old gradients are cleared", () => {
    const g = new ComputationalGraph();
    const mul = g.track(new MulLayer(), "mul");
    mul.forward(g.input("a", 2), g.input("b", 5));
    mul.backward(1);
    expect(g.hasGradients).to.equal(true);
    mul.forward(2, 5);
    expect(g.hasGradients).to.equal(false);
    expect(namesOf(g.nodes, "input")).to.deep.equal(["a", "b"]);
  });

  it("tracking another layer under a name in use replaces the old node (a notebook cell run twice)", () => {
    const g = new ComputationalGraph();
    for (let run = 0; run < 2; run++) {
      const mul = g.track(new MulLayer(), "mul_apple_layer");
      mul.forward(g.input("apple", 100), g.input("apple_num", 2));
    }
    expect(edgeNames(g.edges)).to.deep.equal(["apple -> mul_apple_layer", "apple_num -> mul_apple_layer", "mul_apple_layer -> "]);
    expect(g.warnings).to.deep.equal([]);
  });

  it("an array named before a layer takes it keeps its name (a lesson's set-up cell)", () => {
    const g = new ComputationalGraph();
    const X = array([[1, -2]]);
    g.input("X", X);
    const relu = g.track(new Relu(), "relu");
    relu.forward(X);
    expect(namesOf(g.nodes, "input")).to.deep.equal(["X"]);
    expect(edgeNames(g.edges)).to.deep.equal(["X -> relu", "relu -> "]);
  });

  it("naming a value that no tracked layer returned is an error that says what to do", () => {
    const g = new ComputationalGraph();
    expect(() => g.output("price", 715)).to.throw(/no tracked layer returned this value/);
    const relu = g.track(new Relu());
    const y = relu.forward(array([1, -1]));
    expect(() => g.input("y", y)).to.throw(/graph\.output\("y", value\)/);
  });
});

describe("ComputationalGraph: a batch through Affine, Relu and SoftmaxWithLoss", () => {
  it("draws W and b as inputs of their Affine layer, named after it", () => {
    const { g } = recordNetwork();
    expect(namesOf(g.nodes, "input")).to.deep.equal(["x", "t"]);
    expect(namesOf(g.nodes, "parameter")).to.deep.equal(["W1", "b1", "W2", "b2"]);
    expect(g.nodes.filter((node) => node.kind === "operation").map((node) => node.label)).to.deep.equal([
      "Affine",
      "Relu",
      "Affine",
      "Softmax-with-Loss",
    ]);
    expect(namesOf(g.nodes, "output")).to.deep.equal(["L"]);
    expect(edgeNames(g.edges)).to.deep.equal([
      "x -> Affine1",
      "W1 -> Affine1",
      "b1 -> Affine1",
      "Affine1 -> Relu1",
      "Relu1 -> Affine2",
      "W2 -> Affine2",
      "b2 -> Affine2",
      "Affine2 -> Softmax-with-Loss",
      "t -> Softmax-with-Loss",
      "Softmax-with-Loss -> L",
    ]);
  });

  it("every array edge carries a value and a gradient of the same shape", () => {
    const { g } = recordNetwork();
    const shapes = g.edges.map((edge) => [edge.from.name, edge.value instanceof NDArray ? edge.value.shape : "number"]);
    expect(shapes).to.deep.equal([
      ["x", [2, 4]],
      ["W1", [4, 3]],
      ["b1", [3]],
      ["Affine1", [2, 3]],
      ["Relu1", [2, 3]],
      ["W2", [3, 3]],
      ["b2", [3]],
      ["Affine2", [2, 3]],
      ["t", [2, 3]],
      ["Softmax-with-Loss", "number"],
    ]);
    for (const edge of g.edges) {
      if (edge.from.name === "t") {
        expect(edge.gradient, "no gradient goes back to the labels").to.equal(undefined);
      } else if (edge.value instanceof NDArray) {
        expect(edge.gradient, `gradient of ${edge.from.name}`).to.be.instanceOf(NDArray);
        expect((edge.gradient as NDArray).shape).to.deep.equal(edge.value.shape);
      }
    }
  });

  it("the gradients on the edges are the layers' own dx, dW and db, and 1 for the loss", () => {
    const { g, loss, dx, affine1, affine2 } = recordNetwork();
    expect(edgeBetween(g.edges, "x", "Affine1").gradient).to.deep.equal(dx);
    expect(edgeBetween(g.edges, "W1", "Affine1").gradient).to.deep.equal(affine1.dW);
    expect(edgeBetween(g.edges, "b2", "Affine2").gradient).to.deep.equal(affine2.db);
    const lossEdge = edgeBetween(g.edges, "Softmax-with-Loss", "L");
    expect(lossEdge.value).to.equal(loss);
    expect(lossEdge.gradient).to.equal(1);
  });

  it("keeps a copy of each value, so a later in-place update does not change the record", () => {
    const { g, affine1 } = recordNetwork();
    const before = (edgeBetween(g.edges, "W1", "Affine1").value as NDArray).toArray();
    affine1.W.isub(1);
    expect((edgeBetween(g.edges, "W1", "Affine1").value as NDArray).toArray()).to.deep.equal(before);
  });

  it("trackNetwork records a whole network's gradient(), and repeated passes keep only the last one", () => {
    const rng = new RandomState(1);
    const net = new ThreeLayerNet(4, 5, 4, 3, { rng });
    const g = new ComputationalGraph();
    g.trackNetwork(net);
    const t = array([
      [0, 0, 1],
      [0, 1, 0],
    ]);
    for (let pass = 0; pass < 3; pass++) net.gradient(rng.randn(2, 4), t);
    expect(namesOf(g.nodes, "operation")).to.deep.equal(["Affine1", "Relu1", "Affine2", "Relu2", "Affine3", "Softmax-with-Loss"]);
    expect(namesOf(g.nodes, "input")).to.deep.equal(["x", "t"]);
    expect(namesOf(g.nodes, "parameter")).to.deep.equal(["W1", "b1", "W2", "b2", "W3", "b3"]);
    // The first Affine layer skips dx (backwardParams): its dW still arrives, its input gets none.
    expect(edgeBetween(g.edges, "W1", "Affine1").gradient).to.be.instanceOf(NDArray);
    expect(edgeBetween(g.edges, "x", "Affine1").gradient).to.equal(undefined);
  });
});
