// LaTeX in markdown becomes MathML, which a browser draws with no script.
import { expect } from "chai";
import { markdownMathToMathML } from "../../jupyter-client/notebook/markdown-math";

describe("jupyter-client: markdown math as MathML", () => {
  it("turns inline and display math into MathML", () => {
    const { markdown, failures } = markdownMathToMathML(
      "Sigmoid: $y(1-y) \\le 0.25$라서\n\n$$\\frac{\\partial L}{\\partial x}$$",
    );
    expect(failures).to.deep.equal([]);
    expect(markdown).to.match(
      /^Sigmoid: <math>.*<mo>≤<\/mo><mn>0\.25<\/mn>.*<\/math>라서\n\n<math display="block"[^>]*>.*<mfrac>/s,
    );
    expect(markdown).to.not.include("$");
  });

  it("leaves code spans, code blocks, escaped dollars and lone dollars alone", () => {
    const text = "Use `$x$` or ``a $b$ c``, costs \\$5 and $5 or $ 6 $.\n```ts\nconst s = `$${x}$`;\n```\n";
    expect(markdownMathToMathML(text)).to.deep.equal({ markdown: text, failures: [] });
  });

  it("keeps a formula it cannot read as TeX, and says which", () => {
    const { markdown, failures } = markdownMathToMathML("bad $\\nosuchcommand x$ good $x$");
    expect(markdown).to.match(/^bad \$\\nosuchcommand x\$ good <math>/);
    expect(failures).to.have.length(1);
    expect(failures[0]).to.match(/^\$\\nosuchcommand x\$: .*nosuchcommand/);
  });
});
