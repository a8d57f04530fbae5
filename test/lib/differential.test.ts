// dlfs against NumPy 1.24 on random cases of everything its arrays do
// (test/lib/fixtures/numpy_differential.py writes them, with NumPy's results),
// and on a named case for each corner that once differed. Each case must be
// NumPy's exactly (text, dtype, shape, every value's bits, or the error's type
// and message), or one of the documented differences, done as documented
// (test/lib/differential/cases.ts). About 2,300 cases, run in a second or two.
import { expect } from "chai";
import { join } from "node:path";
import { compare, readFixture, summarize } from "./differential/cases";

const fixture = readFixture(join(__dirname, "fixtures", "differential.json"));

describe(`NumPy ${fixture.numpy} differential: random cases of seeds ${fixture.seeds.join(", ")} and named corners`, () => {
  it("every named corner is NumPy's, or its documented difference", () => {
    const named = fixture.cases.filter((c) => c.named);
    expect(named.length).to.be.above(60);
    const failures = named.map((c) => ({ id: c.id, ...compare(c) })).filter((r) => r.verdict === "mismatch");
    expect(failures, failures.map((f) => `${f.id}: ${f.detail}`).join("\n")).to.deep.equal([]);
  });

  it("every random case is NumPy's, or its documented difference", () => {
    const summary = summarize(fixture.cases.filter((c) => !c.named));
    const lines = summary.mismatches.map(({ case: c, detail }) => `${c.id} (${c.op}): ${detail}`);
    expect(lines, lines.join("\n")).to.deep.equal([]);
    // Documented differences stay the exception (lib/README.md lists them).
    expect(summary.exact / summary.total).to.be.above(0.95);
  });

  it("the named corners hold what they are named for", () => {
    // A few of them spelt out, so that a fixture regenerated wrongly cannot pass unnoticed.
    const byName = new Map(fixture.cases.filter((c) => c.named).map((c) => [c.id, c]));
    const numpyText = (id: string): string => {
      const outcome = byName.get(id)?.numpy;
      return outcome && outcome.type !== "error" ? outcome.str : `${outcome?.name}: ${outcome?.message}`;
    };
    expect(numpyText("scalar: [1.5, 1.5].sum() prints 3.0")).to.equal("3.0");
    expect(numpyText("scalar: [2.5e-6, 1e-6].mean() prints 1.7500000000000002e-06")).to.equal("1.7500000000000002e-06");
    expect(numpyText("scalar: zeros(0).mean() is nan")).to.equal("nan");
    expect(numpyText("pairwise: sum(0) of 8 floats")).to.equal("2371.207");
    expect(numpyText("exp: exp(18.406634257527443)")).to.match(/^\[9\.86051705e\+0+7 /);
    expect(numpyText("dot: 0·nan is nan")).to.equal("nan");
    expect(numpyText("argmax: NaN comes first")).to.equal("1");
    expect(numpyText("bool: array([true, 2, 0]) is int64")).to.equal("[1 2 0]");
    expect(numpyText("error: reshape into (4,newaxis)")).to.equal(
      "ValueError: cannot reshape array of size 6 into shape (4,newaxis)",
    );
  });
});
