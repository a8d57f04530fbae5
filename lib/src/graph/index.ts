// Pictures of the computational graph: record layers as they run forward and
// backward, and draw the graph as the book does (values above the arrows,
// gradients in red below them).
export { ComputationalGraph, type LayeredNetwork } from "./recorder";
export type { GraphEdge, GraphNode, NodeKind } from "./nodes";
export type { TrackableLayer } from "./layer-styles";
export type { DrawOptions } from "./dot";
export type { GraphValue } from "./values";
