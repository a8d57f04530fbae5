// check() as a learner sees it: a table and the same text as before in a
// notebook, the text alone in a terminal.
import { expect } from "chai";
import { array, check, checkReport, setLanguage } from "dlfs";
import { answerKeyOf } from "dlfs/answer-key";
import { captureDisplays } from "dlfs/internal";
import { keyNumbers, keyPrinted } from "../support/key";
import { stdoutOf } from "../support/stdout";

/** The one bundle check() displays: its text and its HTML. */
function shown(problem: string, values: Record<string, unknown>): { text: string; html: string } {
  const { displays } = captureDisplays(() => check(problem, values));
  expect(displays).to.have.length(1);
  return { text: String(displays[0].data["text/plain"]), html: String(displays[0].data["text/html"]) };
}

describe("check(): how the report is shown", () => {
  // In English, as a learner who chose it sees it; the lessons' Korean below.
  before(() => setLanguage("en"));
  after(() => setLanguage(undefined));
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

  it("speaks the lesson's Korean when the learner chose no language", () => {
    setLanguage(undefined);
    try {
      const { text: korean, html } = shown("209", values);
      expect(korean).to.equal(
        [
          "문제 209 (곱셈 계층 MulLayer): 1/3 정답",
          "  ✔ out = 200",
          "  ✘ dx: 정답 2, 낸 값 3 — 다르다: 정답 2, 낸 값 3",
          '  ✘ dy: 내지 않음 — check("209", { dy, … })에 넣는다',
        ].join("\n"),
      );
      expect(html).to.include("✔ 맞음").and.include("✘ 틀림").and.include("✘ 없음").and.include("<th").and.include(">힌트</th>");
    } finally {
      setLanguage("en");
    }
  });

  it("escapes what it shows", () => {
    const { displays } = captureDisplays(() => check("209", { out: "<b>" }));
    expect(String(displays[0].data["text/html"])).to.include("&lt;b&gt;").and.not.include("<b><");
  });

  // The table must fit the output's width (a notebook at 1280 px gives it about 850):
  // a value wraps in its column instead of pushing "given" and "hint" off the side.
  it("lets a list wrap after each comma in the table, its text still on one line", () => {
    const losses = keyNumbers("232", "losses");
    const { text, html } = shown("232", { losses });
    const list = JSON.stringify(losses);
    expect(text.split("\n")[1]).to.equal(`  ✔ losses = ${list}`);
    expect(html).to.include(list.replace(/,/g, ",<wbr>"));
    expect(html).to.include("max-width: 100%");
    // JupyterLab shows a saved notebook's HTML sanitized, and its sanitizer drops `overflow-wrap: anywhere`.
    expect(html).to.include("overflow-wrap: break-word").and.not.include("anywhere");
  });

  it("shows an array in the table as NumPy prints it, a line per printed line, and on one line in the text", () => {
    const expected = answerKeyOf("230").items.find((item) => item.name === "batchDx")!.expected as number[][];
    const printed = keyPrinted("230", "batchDx");
    const { text, html } = shown("230", { batchDx: array(expected) });
    expect(printed).to.have.length(4);
    expect(text.split("\n")).to.include(`  ✔ batchDx = ${printed.map((line) => line.trim()).join(" ")}`);
    // Twice: the expected value and the given one.
    expect(html.split(printed.join("\n"))).to.have.length(3);
  });

  it("prints the text in a terminal", () => {
    expect(stdoutOf(() => check("209", values))).to.equal(`${text}\n`);
  });
});
