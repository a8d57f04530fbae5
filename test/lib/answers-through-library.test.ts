// Every numeric answer of problems 209–236, recomputed through dlfs and
// compared with the answer key that real NumPy wrote (lib/reference/make_answer_key.py).
import { expect } from "chai";
import { answerKey } from "dlfs/answer-key";
import { Affine, AddLayer, MulLayer, NDArray, Relu, Sigmoid, SoftmaxWithLoss, array, dot, random } from "dlfs";
import { keyNumber } from "../support/key";

type Expected = number | boolean | Expected[];
interface KeyItem {
  name: string;
  expected: Expected;
  dtype?: string;
  numpy?: string;
}
const key = answerKey as unknown as Record<string, { items: KeyItem[] }>;

function expectedOf(problem: string, name: string): KeyItem {
  const item = key[problem].items.find((i) => i.name === name);
  if (!item) throw new Error(`answer key ${problem} has no item ${name}`);
  return item;
}

/** Same shape and values (rtol 1e-12), and for arrays the same dtype and NumPy's printed text. */
function check(problem: string, name: string, actual: NDArray | number | readonly number[]): void {
  const item = expectedOf(problem, name);
  const label = `${problem} ${name}`;
  if (actual instanceof NDArray) {
    expect(actual.toArray(), label).to.satisfy((v: Expected) => close(v, item.expected));
    if (item.dtype) expect(actual.dtype, `${label} dtype`).to.equal(item.dtype);
    if (item.numpy) expect(actual.toString(), `${label} printed`).to.equal(item.numpy);
  } else {
    expect(close(actual as Expected, item.expected), `${label}: ${String(actual)} vs ${JSON.stringify(item.expected)}`).to.equal(
      true,
    );
  }
}

/** What a MulLayer keeps of its forward, [x, y]. */
function remembered(layer: MulLayer): number[] {
  if (layer.x === null || layer.y === null) throw new Error("the layer's forward has not run");
  return [layer.x, layer.y];
}

function close(a: Expected, b: Expected): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => close(x, b[i]));
  }
  const x = Number(a);
  const y = Number(b);
  return Math.abs(x - y) <= 1e-12 * Math.abs(y) + 1e-300;
}

const X = array([[1, 2]]);
const W1 = array([
  [1, 3, 5],
  [2, 4, 6],
]);
const W2 = array([
  [1, 4],
  [2, 5],
  [3, 6],
]);
const W3 = array([
  [5, 6, 7],
  [2, 3, 4],
]);
const B1 = array([[1, 2, 3]]);
const B2 = array([[1, 2]]);
const B3 = array([[1, 1, 1]]);
const t = array([[0, 0, 1]]);
const threeLayers = (): [Affine, Relu, Affine, Relu, Affine] => [
  new Affine(W1, B1),
  new Relu(),
  new Affine(W2, B2),
  new Relu(),
  new Affine(W3, B3),
];

describe("answers of problems 209–236 through the library", () => {
  it("209–213: the apple and orange graph", () => {
    const mul = new MulLayer();
    check("209", "out", mul.forward(100, 2));
    const [dx, dy] = mul.backward(1);
    check("209", "dx", dx);
    check("209", "dy", dy);

    const apple = new MulLayer();
    const taxLayer = new MulLayer();
    const price210 = taxLayer.forward(apple.forward(100, 2), 1.1);
    check("210", "price", price210);
    check("210", "appleLayerInputs", remembered(apple));
    check("210", "taxLayerInputs", remembered(taxLayer));

    const add = new AddLayer();
    check("211", "out", add.forward(200, 450));
    check("211", "dx", add.backward(1.1)[0]);

    const mulApple = new MulLayer();
    const mulOrange = new MulLayer();
    const addFruit = new AddLayer();
    const mulTax = new MulLayer();
    const price = mulTax.forward(addFruit.forward(mulApple.forward(100, 2), mulOrange.forward(150, 3)), 1.1);
    check("212", "price", price);
    expect(String(price)).to.equal(String(keyNumber("212", "price")));
    check("212", "appleLayerInputs", remembered(mulApple));
    check("212", "orangeLayerInputs", remembered(mulOrange));
    check("212", "taxLayerInputs", remembered(mulTax));
    const [dallPrice, dtax] = mulTax.backward(1);
    const [dapplePrice, dorangePrice] = addFruit.backward(dallPrice);
    const [dorange, dorangeNum] = mulOrange.backward(dorangePrice);
    const [dapple, dappleNum] = mulApple.backward(dapplePrice);
    check("213", "dappleNum", dappleNum);
    check("213", "dapple", dapple);
    check("213", "dorange", dorange);
    check("213", "dorangeNum", dorangeNum);
    check("213", "dtax", dtax);
    const names = ["dappleNum", "dapple", "dorange", "dorangeNum", "dtax"];
    expect([dappleNum, dapple, dorange, dorangeNum, dtax].join(" ")).to.equal(
      names.map((name) => keyNumber("213", name)).join(" "),
    );
  });

  it("214–216: Relu keeps a mask", () => {
    const x = array([
      [1.0, -0.5],
      [-2.0, 3.0],
    ]);
    const relu = new Relu();
    const forward = relu.forward(x);
    check("214", "mask", relu.mask as NDArray);
    check("214", "xForward", forward);
    check("215", "dx", relu.backward(forward));
    relu.forward(
      array([
        [2.0, 1.5],
        [-1.0, -3.0],
      ]),
    );
    check("215", "dxAfter", relu.backward(forward));
    const relu2 = new Relu();
    relu2.forward(x);
    check(
      "216",
      "dx",
      relu2.backward(
        array(
          [
            [2.0, 3.0],
            [-3.0, -4.0],
          ],
          "float64",
        ),
      ),
    );
  });

  it("217: Sigmoid keeps its output", () => {
    const sig = new Sigmoid();
    check(
      "217",
      "out",
      sig.forward(
        array([
          [2.0, 4.0],
          [-0.3, 0.9],
        ]),
      ),
    );
    check(
      "217",
      "dx",
      sig.backward(
        array([
          [4.0, 2.0],
          [-0.1, 0.8],
        ]),
      ),
    );
  });

  it("218–219, 225: Affine", () => {
    check("218", "Y", dot(X, W1).add(B1));
    const af = new Affine(
      array([
        [1, 3, 5],
        [2, 4, 6],
      ]),
      array([1, 1, 1]),
    );
    check(
      "219",
      "out",
      af.forward(
        array([
          [1, 2],
          [3, 4],
        ]),
      ),
    );
    check(
      "219",
      "dx",
      af.backward(
        array([
          [1, 2, 3],
          [4, 5, 6],
        ]),
      ),
    );
    check("219", "dW", af.dW as NDArray);
    check("219", "db", af.db as NDArray);

    const af225 = new Affine(
      array([
        [1, 3, 5],
        [2, 4, 6],
      ]),
      array([
        [1, 1, 1],
        [1, 1, 1],
      ]),
    );
    check(
      "225",
      "out",
      af225.forward(
        array([
          [1, 2],
          [3, 4],
        ]),
      ),
    );
    check(
      "225",
      "dx",
      af225.backward(
        array([
          [1, 2, 3],
          [4, 5, 6],
        ]),
      ),
    );
    check("225", "dW", af225.dW as NDArray);
    check("225", "db", af225.db as NDArray);
  });

  it("220–224: seeded random numbers and shapes", () => {
    random.seed(1234);
    const x = random.randn(2);
    const W = random.randn(2, 3);
    const b = random.randn(3);
    check("220", "x", x);
    check("220", "W", W);
    check("220", "b", b);
    check("220", "out", new Affine(W, b).forward(x));

    random.seed(12);
    const a = random.randn(2);
    const c = random.randn(2);
    check("221", "ab", dot(a, c).item());
    check("221", "ba", dot(c, a).item());
    const Xm = array([
      [1, 2],
      [3, 4],
    ]);
    const Wm = array([
      [5, 6],
      [7, 8],
    ]);
    check("221", "XW", dot(Xm, Wm));
    check("221", "WX", dot(Wm, Xm));
    check("222", "XW", dot(Xm, Wm));
    check("222", "WtXtT", dot(Wm.T, Xm.T).T);

    random.seed(1234);
    check("223", "shape", random.randn(2, 3).T.shape);
    random.seed(1234);
    const [a4, b4, c4, d4] = [random.randn(2, 3), random.randn(3, 4), random.randn(4, 3), random.randn(3, 2)];
    check("224", "abShape", dot(a4, b4).shape);
    check("224", "cdTShape", dot(c4, d4).T.shape);
  });

  it("226–229: two and three layers", () => {
    const l1 = new Affine(W1, B1);
    const l2 = new Affine(W2, B2);
    const out1 = l1.forward(X);
    check("226", "out1", out1);
    check("226", "out2", l2.forward(out1));

    const relu = new Relu();
    const out2 = l2.forward(relu.forward(l1.forward(X)));
    check("227", "out2", out2);
    check("228", "out2", out2);
    check("228", "dx", l1.backward(relu.backward(l2.backward(out2))));
    check("228", "dW1", l1.dW as NDArray);
    check("228", "db1", l1.db as NDArray);

    const layers = threeLayers();
    const out3 = layers.reduce((out, layer) => layer.forward(out), X);
    check("229", "out3", out3);
    const dx = [...layers].reverse().reduce((dout, layer) => layer.backward(dout), out3);
    check("229", "dx", dx);
    check("229", "dW1", layers[0].dW as NDArray);
    check("229", "db1", layers[0].db as NDArray);
  });

  it("230–232: SoftmaxWithLoss", () => {
    const t10 = array([0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
    const soft = new SoftmaxWithLoss();
    check("231", "loss1", soft.forward(array([0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.05, 0.3, 0.1, 0.5]), t10));
    check("231", "dx1", soft.backward());
    check("231", "loss2", soft.forward(array([0.01, 0.01, 0.9, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.02]), t10));
    check("231", "dx2", soft.backward());
    const rows = [
      [0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0],
      [0.1, 0.05, 0.2, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0],
      [0.0, 0.05, 0.3, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0],
      [0.0, 0.05, 0.4, 0.0, 0.05, 0.0, 0.0, 0.5, 0.0, 0.0],
      [0.0, 0.05, 0.5, 0.0, 0.05, 0.0, 0.0, 0.4, 0.0, 0.0],
      [0.0, 0.05, 0.6, 0.0, 0.05, 0.0, 0.0, 0.3, 0.0, 0.0],
      [0.0, 0.05, 0.7, 0.0, 0.05, 0.0, 0.0, 0.2, 0.0, 0.0],
      [0.0, 0.1, 0.8, 0.0, 0.1, 0.0, 0.0, 0.2, 0.0, 0.0],
      [0.0, 0.05, 0.9, 0.0, 0.05, 0.0, 0.0, 0.0, 0.0, 0.0],
    ];
    check(
      "232",
      "losses",
      rows.map((row) => soft.forward(array(row), t10)),
    );
  });

  it("233–236: three layers with SoftmaxWithLoss, forward and backward", () => {
    const layers = threeLayers();
    const last = new SoftmaxWithLoss();
    const scores = layers.reduce((out, layer) => layer.forward(out), X);
    check("233", "loss", last.forward(scores, t));
    check("235", "out", scores);
    check("235", "loss", last.loss as number);
    const dx = [...layers].reverse().reduce((dout, layer) => layer.backward(dout), last.backward(1));
    for (const problem of ["234", "236"]) {
      check(problem, "dx", dx);
      check(problem, "dW1", layers[0].dW as NDArray);
      check(problem, "db1", layers[0].db as NDArray);
    }
  });
});
