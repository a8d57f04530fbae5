// Grading through the queue (npm run grade -- --queue, npm run grade:worker)
// with processes really killed: a local Redis, worker processes and the
// collector, SIGKILLed and restarted as machines die. What must hold: every
// submission exactly one row, the same grades as grading on this machine,
// and a submission that kills its worker recorded as crashed, not blocking the rest.
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { answerKey } from "dlfs/answer-key";
import { readNotebook } from "../../../jupyter-client";
import { metaKeys } from "../../../teaching/queue/connection";
import { lessonsVersion } from "../../../teaching/queue/jobs";
import { gradeBatch } from "../../../teaching/grader/grade-batch";
import { Gradebook } from "../../../teaching/grader/gradebook";
import { CourseDatabase } from "../../../teaching/gradebook/index";
import { notebooksDir } from "../../support/lessons";
import { freePort } from "../../support/processes";
import { requireProgram } from "../../support/requirements";
import { put, teacher209, tempFolder, withCell, withCode } from "../support/submissions";
import { kill, linesStarting, LocalRedis, redisInstalled, type Started, startCollector, startWorker, until } from "./cluster";

const teacher213 = () => readNotebook(path.join(notebooksDir, "213_fruit_backward.ipynb"));

/** A class of `count` submissions, each file its own (a comment cell makes every one distinct): right, and typical mistakes. */
function writeClass(folder: string, count: number): void {
  const kinds = [
    () => teacher213(),
    () =>
      withCode(
        teacher213(),
        "const [dallPrice, dtax] = mulTaxLayer.backward(dprice);",
        "const [dtax, dallPrice] = mulTaxLayer.backward(dprice);",
      ),
    () => teacher209(),
    () =>
      withCode(
        teacher213(),
        "const [dapple, dappleNum] = mulAppleLayer.backward(dapplePrice);",
        "const [dapple, dappleNum] = mulAppleLayer.backward(dprice);",
      ),
  ];
  for (let i = 0; i < count; i++) {
    const kind = i % kinds.length;
    const lesson = kind === 2 ? "209" : "213";
    put(folder, `s${String(i).padStart(3, "0")}_${lesson}.ipynb`, withCell(kinds[kind](), `// submission ${i}`));
  }
}

/** Every row of a gradebook by student: what a grade is. */
async function gradesOf(out: string): Promise<Map<string, string>> {
  const rows = (await Gradebook.open(path.join(out, "gradebook.csv"))).rows;
  return new Map(rows.map((row) => [row.student, `${row.problem} ${row.status} ${row.points}/${row.max}`]));
}

/** How many gradings the course gradebook holds, and of how many files. */
async function gradingsIn(out: string): Promise<{ gradings: number; files: number }> {
  const db = await CourseDatabase.open(path.join(out, "course.sqlite"), { create: false });
  try {
    const count = (sql: string): number => db.get<{ n: number }>(sql)?.n ?? 0;
    return {
      gradings: count("select count(*) as n from gradings"),
      files: count("select count(distinct submission_id) as n from gradings"),
    };
  } finally {
    db.close();
  }
}

/** True while the worker's last line about a job says it started one. */
function midJob(worker: Started): boolean {
  const lines = worker
    .output()
    .split("\n")
    .filter((line) => line.startsWith("grading ") || line.startsWith("graded "));
  return lines.at(-1)?.startsWith("grading ") ?? false;
}

describe("grading through a queue, with workers and Redis killed @slow @server", function () {
  this.timeout(40 * 60 * 1000);
  let redis: LocalRedis | undefined;
  const started: Started[] = [];
  const folders: string[] = [];
  const folder = (prefix: string): string => {
    const made = tempFolder(prefix);
    folders.push(made);
    return made;
  };
  const worker = (extra: string[] = []): Started => {
    const one = startWorker(redis?.url ?? "", extra);
    started.push(one);
    return one;
  };
  const graded = (): number => started.reduce((sum, one) => sum + linesStarting(one, "graded ").length, 0);

  before(async function () {
    requireProgram(this, redisInstalled(), "Debian's redis-server (apt-get install redis-server)", "server");
    redis = await LocalRedis.start();
  });

  afterEach(async () => {
    for (const one of started.splice(0)) await kill(one);
  });

  after(async () => {
    await redis?.stop();
    for (const made of folders) fs.rmSync(made, { recursive: true, force: true });
  });

  it("grades 200 submissions on three workers, one SIGKILLed twice and Redis restarted: 200 rows, the local grades, none twice", async () => {
    const root = folder("dlfs-queue-class-");
    const submissions = path.join(root, "submissions");
    writeClass(submissions, 200);
    const seed = "11";
    const queued = path.join(root, "queued");
    const collector = startCollector(redis?.url ?? "", submissions, queued, ["--hidden-seed", seed]);
    started.push(collector);
    let doomed = worker();
    worker();
    worker();

    await until(() => graded() >= 30 && midJob(doomed), "the first worker is grading, 30 graded");
    await kill(doomed);
    doomed = worker();
    await until(() => graded() >= 90, "90 graded");
    await redis?.down();
    await redis?.up();
    await until(() => graded() >= 140 && midJob(doomed), "the restarted worker is grading, 140 graded");
    await kill(doomed);
    worker();
    const code = await collector.exited;
    expect(code, collector.output().slice(-3000)).to.equal(0);

    // The local run: every fifth submission (40, each of the four kinds ten times; the other
    // 160 differ from these only in their comment cell), to keep the suite's time.
    const sample = path.join(root, "sample");
    for (const name of fs.readdirSync(submissions).filter((_, i) => i % 5 === 0))
      put(sample, name, readNotebook(path.join(submissions, name)));
    const local = path.join(root, "local");
    await gradeBatch({
      inputs: [sample],
      outDir: local,
      regrade: false,
      timeoutSeconds: 30,
      memoryMb: 1024,
      jobs: 2,
      lessonsDir: notebooksDir,
      hiddenSeed: Number(seed),
    });
    const expected = await gradesOf(local);
    const got = await gradesOf(queued);
    expect(got.size).to.equal(200);
    expect(expected.size).to.equal(40);
    expect(fs.readFileSync(path.join(queued, "gradebook.csv"), "utf8").trim().split("\n")).to.have.length(201);
    expect(await gradingsIn(queued)).to.deep.equal({ gradings: 200, files: 200 });
    expect(Object.fromEntries([...got].filter(([student]) => expected.has(student)))).to.deep.equal(Object.fromEntries(expected));
    // Each of the others as the sampled submission of its kind (i % 4).
    const kindOf = (student: string): number => Number(/^s(\d+)/.exec(student)?.[1]) % 4;
    const byKind = new Map([...expected].map(([student, grade]) => [kindOf(student), grade]));
    for (const [student, grade] of got) expect(grade, student).to.equal(byKind.get(kindOf(student)));
    // The mistakes are there, not only full marks.
    expect(new Set(got.values()).size).to.be.greaterThan(2);
  });

  it("records a submission that kills its worker twice as crashed, grades the rest, and a restarted collector resumes", async () => {
    const root = folder("dlfs-queue-crash-");
    const submissions = path.join(root, "submissions");
    for (let i = 0; i < 6; i++) put(submissions, `p${i}_209.ipynb`, withCell(teacher209(), `// submission ${i}`));
    put(submissions, "killer_209.ipynb", withCell(teacher209(), "// this one takes its worker down"));
    // Two students hand in the same bytes: one job, two rows, each the student's own.
    const twin = withCell(teacher209(), "// the same file from two students");
    put(submissions, "twin1_209.ipynb", twin);
    put(submissions, "twin2_209.ipynb", twin);
    const out = path.join(root, "grades");
    let collector = startCollector(redis?.url ?? "", submissions, out, ["--hidden-seed", "5"]);
    started.push(collector);
    const workers = [worker(), worker()];
    let kills = 0;
    let collectorKilled = false;
    const rows = (): number =>
      fs.existsSync(path.join(out, "gradebook.csv"))
        ? fs.readFileSync(path.join(out, "gradebook.csv"), "utf8").trim().split("\n").length - 1
        : 0;
    // Whoever takes the killer job dies (as a machine the submission brings down), and is replaced.
    for (;;) {
      const exited = collector.process.exitCode !== null;
      if (exited && collectorKilled) break;
      for (const [index, one] of workers.entries()) {
        const last = linesStarting(one, "grading ").at(-1);
        if (last?.startsWith("grading ../submissions/killer_209.ipynb") === true && midJob(one)) {
          await kill(one);
          kills++;
          workers[index] = worker();
        }
      }
      if (!collectorKilled && rows() >= 2) {
        await kill(collector);
        collectorKilled = true;
        collector = startCollector(redis?.url ?? "", submissions, out, ["--hidden-seed", "5"]);
        started.push(collector);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(await collector.exited, collector.output().slice(-3000)).to.equal(0);
    expect(kills).to.equal(2);
    const grades = await gradesOf(out);
    expect(grades.get("killer")).to.equal("209 crashed 0/3");
    const killerRow = (await Gradebook.open(path.join(out, "gradebook.csv"))).rows.find((row) => row.student === "killer");
    expect(killerRow?.reason).to.match(/^the worker grading this submission died 2 time\(s\)/);
    for (let i = 0; i < 6; i++) expect(grades.get(`p${i}`)).to.equal("209 graded 3/3");
    expect(await gradingsIn(out)).to.deep.equal({ gradings: 9, files: 9 });
    const finalRows = (await Gradebook.open(path.join(out, "gradebook.csv"))).rows;
    for (const [student, other] of [
      ["twin1", "twin2"],
      ["twin2", "twin1"],
    ]) {
      const row = finalRows.find((one) => one.student === student);
      expect(`${row?.problem} ${row?.status} ${row?.points}/${row?.max}`).to.equal("209 graded 3/3");
      expect(row?.file).to.equal(`../submissions/${student}_209.ipynb`);
      expect(row?.reason).to.not.include(other);
    }
    const twinGradings = started.flatMap((one) => linesStarting(one, "graded ../submissions/twin"));
    expect(twinGradings, "the twins' one job").to.have.length(1);
  });

  it("says once that no Redis answers at the URL given, and stops", async () => {
    const nowhere = `redis://127.0.0.1:${await freePort()}/0`;
    const lost = startWorker(nowhere, ["--connect-seconds", "2"]);
    started.push(lost);
    expect(await lost.exited).to.equal(1);
    expect(lost.output().trim()).to.match(
      /^grade:worker: no Redis answered at redis:\/\/127\.0\.0\.1:\d+\/0 within 2 s \(connect ECONNREFUSED [^)]+\): start Redis there, or give --queue the right URL$/,
    );
  });

  it("refuses, at start, to grade for a queue of another lessons version", async () => {
    const lessons = folder("dlfs-queue-lessons-");
    for (const name of fs.readdirSync(notebooksDir).filter((file) => /^\d{3}_.*\.ipynb$/.test(file)))
      fs.copyFileSync(path.join(notebooksDir, name), path.join(lessons, name));
    const changed = withCell(teacher209(), "// the teacher changed this lesson");
    put(lessons, "209_mul_layer.ipynb", changed);
    // The version a collector of this checkout publishes (the test does not rest on the others having run one).
    redis?.set(metaKeys.lessonsVersion, lessonsVersion(notebooksDir, answerKey));
    const other = worker(["--lessons", lessons]);
    expect(await other.exited).to.equal(3);
    expect(other.output()).to.match(/grade:worker: refused: the queue grades lessons version \w+, and this worker has \w+/);
  });
});
