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

/**
 * The layers drawn other than as a box with their class name: the book draws
 * × and + as small circles and names Sigmoid σ. Keyed by class name rather
 * than by class, so that a MulLayer a learner writes in a notebook (problem
 * 209) is drawn like the library's own. test/lib/layer-registry.test.ts checks
 * this list against the layers dlfs exports.
 */
export const LAYER_STYLES: Readonly<Record<string, Partial<OperationStyle>>> = {
  MulLayer: { label: "×", shape: "circle" },
  AddLayer: { label: "+", shape: "circle" },
  Sigmoid: { label: "σ" },
  SoftmaxWithLoss: { label: "Softmax-with-Loss", outputName: "L" },
};

/** The names of forward's parameters, as written in its source: forward(x, t) gives ["x", "t"]. */
function parameterNames(forward: unknown): string[] {
  if (typeof forward !== "function") return [];
  const list = /^[^(]*\(([^)]*)\)/.exec(Function.prototype.toString.call(forward))?.[1] ?? "";
  return list
    .split(",")
    .map((part) =>
      part
        .replace(/[=:].*$/s, "")
        .replace(/^\.\.\./, "")
        .trim(),
    )
    .filter((name) => /^[A-Za-z_$][\w$]*$/.test(name));
}

/**
 * The style of a layer: its class's entry in LAYER_STYLES (or that of the
 * nearest class it extends), over the default: a box with the class name,
 * and inputs named as forward's parameters.
 */
export function styleOf(layer: TrackableLayer): OperationStyle {
  const ownName = (layer as { constructor?: { name?: unknown } }).constructor?.name;
  const inputNames = parameterNames(Reflect.get(layer, "forward"));
  const base: OperationStyle = {
    label: typeof ownName === "string" && ownName !== "" ? ownName : "layer",
    shape: "box",
    inputNames: inputNames.length > 0 ? inputNames : ["x"],
    outputName: "",
  };
  for (
    let proto: unknown = Object.getPrototypeOf(layer);
    proto !== null && proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto)
  ) {
    const className = (proto as { constructor?: { name?: unknown } }).constructor?.name;
    if (typeof className === "string" && Object.hasOwn(LAYER_STYLES, className)) {
      return { ...base, label: className, ...LAYER_STYLES[className] };
    }
  }
  return base;
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
