// A Korean learner's handout with a typical mistake, run in a real kernel in
// a folder of their own: the check's table, the mistake's hint and a type
// error's hint speak Korean; with DLFS_LANG=en the same handout speaks English.
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { answerKey } from "dlfs/answer-key";
import { allMessages } from "dlfs/internal";
import { executeNotebook, type NotebookRun, outputText } from "../../jupyter-client";
import { dlfsMetadata } from "../../teaching/lessons";
import { studentVersionMark } from "../../teaching/student-version";
import { put, teacher209, tempFolder, withCell, withCode } from "./support/submissions";

/** The teacher's 209 handed out and filled in, with backward not swapping its inputs. */
function handoutWithMistake() {
  const lesson = teacher209();
  const handout = { ...lesson, metadata: { ...lesson.metadata, dlfs: { ...dlfsMetadata(lesson), version: studentVersionMark } } };
  const mistaken = withCode(
    withCode(handout, "const dx = dout * this.y!;", "const dx = dout * this.x!;"),
    "const dy = dout * this.x!;",
    "const dy = dout * this.y!;",
  );
  // A NumPy habit in a cell of its own, before the check: the kernel's hint, then the check still runs.
  return withCell(mistaken, 'import { array as arrayOf } from "dlfs";\nconst twice = arrayOf([1, 2]) * 2;');
}

/** What the picked cells show: their text, and the HTML of their displays (the check's table). */
function shown(run: NotebookRun, pick: (source: string) => boolean): string {
  const outputs = run.cells.filter((cell) => pick(cell.source)).flatMap((cell) => cell.outputs);
  const html = outputs.map((output) => {
    const markup = "data" in output ? output.data?.["text/html"] : undefined;
    return typeof markup === "string"
      ? markup
      : Array.isArray(markup)
        ? markup.filter((line): line is string => typeof line === "string").join("")
        : "";
  });
  return [...outputs.map(outputText), ...html].join("\n");
}

describe("a handout in the learner's language (Korean, or English by choice) @slow", function () {
  this.timeout(180_000);
  const folder = tempFolder("dlfs-korean-learner-");
  const dxMistake = answerKey["209"].items.find((item) => item.name === "dx")!.mistakes![0];
  let korean: NotebookRun;
  let english: NotebookRun;

  before(async () => {
    put(folder, "209_mul_layer.ipynb", handoutWithMistake());
    const file = path.join(folder, "209_mul_layer.ipynb");
    const withoutLanguage = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== "DLFS_LANG"));
    [korean, english] = await Promise.all([
      executeNotebook(file, { timeoutSeconds: 60, stopOnError: false, cwd: folder, launch: { env: withoutLanguage } }),
      executeNotebook(file, {
        timeoutSeconds: 60,
        stopOnError: false,
        cwd: folder,
        launch: { env: { ...withoutLanguage, DLFS_LANG: "en" } },
      }),
    ]);
  });

  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  it("Korean by default: the check's headline and table, the mistake's own hint, no expected value", () => {
    const check = shown(korean, (source) => /\bcheck\(/.test(source));
    expect(check).to.include("문제 209 (곱셈 계층 MulLayer): 1/3 정답");
    expect(check).to.include(dxMistake.ko).and.include(">힌트</th>").and.include("✘ 틀림");
    expect(check).to.not.include(dxMistake.text).and.not.include("정답 2");
  });

  it("Korean by default: a NumPy habit's type error hints in Korean first", () => {
    const error = shown(korean, (source) => source.includes("* 2"));
    expect(error)
      .to.include(".mul(2)")
      .and.match(/[\uac00-\ud7a3]/);
  });

  it("English with DLFS_LANG=en: the same handout, the key's English words", () => {
    const check = shown(english, (source) => /\bcheck\(/.test(source));
    expect(check).to.include("Problem 209 (MulLayer): 1/3 correct");
    expect(check).to.include(dxMistake.text).and.include(">hint</th>").and.include("✘ wrong");
    expect(check).to.not.include(allMessages().ko.wrong);
  });
});
