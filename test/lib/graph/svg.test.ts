import { expect } from "chai";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ComputationalGraph, MulLayer, type NDArray } from "dlfs";
import { arrayToString } from "dlfs/internal";
import { recordFruitExample as recordFruitGraph, recordNetwork } from "../../support/recorded-graphs";
import { isPng } from "../../support/png";
import { stdoutOfAsync } from "../../support/stdout";
import { keyNumber } from "../../support/key";

const GRADIENT_COLOR = "#d62728";

/** Problem 213's graph (see test/support/recorded-graphs.ts). */
function recordFruitExample(withBackward: boolean): ComputationalGraph {
  return recordFruitGraph(withBackward).g;
}

// ---- a small XML reader, enough to tell whether Graphviz's SVG is well-formed ----

const ENTITY = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;
const TAG = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[A-Za-z_][\w:.-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/y;
const ATTRIBUTE_NAME = /([A-Za-z_][\w:.-]*)\s*=/g;

/** What is wrong with `xml` as an XML document: mismatched tags, stray "<" or "&", duplicate attributes, not one root. */
function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const body = xml
    .replace(/^<\?xml[^?]*\?>/, "")
    .replace(/<!DOCTYPE[^>[]*(\[[^\]]*\])?>/, "")
    .replace(/<!--[\s\S]*?-->/g, "");
  const stack: string[] = [];
  let roots = 0;
  let at = 0;
  while (at < body.length) {
    const next = body.indexOf("<", at);
    const text = body.slice(at, next < 0 ? body.length : next);
    if (text.replace(ENTITY, "").includes("&")) problems.push(`a bare "&" in text near ${JSON.stringify(text.slice(0, 40))}`);
    if (stack.length === 0 && text.trim() !== "")
      problems.push(`text outside the root element: ${JSON.stringify(text.slice(0, 40))}`);
    if (next < 0) break;
    TAG.lastIndex = next;
    const match = TAG.exec(body);
    if (match === null) {
      problems.push(`not a tag at ${JSON.stringify(body.slice(next, next + 40))}`);
      break;
    }
    const [, closing, name, attributes, selfClosing] = match;
    if (attributes.replace(ENTITY, "").includes("&")) problems.push(`a bare "&" in the attributes of <${name}>`);
    const names = [...attributes.matchAll(ATTRIBUTE_NAME)].map((m) => m[1]);
    if (new Set(names).size !== names.length) problems.push(`a repeated attribute in <${name}>`);
    if (closing === "/") {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open ?? "nothing"}>`);
    } else {
      if (stack.length === 0) roots++;
      if (selfClosing !== "/") stack.push(name);
    }
    at = TAG.lastIndex;
  }
  if (stack.length > 0) problems.push(`never closed: ${stack.join(", ")}`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}

function decodeEntities(text: string): string {
  return text.replace(ENTITY, (entity) => {
    const named: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'" };
    if (entity in named) return named[entity];
    const code = entity.startsWith("&#x") ? parseInt(entity.slice(3, -1), 16) : parseInt(entity.slice(2, -1), 10);
    return String.fromCodePoint(code);
  });
}

interface SvgText {
  text: string;
  fill: string;
  font: string;
}

/** Every <text> of the SVG: what it says, its colour and its font. */
function svgTexts(svg: string): SvgText[] {
  return [...svg.matchAll(/<text([^>]*)>([^<]*)<\/text>/g)].map(([, attributes, content]) => ({
    // Graphviz keeps runs of spaces (NumPy's column alignment) as no-break spaces.
    text: decodeEntities(content).replace(/\u00a0/g, " "),
    fill: /\sfill="([^"]*)"/.exec(attributes)?.[1] ?? "black",
    font: /\sfont-family="([^"]*)"/.exec(attributes)?.[1] ?? "",
  }));
}

function sorted(values: string[]): string[] {
  return [...values].sort();
}

describe("ComputationalGraph pictures: DOT and SVG", () => {
  it("the XML checker itself catches broken documents", () => {
    expect(xmlProblems('<svg><g><text x="1">a &amp; b</text></g></svg>')).to.deep.equal([]);
    expect(xmlProblems("<svg><g></svg>")).to.have.length.above(0);
    expect(xmlProblems("<svg>a & b</svg>")).to.have.length.above(0);
    expect(xmlProblems('<svg a="1" a="2"/>')).to.have.length.above(0);
    expect(xmlProblems("<svg/><svg/>")).to.have.length.above(0);
  });

  it("problem 213 forward only: every value on its edge, no gradients", async () => {
    const svg = await recordFruitExample(false).toSVG();
    expect(xmlProblems(svg)).to.deep.equal([]);
    const texts = svgTexts(svg);
    const words = texts.map((t) => t.text);
    for (const label of [
      "apple",
      "apple_num",
      "orange",
      "orange_num",
      "tax",
      "price",
      "×",
      "+",
      "mul_apple_layer",
      "add_apple_orange_layer",
    ]) {
      expect(words, label).to.include(label);
    }
    for (const value of ["100", "2", "150", "3", "1.1", "200", "450", "650", String(keyNumber("213", "price"))])
      expect(words, value).to.include(value);
    expect(texts.filter((t) => t.fill === GRADIENT_COLOR)).to.deep.equal([]);
  });

  it("problem 213 after backward: the gradients in red, exactly those of the book", async () => {
    const svg = await recordFruitExample(true).toSVG();
    expect(xmlProblems(svg)).to.deep.equal([]);
    const red = svgTexts(svg)
      .filter((t) => t.fill === GRADIENT_COLOR)
      .map((t) => t.text);
    expect(sorted(red)).to.deep.equal(
      sorted([
        ...["dapple", "dappleNum", "dorange", "dorangeNum", "dtax"].map((name) => String(keyNumber("213", name))),
        "1.1",
        "1.1",
        "1.1",
        "1",
      ]),
    );
    const black = svgTexts(svg)
      .filter((t) => t.fill === "black")
      .map((t) => t.text);
    expect(black).to.include.members(["100", "2", "150", "3", "200", "450", "650", "1.1", String(keyNumber("213", "price"))]);
  });

  it("is laid out left to right by Graphviz, with × and + as circles", () => {
    const dot = recordFruitExample(true).toDot();
    expect(dot).to.match(/^digraph computational_graph \{/);
    expect(dot).to.contain("rankdir=LR");
    expect(dot.match(/shape=circle/g)).to.have.length(4);
    expect(dot).not.to.match(/\bpos=/);
  });

  it("inputs: the apple figure lines them up on the left in order; a network leaves them by their layer unless asked", () => {
    const fruit = recordFruitExample(true);
    const id = (name: string) => fruit.nodes.find((node) => node.name === name)?.id;
    const chain = ["apple", "apple_num", "orange", "orange_num", "tax"].map(id).join(" -> ");
    expect(fruit.toDot()).to.contain(`{ rank=min; ${chain} [style=invis]; }`);
    expect(fruit.toDot({ inputs: "near" })).not.to.contain("rank=min");
    const { g } = recordNetwork();
    expect(g.toDot()).not.to.contain("rank=min");
    expect(g.toDot({ inputs: "left" })).to.contain("rank=min");
  });

  it("the batch network: arrays by shape, small ones also by value, NumPy style", async () => {
    const { g, x } = recordNetwork();
    const svg = await g.toSVG();
    expect(xmlProblems(svg)).to.deep.equal([]);
    const texts = svgTexts(svg);
    const words = texts.map((t) => t.text);
    for (const label of ["x", "W1", "b1", "W2", "b2", "t", "L", "Affine1", "Relu1", "Affine2", "Softmax-with-Loss"]) {
      expect(words, label).to.include(label);
    }
    for (const shape of ["(2, 4)", "(4, 3)", "(3,)", "(2, 3)", "(3, 3)"]) expect(words, shape).to.include(shape);
    // b1 has 3 elements: written out, in a monospace font; x has 8: only its shape.
    const b1 = texts.find((t) => t.text === "[0.1 0.2 0.3]");
    expect(b1, "b1's values").not.to.equal(undefined);
    expect(b1?.font).to.match(/Courier/);
    const xLines = arrayToString(x).split("\n");
    expect(words.filter((w) => xLines.includes(w))).to.deep.equal([]);
    // Column alignment survives: each line exactly as NumPy prints it.
    const reluToAffine = g.edges.find((edge) => edge.from.name === "Relu1");
    const lines = arrayToString(reluToAffine?.gradient as NDArray).split("\n");
    expect(lines).to.have.length(2);
    expect(texts.filter((t) => t.fill === GRADIENT_COLOR).map((t) => t.text)).to.include.members(lines);
    // dW1 is (4, 3), the same shape as W1, in red.
    expect(texts.filter((t) => t.fill === GRADIENT_COLOR).map((t) => t.text)).to.include.members([
      "(4, 3)",
      "(2, 4)",
      "(3,)",
      "1",
    ]);
  });

  it("options: fewer values written out, and a title", async () => {
    const { g } = recordNetwork();
    const svg = await g.toSVG({ maxShownElements: 0, title: "Affine → Relu → Affine → Softmax-with-Loss" });
    const words = svgTexts(svg).map((t) => t.text);
    expect(words).not.to.include("[0.1 0.2 0.3]");
    expect(words).to.include("Affine → Relu → Affine → Softmax-with-Loss");
  });

  it("names are escaped: < & > in a name do not break the SVG", async () => {
    const g = new ComputationalGraph();
    g.track(new MulLayer(), "a<b & c>").forward(g.input("x & y", 2), g.input("<z>", 3));
    const svg = await g.toSVG();
    expect(xmlProblems(svg)).to.deep.equal([]);
    expect(svgTexts(svg).map((t) => t.text)).to.include.members(["a<b & c>", "x & y", "<z>"]);
  });

  it("save() writes the SVG or a PNG for a slide, or the DOT source", async () => {
    const dir = mkdtempSync(join(tmpdir(), "graph-save-"));
    try {
      const g = recordFruitExample(true);
      const svgPath = await g.save(join(dir, "slides", "graph.svg"));
      const svg = readFileSync(svgPath, "utf8");
      expect(svg).to.match(/^<\?xml/);
      expect(xmlProblems(svg)).to.deep.equal([]);
      const dotPath = await g.save(join(dir, "graph.dot"));
      expect(readFileSync(dotPath, "utf8")).to.equal(g.toDot());
      const pngPath = await g.save(join(dir, "graph.png"));
      expect(isPng(readFileSync(pngPath))).to.equal(true);
      let failure: unknown = null;
      await g.save(join(dir, "graph.jpg")).catch((error: unknown) => (failure = error));
      expect(String(failure)).to.match(/must end in \.svg or \.png .* or \.dot/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("show(): the notebook gets a PNG and a text fallback; a terminal gets the text", async () => {
    const g = recordFruitExample(true);
    const bundle = await g.toBundle();
    // A PNG, not SVG: untrusted Notebook 6 and nbconvert's HTML drop SVG (see png.test.ts).
    expect(Object.keys(bundle).sort()).to.deep.equal(["image/png", "text/plain"]);
    expect(isPng(Buffer.from(bundle["image/png"], "base64"))).to.equal(true);
    expect(bundle["text/plain"]).to.equal(g.toText());

    const printed = await stdoutOfAsync(() => g.show());
    expect(printed).to.equal(g.toText() + "\n");
  });
});
