// Computational graphs recorded for the graph tests: problem 213's apple and
// orange example, and a small network's batch.
import { AddLayer, Affine, array, ComputationalGraph, MulLayer, RandomState, Relu, SoftmaxWithLoss } from "dlfs";

/** Problem 213: the apple and orange example, forward and (optionally) backward, recorded. */
export function recordFruitExample(withBackward: boolean) {
  const g = new ComputationalGraph();
  const apple = g.input("apple", 100);
  const appleNum = g.input("apple_num", 2);
  const orange = g.input("orange", 150);
  const orangeNum = g.input("orange_num", 3);
  const tax = g.input("tax", 1.1);
  const mulAppleLayer = g.track(new MulLayer(), "mul_apple_layer");
  const mulOrangeLayer = g.track(new MulLayer(), "mul_orange_layer");
  const addAppleOrangeLayer = g.track(new AddLayer(), "add_apple_orange_layer");
  const mulTaxLayer = g.track(new MulLayer(), "mul_tax_layer");

  const applePrice = mulAppleLayer.forward(apple, appleNum);
  const orangePrice = mulOrangeLayer.forward(orange, orangeNum);
  const allPrice = addAppleOrangeLayer.forward(applePrice, orangePrice);
  const price = g.output("price", mulTaxLayer.forward(allPrice, tax));
  if (!withBackward) return { g, price, gradients: null };

  const dprice = 1;
  const [dallPrice, dtax] = mulTaxLayer.backward(dprice);
  const [dapplePrice, dorangePrice] = addAppleOrangeLayer.backward(dallPrice);
  const [dorange, dorangeNum] = mulOrangeLayer.backward(dorangePrice);
  const [dapple, dappleNum] = mulAppleLayer.backward(dapplePrice);
  return { g, price, gradients: { dapple, dappleNum, dorange, dorangeNum, dtax } };
}

/** A batch of two through Affine, Relu, Affine and SoftmaxWithLoss, forward and backward, recorded. */
export function recordNetwork() {
  const rng = new RandomState(0);
  const g = new ComputationalGraph();
  const x = g.input("x", rng.randn(2, 4));
  const t = g.input(
    "t",
    array([
      [0, 1, 0],
      [1, 0, 0],
    ]),
  );
  const affine1 = g.track(new Affine(rng.randn(4, 3).mul(0.1), array([0.1, 0.2, 0.3])), "Affine1");
  const relu1 = g.track(new Relu(), "Relu1");
  const affine2 = g.track(new Affine(rng.randn(3, 3).mul(0.1), array([0, 0, 0.1])), "Affine2");
  const lastLayer = g.track(new SoftmaxWithLoss());
  const loss = lastLayer.forward(affine2.forward(relu1.forward(affine1.forward(x))), t);
  const dx = affine1.backward(relu1.backward(affine2.backward(lastLayer.backward())));
  return { g, x, loss, dx, affine1, affine2 };
}
