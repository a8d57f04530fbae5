// Real submissions of lesson 209 graded by `npm run grade` (its command
// line, real kernels) into the course gradebook, three times: new work; one
// file handed in again in its place (only it is graded); the lesson changed
// (all of them are graded again). sqlite3 reads the grades each time.
import { expect } from "chai";
import { answerKey } from "dlfs/answer-key";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { readNotebook, serializeNotebook } from "../../../jupyter-client";
import { notebooksDir } from "../../support/lessons";
import { projectRoot } from "../../support/paths";
import { requireProgram } from "../../support/requirements";
import { put, student209, teacher209, tempFolder, withCode } from "../support/submissions";
import { sqlite, sqlite3 } from "./support/sqlite";

/** The Korean of a known mistake of the key, found by its English words. */
function mistakeHint(problem: string, answer: string, english: string): string {
  const known = answerKey[problem].items.find((item) => item.name === answer)?.mistakes?.find((m) => m.text === english);
  if (known?.ko === undefined) throw new Error(`${problem} ${answer}: the key has no mistake "${english}" in Korean`);
  return known.ko;
}

describe("course gradebook: npm run grade three times @slow", function () {
  this.timeout(10 * 60 * 1000);
  const submissions = tempFolder("dlfs-e2e-");
  const grades = tempFolder("dlfs-e2e-grades-");
  const lessons = tempFolder("dlfs-e2e-lessons-");
  const database = path.join(grades, "course.sqlite");
  const lesson209 = fs.readdirSync(notebooksDir).find((name) => name.startsWith("209_"))!;

  function grade(): { status: number | null; stdout: string; stderr: string } {
    return spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        path.join(projectRoot, "teaching", "grade.ts"),
        submissions,
        "--out",
        grades,
        "--lessons",
        lessons,
        "--jobs",
        "2",
        "--timeout",
        "20",
      ],
      { encoding: "utf8", cwd: projectRoot },
    );
  }

  before(function () {
    requireProgram(this, fs.existsSync(sqlite3), "the sqlite3 command (apt-get install sqlite3)");
    fs.copyFileSync(path.join(notebooksDir, lesson209), path.join(lessons, lesson209));
    put(submissions, "kim/209_mul_layer.ipynb", teacher209());
    put(submissions, "lee/209_mul_layer.ipynb", withCode(teacher209(), "return [dx, dy];", "return [dy, dx];"));
    put(submissions, "park/209_mul_layer.ipynb", student209());
    fs.writeFileSync(
      path.join(submissions, "course.json"),
      JSON.stringify({ policy: "best", lessons: { "209": { due: "2099-01-01" } } }),
    );
  });

  after(() => {
    for (const dir of [submissions, grades, lessons]) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("grades new work into course.sqlite", () => {
    const run = grade();
    expect(run.status, run.stderr).to.equal(0);
    expect(
      sqlite(database, "select student, problem, policy, score, max from grade_sheet order by student, policy"),
    ).to.deep.equal([
      { student: "kim", problem: "209", policy: "best", score: 3, max: 3 },
      { student: "kim", problem: "209", policy: "latest", score: 3, max: 3 },
      { student: "lee", problem: "209", policy: "best", score: 1, max: 3 },
      { student: "lee", problem: "209", policy: "latest", score: 1, max: 3 },
      { student: "park", problem: "209", policy: "best", score: 0, max: 3 },
      { student: "park", problem: "209", policy: "latest", score: 0, max: 3 },
    ]);
    // lee's swapped gradients: the key's known mistake is the hint, on shown data (hidden data are wrong too, with their own hints).
    expect(
      sqlite<{ answer: string; hint: string }>(
        database,
        "select r.answer, r.hint from results r join submissions s on s.grading_id = r.grading_id join students st on st.id = s.student_id where st.name = 'lee' and r.passed = 0 and r.data = 'shown' order by r.answer",
      ),
    ).to.deep.equal([
      // The key's own words for lee's mistake, in the lesson's Korean.
      { answer: "dx", hint: mistakeHint("209", "dx", "dx = dout * y: backward swaps the inputs (this is dout * x)") },
      {
        answer: "dy",
        hint: mistakeHint(
          "209",
          "dy",
          "dy = dout * x: backward swaps the inputs, and forward must keep x itself (this is dout * y; the notes' forward stores y twice)",
        ),
      },
    ]);
    expect(fs.readFileSync(path.join(grades, "index.html"), "utf8")).to.include("reports/kim-209-");
  });

  it("grades only the file handed in again in its place, as a second attempt", () => {
    put(submissions, "lee/209_mul_layer.ipynb", teacher209());
    const run = grade();
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/Graded 1 submission/);
    expect(
      sqlite(database, "select student, score, attempts from grade_sheet where policy = 'latest' order by student"),
    ).to.deep.equal([
      { student: "kim", score: 3, attempts: 1 },
      { student: "lee", score: 3, attempts: 2 },
      { student: "park", score: 0, attempts: 1 },
    ]);
  });

  it("grades every submission again when the lesson changed", () => {
    const notebook = readNotebook(path.join(lessons, lesson209));
    const code = notebook.cells.find((cell) => cell.cell_type === "code")!;
    code.source += "\n// changed by the teacher";
    fs.writeFileSync(path.join(lessons, lesson209), serializeNotebook(notebook));
    const run = grade();
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/Graded 3 submission/);
    expect(sqlite(database, "select kind, graded from runs order by id")).to.deep.equal([
      { kind: "grade", graded: 3 },
      { kind: "grade", graded: 1 },
      { kind: "grade", graded: 3 },
    ]);
    expect(sqlite<{ n: number }>(database, "select count(*) as n from grades")[0].n).to.equal(6);
  });
});
