// Problem 213, the apple and orange example, recorded as a computational graph;
// shared by the graph tests.
import { AddLayer, MulLayer } from "../../lib/src";
import { ComputationalGraph } from "../../lib/src/graph";

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
