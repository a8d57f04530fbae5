// Pictures of the computational graph: record layers as they run forward and
// backward, and draw the graph as the book does (values above the arrows,
// gradients in red below them).
export { ComputationalGraph, type GraphEdge, type GraphNode, type LayeredNetwork, type NodeKind } from "./recorder";
export type { TrackableLayer, OperationShape } from "./layer-styles";
export type { DrawOptions } from "./dot";
export type { GraphValue } from "./values";
