// The picture's parts: nodes (inputs, operations, outputs) and the edges between them.
import type { OperationShape } from "./layer-styles";
import type { GraphValue } from "./values";

export type NodeKind = "input" | "parameter" | "operation" | "output";

export interface GraphNode {
  /** A Graphviz identifier, unique in the graph. */
  readonly id: string;
  readonly kind: NodeKind;
  /** The text in the node: "×", "+", "Affine", "σ", or an input's name. */
  readonly label: string;
  /** The name given to track(), input() or output(); an unnamed operation is named by its label. */
  readonly name: string;
  /** How an operation is drawn; inputs and outputs are plain text. */
  readonly shape: OperationShape | "text";
}

export interface GraphEdge {
  readonly from: GraphNode;
  readonly to: GraphNode;
  /** The value sent forward along the edge (a copy taken at the time). */
  readonly value: GraphValue;
  /** The gradient sent back along the edge, once backward has run. */
  readonly gradient: GraphValue | undefined;
}
