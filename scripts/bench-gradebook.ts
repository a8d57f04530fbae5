// What one graded submission costs the course gradebook, by SQLite binding:
// sql.js (SQLite in WebAssembly, the gradebook's: each transaction writes
// the whole database to a temporary file, flushed, and renames it) against
// node:sqlite (Node 22.5+: SQLite writes its own pages and journal), on the
// gradebook's schema with the statements a record makes (a submission, its
// grading, 5 answers on shown and hidden data, two grades). Measured at the
// size of one class's lesson set (200 submissions) and of a semester (30
// lessons × 40 students × 3 attempts = 3,600), alternating the bindings,
// medians of the rounds. Prints one line of JSON per round and a summary.
//
//   npx tsx scripts/bench-gradebook.ts [--rounds 3]
//   (node:sqlite needs Node 22.5 or later: put a Node 24's bin/ first on PATH)
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";
import { parseArgs } from "util";
import { exitCodes, runCommand } from "../jupyter-client";
import { CourseDatabase, schemaSql } from "../teaching";

interface Binding {
  name: string;
  run(sql: string, params: (string | number | null)[]): void;
  transaction(work: () => void): void;
  close(): void;
}

async function sqlJsBinding(file: string): Promise<Binding> {
  const db = await CourseDatabase.open(file, { create: true });
  return {
    name: "sql.js",
    run: (sql, params) => db.run(sql, params),
    transaction: (work) => db.transaction(work),
    close: () => db.close(),
  };
}

/** What this script uses of node:sqlite (Node 20's types do not have it). */
interface NodeSqlite {
  DatabaseSync: new (file: string) => {
    exec(sql: string): void;
    prepare(sql: string): { run(...params: (string | number | null)[]): unknown };
    close(): void;
  };
}

function nodeSqliteBinding(file: string): Binding | undefined {
  process.removeAllListeners("warning"); // node:sqlite's ExperimentalWarning
  const sqlite = process.getBuiltinModule("node:sqlite") as NodeSqlite | undefined;
  if (sqlite === undefined) return undefined;
  const db = new sqlite.DatabaseSync(file);
  db.exec(schemaSql);
  db.exec("PRAGMA synchronous = FULL");
  return {
    name: "node:sqlite",
    run: (sql, params) => void db.prepare(sql).run(...params),
    transaction: (work) => {
      db.exec("BEGIN IMMEDIATE");
      try {
        work();
        db.exec("COMMIT");
      } catch (error) {
        db.exec("ROLLBACK");
        throw error;
      }
    },
    close: () => db.close(),
  };
}

function record(db: Binding, i: number): void {
  const student = i % 40;
  const lesson = Math.floor(i / 120) % 30;
  db.transaction(() => {
    db.run("INSERT OR IGNORE INTO students (id, name) VALUES (?, ?)", [student + 1, `student${student}`]);
    db.run("INSERT OR IGNORE INTO lessons (id, problem, title, answers, version) VALUES (?, ?, 'a lesson', 5, 'v1')", [
      lesson + 1,
      String(209 + lesson),
    ]);
    db.run(
      "INSERT OR IGNORE INTO runs (id, started_at, kind, grader_version) VALUES (1, '2025-03-01T00:00:00Z', 'grade', 'bench')",
      [],
    );
    db.run(
      "INSERT INTO submissions (id, student_id, lesson_id, file, content_hash, submitted_at) VALUES (?, ?, ?, ?, ?, '2025-03-01T00:00:00Z')",
      [i + 1, student + 1, lesson + 1, `student${student}/${209 + lesson}-${i}.ipynb`, `hash${i}`],
    );
    db.run(
      "INSERT INTO gradings (id, submission_id, run_id, graded_at, grader_version, lesson_version, status, points, max, reason, seconds) VALUES (?, ?, 1, '2025-03-01T00:00:00Z', 'bench', 'v1', 'partial', 4, 5, '4/5 correct; not right: dx', 1.5)",
      [i + 1, i + 1],
    );
    db.run("UPDATE submissions SET grading_id = ? WHERE id = ?", [i + 1, i + 1]);
    for (const data of ["shown", "hidden"])
      for (let a = 0; a < 5; a++)
        db.run("INSERT INTO results (grading_id, answer, data, passed, hint, given, given_hash) VALUES (?, ?, ?, ?, ?, ?, ?)", [
          i + 1,
          `answer${a}`,
          data,
          a === 0 ? 0 : 1,
          a === 0 ? "right except where the answer is 0: looks like you forgot the mask" : null,
          a === 0 && data === "shown" ? "[[1. 2.] [2. 3.]]" : null,
          `given${i}-${a}`,
        ]);
    for (const policy of ["latest", "best"])
      db.run(
        `INSERT INTO grades (student_id, lesson_id, policy, submission_id, grading_id, points, max, late_days, penalty, score, attempts)
         VALUES (?, ?, ?, ?, ?, 4, 5, 0, 0, 4, 1) ON CONFLICT (student_id, lesson_id, policy) DO UPDATE SET submission_id = excluded.submission_id,
         grading_id = excluded.grading_id, attempts = grades.attempts + 1`,
        [student + 1, lesson + 1, policy, i + 1, i + 1],
      );
  });
}

/** Milliseconds per record over the last `window` records up to each of `sizes`. */
function timeRecords(db: Binding, sizes: number[], window = 100): number[] {
  const perRecord: number[] = [];
  let done = 0;
  for (const size of sizes) {
    while (done < size - window) record(db, done++);
    const started = performance.now();
    while (done < size) record(db, done++);
    perRecord.push((performance.now() - started) / window);
  }
  return perRecord;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { rounds: { type: "string", default: "3" } } });
  const rounds = Number(values.rounds);
  const sizes = [200, 3600];
  const results = new Map<string, number[][]>();
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? ["sql.js", "node:sqlite"] : ["node:sqlite", "sql.js"];
    for (const name of order) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dlfs-bench-gradebook-"));
      const file = path.join(dir, "course.sqlite");
      const db = name === "sql.js" ? await sqlJsBinding(file) : nodeSqliteBinding(file);
      if (db === undefined) continue;
      const perRecord = timeRecords(db, sizes);
      db.close();
      const line = {
        binding: name,
        node: process.version,
        round,
        msPerRecord: Object.fromEntries(sizes.map((s, i) => [s, +perRecord[i].toFixed(2)])),
        bytes: fs.statSync(file).size,
      };
      console.log(JSON.stringify(line));
      results.set(name, [...(results.get(name) ?? []), perRecord]);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const summary = Object.fromEntries(
    [...results].map(([name, runs]) => [
      name,
      Object.fromEntries(sizes.map((s, i) => [s, +median(runs.map((r) => r[i])).toFixed(2)])),
    ]),
  );
  console.log(
    JSON.stringify({
      node: process.version,
      cores: os.availableParallelism(),
      load: os.loadavg().map((l) => +l.toFixed(1)),
      medianMsPerRecord: summary,
    }),
  );
  return exitCodes.ok;
}

runCommand("bench-gradebook", main, "bugs");
