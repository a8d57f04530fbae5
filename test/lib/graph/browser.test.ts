// The computational graph pictures as a reader sees them: the SVG opened in
// headless Chromium, every label measured. Screenshots go to test-artifacts/
// for a human to look at.
// The DOM types are for the function given to page.evaluate, which runs in the page.
/// <reference lib="dom" />
import { expect } from "chai";
import { join } from "path";
import type { BrowserContext } from "playwright-core";
import { array, ComputationalGraph, Sigmoid } from "dlfs";
import { artifacts, useChromium } from "../../support/chromium";
import { recordFruitExample as recordFruitGraph, recordNetwork } from "../../support/recorded-graphs";
import { keyNumber, keyPrinted } from "../../support/key";

/** The gradients of problem 213, written as the graph writes numbers. */
const gradients213 = ["dapple", "dappleNum", "dorange", "dorangeNum", "dtax"].map((name) => String(keyNumber("213", name)));

/** Problem 213's graph (see test/support/recorded-graphs.ts). */
function recordFruitExample(withBackward: boolean): ComputationalGraph {
  return recordFruitGraph(withBackward).g;
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface MeasuredText {
  text: string;
  box: Box;
  visible: boolean;
  fill: string;
}

interface Rendering {
  /** The parser's error, if the SVG is not well-formed XML. */
  parseError: string | null;
  /** Whether the SVG loads as an image (as JupyterLab shows image/svg+xml). */
  loadsAsImage: boolean;
  svgBox: Box;
  texts: MeasuredText[];
}

/** Opens the SVG inline in a page, measures every text label and screenshots the picture. */
async function render(context: BrowserContext, svg: string, screenshotName: string): Promise<Rendering> {
  const page = await context.newPage();
  try {
    await page.setViewportSize({ width: 2400, height: 1200 });
    await page.setContent(
      `<!DOCTYPE html><html><body style="margin:0;background:#fff"><div id="graph">${svg}</div></body></html>`,
    );
    // No named helper functions in here: the bundler would wrap them in a helper the page lacks.
    const rendering = await page.evaluate(async (source: string): Promise<Rendering> => {
      const parsed = new DOMParser().parseFromString(source, "image/svg+xml");
      const parseError = parsed.querySelector("parsererror")?.textContent ?? null;
      const image = new Image();
      const loaded = new Promise<boolean>((done) => {
        image.addEventListener("load", () => done(image.naturalWidth > 0));
        image.addEventListener("error", () => done(false));
      });
      image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(source)}`;
      const svgElement = document.querySelector("#graph svg") as SVGSVGElement;
      const svgRect = svgElement.getBoundingClientRect();
      const texts = Array.from(svgElement.querySelectorAll("text")).map((element) => {
        const style = getComputedStyle(element);
        const r = element.getBoundingClientRect();
        return {
          // Graphviz keeps runs of spaces (NumPy's column alignment) as no-break spaces.
          text: (element.textContent ?? "").replace(/\u00a0/g, " "),
          box: { x: r.x, y: r.y, width: r.width, height: r.height },
          visible: style.display !== "none" && style.visibility !== "hidden" && Number(style.opacity) > 0,
          fill: style.fill,
        };
      });
      return {
        parseError,
        loadsAsImage: await loaded,
        svgBox: { x: svgRect.x, y: svgRect.y, width: svgRect.width, height: svgRect.height },
        texts,
      };
    }, svg);
    await page.locator("#graph svg").screenshot({ path: join(artifacts, `${screenshotName}.png`) });
    return rendering;
  } finally {
    await page.close();
  }
}

/** Pairs of labels whose boxes overlap by more than half a pixel both ways. */
function overlaps(texts: readonly MeasuredText[]): string[] {
  const found: string[] = [];
  for (let i = 0; i < texts.length; i++) {
    for (let j = i + 1; j < texts.length; j++) {
      const a = texts[i].box;
      const b = texts[j].box;
      const across = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
      const down = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
      if (across > 0.5 && down > 0.5) found.push(`"${texts[i].text}" and "${texts[j].text}"`);
    }
  }
  return found;
}

function expectReadable(rendering: Rendering, labels: readonly string[]): void {
  expect(rendering.parseError, "parses as XML").to.equal(null);
  expect(rendering.loadsAsImage, "loads as an image").to.equal(true);
  const { svgBox, texts } = rendering;
  for (const t of texts) {
    expect(t.visible, `"${t.text}" is visible`).to.equal(true);
    expect(t.box.width > 0 && t.box.height > 0, `"${t.text}" has a size`).to.equal(true);
    const inside =
      t.box.x >= svgBox.x - 0.5 &&
      t.box.y >= svgBox.y - 0.5 &&
      t.box.x + t.box.width <= svgBox.x + svgBox.width + 0.5 &&
      t.box.y + t.box.height <= svgBox.y + svgBox.height + 0.5;
    expect(inside, `"${t.text}" lies inside the picture`).to.equal(true);
  }
  expect(overlaps(texts), "labels that overlap").to.deep.equal([]);
  const shown = texts.map((t) => t.text);
  for (const label of labels) expect(shown, label).to.include(label);
}

const RED = "rgb(214, 39, 40)";

describe("ComputationalGraph pictures in headless Chromium @browser", function () {
  this.timeout(30_000);
  const browser = useChromium();

  it("problem 213, forward only: every label visible, none overlapping, nothing in red", async () => {
    const rendering = await render(browser(), await recordFruitExample(false).toSVG(), "graph-213-forward");
    expectReadable(rendering, [
      "apple",
      "apple_num",
      "orange",
      "orange_num",
      "tax",
      "price",
      "×",
      "+",
      "100",
      String(keyNumber("213", "price")),
    ]);
    expect(rendering.texts.filter((t) => t.fill === RED)).to.deep.equal([]);
  });

  it("problem 213, forward and backward: the gradients in red under the values", async () => {
    const rendering = await render(browser(), await recordFruitExample(true).toSVG(), "graph-213");
    expectReadable(rendering, ["apple", "tax", "price", "mul_tax_layer", ...gradients213]);
    const red = rendering.texts.filter((t) => t.fill === RED);
    expect(red.map((t) => t.text).sort()).to.deep.equal([...gradients213, "1", "1.1", "1.1", "1.1"].sort());
    // As in the book: on the apple edge, 100 above and its gradient 2.2 right below it.
    const value = rendering.texts.find((t) => t.text === "100")!.box;
    const gradient = red.find((t) => t.text === "2.2")!.box;
    expect(gradient.y, "the gradient is below the value").to.be.greaterThan(value.y + value.height);
    expect(Math.abs(gradient.x + gradient.width / 2 - (value.x + value.width / 2)), "centred under it").to.be.below(2);
    // Inputs on the left, the result on the right.
    const left = (label: string) => rendering.texts.find((t) => t.text === label)!.box.x;
    for (const input of ["apple", "apple_num", "orange", "orange_num"]) expect(left(input)).to.be.below(left("×"));
    expect(left("price")).to.be.greaterThan(Math.max(...rendering.texts.filter((t) => t.text !== "price").map((t) => t.box.x)));
  });

  it("problem 217, Sigmoid on a 2×2 array: the σ node and both arrays, NumPy style", async () => {
    const g = new ComputationalGraph();
    const sig = g.track(new Sigmoid());
    sig.forward(
      g.input(
        "x",
        array([
          [2.0, 4.0],
          [-0.3, 0.9],
        ]),
      ),
    );
    sig.backward(
      array([
        [4.0, 2.0],
        [-0.1, 0.8],
      ]),
    );
    const rendering = await render(browser(), await g.toSVG(), "graph-sigmoid");
    expectReadable(rendering, ["x", "σ", "(2, 2)", ...keyPrinted("217", "out")]);
    expect(rendering.texts.filter((t) => t.fill === RED).map((t) => t.text)).to.include.members(keyPrinted("217", "dx"));
  });

  it("a batch through Affine, Relu and SoftmaxWithLoss: shapes and small arrays readable", async () => {
    const rendering = await render(browser(), await recordNetwork().g.toSVG(), "graph-network");
    expectReadable(rendering, [
      "x",
      "W1",
      "b1",
      "t",
      "L",
      "Affine1",
      "Relu1",
      "Affine2",
      "Softmax-with-Loss",
      "(2, 4)",
      "(4, 3)",
      "(3,)",
      "[0.1 0.2 0.3]",
    ]);
    expect(rendering.texts.filter((t) => t.fill === RED).map((t) => t.text)).to.include.members(["(4, 3)", "(3, 3)", "1"]);
  });
});
