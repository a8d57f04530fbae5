// The suite's tiers (test/support/tiers.ts, test/run.ts): every tag a title
// uses is one of the tiers' (a misspelt "@Slow" would quietly put a test in
// the fast tier), every suite that needs Chromium or a server says so, and
// the runner reads its command line and its budget as documented.
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { fastTierKernelBudget, kernelBudgetVerdict, parseInvocation } from "./run";
import { outsideFastTier, requireTag, tags, tagsIn } from "./support/tiers";

/** Every test file under test/. */
function testFiles(folder = __dirname): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return testFiles(full);
    return entry.name.endsWith(".test.ts") ? [full] : [];
  });
}

/** The string literals (and template heads) that open a describe() or it() call. */
function titles(source: string): string[] {
  return [...source.matchAll(/\b(?:describe|it|context|specify)(?:\.skip|\.only)?\(\s*(["'`])((?:\\.|(?!\1).)*)\1/g)].map(
    (match) => match[2],
  );
}

describe("the suite's tiers", () => {
  it("every tag in a test's title is one of the tiers' tags", () => {
    const unknown: string[] = [];
    for (const file of testFiles()) {
      for (const title of titles(fs.readFileSync(file, "utf8"))) {
        for (const tag of tagsIn(title)) {
          if (!(tag in tags)) unknown.push(`${path.relative(__dirname, file)}: @${tag} in "${title}"`);
        }
      }
    }
    expect(unknown, `known tags: ${Object.keys(tags).join(", ")}`).to.deep.equal([]);
  });

  it("finds tags in titles, and only there", () => {
    expect(tagsIn("the site in Chromium @browser @server")).to.deep.equal(["browser", "server"]);
    expect(tagsIn("user@example.org is not a tag")).to.deep.equal([]);
    expect(outsideFastTier.test("lessons in full @slow")).to.equal(true);
    expect(outsideFastTier.test("lessons @slowly")).to.equal(false);
    expect(outsideFastTier.test("lessons")).to.equal(false);
  });

  it("fails a suite that needs Chromium without saying so, naming the tag to add", function () {
    const suite = { fullTitle: () => "plots in Chromium", tests: [{ title: "draws" }], suites: [] };
    const context = { test: { parent: suite } } as unknown as Mocha.Context;
    expect(() => requireTag(context, "browser", "Chromium")).to.throw(/add @browser to its title/);
    const tagged = { ...suite, fullTitle: () => "plots in Chromium @browser" };
    expect(() => requireTag({ test: { parent: tagged } } as unknown as Mocha.Context, "browser", "Chromium")).to.not.throw();
  });

  it("reads npm test's command line: the fast tier, all, a part, watch", () => {
    expect(parseInvocation([])).to.deep.equal({ mode: "fast", specs: [], mochaArgs: [] });
    expect(parseInvocation(["--all"])).to.deep.include({ mode: "all" });
    expect(parseInvocation(["test/lib"])).to.deep.equal({ mode: "part", specs: ["test/lib"], mochaArgs: [] });
    expect(parseInvocation(["--grep", "NDArray"])).to.deep.equal({ mode: "part", specs: [], mochaArgs: ["--grep", "NDArray"] });
    expect(parseInvocation(["--timeout", "5000"])).to.deep.equal({ mode: "fast", specs: [], mochaArgs: ["--timeout", "5000"] });
    expect(parseInvocation(["--watch"])).to.deep.include({ mode: "watch" });
    expect(parseInvocation(["-h"])).to.equal("help");
  });

  it("holds the fast tier to its budget of kernel starts", () => {
    expect(kernelBudgetVerdict(fastTierKernelBudget).ok).to.equal(true);
    const over = kernelBudgetVerdict(fastTierKernelBudget + 1);
    expect(over.ok).to.equal(false);
    expect(over.line).to.match(/over its budget .* @slow/);
  });
});
