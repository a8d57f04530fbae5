// What a teacher sees when the grader itself cannot be trusted to go on: a
// grader killed in the middle of a submission (the next run records that
// submission as crashed instead of dying on it again), and a machine without
// an operating-system sandbox (the grader refuses in one line, unless told
// --unsafe-no-sandbox). Each starts the command as a teacher would.
import { expect } from "chai";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { gradeBatch } from "../../teaching/grader/grade-batch";
import { Gradebook } from "../../teaching/grader/gradebook";
import { notebooksDir } from "../support/lessons";
import { projectRoot } from "../support/paths";
import { sleep } from "../support/processes";
import { put, teacher209, tempFolder, withCell } from "./support/submissions";

describe("grader: when the grader dies, or has no sandbox @slow", function () {
  this.timeout(5 * 60 * 1000);
  const submissions = tempFolder("dlfs-dies-");
  const out = tempFolder("dlfs-dies-out-");
  const options = {
    inputs: [submissions],
    outDir: out,
    regrade: false,
    timeoutSeconds: 20,
    memoryMb: 1024,
    jobs: 2,
    lessonsDir: notebooksDir,
  };

  before(() => {
    put(submissions, "kim_209.ipynb", teacher209());
  });

  after(() => {
    fs.rmSync(submissions, { recursive: true, force: true });
    fs.rmSync(out, { recursive: true, force: true });
  });

  it("records the submission a dead grader was grading as crashed, and does not run it again", async () => {
    const folder = tempFolder("dlfs-resume-killed-");
    const book = tempFolder("dlfs-resume-killed-out-");
    try {
      put(folder, "kim_209.ipynb", teacher209());
      put(folder, "slow_209.ipynb", withCell(teacher209(), "await new Promise((resolve) => setTimeout(resolve, 120_000));"));
      // The grader dies while it grades slow_209 (killed from outside: the OOM killer, a crash, a power cut).
      const grader = spawn(
        process.execPath,
        [
          "--import",
          "tsx",
          path.join(projectRoot, "teaching", "grade.ts"),
          folder,
          "--out",
          book,
          "--jobs",
          "1",
          "--timeout",
          "300",
        ],
        { stdio: "ignore" },
      );
      const journal = path.join(book, ".grading-journal");
      for (;;) {
        if (fs.existsSync(journal) && fs.readFileSync(journal, "utf8").includes("slow_209.ipynb")) break;
        if (grader.exitCode !== null) throw new Error(`the grader ended (${grader.exitCode}) before it started slow_209`);
        await sleep(200);
      }
      grader.kill("SIGKILL");
      await new Promise((resolve) => grader.once("exit", resolve));
      const summary = await gradeBatch({ ...options, inputs: [folder], outDir: book, regrade: true });
      const rows = new Map((await Gradebook.open(path.join(book, "gradebook.csv"))).rows.map((r) => [r.student, r]));
      expect(rows.get("slow")).to.include({ status: "crashed", points: 0 });
      expect(rows.get("slow")?.reason).to.match(/^the grader stopped while grading this submission, so it was not run again/);
      expect(rows.get("kim")).to.include({ status: "graded", points: 3 });
      expect(summary.notices.join("\n")).to.match(/slow_209\.ipynb: the grader stopped while grading this submission/);
      // Not run again even with --regrade: only kim was graded.
      expect(
        summary.results.filter((result) => result.row.status !== "crashed").map((result) => result.row.student),
      ).to.deep.equal(["kim"]);
      expect(fs.existsSync(journal)).to.equal(false);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
      fs.rmSync(book, { recursive: true, force: true });
    }
  });

  it("refuses, in one line, where there is no operating-system sandbox, unless told --unsafe-no-sandbox", () => {
    const grade = (...extra: string[]) =>
      spawnSync(
        process.execPath,
        ["--import", "tsx", path.join(projectRoot, "teaching", "grade.ts"), submissions, "--out", out, "--regrade", ...extra],
        // No bubblewrap on this PATH: as on a machine without it.
        { encoding: "utf8", timeout: 180_000, cwd: projectRoot, env: { ...process.env, PATH: "/nonexistent" } },
      );
    const refused = grade();
    expect(refused.status).to.equal(3);
    const said = refused.stderr.split("\n").filter((line) => line.startsWith("grade: "));
    expect(said).to.have.length(1);
    expect(said[0]).to.match(/^grade: refused: bubblewrap is not installed .*pass --unsafe-no-sandbox to grade anyway/);
    const unsafe = grade("--unsafe-no-sandbox");
    expect(unsafe.status, unsafe.stderr).to.equal(0);
    expect(unsafe.stderr).to.match(/warning: grading WITHOUT an operating-system sandbox/);
    expect(unsafe.stdout).to.match(/Sandbox: no operating-system sandbox/);
  });
});
