// The sealed key of a handout's check(): every answer of the key passes it
// (as the key has it, and a few last bits off, as a learner's sum may be),
// every known mistake is named, no expected value is shown, and nothing in
// it is an answer. check() uses it where the lesson in the kernel's folder
// is a handout.
import { inEnglish } from "../support/language";
import { expect } from "chai";
import * as fs from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { array, checkReport, type DType, NDArray } from "dlfs";
import {
  type AnswerItem,
  answerKey,
  compareWithSealedKey,
  type Expected,
  notShown,
  sealKey,
  type SealedProblemKey,
} from "dlfs/answer-key";

const sealed = sealKey(answerKey);

/** A value as a learner's code gives it: an array of the key's dtype, or a number. */
function asGiven(value: Expected, dtype: string | undefined): unknown {
  if (!Array.isArray(value)) return value;
  return dtype === undefined ? value : array(value, dtype as DType);
}

/** `value` with every number moved by `ulps` units in the last place. */
function nudged(value: Expected, ulps: number): Expected {
  if (Array.isArray(value)) return value.map((v) => nudged(v, ulps));
  if (typeof value !== "number" || value === 0 || !Number.isFinite(value) || Number.isInteger(value)) return value;
  return value * (1 + ulps * Number.EPSILON);
}

function outcomeOf(problem: string, item: AnswerItem, value: unknown) {
  const key: SealedProblemKey = sealed[problem];
  return compareWithSealedKey(problem, key, { [item.name]: value }).outcomes.find((o) => o.name === item.name)!;
}

const answers = Object.entries(answerKey).flatMap(([problem, key]) =>
  key.items.filter((item) => item.atLeast !== true && item.atMost !== true).map((item) => ({ problem, item })),
);

describe("the sealed key of a handout's check()", () => {
  inEnglish();
  it("passes every answer of the key, as it is and a few last bits off", () => {
    const failed: string[] = [];
    for (const { problem, item } of answers) {
      for (const ulps of [0, 2, -3]) {
        const outcome = outcomeOf(problem, item, asGiven(nudged(item.expected, ulps), item.dtype));
        if (!outcome.passed) failed.push(`${problem} ${item.name} (${ulps} ulps): ${outcome.hint ?? ""}`);
      }
    }
    expect(answers.length).to.be.above(80);
    expect(failed).to.deep.equal([]);
  });

  it("names every known mistake, and passes every accepted convention", () => {
    let mistakes = 0;
    for (const { problem, item } of answers) {
      for (const mistake of item.mistakes ?? []) {
        mistakes++;
        const outcome = outcomeOf(problem, item, asGiven(mistake.value, item.dtype));
        expect(outcome.passed, `${problem} ${item.name}: ${mistake.text}`).to.equal(false);
        expect(outcome.hint, `${problem} ${item.name}`).to.equal(mistake.text);
      }
      for (const other of item.accepted ?? [])
        expect(outcomeOf(problem, item, asGiven(other.value, item.dtype)).passed, `${problem} ${item.name}`).to.equal(true);
    }
    expect(mistakes).to.be.above(50);
  });

  it("fails a value off in one number, and shows no expected value", () => {
    const item = answerKey["228"].items.find((i) => i.name === "dW1")!;
    const wrong = (item.expected as number[][]).map((row) => [...row]);
    wrong[1][2] += 1;
    const outcome = outcomeOf("228", item, array(wrong));
    expect(outcome).to.include({ passed: false, expected: notShown });
    expect(outcome.message).not.to.match(/3090|expected/);
    expect(outcome.hint).to.match(/not the answer yet/);
    expect(outcomeOf("228", item, array([[1, 2]])).hint).to.equal("expected shape (2, 3), got (1, 2)");
    expect(
      outcomeOf(
        "228",
        item,
        array([
          [NaN, 0, 0],
          [0, 0, 0],
        ]),
      ).hint,
    ).to.match(/NaN/);
  });

  it("holds no answer: only shapes, digests, and the bounds (which are no answers)", () => {
    for (const [problem, key] of Object.entries(sealed)) {
      for (const item of key.items) {
        const text = JSON.stringify(item);
        if ("expected" in item) {
          expect(item.atLeast === true || item.atMost === true, `${problem} ${item.name}`).to.equal(true);
          continue;
        }
        expect(text, `${problem} ${item.name}`).not.to.match(/"(expected|value|numpy)"/);
      }
    }
  });
});

describe("what a lesson can import", () => {
  it("holds no answer key: dlfs exports neither the key nor answerKeyOf", async () => {
    const exported = Object.keys(await import("dlfs"));
    expect(exported).to.include("check");
    expect(exported.filter((name) => /key/i.test(name))).to.deep.equal([]);
  });
});

describe("check() in a handout's folder", () => {
  inEnglish();
  const lessons = path.resolve(__dirname, "../../notebooks");
  let folder = "";
  let before = "";

  beforeEach(() => {
    before = process.cwd();
    folder = fs.mkdtempSync(path.join(tmpdir(), "handout-"));
  });

  afterEach(() => {
    process.chdir(before);
    fs.rmSync(folder, { recursive: true, force: true });
  });

  const report = () =>
    checkReport("228", { out2: new NDArray(new Float64Array([93, 211]), [1, 2], "int64"), dx: array([[1, 2]]) });

  it("shows no expected value where the lesson in the folder is a student version", () => {
    const lesson = JSON.parse(fs.readFileSync(path.join(lessons, "228_two_layers_backward.ipynb"), "utf8")) as {
      metadata: { dlfs: Record<string, unknown> };
    };
    lesson.metadata.dlfs.version = "student";
    fs.writeFileSync(path.join(folder, "228_two_layers_backward.ipynb"), JSON.stringify(lesson));
    process.chdir(folder);
    const shown = report();
    expect(shown.score).to.equal(1);
    expect(shown.toString()).not.to.match(/12385|expected/);
  });

  it("shows the expected value in the teacher's folder", () => {
    process.chdir(lessons);
    expect(report().toString()).to.match(/expected \[\[12385 16108\]\]/);
  });
});
