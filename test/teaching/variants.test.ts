// A variant of each lesson per student: seeds from the lesson, the student and
// the course secret; a handout whose check() checks the student's own data;
// and (@slow) `npm run student -- --roster` and the grader with --roster:
// full points for a student's own work, not under another's name, and a
// classmate's values copied flagged.
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { Affine, array, checkReport, type NDArray } from "dlfs";
import { answerKey } from "dlfs/answer-key";
import { type Notebook, readNotebook } from "../../jupyter-client";
import { gradeBatch } from "../../teaching/grader/grade-batch";
import type { GradeRow } from "../../teaching/grader/grade-submission";
import { Gradebook } from "../../teaching/grader/gradebook";
import { collectFlags, openForReading } from "../../teaching/gradebook/index";
import { type HiddenReference, referenceKey } from "../../teaching/grader/hidden-reference";
import {
  describeHiddenInputs,
  drawHiddenInputs,
  hiddenSpecOf,
  inputsCells,
  inputsIn,
  sameInputs,
} from "../../teaching/hidden-inputs";
import { studentVersion } from "../../teaching/student-version";
import { variantHandout } from "../../teaching/variant-handouts";
import {
  courseSecretForHandouts,
  CourseSecretError,
  readCourseSecret,
  readVariantManifest,
  variantId,
  variantMarkOf,
  variantSeed,
} from "../../teaching/variants";
import { notebooksDir } from "../support/lessons";
import { projectRoot } from "../support/paths";
import { put, tempFolder, withCode } from "./support/submissions";

const lesson219File = path.join(notebooksDir, "219_affine_layer.ipynb");
const teacher219 = (): Notebook => readNotebook(lesson219File);
const secret = "a course secret of the test, long enough";

/** What 219 computes, in this process, with the library's Affine: the values a correct handout gives. */
function answers219(inputs: ReadonlyMap<string, string>): Record<string, NDArray> {
  const read = (name: string): NDArray => array(JSON.parse(inputs.get(name) ?? "null") as number[][]);
  const affine = new Affine(read("W"), read("b"));
  const out = affine.forward(read("X"));
  const dx = affine.backward(read("dout"));
  return { out, dx, dW: affine.dW!, db: affine.db! };
}

/** A variant of 219 made without a kernel: inputs drawn from the student's seed, the key from the library's Affine. */
function reference219(student: string): HiddenReference {
  const spec = hiddenSpecOf(teacher219())!;
  const seed = variantSeed(secret, "219", student);
  const inputs = drawHiddenInputs(spec, seed);
  const key = referenceKey(answerKey["219"], new Map(Object.entries(answers219(inputs.code))));
  if (typeof key === "string") throw new Error(key);
  return { problem: "219", seed, spec, inputs, description: describeHiddenInputs(inputs), key, notes: [] };
}

describe("variants per student", () => {
  it("have a seed of their own per lesson, student and course secret, the same every time", () => {
    const seed = variantSeed(secret, "219", "kim");
    expect(variantSeed(secret, "219", "kim")).to.equal(seed);
    const others = [
      variantSeed(secret, "219", "lee"),
      variantSeed(secret, "218", "kim"),
      variantSeed(`${secret}!`, "219", "kim"),
    ];
    for (const other of others) expect(other).to.not.equal(seed);
    expect(variantSeed(secret, "219", "김민준"), "a name the way macOS spells it").to.equal(
      variantSeed(secret, "219", "김민준".normalize("NFD")),
    );
    expect(variantId(seed)).to.match(/^[0-9a-f]{8}$/);
  });

  it("keep the course secret in a file only its owner reads, made once and read again after", () => {
    const folder = tempFolder("dlfs-secret-");
    try {
      const file = path.join(folder, ".course-secret");
      const made = courseSecretForHandouts({ file });
      expect(made.made).to.equal(file);
      expect(fs.statSync(file).mode & 0o777).to.equal(0o600);
      expect(courseSecretForHandouts({ file })).to.deep.equal({ secret: made.secret });
      expect(readCourseSecret({ file })).to.equal(made.secret);
      expect(() => readCourseSecret({ file: path.join(folder, "none") })).to.throw(CourseSecretError, /no course secret in/);
      expect(() => readCourseSecret({ secret: "short" })).to.throw(CourseSecretError, /fewer than 16/);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it("write the student's data into the inputs cells, say whose above them, and carry a sealed key", () => {
    const reference = reference219("kim");
    const handout = variantHandout(studentVersion(teacher219(), "219"), reference, "kim");
    const first = inputsCells(handout)[0];
    expect(handout.cells[first - 1].source).to.match(/^\*\*kim님의 데이터 · kim's own data\.\*\*/);
    expect(sameInputs(inputsIn(handout, reference.spec), reference.inputs)).to.equal(true);
    expect(sameInputs(inputsIn(teacher219(), reference.spec), reference.inputs)).to.equal(false);
    const mark = variantMarkOf(handout)!;
    expect(mark.id).to.equal(variantId(reference.seed));
    expect(mark.student).to.equal("kim");
    const text = JSON.stringify(mark.key);
    for (const item of reference.key.items)
      expect(text, `${item.name} is not in the sealed key`).to.not.include(JSON.stringify(item.expected));
  });

  describe("check() in a variant's folder", () => {
    let before = "";
    let folder = "";
    beforeEach(() => {
      before = process.cwd();
      folder = tempFolder("dlfs-variant-handout-");
    });
    afterEach(() => {
      process.chdir(before);
      fs.rmSync(folder, { recursive: true, force: true });
    });

    it("passes the student's own answers, fails the printed lesson's, and shows no expected value", () => {
      const reference = reference219("kim");
      put(folder, "219_affine_layer.ipynb", variantHandout(studentVersion(teacher219(), "219"), reference, "kim"));
      process.chdir(folder);
      const own = checkReport("219", answers219(reference.inputs.code));
      expect(own.score, own.toString()).to.equal(4);
      const printed = Object.fromEntries(answerKey["219"].items.map((item) => [item.name, array(item.expected as number[][])]));
      const shown = checkReport("219", printed);
      expect(shown.score, shown.toString()).to.equal(0);
      for (const item of reference.key.items) expect(shown.toString()).to.not.include(String(item.numpy));
      const lee = checkReport("219", answers219(reference219("lee").inputs.code));
      expect(lee.score, "a classmate's answers").to.equal(0);
    });
  });
});

/** `handout` with the teacher's code where it has a placeholder: a learner's correct work on their own data. */
function filledIn(handout: Notebook, teacher: Notebook): Notebook {
  const teacherCode = teacher.cells.filter((cell) => cell.cell_type === "code");
  let next = 0;
  const cells = handout.cells.map((cell) => {
    if (cell.cell_type !== "code") return cell;
    const own = teacherCode[next++];
    return cell.source.includes("YOUR CODE HERE") ? { ...cell, source: own.source } : cell;
  });
  return { ...handout, cells };
}

/** Nested lists of an array, as a literal. */
function literal(value: NDArray): string {
  return JSON.stringify(value.toArray());
}

describe("handouts per student and grading them (npm run student -- --roster, npm run grade -- --variants) @slow", function () {
  this.timeout(10 * 60 * 1000);
  const course = tempFolder("dlfs-variant-course-");
  const handouts = path.join(course, "handouts");
  const submissions = path.join(course, "submissions");
  const secretFile = path.join(course, ".course-secret");
  const students = ["kim", "lee", "park"];
  const handoutOf = (student: string): Notebook => readNotebook(path.join(handouts, student, "219_affine_layer.ipynb"));
  let made: ReturnType<typeof spawnSync>;
  let rows: Map<string, GradeRow>;
  const withoutVariants = path.join(course, "submissions-without-variants");
  let rowWithoutVariants: GradeRow;

  before(async () => {
    fs.writeFileSync(
      path.join(course, "roster.csv"),
      `student,email\n${students.map((s) => `${s},${s}@school.example`).join("\n")}\n`,
    );
    made = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        path.join(projectRoot, "teaching", "student.ts"),
        "--roster",
        path.join(course, "roster.csv"),
        "--out",
        handouts,
        "--secret-file",
        secretFile,
        lesson219File,
      ],
      { encoding: "utf8", timeout: 300_000 },
    );
    if (made.status !== 0) return;
    const spec = hiddenSpecOf(teacher219())!;
    const kim = filledIn(handoutOf("kim"), teacher219());
    put(submissions, "kim/219_affine_layer.ipynb", kim);
    // kim's finished work handed in under lee's name.
    put(submissions, "lee/219_affine_layer.ipynb", kim);
    // park's own handout, with kim's out and dx typed in (kim's values as this process computes them).
    const kimValues = answers219(inputsIn(kim, spec));
    let park = filledIn(handoutOf("park"), teacher219());
    park = withCode(park, "const out = affine.forward(X);", `const out = dlfs.array(${literal(kimValues.out)});`);
    park = withCode(
      park,
      "const dx = affine.backward(dout);",
      `affine.forward(X);\nconst dx = dlfs.array(${literal(kimValues.dx)});\naffine.backward(dout);`,
    );
    put(submissions, "park/219_affine_layer.ipynb", park);
    // Someone the lesson was not handed out to, with kim's finished handout.
    put(submissions, "choi/219_affine_layer.ipynb", kim);
    // A lesson not handed out per student: graded as any other.
    put(submissions, "kim/213_fruit_backward.ipynb", readNotebook(path.join(notebooksDir, "213_fruit_backward.ipynb")));
    const manifest = readVariantManifest(path.join(handouts, "variants.json"));
    const summary = await gradeBatch({
      inputs: [submissions],
      outDir: path.join(course, "grades"),
      regrade: false,
      timeoutSeconds: 60,
      memoryMb: 1024,
      jobs: 2,
      lessonsDir: notebooksDir,
      variants: { secret: readCourseSecret({ file: secretFile }), manifest },
    });
    rows = new Map((await Gradebook.open(summary.gradebook)).rows.map((row) => [`${row.student} ${row.problem}`, row]));
    // The same finished handout graded without the variants.
    put(withoutVariants, "kim/219_affine_layer.ipynb", kim);
    const plain = await gradeBatch({
      inputs: [withoutVariants],
      outDir: path.join(course, "grades-without-variants"),
      regrade: false,
      timeoutSeconds: 60,
      memoryMb: 1024,
      jobs: 2,
      lessonsDir: notebooksDir,
    });
    rowWithoutVariants = (await Gradebook.open(plain.gradebook)).rows[0];
  });

  after(() => fs.rmSync(course, { recursive: true, force: true }));

  it("writes a handout per student, each with data of its own", () => {
    expect(made.status, String(made.stderr)).to.equal(0);
    expect(String(made.stdout)).to.include("Made the course secret");
    const spec = hiddenSpecOf(teacher219())!;
    const data = students.map((student) => JSON.stringify([...inputsIn(handoutOf(student), spec)]));
    expect(new Set(data).size).to.equal(3);
    const ids = students.map((student) => variantMarkOf(handoutOf(student))?.id);
    expect(new Set(ids).size).to.equal(3);
    const manifest = readVariantManifest(path.join(handouts, "variants.json"));
    expect(manifest.lessons).to.deep.equal({ "219": Object.fromEntries(students.map((s, i) => [s, ids[i]])) });
    expect(JSON.stringify(manifest)).to.not.include(readCourseSecret({ file: secretFile }));
    for (const student of students) {
      const text = JSON.stringify(handoutOf(student));
      expect(text, "no solution in a handout").to.not.include("this.W.T");
    }
  });

  it("gives full points to a student's own finished handout", () => {
    const row = rows.get("kim 219")!;
    expect({ status: row.status, points: row.points }, row.reason).to.deep.equal({ status: "graded", points: 4 });
  });

  it("gives no points to a classmate's finished handout under another name, and flags whose data it holds", () => {
    const row = rows.get("lee 219")!;
    expect({ status: row.status, points: row.points }, row.reason).to.deep.equal({ status: "flagged", points: 0 });
    expect(row.reason).to.include("the inputs cells hold kim's data, not lee's");
  });

  it("flags a classmate's values typed into a student's own handout, and gives them no point", () => {
    const row = rows.get("park 219")!;
    expect({ status: row.status, points: row.points }, row.reason).to.deep.equal({ status: "flagged", points: 2 });
    expect(row.reason).to.include("out, dx are the answers for kim's data, not for park's");
  });

  it("does not grade someone the lesson was not handed out to who hands in a classmate's data, nor a handout graded without its variants", () => {
    const choi = rows.get("choi 219")!;
    expect(choi.status, choi.reason).to.equal("invalid");
    expect(choi.reason).to.include(
      "not graded: choi is not among the students lesson 219 was handed out to, and the inputs cells hold kim's data",
    );
    expect(rowWithoutVariants.status, rowWithoutVariants.reason).to.equal("invalid");
    expect(rowWithoutVariants.reason).to.match(/holds kim's own data \(variant [0-9a-f]{8}\); grade it with --variants/);
  });

  it("grades a lesson that was not handed out per student as any other", () => {
    const row = rows.get("kim 213")!;
    expect({ status: row.status, points: row.points }, row.reason).to.deep.equal({ status: "graded", points: 6 });
  });

  it("lists in the course gradebook the same values given on different variants, not the same values on the run's hidden inputs", async () => {
    const { db } = await openForReading(path.join(course, "grades"));
    let flags: ReturnType<typeof collectFlags>;
    try {
      flags = collectFlags(db, "best");
    } finally {
      db.close();
    }
    const same = (answer: string): string[][] =>
      flags
        .filter((flag) => flag.kind === "same answer, other variant" && flag.detail.startsWith(`${answer}:`))
        .map((flag) => flag.students.map((who) => who.replace(/ \(variant .*\)$/, "")).sort());
    // park's dW and db are right for park's own data; on the hidden inputs everyone's are the same, as they should be.
    expect(same("dW")).to.deep.equal([["kim", "lee"]]);
    expect(same("out")).to.deep.equal([["kim", "lee", "park"]]);
  });
});
