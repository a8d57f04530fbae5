// dlfs against NumPy 1.24 on random cases of everything its arrays do
// (test/lib/fixtures/numpy_differential.py writes them, with NumPy's results),
// and on a named case for each corner that once differed. Each case must be
// NumPy's exactly (text, dtype, shape, every value's bits, or the error's type
// and message), or one of the documented differences, done as documented
// (test/lib/differential/cases.ts). About 2,300 cases, run in a few seconds.
//
// Cases from seeds the suite does not hold, to try dlfs on cases it was never tested on:
//   /usr/bin/python3 test/lib/fixtures/numpy_differential.py --seeds 101-110 --out /tmp/new.json
//   DLFS_DIFFERENTIAL=/tmp/new.json npx mocha test/lib/differential.test.ts
import { expect } from "chai";
import { join } from "node:path";
import { type Case, compare, readFixture, summarize, type Summary } from "./differential/cases";

const path = process.env.DLFS_DIFFERENTIAL ?? join(__dirname, "fixtures", "differential.json");
const fixture = readFixture(path);
const named = fixture.cases.filter((c) => c.named);
const random = fixture.cases.filter((c) => !c.named);

/** The kinds of case that the first differential test drew (no unary functions, astype, take, get or item). */
const FIRST_KINDS = new Set(
  "print add subtract multiply true_divide maximum less_equal less greater_equal greater equal not_equal putmask sum mean max min argmax dot reshape transpose flatten array zeros ones full arange iadd isub imul".split(
    " ",
  ),
);

function rates(label: string, summary: Summary): string {
  const percent = (n: number): string => `${((100 * n) / Math.max(summary.total, 1)).toFixed(2)}%`;
  return (
    `${label}: ${summary.total} cases, ${summary.exact} exact (${percent(summary.exact)}), ` +
    `${summary.documented} documented differences (${percent(summary.documented)}), ${summary.mismatches.length} mismatches`
  );
}

describe(`NumPy ${fixture.numpy} differential: seeds ${fixture.seeds.join(", ")}${named.length ? " and named corners" : ""}`, () => {
  it("every random case is NumPy's, or its documented difference", () => {
    const summary = summarize(random);
    console.log(`      ${rates("all", summary)}`);
    console.log(`      ${rates("the first test's kinds", summarize(random.filter((c: Case) => FIRST_KINDS.has(c.op))))}`);
    const lines = summary.mismatches.map(({ case: c, detail }) => `${c.id} (${c.op}): ${detail}`);
    expect(lines, lines.join("\n")).to.deep.equal([]);
    // Documented differences stay the exception (lib/README.md lists them).
    expect(summary.exact / summary.total).to.be.above(0.95);
  });

  if (named.length === 0) return;

  it("every named corner is NumPy's, or its documented difference", () => {
    expect(named.length).to.be.above(60);
    const failures = named.map((c) => ({ id: c.id, ...compare(c) })).filter((r) => r.verdict === "mismatch");
    expect(failures, failures.map((f) => `${f.id}: ${f.detail}`).join("\n")).to.deep.equal([]);
  });

  it("the named corners hold what they are named for", () => {
    // A few of NumPy's answers spelt out, so that a fixture regenerated wrongly cannot pass unnoticed.
    const byName = new Map(named.map((c) => [c.id, c]));
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
