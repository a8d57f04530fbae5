/**
 * Hidden inputs: a lesson's data replaced by values the learner never saw,
 * so that a grade measures the learner's code and not numbers typed from the
 * page. A lesson declares them (CONTRIBUTING.md, "Hidden inputs"):
 *
 * - the code cells that set its data carry the tag `inputs`;
 * - `metadata.dlfs.hidden` says, for each name those cells declare
 *   (`const X = array([[1, 2]]);`) or each call they make (`random.seed(1234);`),
 *   what to draw in its place:
 *
 *     { "dims": { "N": [2, 4] },
 *       "values": { "X": { "array": ["N", 2], "ints": [-5, 5] },
 *                   "t": { "oneHot": ["N", 3] },
 *                   "tax": { "number": [1.05, 1.3], "decimals": 2 },
 *                   "random.seed": { "int": [0, 100000] } } }
 *
 * The values are drawn from one seed with dlfs's RandomState (NumPy's
 * MT19937), so a seed gives the same inputs on every machine and Node. Only
 * the initializers (or a call's arguments) are rewritten; the rest of each
 * cell stays the learner's.
 */
import * as ts from "typescript";
import { RandomState } from "dlfs";
import { cellTags, type Notebook } from "../jupyter-client";

export const inputsTag = "inputs";

/** A dimension: a number, or the name of one drawn once for all values (`dims`). */
type Dim = number | string;

type HiddenValue =
  /** A whole number in [lo, hi]. */
  | { int: [number, number] }
  /** A number in [lo, hi], rounded to `decimals` places (default 1). */
  | { number: [number, number]; decimals?: number }
  /**
   * An array of that shape (the first argument of the call that makes it,
   * `array([[...]])`): whole numbers in `ints`, or numbers in `numbers`
   * rounded to `decimals` places. Where the range holds both signs, so does
   * the array: every Relu it reaches sees something to block.
   */
  | { array: Dim[]; ints?: [number, number]; numbers?: [number, number]; decimals?: number }
  /** One-hot labels, [rows, classes] or [classes]: with more than one row, not all of one class. */
  | { oneHot: Dim[] }
  /** A call's arguments, each a dimension: `random.randn(2, 3)` with { "args": ["N", 3] }. */
  | { args: Dim[] };

export interface HiddenSpec {
  /** Dimensions drawn once, each from its list of choices. */
  dims?: Record<string, number[]>;
  /** What each declared name, or each call (`random.seed`), gets. */
  values: Record<string, HiddenValue>;
  /**
   * What runs again on them: every code cell from the first inputs cell on
   * ("from-inputs", the default), or the inputs cells alone ("inputs": a lesson
   * that trains for minutes after them, and computes what it checks of the
   * learner's classes in them, as 237's probe).
   */
  rerun?: "from-inputs" | "inputs";
}

/** A value as a literal: a number, or nested lists of numbers. */
type Literal = number | Literal[];

/** Inputs drawn for one seed: what the report shows, and the code each name or call gets. */
export interface HiddenInputs {
  seed: number;
  /** Each declared name or call, and the source its initializer (or argument list) becomes. */
  code: Map<string, string>;
  dims: Record<string, number>;
}

/** The lesson's hidden-input declaration, or undefined when it has none. */
export function hiddenSpecOf(notebook: Notebook): HiddenSpec | undefined {
  const dlfs = (notebook.metadata as { dlfs?: { hidden?: unknown } }).dlfs;
  const hidden = dlfs?.hidden;
  if (hidden === undefined) return undefined;
  if (typeof hidden !== "object" || hidden === null || typeof (hidden as HiddenSpec).values !== "object")
    throw new Error(`metadata.dlfs.hidden must be { "values": { name: what to draw, ... } } (see CONTRIBUTING.md)`);
  return hidden as HiddenSpec;
}

/** The indices of the code cells tagged `inputs`. */
export function inputsCells(notebook: Notebook): number[] {
  return notebook.cells.flatMap((cell, index) =>
    cell.cell_type === "code" && cellTags(cell).includes(inputsTag) ? [index] : [],
  );
}

/** A seed for one lesson from a grading run's seed: the same pair gives the same number everywhere. */
export function lessonSeed(runSeed: number, problem: string): number {
  let h = (runSeed ^ 0x9e3779b9) >>> 0;
  for (const char of `dlfs hidden ${problem}`) h = Math.imul(h ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return h;
}

function dimOf(dim: Dim, dims: Record<string, number>, name: string): number {
  if (typeof dim === "number") return dim;
  const value = dims[dim];
  if (value === undefined) throw new Error(`hidden input ${name}: dimension "${dim}" is not in "dims"`);
  return value;
}

function round(x: number, decimals: number): number {
  const scale = 10 ** decimals;
  const r = Math.round(x * scale) / scale;
  return Object.is(r, -0) ? 0 : r;
}

/** A literal as TypeScript: [[1, -2], [3, 4]]. */
function literalText(value: Literal): string {
  return Array.isArray(value) ? `[${value.map(literalText).join(", ")}]` : String(value);
}

/** Flat values into nested lists of `shape`. */
function nest(flat: number[], shape: number[]): Literal {
  if (shape.length === 0) return flat[0];
  if (shape.length === 1) return flat.slice(0, shape[0]);
  const [rows, ...rest] = shape;
  const size = rest.reduce((a, b) => a * b, 1);
  return Array.from({ length: rows }, (_, i) => nest(flat.slice(i * size, (i + 1) * size), rest));
}

function between(random: RandomState, [lo, hi]: [number, number], decimals: number): number {
  return round(lo + (hi - lo) * random.rand(), decimals);
}

function drawInt(random: RandomState, [lo, hi]: [number, number]): number {
  return lo + Math.floor(random.rand() * (hi - lo + 1));
}

/** Entries for an array: both signs where the range has both, and never all equal. */
function drawEntries(random: RandomState, size: number, draw: () => number, range: [number, number]): number[] {
  const bothSigns = range[0] < 0 && range[1] > 0 && size > 1;
  for (let attempt = 0; ; attempt++) {
    const values = Array.from({ length: size }, draw);
    const fine =
      (!bothSigns || (values.some((v) => v < 0) && values.some((v) => v > 0))) && (size < 2 || new Set(values).size > 1);
    if (fine || attempt === 99) return values;
  }
}

function drawOneHot(random: RandomState, shape: number[]): Literal {
  const classes = shape[shape.length - 1];
  const rows = shape.length === 2 ? shape[0] : 1;
  for (;;) {
    const labels = Array.from({ length: rows }, () => drawInt(random, [0, classes - 1]));
    if (rows < 2 || classes < 2 || new Set(labels).size > 1) {
      const table = labels.map((label) => Array.from({ length: classes }, (_, c) => (c === label ? 1 : 0)));
      return shape.length === 2 ? table : table[0];
    }
  }
}

/** The source that takes the place of `name`'s initializer (or, for a call, of its argument list). */
function drawValue(random: RandomState, name: string, spec: HiddenValue, dims: Record<string, number>): string {
  if ("int" in spec) return String(drawInt(random, spec.int));
  if ("number" in spec) return String(between(random, spec.number, spec.decimals ?? 1));
  if ("args" in spec) return spec.args.map((dim) => dimOf(dim, dims, name)).join(", ");
  if ("oneHot" in spec)
    return literalText(
      drawOneHot(
        random,
        spec.oneHot.map((dim) => dimOf(dim, dims, name)),
      ),
    );
  if ("array" in spec) {
    const shape = spec.array.map((dim) => dimOf(dim, dims, name));
    const size = shape.reduce((a, b) => a * b, 1);
    const { ints, numbers } = spec;
    if ((ints === undefined) === (numbers === undefined))
      throw new Error(`hidden input ${name}: an array takes "ints" or "numbers", one of them`);
    const range = ints ?? numbers!;
    const draw = ints !== undefined ? () => drawInt(random, ints) : () => between(random, numbers!, spec.decimals ?? 1);
    return literalText(nest(drawEntries(random, size, draw, range), shape));
  }
  throw new Error(`hidden input ${name}: ${JSON.stringify(spec)} is not a kind of value (int, number, array, oneHot, args)`);
}

/** Draws every hidden input of `spec` from `seed`. */
export function drawHiddenInputs(spec: HiddenSpec, seed: number): HiddenInputs {
  const random = new RandomState(seed);
  const dims: Record<string, number> = {};
  for (const [name, choices] of Object.entries(spec.dims ?? {})) {
    if (!Array.isArray(choices) || choices.length === 0) throw new Error(`hidden dimension ${name}: give a list of choices`);
    dims[name] = choices[drawInt(random, [0, choices.length - 1])];
  }
  const code = new Map<string, string>();
  for (const [name, value] of Object.entries(spec.values)) code.set(name, drawValue(random, name, value, dims));
  return { seed, code, dims };
}

/**
 * A notebook whose inputs could not be replaced (a submission whose inputs
 * cells no longer set the data as handed out): why, in words for the teacher
 * and the learner. The grader marks the hidden answers wrong with it; any
 * other error is the lesson's own (its metadata), not a submission's.
 */
export class HiddenInputsError extends Error {}

interface Replacement {
  start: number;
  end: number;
  text: string;
  /** The name or call it is for. */
  name: string;
}

/** The text of a call's callee, `random.seed` for `random.seed(1234)`. */
function calleeText(call: ts.CallExpression, source: ts.SourceFile): string {
  return call.expression.getText(source).replace(/\s+/g, "");
}

/**
 * Where `source` declares or calls what `inputs` replaces, and with what.
 * An array's initializer keeps its call (`array(`, `dlfs.array(`, its dtype
 * argument) and gets new data as its first argument; with numbers drawn, a
 * float dtype is asked for, as whole numbers alone would make an integer array.
 */
function replacementsIn(code: string, inputs: HiddenInputs, spec: HiddenSpec, found: Set<string>): Replacement[] {
  const source = ts.createSourceFile("cell.ts", code, ts.ScriptTarget.ES2022, true);
  const replacements: Replacement[] = [];
  const replaceArguments = (call: ts.CallExpression, text: string, name: string): void => {
    const args = call.arguments;
    if (args.length === 0) {
      const open = call.getText(source).lastIndexOf("(");
      const at = call.getStart(source) + open + 1;
      replacements.push({ start: at, end: at, text, name });
    } else replacements.push({ start: args[0].getStart(source), end: args[args.length - 1].getEnd(), text, name });
  };
  for (const statement of source.statements) {
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (!ts.isIdentifier(declaration.name) || declaration.initializer === undefined) continue;
        const name = declaration.name.text;
        const text = inputs.code.get(name);
        const kind = spec.values[name];
        if (text === undefined || kind === undefined) continue;
        found.add(name);
        const init = declaration.initializer;
        if (("array" in kind || "oneHot" in kind) && ts.isArrayLiteralExpression(init)) {
          // A plain list of numbers (const xs = [[0.1, ...], ...]) is replaced whole.
          replacements.push({ start: init.getStart(source), end: init.getEnd(), text, name });
        } else if ("array" in kind || "oneHot" in kind) {
          if (!ts.isCallExpression(init) || init.arguments.length === 0)
            throw new HiddenInputsError(
              `${name} is no longer set by a list or a call such as array([[...]]), as the lesson handed it out`,
            );
          const first = init.arguments[0];
          replacements.push({ start: first.getStart(source), end: first.getEnd(), text, name });
          if ("array" in kind && kind.numbers !== undefined && init.arguments.length === 1)
            replacements.push({ start: first.getEnd(), end: first.getEnd(), text: `, "float64"`, name });
        } else if ("args" in kind) {
          if (!ts.isCallExpression(init))
            throw new HiddenInputsError(`${name} is no longer set by a call, as the lesson handed it out`);
          replaceArguments(init, text, name);
        } else {
          replacements.push({ start: init.getStart(source), end: init.getEnd(), text, name });
        }
      }
    } else if (ts.isExpressionStatement(statement) && ts.isCallExpression(statement.expression)) {
      const callee = calleeText(statement.expression, source);
      const text = inputs.code.get(callee);
      if (text === undefined) continue;
      found.add(callee);
      replaceArguments(statement.expression, text, callee);
    }
  }
  return replacements;
}

function applyReplacements(code: string, replacements: Replacement[]): string {
  let out = code;
  for (const r of [...replacements].sort((a, b) => b.start - a.start)) out = out.slice(0, r.start) + r.text + out.slice(r.end);
  return out;
}

/**
 * `notebook` with its inputs cells rewritten for `inputs`, and the cells a
 * second run goes through (see HiddenSpec.rerun). Every name and call of the
 * spec must be found in the cells tagged `inputs`.
 */
export function withHiddenInputs(
  notebook: Notebook,
  spec: HiddenSpec,
  inputs: HiddenInputs,
): { notebook: Notebook; rerun: number[] } {
  const cells = inputsCells(notebook);
  if (cells.length === 0)
    throw new HiddenInputsError(`no code cell is tagged "${inputsTag}" (the cell that sets the lesson's data, as handed out)`);
  const found = new Set<string>();
  const rewritten = notebook.cells.map((cell, index) => {
    if (!cells.includes(index)) return cell;
    const replacements = replacementsIn(cell.source, inputs, spec, found);
    return replacements.length === 0 ? cell : { ...cell, source: applyReplacements(cell.source, replacements) };
  });
  const missing = Object.keys(spec.values).filter((name) => !found.has(name));
  if (missing.length > 0)
    throw new HiddenInputsError(
      `the cells tagged "${inputsTag}" no longer set ${missing.join(", ")} as the lesson handed them out (const ${missing[0]} = …)`,
    );
  const rerun = spec.rerun === "inputs" ? cells : rewritten.flatMap((_, index) => (index >= cells[0] ? [index] : []));
  return { notebook: { ...notebook, cells: rewritten }, rerun };
}

/**
 * What the inputs cells of `notebook` set each name or call of `spec` to, as
 * written (without spaces): `[[1,-2],[3,4]]` for `const X = array([[1, -2], [3, 4]]);`.
 * Comparing it with drawn inputs says whose data a notebook holds.
 */
export function inputsIn(notebook: Notebook, spec: HiddenSpec): Map<string, string> {
  const names = Object.keys(spec.values);
  const any: HiddenInputs = { seed: 0, code: new Map(names.map((name) => [name, ""])), dims: {} };
  const written = new Map<string, string>();
  for (const index of inputsCells(notebook)) {
    const code = notebook.cells[index].source;
    for (const r of replacementsIn(code, any, spec, new Set()))
      if (!written.has(r.name) && r.end > r.start) written.set(r.name, code.slice(r.start, r.end).replace(/\s+/g, ""));
  }
  return written;
}

/** Whether inputs as a notebook writes them (inputsIn) are exactly `inputs`. */
export function sameInputs(written: ReadonlyMap<string, string>, inputs: HiddenInputs): boolean {
  return [...inputs.code].every(([name, text]) => written.get(name) === text.replace(/\s+/g, ""));
}

/** The inputs in words for the teacher's report: `X = [[1, -2]]; t = [[0, 1, 0]]`. */
export function describeHiddenInputs(inputs: HiddenInputs): string {
  return [...inputs.code].map(([name, text]) => `${name} = ${text}`).join("; ");
}
