// The values that flow along the edges of a computational graph: plain
// numbers (the apple example) or arrays (the layers of a network), and how
// they are written on a picture and in a text summary.
import { arrayToString } from "../engine/numpy-format";
import type { NDArray } from "../ndarray";
import { shapeText } from "../util";

/** What a layer takes in and gives out: a number or an array. */
export type GraphValue = number | NDArray;

/** Arrays with at most this many elements are written out on the edges; larger ones only by shape. */
export const DEFAULT_MAX_SHOWN_ELEMENTS = 6;

/** A copy, so the picture keeps the values of this pass even if an array is later changed in place. */
export function snapshot(value: GraphValue): GraphValue {
  return typeof value === "number" ? value : value.copy();
}

/** How a value is written on an edge: an array by its shape, and by its elements when it is small. */
export interface ValueText {
  /** "(2, 3)" for an array; null for a number. */
  shape: string | null;
  /** The number as JavaScript prints it, or the array as NumPy prints it; null when the array is too large. */
  body: string | null;
}

export function describeValue(value: GraphValue, maxShownElements = DEFAULT_MAX_SHOWN_ELEMENTS): ValueText {
  if (typeof value === "number") return { shape: null, body: String(value) };
  return {
    shape: shapeText(value.shape),
    body: value.size <= maxShownElements ? arrayToString(value) : null,
  };
}

/** One short line for a text summary: "100", or "(2, 3) array". */
export function shortText(value: GraphValue): string {
  return typeof value === "number" ? String(value) : `${shapeText(value.shape)} array`;
}
