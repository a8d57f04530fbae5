// The LMS exports of a class of three against fixtures written by hand from
// Canvas's and Moodle's documentation of their grade import
// (fixtures/README.md says which), and the rules those importers apply.
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { answerKey, compareWithKey } from "dlfs/answer-key";
import { serializeNotebook } from "../../../jupyter-client";
import { classGrades, CourseRun, exportGrades, openForReading, readRoster } from "../../../teaching/gradebook/index";
import { parseCsv } from "../../../teaching/gradebook/csv";
import { notebooksDir } from "../../support/lessons";
import { projectRoot } from "../../support/paths";
import { tempFolder } from "../support/submissions";

const fixtures = path.join(__dirname, "fixtures");
const fixture = (name: string): string => fs.readFileSync(path.join(fixtures, name), "utf8");

/** kim: 209 3/3, 213 6/6; lee: 209 2/3, 213 3/6; park: 209 1/3, no 213. */
async function gradeSmallClass(submissions: string, grades: string, lessons: string): Promise<void> {
  for (const name of fs.readdirSync(notebooksDir).filter((n) => /^(209|213)_/.test(n)))
    fs.copyFileSync(path.join(notebooksDir, name), path.join(lessons, name));
  fs.writeFileSync(
    path.join(submissions, "course.json"),
    JSON.stringify({
      lessons: { "209": { points: 10, canvasId: 4711 }, "213": { points: 6, title: "Fruit backward" } },
      roster: "roster.csv",
    }),
  );
  fs.copyFileSync(path.join(fixtures, "roster.csv"), path.join(submissions, "roster.csv"));
  const run = await CourseRun.open({
    outDir: grades,
    inputs: [submissions],
    lessonsDir: lessons,
    keys: answerKey,
    kind: "grade",
  });
  const plan: [string, "209" | "213", number][] = [
    ["kim", "209", 0],
    ["kim", "213", 0],
    ["lee", "209", 1],
    ["lee", "213", 3],
    ["park", "209", 2],
  ];
  for (const [student, problem, wrong] of plan) {
    const key = answerKey[problem];
    const values = Object.fromEntries(
      key.items.map((item, i) => [
        item.name,
        i < wrong && typeof item.expected === "number" ? -item.expected - 1 : i < wrong ? 12345 : item.expected,
      ]),
    );
    const report = compareWithKey(problem, key, values);
    const file = path.join(submissions, student, `${problem}.ipynb`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(
      file,
      serializeNotebook({ cells: [], metadata: { dlfs: { problem } }, nbformat: 4, nbformat_minor: 5 }).replace(
        "{",
        `{"student": ${JSON.stringify(student)},`,
      ),
    );
    run.record({
      file,
      student,
      problem,
      status: report.passed ? "graded" : "partial",
      points: report.score,
      max: report.outcomes.length,
      reason: "",
      seconds: 1,
      shown: report.outcomes,
      findings: [],
    });
  }
  run.finish();
}

describe("course gradebook: LMS exports", function () {
  this.timeout(60_000);
  const submissions = tempFolder("dlfs-export-");
  const grades = tempFolder("dlfs-export-grades-");
  const lessons = tempFolder("dlfs-export-lessons-");

  before(async () => {
    await gradeSmallClass(submissions, grades, lessons);
  });

  after(() => {
    for (const dir of [submissions, grades, lessons]) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function exported(format: "canvas" | "moodle" | "csv"): Promise<string> {
    const { db, course } = await openForReading(grades);
    try {
      return exportGrades(
        format,
        classGrades(db, course.policy),
        course,
        course.roster === undefined ? undefined : readRoster(course.roster),
      );
    } finally {
      db.close();
    }
  }

  it("writes Canvas's gradebook import file as its documentation gives it", async () => {
    expect(await exported("canvas")).to.equal(fixture("canvas-import.csv"));
  });

  it("keeps to the rules Canvas's importer applies", async () => {
    const [header, possible, ...students] = parseCsv(await exported("canvas"));
    // GradebookImporter: "Student" then "ID", the SIS ids, then the last student column is "Section".
    expect(header[0]).to.include("Student");
    expect(header[1]).to.include("ID");
    expect(header.slice(2, 4)).to.deep.equal(["SIS User ID", "SIS Login ID"]);
    expect(header[4]).to.include("Section");
    // An assignment is "Title (id)": the id updates that assignment.
    expect(header[5]).to.match(/^.+ \((\d+)\)$/);
    expect(possible[0]).to.include("Points Possible");
    for (const row of students) {
      expect(row).to.have.length(header.length);
      expect(row[1]).to.match(/^\d+$/);
      for (const cell of row.slice(5)) expect(cell).to.match(/^(\d+(\.\d+)?)?$/);
    }
  });

  it("writes Moodle's CSV grade import file as its documentation gives it", async () => {
    expect(await exported("moodle")).to.equal(fixture("moodle-import.csv"));
  });

  it("keeps to the rules Moodle's importer applies", async () => {
    const [header, ...students] = parseCsv(await exported("moodle"));
    expect(header.slice(0, 6)).to.deep.equal([
      "First name",
      "Last name",
      "ID number",
      "Institution",
      "Department",
      "Email address",
    ]);
    // That column makes Moodle compare its own grades' times with the file's.
    expect(header).to.not.include("Last downloaded from this course");
    for (const row of students) {
      // Moodle refuses a file whose rows differ from the header in length, and aborts on a row whose user it cannot find.
      expect(row).to.have.length(header.length);
      expect(row[5]).to.match(/@/);
      for (const cell of row.slice(6)) expect(cell).to.match(/^(\d+(\.\d+)?)?$/);
    }
  });

  it("writes a plain table for a spreadsheet", async () => {
    expect(parseCsv(await exported("csv"))).to.deep.equal([
      ["student", "209", "209 late days", "213", "213 late days", "total", "max"],
      ["kim", "10", "0", "6", "0", "16", "16"],
      ["lee", "6.67", "0", "3", "0", "9.67", "16"],
      ["park", "3.33", "0", "", "", "3.33", "16"],
    ]);
  });

  it("refuses a roster that misses a student, naming them, and writes nothing", async () => {
    const partial = path.join(submissions, "partial-roster.csv");
    fs.writeFileSync(partial, fixture("roster.csv").split("\n").slice(0, 3).join("\n"));
    const { db, course } = await openForReading(grades);
    try {
      expect(() => exportGrades("canvas", classGrades(db, course.policy), course, readRoster(partial))).to.throw(
        /no row for park/,
      );
    } finally {
      db.close();
    }
  });

  it("exports and shows the class from the command line", () => {
    const run = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        path.join(projectRoot, "teaching", "gradebook.ts"),
        "export",
        "--format",
        "moodle",
        "--grades",
        grades,
        "--out",
        "-",
      ],
      { encoding: "utf8", cwd: projectRoot },
    );
    expect(run.stderr).to.equal("");
    expect(run.stdout).to.equal(fixture("moodle-import.csv"));
    const show = spawnSync(
      process.execPath,
      ["--import", "tsx", path.join(projectRoot, "teaching", "gradebook.ts"), "show", "--grades", grades],
      {
        encoding: "utf8",
        cwd: projectRoot,
      },
    );
    expect(show.stdout.split("\n").slice(0, 4)).to.deep.equal([
      "student  209  213  total",
      "kim      3/3  6/6    9/9",
      "lee      2/3  3/6    5/9",
      "park     1/3    —    1/9",
    ]);
  });
});
