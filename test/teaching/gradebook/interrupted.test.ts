// A run killed at any moment (SIGKILL: no handler runs) loses nothing that
// was recorded: the file is a whole SQLite database, sqlite3 reads it, every
// result reported as recorded is there, and the next run goes on from it.
import { expect } from "chai";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { answerKey } from "dlfs/answer-key";
import { CourseRun } from "../../../teaching/gradebook/index";
import { notebooksDir } from "../../support/lessons";
import { requireProgram } from "../../support/requirements";
import { tempFolder } from "../support/submissions";
import { sqlite, sqlite3 } from "./support/sqlite";

describe("course gradebook: a run killed while it writes", function () {
  this.timeout(120_000);
  const submissions = tempFolder("dlfs-killed-");
  const grades = tempFolder("dlfs-killed-grades-");
  const lessons = tempFolder("dlfs-killed-lessons-");

  before(function () {
    requireProgram(this, fs.existsSync(sqlite3), "the sqlite3 command (apt-get install sqlite3)");
    const lesson = fs.readdirSync(notebooksDir).find((name) => name.startsWith("209_"))!;
    fs.copyFileSync(path.join(notebooksDir, lesson), path.join(lessons, lesson));
  });

  after(() => {
    for (const dir of [submissions, grades, lessons]) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("keeps every result it had recorded, in a file sqlite3 reads, and the next run goes on", async () => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", path.join(__dirname, "support", "record-until-killed.ts"), submissions, grades, lessons],
      {
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    // Killed in the middle of the 25th record (after the 24th was reported committed).
    const reported = await new Promise<number>((resolve, reject) => {
      let text = "";
      child.stdout.on("data", (chunk: Buffer) => {
        text += chunk.toString();
        const last = [...text.matchAll(/recorded (\d+)\n/g)].at(-1);
        if (last !== undefined && Number(last[1]) >= 24) {
          child.kill("SIGKILL");
          resolve(Number(last[1]));
        }
      });
      child.on("exit", (code, signal) =>
        signal === "SIGKILL" ? undefined : reject(new Error(`the recorder ended by itself (${code})`)),
      );
    });
    await new Promise((resolve) => child.on("exit", resolve));
    const file = path.join(grades, "course.sqlite");
    expect(sqlite<{ integrity_check: string }>(file, "pragma integrity_check")).to.deep.equal([{ integrity_check: "ok" }]);
    const kept = sqlite<{ n: number }>(file, "select count(*) as n from gradings")[0].n;
    expect(kept).to.be.at.least(reported);
    expect(sqlite<{ n: number }>(file, "select count(*) as n from grades")[0].n).to.equal(2 * kept);
    expect(sqlite<{ finished: string | null }>(file, "select finished_at as finished from runs")).to.deep.equal([
      { finished: null },
    ]);
    // A stale lock left by the killed writer does not stop the next run.
    const next = await CourseRun.open({
      outDir: grades,
      inputs: [submissions],
      lessonsDir: lessons,
      keys: answerKey,
      kind: "grade",
    });
    next.finish();
    expect(fs.readdirSync(grades).filter((name) => /\.(tmp-\d+|lock)$/.test(name))).to.deep.equal([]);
    expect(sqlite<{ n: number }>(file, "select count(*) as n from runs")[0].n).to.equal(2);
  });
});
