// Recording a computational graph while the layers run.
//
//   const g = new ComputationalGraph();
//   const apple = g.input("apple", 100);
//   const appleNum = g.input("apple_num", 2);
//   const mulAppleLayer = g.track(new MulLayer(), "mul_apple_layer");
//   const applePrice = mulAppleLayer.forward(apple, appleNum);   // recorded
//   mulAppleLayer.backward(1.1);                                  // gradients recorded too
//
// track() puts recording versions of forward and backward on the layer object
// itself and hands back the same object: it stays of its class, with its own
// fields (dW, mask, ...); only these calls are recorded on the way through.
// Edges come from the values themselves: an array is traced by identity to the
// layer that returned it; a number, which has no identity, by its value.
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, extname, resolve } from "node:path";
import { inspect } from "node:util";
import { displayBundle, showsRichOutput } from "../display/bundle";
import { pngBase64, svgToPng } from "../display/raster";
import { NDArray } from "../ndarray";
import { graphToDot, type DrawOptions } from "./dot";
import type { GraphEdge, GraphNode, NodeKind } from "./nodes";
import { dotToSvg } from "./render";
import {
  parameterGradientOf,
  parameterKeysOf,
  styleOf,
  type TrackableLayer,
  type OperationShape,
  type OperationStyle,
} from "./layer-styles";
import { shortText, snapshot, type GraphValue } from "./values";

interface MutableNode {
  id: string;
  kind: NodeKind;
  label: string;
  name: string;
  shape: OperationShape | "text";
}

interface LeafRecord {
  readonly kind: "leaf";
  readonly node: MutableNode;
  /** The value as given, for tracing by identity or by value. */
  readonly value: GraphValue;
  /** Made up for a value nobody named; such leaves are dropped once no edge uses them. */
  anonymous: boolean;
}

interface OperationRecord {
  readonly kind: "operation";
  readonly node: MutableNode;
  readonly layer: TrackableLayer;
  readonly style: OperationStyle;
  /** The layer's methods as they were before track() (its class's, usually): what a recorded call runs. */
  readonly methods: LayerMethods;
  /** Takes the recording methods off the layer again. */
  readonly uninstrument: () => void;
  /** Whether track() was given a name: tracking another layer under the same name replaces this one. */
  readonly named: boolean;
  /** Set when another layer is tracked under the same name; calls still work but are no longer drawn. */
  replaced: boolean;
  /** Set by graph.output(): the name of the result where it leaves the graph. */
  outputName: string | null;
  /** The arrow's end where the result leaves the graph. */
  readonly outputNode: MutableNode;
  /** The latest forward call; a layer remembers only its latest call, and so does the graph. */
  call: ForwardCall | null;
}

type Producer = LeafRecord | OperationRecord;

interface Link {
  readonly from: Producer;
  readonly value: GraphValue;
  gradient: GraphValue | undefined;
}

interface ParameterLink extends Link {
  readonly key: string;
}

interface ForwardCall {
  readonly inputs: Link[];
  readonly parameters: ParameterLink[];
  /** The value as returned, for tracing by identity. */
  readonly output: GraphValue;
  readonly outputCopy: GraphValue;
  outputGradient: GraphValue | undefined;
  readonly calledAt: number;
}

/** A network as in nets.ts: hidden layers in a Map, in order, and the loss layer last. */
export interface LayeredNetwork {
  readonly layers: ReadonlyMap<string, TrackableLayer>;
  readonly lastLayer: TrackableLayer;
}

/** The methods that track() records; backwardParams is Affine's backward without dx, which a network uses for its first layer. */
const RECORDED_METHODS = ["forward", "backward", "backwardParams"] as const;
type LayerMethods = Record<(typeof RECORDED_METHODS)[number], unknown>;

interface NumberSource {
  readonly value: number;
  readonly producer: Producer;
}

/** Enough to point at a problem; a loop that guesses every time should not fill the memory. */
const MAX_WARNINGS = 20;

export class ComputationalGraph {
  private operations: OperationRecord[] = [];
  private readonly operationByLayer = new Map<TrackableLayer, OperationRecord>();
  private leaves: LeafRecord[] = [];
  /** Who made each array: a leaf or the operation that returned it. */
  private readonly arraySources = new Map<NDArray, Producer>();
  /** Who made each number, oldest first. */
  private numberSources: NumberSource[] = [];
  private readonly guesses = new Set<string>();
  private clock = 0;
  private nextId = 1;
  /** True once backward has run; the next forward starts a new pass and clears the old gradients. */
  private backwardSeen = false;

  /**
   * Name an input of the graph (apple, apple_num, x, t, W1...). Returns the value
   * itself, so that `const apple = g.input("apple", 100)` reads as the book's `apple = 100`.
   */
  input<V extends GraphValue>(name: string, value: V): V {
    // A reduction's NumPy scalar is a Number object: the graph follows the plain number it holds, which it returns.
    if ((value as unknown) instanceof Number) return this.input(name, Number(value) as V);
    if (value instanceof NDArray) {
      const known = this.arraySources.get(value);
      if (known?.kind === "operation") {
        throw new Error(
          `graph.input("${name}"): this array is the result of ${known.node.name}; name a result with graph.output("${name}", value)`,
        );
      }
      if (known) {
        known.node.name = name;
        known.node.label = name;
        known.anonymous = false;
        return value;
      }
    } else if (typeof value !== "number") {
      throw new TypeError(`graph.input("${name}"): the value must be a number or an NDArray, got ${typeof value}`);
    }
    const leaf = this.addLeaf(name, "input", value, false);
    // Named before any layer takes it: the layer that does finds it by identity.
    if (value instanceof NDArray) this.arraySources.set(value, leaf);
    this.dropUnusedLeaves();
    return value;
  }

  /**
   * Name a result: where it leaves the graph, the arrow ends at this name
   * ("price", "L"). Returns the value itself.
   */
  output<V extends GraphValue>(name: string, value: V): V {
    const producer = value instanceof NDArray ? this.arraySources.get(value) : this.latestNumberSource(value);
    if (producer === undefined) {
      throw new Error(
        `graph.output("${name}"): no tracked layer returned this value; pass the value a tracked layer's forward() returned`,
      );
    }
    if (producer.kind === "leaf")
      throw new Error(`graph.output("${name}"): this value is the input ${producer.node.name}, not a result`);
    producer.outputName = name;
    producer.outputNode.name = name;
    producer.outputNode.label = name;
    return value;
  }

  /**
   * Record a layer's forward and backward calls. Returns the same layer:
   * call forward and backward on it as before, and they are recorded.
   * The node shows the operation (×, +, Affine...) and `name` with it. Tracking
   * another layer under a name already in use replaces the old node, so a
   * notebook cell can be run again without drawing everything twice.
   */
  track<L extends TrackableLayer>(layer: L, name?: string): L {
    const existing = this.operationByLayer.get(layer);
    if (existing && !existing.replaced) {
      if (name !== undefined) existing.node.name = name;
      return layer;
    }
    if (name !== undefined) {
      for (const old of this.operations.filter((op) => op.named && op.node.name === name)) this.remove(old);
    }
    const style = styleOf(layer);
    const id = this.newId();
    const node: MutableNode = { id, kind: "operation", label: style.label, name: name ?? style.label, shape: style.shape };
    const outputNode: MutableNode = {
      id: `${id}_out`,
      kind: "output",
      label: style.outputName,
      name: style.outputName,
      shape: "text",
    };
    const { methods, uninstrument } = instrument(layer, {
      forward: (...inputs: GraphValue[]): GraphValue => this.recordForward(record, inputs),
      backward: (...dout: [GraphValue?]): GraphValue | readonly GraphValue[] => this.recordBackward(record, dout),
      backwardParams: (dout: GraphValue): void => this.recordParameterBackward(record, dout),
    });
    const record: OperationRecord = {
      kind: "operation",
      node,
      layer,
      style,
      methods,
      uninstrument,
      named: name !== undefined,
      replaced: false,
      outputName: null,
      outputNode,
      call: null,
    };
    this.operations.push(record);
    this.operationByLayer.set(layer, record);
    return layer;
  }

  /**
   * Track every layer of a network (MultiLayerNet, TwoLayerNet, ThreeLayerNet),
   * named by its key (Affine1, Relu1, ...): after `net.gradient(x, t)` the graph
   * holds one whole forward and backward pass. Returns the network.
   */
  trackNetwork<N extends LayeredNetwork>(net: N): N {
    for (const [name, layer] of net.layers) this.track(layer, name);
    this.track(net.lastLayer);
    return net;
  }

  /** The nodes to draw: the inputs in order of first use, then the operations in the order they ran, then the outputs. */
  get nodes(): readonly GraphNode[] {
    const calls = this.operationsInCallOrder();
    const leaves: GraphNode[] = [];
    for (const op of calls) {
      for (const link of this.linksOf(op)) {
        if (link.from.kind === "leaf" && !leaves.includes(link.from.node)) leaves.push(link.from.node);
      }
    }
    const outputs = calls.filter((op) => this.leavesGraph(op)).map((op) => op.outputNode);
    return [...leaves, ...calls.map((op) => op.node), ...outputs];
  }

  /** The edges: for each operation its inputs and parameters, then its result if it leaves the graph. */
  get edges(): readonly GraphEdge[] {
    const edges: GraphEdge[] = [];
    for (const op of this.operationsInCallOrder()) {
      for (const link of this.linksOf(op)) {
        edges.push({ from: link.from.node, to: op.node, value: link.value, gradient: link.gradient });
      }
      const call = op.call;
      if (call && this.leavesGraph(op)) {
        edges.push({ from: op.node, to: op.outputNode, value: call.outputCopy, gradient: call.outputGradient });
      }
    }
    return edges;
  }

  /** True once any backward has been recorded in the current pass. */
  get hasGradients(): boolean {
    return this.edges.some((edge) => edge.gradient !== undefined);
  }

  /**
   * Where tracing a number by its value had to guess: two nodes gave the same
   * number. Give the inputs different values, or check the picture.
   */
  get warnings(): readonly string[] {
    return [...this.guesses];
  }

  // ---- pictures -------------------------------------------------------------------

  /** The graph in Graphviz's DOT language. */
  toDot(options: DrawOptions = {}): string {
    return graphToDot(this.nodes, this.edges, options);
  }

  /** The picture as SVG text, laid out by Graphviz. */
  async toSVG(options: DrawOptions = {}): Promise<string> {
    return dotToSvg(this.toDot(options));
  }

  /** The picture as a PNG file's bytes, at twice its size in CSS pixels (sharp on high-density screens). */
  async toPNG(options: DrawOptions = {}): Promise<Uint8Array> {
    return (await svgToPng(await this.toSVG(options))).png;
  }

  /**
   * What show() sends to a notebook: the picture as a PNG, which every
   * notebook viewer shows (untrusted Notebook 6 and HTML export drop SVG),
   * and the text summary for front ends without pictures.
   */
  async toBundle(options: DrawOptions = {}): Promise<{ "image/png": string; "text/plain": string }> {
    return (await this.pictureOutput(options)).data;
  }

  /** Show the picture in a notebook; in a terminal, print the text summary. */
  async show(options: DrawOptions = {}): Promise<void> {
    if (!showsRichOutput()) {
      displayBundle({ "text/plain": this.toText() });
      return;
    }
    const { data, metadata } = await this.pictureOutput(options);
    displayBundle(data, { metadata });
  }

  /**
   * Write the picture to a file, for a slide: SVG for ".svg", PNG for ".png",
   * the DOT source for ".dot". Returns the full path.
   */
  async save(path: string, options: DrawOptions = {}): Promise<string> {
    const extension = extname(path).toLowerCase();
    let content: string | Uint8Array;
    if (extension === ".svg") content = await this.toSVG(options);
    else if (extension === ".png") content = await this.toPNG(options);
    else if (extension === ".dot") content = this.toDot(options);
    else {
      throw new RangeError(
        `graph.save("${path}"): the file name must end in .svg or .png (the picture) or .dot (its Graphviz source)`,
      );
    }
    const fullPath = resolve(path);
    await mkdir(dirname(fullPath), { recursive: true });
    await writeFile(fullPath, content);
    return fullPath;
  }

  /**
   * The PNG with its size in CSS pixels as metadata, so that a front end
   * shows it at the SVG's size (the PNG has twice the pixels) and, like any
   * image, no wider than the column.
   */
  private async pictureOutput(options: DrawOptions): Promise<{
    data: { "image/png": string; "text/plain": string };
    metadata: Record<string, unknown>;
  }> {
    const picture = await svgToPng(await this.toSVG(options));
    const size = { width: Math.round(picture.width), height: Math.round(picture.height) };
    return { data: { "image/png": pngBase64(picture.png), "text/plain": this.toText() }, metadata: { "image/png": size } };
  }

  /** A few lines for a terminal: each operation with its inputs and result, and the gradients once backward has run. */
  toText(): string {
    const nodes = this.nodes;
    const edges = this.edges;
    const operations = nodes.filter((node) => node.kind === "operation");
    if (operations.length === 0)
      return "ComputationalGraph: nothing recorded yet (track a layer with g.track(layer) and call its forward)";
    const inputCount = nodes.filter((node) => node.kind === "input" || node.kind === "parameter").length;
    const stage = this.hasGradients ? "forward and backward" : "forward only";
    const lines = [`ComputationalGraph: ${count(operations.length, "operation")}, ${count(inputCount, "input")}, ${stage}`];
    for (const op of operations) {
      const incoming = edges.filter((edge) => edge.to === op);
      const outgoing = edges.filter((edge) => edge.from === op);
      const title = op.name === op.label ? op.label : `${op.label} ${op.name}`;
      // An input is named; an intermediate value is named by the layer it came from.
      const given = incoming.map((edge) =>
        edge.from.kind === "operation"
          ? `${shortText(edge.value)} from ${edge.from.name}`
          : `${edge.from.name} ${shortText(edge.value)}`,
      );
      const result = outgoing.length > 0 ? shortText(outgoing[0].value) : "?";
      lines.push(`  ${title}: ${given.join(", ")} → ${result}`);
      const douts = outgoing.flatMap((edge) => (edge.gradient === undefined ? [] : [shortText(edge.gradient)]));
      const sent = incoming.flatMap((edge) =>
        edge.gradient === undefined ? [] : [`${shortText(edge.gradient)} to ${edge.from.name}`],
      );
      if (douts.length > 0 || sent.length > 0) lines.push(`    backward: ${douts.join(" + ") || "?"} → ${sent.join(", ")}`);
    }
    for (const warning of this.warnings) lines.push(`  note: ${warning}`);
    return lines.join("\n");
  }

  /** console.log(g), or g alone at the end of a notebook cell, prints the text summary. */
  [inspect.custom](): string {
    return this.toText();
  }

  // ---- recording ------------------------------------------------------------

  private recordForward(op: OperationRecord, inputs: readonly GraphValue[]): GraphValue {
    const output = callMethod<GraphValue>(op, "forward", inputs);
    if (op.replaced) return output;
    if (this.backwardSeen) this.startNewPass();
    const claimed = new Set<Producer>();
    const inputLinks = inputs.map((value, slot): Link => {
      const from = this.sourceOf(value, op, slot, claimed);
      claimed.add(from);
      return { from, value: snapshot(value), gradient: undefined };
    });
    const parameterLinks = parameterKeysOf(op.layer).map((key): ParameterLink => {
      const value = Reflect.get(op.layer, key) as NDArray;
      return { key, from: this.parameterSourceOf(value, op, key), value: snapshot(value), gradient: undefined };
    });
    this.forgetOutput(op);
    op.call = {
      inputs: inputLinks,
      parameters: parameterLinks,
      output,
      outputCopy: snapshot(output),
      outputGradient: undefined,
      calledAt: this.tick(),
    };
    if (output instanceof NDArray) this.arraySources.set(output, op);
    else this.numberSources.push({ value: output, producer: op });
    this.dropUnusedLeaves();
    return output;
  }

  private recordBackward(op: OperationRecord, args: [GraphValue?]): GraphValue | readonly GraphValue[] {
    // Called without an argument, a loss layer uses its default dout = 1.
    const result = callMethod<GraphValue | readonly GraphValue[]>(op, "backward", args);
    const dout = args[0];
    if (op.replaced) return result;
    this.backwardSeen = true;
    const call = op.call;
    if (call === null) return result;
    call.outputGradient = snapshot(dout ?? 1);
    const gradients: readonly GraphValue[] = isValueList(result) ? result : [result];
    call.inputs.forEach((link, slot) => {
      const gradient = gradients[slot];
      link.gradient = gradient === undefined ? undefined : snapshot(gradient);
    });
    this.recordParameterGradients(op.layer, call);
    return result;
  }

  private recordParameterBackward(op: OperationRecord, dout: GraphValue): void {
    callMethod<void>(op, "backwardParams", [dout]);
    if (op.replaced || op.call === null) return;
    this.backwardSeen = true;
    op.call.outputGradient = snapshot(dout);
    this.recordParameterGradients(op.layer, op.call);
  }

  /** After backward a layer keeps its parameters' gradients (dW, db); they go on the parameters' edges. */
  private recordParameterGradients(layer: TrackableLayer, call: ForwardCall): void {
    for (const link of call.parameters) {
      const gradient = parameterGradientOf(layer, link.key);
      link.gradient = gradient === undefined ? undefined : snapshot(gradient);
    }
  }

  private startNewPass(): void {
    this.backwardSeen = false;
    for (const op of this.operations) {
      if (op.call === null) continue;
      op.call.outputGradient = undefined;
      for (const link of this.linksOf(op)) link.gradient = undefined;
    }
  }

  // ---- where values come from ---------------------------------------------

  /** The node that produced an input value, or a new unnamed input when no node did. */
  private sourceOf(value: GraphValue, consumer: OperationRecord, slot: number, claimed: ReadonlySet<Producer>): Producer {
    const unnamed = consumer.style.inputNames[slot] ?? `x${slot + 1}`;
    if (value instanceof NDArray) {
      const known = this.arraySources.get(value);
      if (known !== undefined && known !== consumer) return known;
      // Registered, so that the same array given to two layers is one input with two edges.
      const leaf = this.addLeaf(unnamed, "input", value, true);
      this.arraySources.set(value, leaf);
      return leaf;
    }
    const candidates = this.numberSources.filter(
      (source) => Object.is(source.value, value) && source.producer !== consumer && !this.isSuperseded(source.producer),
    );
    if (candidates.length === 0) return this.addLeaf(unnamed, "input", value, true);
    // A number has no identity. Prefer the oldest source nobody has used yet (inputs
    // are usually named in the order they are used), else the newest one.
    const unused = candidates.filter((source) => !claimed.has(source.producer) && !this.isUsed(source.producer, consumer));
    const chosen = unused.length > 0 ? unused[0] : candidates[candidates.length - 1];
    if (candidates.length > 1 && this.guesses.size < MAX_WARNINGS) {
      const names = candidates.map((source) => source.producer.node.name);
      this.guesses.add(
        `${value} given to ${consumer.node.name} could come from ${names.join(" or ")}; the graph took ${chosen.producer.node.name}`,
      );
    }
    return chosen.producer;
  }

  /** A parameter (Affine's W, b) is an input of its own, named W1, b1 after the layer's name "Affine1" unless named with graph.input(). */
  private parameterSourceOf(value: NDArray, op: OperationRecord, key: string): Producer {
    const known = this.arraySources.get(value);
    if (known !== undefined && known !== op) return known;
    const suffix = /\d+$/.exec(op.node.name)?.[0] ?? "";
    const leaf = this.addLeaf(`${key}${suffix}`, "parameter", value, false);
    this.arraySources.set(value, leaf);
    return leaf;
  }

  /** The latest operation that returned this number. */
  private latestNumberSource(value: number): Producer | undefined {
    const matches = this.numberSources.filter((source) => source.producer.kind === "operation" && Object.is(source.value, value));
    return matches.length > 0 ? matches[matches.length - 1].producer : undefined;
  }

  /** Whether an operation other than `except` takes this producer's value as an input. */
  private isUsed(producer: Producer, except?: OperationRecord): boolean {
    return this.operations.some((op) => op !== except && this.linksOf(op).some((link) => link.from === producer));
  }

  /** An input declared again under the same name (a cell run twice) stands for the old one. */
  private isSuperseded(producer: Producer): boolean {
    if (producer.kind !== "leaf" || producer.anonymous) return false;
    const index = this.leaves.indexOf(producer);
    return this.leaves.some((leaf, i) => i > index && !leaf.anonymous && leaf.node.name === producer.node.name);
  }

  private addLeaf(name: string, kind: "input" | "parameter", value: GraphValue, anonymous: boolean): LeafRecord {
    const leaf: LeafRecord = {
      kind: "leaf",
      node: { id: this.newId(), kind, label: name, name, shape: "text" },
      value,
      anonymous,
    };
    this.leaves.push(leaf);
    if (typeof value === "number" && !anonymous) this.numberSources.push({ value, producer: leaf });
    return leaf;
  }

  private remove(op: OperationRecord): void {
    op.replaced = true;
    op.uninstrument();
    this.forgetOutput(op);
    this.operations = this.operations.filter((other) => other !== op);
    this.operationByLayer.delete(op.layer);
    this.dropUnusedLeaves();
  }

  private forgetOutput(op: OperationRecord): void {
    const previous = op.call?.output;
    if (previous instanceof NDArray) {
      if (this.arraySources.get(previous) === op) this.arraySources.delete(previous);
    } else if (previous !== undefined) {
      this.numberSources = this.numberSources.filter((source) => source.producer !== op);
    }
  }

  /**
   * Forget inputs no edge uses any more: made-up ones, and named ones declared
   * again under the same name (a cell run twice, a new batch each iteration).
   * Without this a training loop would keep every batch alive.
   */
  private dropUnusedLeaves(): void {
    const used = new Set<Producer>();
    for (const op of this.operations) for (const link of this.linksOf(op)) used.add(link.from);
    const newestByName = new Map<string, LeafRecord>();
    for (const leaf of this.leaves) if (!leaf.anonymous) newestByName.set(leaf.node.name, leaf);
    const dropped = new Set<Producer>(
      this.leaves.filter((leaf) => !used.has(leaf) && (leaf.anonymous || newestByName.get(leaf.node.name) !== leaf)),
    );
    if (dropped.size === 0) return;
    this.leaves = this.leaves.filter((leaf) => !dropped.has(leaf));
    this.numberSources = this.numberSources.filter((source) => !dropped.has(source.producer));
    for (const [array, producer] of this.arraySources) if (dropped.has(producer)) this.arraySources.delete(array);
  }

  // ---- reading the record -------------------------------------------------------

  private linksOf(op: OperationRecord): Link[] {
    return op.call === null ? [] : [...op.call.inputs, ...op.call.parameters];
  }

  private operationsInCallOrder(): OperationRecord[] {
    return this.operations
      .filter((op): op is OperationRecord & { call: ForwardCall } => op.call !== null)
      .sort((a, b) => a.call.calledAt - b.call.calledAt);
  }

  /** A result leaves the graph when no tracked layer takes it in, or when it was named with graph.output(). */
  private leavesGraph(op: OperationRecord): boolean {
    return op.call !== null && (op.outputName !== null || !this.isUsed(op));
  }

  private newId(): string {
    return `n${this.nextId++}`;
  }

  private tick(): number {
    return this.clock++;
  }
}

/**
 * Puts `recording`'s methods on the layer object itself, over those of its
 * class, and returns the methods they replace (which a recorded call runs)
 * and a function that takes them off again. The layer stays the same
 * object of the same class: a network built of it still sees its layers,
 * and the fast path of the library's networks (fused-network.ts)
 * sees that their methods are not the class's own, and goes through them.
 * backwardParams only on a layer that has one (Affine).
 */
function instrument(layer: TrackableLayer, recording: LayerMethods): { methods: LayerMethods; uninstrument: () => void } {
  const names = RECORDED_METHODS.filter((name) => name !== "backwardParams" || typeof Reflect.get(layer, name) === "function");
  const before = new Map(names.map((name) => [name, Object.getOwnPropertyDescriptor(layer, name)]));
  const settable = [...before.values()].every((own) => (own === undefined ? Object.isExtensible(layer) : own.configurable));
  if (!settable) {
    throw new TypeError(
      "graph.track: 얼려 둔(Object.freeze) 레이어는 forward와 backward를 기록할 수 없습니다. 얼리지 않은 레이어를 넘기세요.\n" +
        "graph.track: a frozen layer (Object.freeze) cannot have its forward and backward recorded; pass a layer that is not frozen.",
    );
  }
  const methods: LayerMethods = {
    forward: Reflect.get(layer, "forward"),
    backward: Reflect.get(layer, "backward"),
    backwardParams: Reflect.get(layer, "backwardParams"),
  };
  for (const [name, own] of before) {
    // Not enumerable unless the layer's own was: printing the layer shows its fields, as before.
    const enumerable = own?.enumerable ?? false;
    Object.defineProperty(layer, name, { value: recording[name], writable: true, configurable: true, enumerable });
  }
  const uninstrument = (): void => {
    for (const [name, own] of before) {
      // Left alone if something has replaced the recording method since (another graph's): that one still calls it.
      if (Object.getOwnPropertyDescriptor(layer, name)?.value !== recording[name]) continue;
      if (own) Object.defineProperty(layer, name, own);
      else Reflect.deleteProperty(layer, name);
    }
  };
  return { methods, uninstrument };
}

/** Runs one of the layer's own methods (as it was before track()) on the layer. */
function callMethod<R>(op: OperationRecord, name: keyof LayerMethods, args: readonly unknown[]): R {
  const method = op.methods[name];
  if (typeof method !== "function") throw new TypeError(`${name} is not a method of this layer`);
  return Reflect.apply(method, op.layer, args) as R;
}

/** "1 input", "5 inputs". */
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function isValueList(result: GraphValue | readonly GraphValue[]): result is readonly GraphValue[] {
  return Array.isArray(result);
}
