/**
 * How a student's answers travel from the kernel to the grader: each value
 * encoded as plain JSON (NaN and infinities as strings, arrays with their
 * dtype and shape), one signed line per evaluation (answer-channel.ts).
 * Here: the types, and turning a line back into values that check's
 * comparison understands, whatever the line holds.
 */
import { NDArray } from "dlfs";
import { isJsonObject } from "../../jupyter-client";

type EncodedNumber = number | "NaN" | "Infinity" | "-Infinity";

type EncodedValue =
  | { kind: "number"; value: EncodedNumber }
  | { kind: "boolean"; value: boolean }
  | { kind: "string"; value: string }
  | { kind: "ndarray"; dtype: string; shape: number[]; data: EncodedNumber[] }
  | { kind: "list"; items: EncodedValue[] }
  | { kind: "missing"; what: "null" | "undefined" }
  /** Something check() cannot compare: a function, an object, an array too large. */
  | { kind: "other"; what: string }
  /** Evaluating the expression threw. */
  | { kind: "failed"; error: string };

export interface AnswerPayload {
  /** EncodedValues, unchecked until decodeValue reads them. */
  values: Record<string, unknown>;
  /** Built-ins the grader's serializer relies on that were found replaced. */
  tampered: string[];
}

/** A value the grader could not turn into a number or an array, shown by its description. */
class Unsupported {
  constructor(readonly what: string) {}
  toString(): string {
    return this.what;
  }
}

/** The evaluation failed; the grader reports the error instead of a comparison. */
export class EvaluationFailed {
  constructor(readonly error: string) {}
}

const dtypes = new Set(["float64", "float32", "int64", "bool"]);
/** Lists inside lists: the kernel's encoder stops at 6; anything deeper is not its line. */
const maxDepth = 8;
const unreadable = new Unsupported("a value the grader could not read");

function decodeNumber(value: unknown): number {
  if (typeof value === "number") return value;
  if (value === "NaN" || value === "Infinity" || value === "-Infinity") return Number(value);
  throw new TypeError(`${JSON.stringify(value)} is not an encoded number`);
}

function decodeArray(encoded: Record<string, unknown>): NDArray | Unsupported {
  const { dtype, shape, data } = encoded;
  if (typeof dtype !== "string" || !dtypes.has(dtype)) return new Unsupported(`an array of unknown dtype ${String(dtype)}`);
  if (!Array.isArray(shape) || !Array.isArray(data)) return unreadable;
  try {
    return new NDArray(Float64Array.from(data, decodeNumber), shape.map(decodeNumber), dtype as NDArray["dtype"]);
  } catch (error) {
    return new Unsupported(`a broken array (${error instanceof Error ? error.message : String(error)})`);
  }
}

/**
 * An encoded value as check() would have seen it in the kernel. Takes
 * `unknown`: the line came out of a process that ran untrusted code.
 */
export function decodeValue(encoded: unknown, depth = 0): unknown {
  if (!isJsonObject(encoded) || depth > maxDepth) return unreadable;
  // The kinds of EncodedValue; anything else is unreadable.
  switch (encoded.kind as EncodedValue["kind"]) {
    case "number":
      return typeof encoded.value === "number" || typeof encoded.value === "string" ? decodeNumberOr(encoded.value) : unreadable;
    case "boolean":
      return typeof encoded.value === "boolean" ? encoded.value : unreadable;
    case "string":
      return typeof encoded.value === "string" ? encoded.value : unreadable;
    case "ndarray":
      return decodeArray(encoded);
    case "list":
      return Array.isArray(encoded.items) ? encoded.items.map((item) => decodeValue(item, depth + 1)) : unreadable;
    case "missing":
      return encoded.what === "null" ? null : undefined;
    case "other":
      return new Unsupported(String(encoded.what));
    case "failed":
      return new EvaluationFailed(String(encoded.error));
    default:
      return unreadable;
  }
}

function decodeNumberOr(value: number | string): number | Unsupported {
  try {
    return decodeNumber(value);
  } catch {
    return unreadable;
  }
}

/** A payload's JSON, or undefined when it is not one (not JSON, wrong shape, too deep for the parser). */
export function parsePayload(json: string): AnswerPayload | undefined {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (!isJsonObject(value) || !isJsonObject(value.values) || !Array.isArray(value.tampered)) return undefined;
  // Each value is checked again, field by field, by decodeValue.
  return { values: value.values, tampered: value.tampered.map(String) };
}
