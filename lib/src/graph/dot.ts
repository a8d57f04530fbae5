// The graph in Graphviz's DOT language, drawn like the book's figures: inputs
// on the left, the result on the right, each value written above its arrow
// and, after backward, its gradient in red below it. Graphviz does the layout.
import type { GraphEdge, GraphNode } from "./nodes";
import { DEFAULT_MAX_SHOWN_ELEMENTS, describeValue, type GraphValue, type ValueText } from "./values";

export interface DrawOptions {
  /** Arrays with at most this many elements are written out; larger ones only by shape. Default 6. */
  maxShownElements?: number;
  /** A title above the picture. */
  title?: string;
  /**
   * Where the inputs go: "left" lines them up in the first column, top to bottom
   * in the order they were first used, as the book's apple figures; "near" lets
   * each sit just before the layer that takes it, as its network figures (W2 by
   * the second Affine, t by the loss). Default: "left" when only numbers flow.
   */
  inputs?: "left" | "near";
}

const FONT = "Helvetica";
const MONOSPACE_FONT = "Courier";
const GRADIENT_COLOR = "#d62728";
const CAPTION_COLOR = "#555555";
const BOX_STYLE = 'shape=box, style="rounded,filled", fillcolor="#f2f2f2", margin="0.15,0.08"';

export function graphToDot(nodes: readonly GraphNode[], edges: readonly GraphEdge[], options: DrawOptions = {}): string {
  const maxShown = options.maxShownElements ?? DEFAULT_MAX_SHOWN_ELEMENTS;
  const lines = [
    "digraph computational_graph {",
    // White, not transparent: black text must stay readable in a dark notebook theme.
    `  graph [rankdir=LR, bgcolor="white", pad=0.2, nodesep=0.15, ranksep=0.2, fontname="${FONT}"${titleAttributes(options.title)}];`,
    `  node [fontname="${FONT}", fontsize=14];`,
    "  edge [arrowsize=0.8];",
  ];
  // Inputs first: Graphviz then tends to keep them top to bottom in the order they were used.
  for (const node of nodes) lines.push(...nodeStatements(node));
  const placement = options.inputs ?? (edges.every((edge) => typeof edge.value === "number") ? "left" : "near");
  const inputs = nodes.filter((node) => node.kind === "input" || node.kind === "parameter");
  if (placement === "left" && inputs.length > 0) {
    // Same rank as the leftmost column; the invisible chain fixes their order top to bottom.
    const chain = inputs.length > 1 ? `${inputs.map((node) => node.id).join(" -> ")} [style=invis]` : inputs[0].id;
    lines.push(`  { rank=min; ${chain}; }`);
  }
  edges.forEach((edge, index) => {
    // Each arrow goes through a label node that carries the bar of the arrow with the
    // value above and the gradient below; a plain edge label would put both above.
    const labelId = `v${index + 1}`;
    lines.push(`  ${labelId} [shape=plain, label=<${edgeLabel(edge.value, edge.gradient, maxShown)}>];`);
    lines.push(`  ${edge.from.id} -> ${labelId}:bar:w [arrowhead=none];`);
    lines.push(`  ${labelId}:bar:e -> ${edge.to.id};`);
  });
  lines.push("}");
  return lines.join("\n") + "\n";
}

function titleAttributes(title: string | undefined): string {
  return title === undefined ? "" : `, label=<${escapeHtml(title)}>, labelloc=t, fontsize=16`;
}

function nodeStatements(node: GraphNode): string[] {
  switch (node.shape) {
    case "text":
      // An unnamed result: the arrow ends in blank space, as in the book.
      if (node.label === "") return [`  ${node.id} [shape=point, width=0.01, style=invis];`];
      return [`  ${node.id} [shape=plaintext, label=<${escapeHtml(node.label)}>];`];
    case "circle": {
      const circle = `  ${node.id} [shape=circle, width=0.5, fixedsize=true, fontsize=20, label=<${escapeHtml(node.label)}>];`;
      if (node.name === node.label) return [circle];
      // The name goes in a node of its own right under the circle (same rank, joined by an
      // invisible edge): unlike an xlabel, a node is one the arrows are routed around.
      const captionId = `${node.id}_name`;
      return [
        circle,
        `  ${captionId} [shape=plaintext, height=0.1, margin=0, fontsize=10, fontcolor="${CAPTION_COLOR}", label=<${escapeHtml(node.name)}>];`,
        `  { rank=same; ${node.id} -> ${captionId} [style=invis]; }`,
      ];
    }
    case "box": {
      // "Affine1" already says "Affine": show it alone rather than "Affine" over "Affine1".
      const label = node.name.startsWith(node.label)
        ? escapeHtml(node.name)
        : `${escapeHtml(node.label)}<BR/><FONT POINT-SIZE="10" COLOR="${CAPTION_COLOR}">${escapeHtml(node.name)}</FONT>`;
      return [`  ${node.id} [${BOX_STYLE}, label=<${label}>];`];
    }
  }
}

/** Empty one-point cells at both ends of every row; see barRow() for why. */
const END_CELL = '<TD WIDTH="1"></TD>';

function edgeLabel(value: GraphValue, gradient: GraphValue | undefined, maxShown: number): string {
  const rows = [...textRows(describeValue(value, maxShown), null), barRow()];
  if (gradient !== undefined) rows.push(...textRows(describeValue(gradient, maxShown), GRADIENT_COLOR));
  return `<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0">${rows.join("")}</TABLE>`;
}

/**
 * The arrow's bar through the label node. Graphviz ends an edge one point
 * before the port cell, so the bar gets a one-point black cell at each end to
 * meet the edge without a gap.
 */
function barRow(): string {
  const end = '<TD WIDTH="1" HEIGHT="1" BGCOLOR="black"></TD>';
  // A minimum length, so that even a one-digit value sits on a visible stretch of straight line.
  return `<TR>${end}<TD WIDTH="28" HEIGHT="1" BGCOLOR="black" PORT="bar"></TD>${end}</TR>`;
}

function textRows(text: ValueText, color: string | null): string[] {
  const rows: string[] = [];
  if (text.shape !== null) rows.push(textRow(coloured(escapeHtml(text.shape), color), "CENTER"));
  if (text.body !== null) {
    if (text.shape === null) {
      rows.push(textRow(coloured(escapeHtml(text.body), color), "CENTER"));
    } else {
      // An array as NumPy prints it: monospace, one row per line, left-aligned so the columns line up.
      const lines = text.body.split("\n").map(escapeHtml).join("<BR/>");
      rows.push(textRow(coloured(`<FONT FACE="${MONOSPACE_FONT}" POINT-SIZE="12">${lines}</FONT>`, color), "LEFT"));
    }
  }
  return rows;
}

function textRow(content: string, align: "CENTER" | "LEFT"): string {
  return `<TR>${END_CELL}<TD CELLPADDING="2" BALIGN="${align}">${content}</TD>${END_CELL}</TR>`;
}

function coloured(content: string, color: string | null): string {
  return color === null ? content : `<FONT COLOR="${color}">${content}</FONT>`;
}

/** Text inside a Graphviz HTML-like label. */
function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
