// How each kind of layer appears as a node: the book draws × and + as small
// circles and the layers of a network as boxes.
import { NDArray } from "../ndarray";
import type { GraphValue } from "./values";

/** Anything with the book's layer methods: MulLayer, AddLayer, Relu, Sigmoid, Affine, SoftmaxWithLoss, or a layer of your own. */
export interface TrackableLayer {
  forward(...inputs: GraphValue[]): GraphValue;
  backward(dout?: GraphValue): GraphValue | readonly GraphValue[];
}

export type OperationShape = "circle" | "box";

export interface OperationStyle {
  /** The text in the node. */
  label: string;
  shape: OperationShape;
  /** Names for inputs that were never given one with graph.input(): forward(x, y), forward(x, t). */
  inputNames: readonly string[];
  /** The name of the result when it leaves the graph ("L" for a loss), or "" for none. */
  outputName: string;
}

// Keyed by class name rather than by class, so that a MulLayer a learner
// writes in a notebook (problem 209) is drawn like the library's own.
const KNOWN_LAYERS: Readonly<Record<string, OperationStyle>> = {
  MulLayer: { label: "×", shape: "circle", inputNames: ["x", "y"], outputName: "" },
  AddLayer: { label: "+", shape: "circle", inputNames: ["x", "y"], outputName: "" },
  Relu: { label: "Relu", shape: "box", inputNames: ["x"], outputName: "" },
  Sigmoid: { label: "σ", shape: "box", inputNames: ["x"], outputName: "" },
  Affine: { label: "Affine", shape: "box", inputNames: ["x"], outputName: "" },
  SoftmaxWithLoss: { label: "Softmax-with-Loss", shape: "box", inputNames: ["x", "t"], outputName: "L" },
};

/** The style of a layer's class or of the nearest known class it extends. */
export function styleOf(layer: TrackableLayer): OperationStyle {
  for (let proto: unknown = Object.getPrototypeOf(layer); proto !== null && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    const className = (proto as { constructor?: { name?: unknown } }).constructor?.name;
    if (typeof className === "string" && Object.hasOwn(KNOWN_LAYERS, className)) return KNOWN_LAYERS[className];
  }
  const ownName = (layer as { constructor?: { name?: unknown } }).constructor?.name;
  return { label: typeof ownName === "string" && ownName !== "" ? ownName : "layer", shape: "box", inputNames: ["x", "y"], outputName: "" };
}

/**
 * The layer's parameters: arrays kept on the layer that have a gradient of the
 * same name with a "d" in front after backward (Affine's W and b, with dW and db).
 */
export function parameterKeysOf(layer: TrackableLayer): string[] {
  return Object.keys(layer).filter((key) => Reflect.get(layer, key) instanceof NDArray && `d${key}` in layer);
}

/** The gradient a layer keeps for one of its parameters (Affine's dW), if backward has set it. */
export function parameterGradientOf(layer: TrackableLayer, key: string): GraphValue | undefined {
  const gradient: unknown = Reflect.get(layer, `d${key}`);
  return gradient instanceof NDArray || typeof gradient === "number" ? gradient : undefined;
}
