// check() as a learner sees it: a table and the same text as before in a
// notebook, the text alone in a terminal.
import { expect } from "chai";
import { check, checkReport } from "dlfs";
import { captureDisplays } from "dlfs/internal";
import { stdoutOf } from "../support/stdout";

describe("check(): how the report is shown", () => {
  const values = { out: 200, dx: 3 };
  const text = [
    "Problem 209 (MulLayer): 1/3 correct",
    "  ✔ out = 200",
    "  ✘ dx: expected 2, got 3 — differs: expected 2, got 3",
    '  ✘ dy: not given — add it: check("209", { dy, … })',
  ].join("\n");

  it("keeps the plain text exactly", () => {
    expect(checkReport("209", values).toString()).to.equal(text);
  });

  it("shows one bundle in a notebook: that text, and an HTML table with expected, given and a hint", () => {
    const { displays } = captureDisplays(() => check("209", values));
    expect(displays).to.have.length(1);
    const { data } = displays[0];
    expect(Object.keys(data).sort()).to.deep.equal(["text/html", "text/plain"]);
    expect(data["text/plain"]).to.equal(text);
    const html = String(data["text/html"]);
    expect(html).to.include("<table").and.include("1/3 correct");
    expect(html).to.include("✔ correct").and.include("✘ wrong").and.include("✘ missing");
    expect(html).to.include("differs: expected 2, got 3");
  });

  it("escapes what it shows", () => {
    const { displays } = captureDisplays(() => check("209", { out: "<b>" }));
    expect(String(displays[0].data["text/html"])).to.include("&lt;b&gt;").and.not.include("<b><");
  });

  it("prints the text in a terminal", () => {
    expect(stdoutOf(() => check("209", values))).to.equal(`${text}\n`);
  });
});
