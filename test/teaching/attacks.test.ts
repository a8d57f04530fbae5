// A class of honest and hostile lesson 213 submissions graded in one run, as
// a teacher would: the grader finishes, every file has its row, the honest
// students get full points, no attacker gains a point, nothing outside the
// sandbox changes, no other process is touched, no request reaches a server
// on the machine, and the grader's own memory stays bounded.
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { answerKey } from "dlfs/answer-key";
import { gradeBatch, type BatchSummary } from "../../teaching/grader/grade-batch";
import type { GradeRow } from "../../teaching/grader/grade-submission";
import { Gradebook } from "../../teaching/grader/gradebook";
import { answerKeyFile } from "../support/paths";
import {
  type Attack,
  fingerprint,
  limits,
  requireOsSandbox,
  socketAt,
  startTargets,
  stopTargets,
  type Targets,
  writeClass,
} from "./support/attacks";
import { tempFolder } from "./support/submissions";

describe("grader: a class of honest and hostile submissions @slow", function () {
  this.timeout(15 * 60 * 1000);
  const root = tempFolder("dlfs-attacks-");
  const submissions = path.join(root, "class");
  const out = path.join(root, "grades");
  let targets: Targets;
  let honest: string[];
  let attackers: Attack[];
  let summary: BatchSummary;
  let rows: Map<string, GradeRow>;
  let untouched: Record<string, string>;
  let keyBefore: string;
  let peakRssMb = 0;
  let niceBefore: string;
  let removeSocket: () => void = () => undefined;

  const niceOf = (pid: number | undefined): string => fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ")[16];

  before(async function () {
    requireOsSandbox(this);
    fs.mkdirSync(submissions, { recursive: true });
    targets = await startTargets(root);
    ({ honest, attackers } = writeClass(submissions, targets, process.pid));
    removeSocket = await socketAt(path.join(submissions, "socket_213.ipynb"));
    untouched = {
      ...fingerprint(submissions),
      ...fingerprint(targets.lessonsDir),
      ...fingerprint(path.dirname(targets.outsideFile)),
    };
    keyBefore = fs.readFileSync(answerKeyFile, "utf8");
    niceBefore = niceOf(targets.bystander.pid);
    const watch = setInterval(() => (peakRssMb = Math.max(peakRssMb, process.memoryUsage().rss / 1024 / 1024)), 100);
    try {
      summary = await gradeBatch({
        inputs: [submissions],
        outDir: out,
        regrade: false,
        ...limits,
        memoryMb: 1024,
        jobs: 2,
        lessonsDir: targets.lessonsDir,
      });
    } finally {
      clearInterval(watch);
    }
    rows = new Map(
      (await Gradebook.open(summary.gradebook)).rows.map((row) => [path.relative(submissions, path.resolve(out, row.file)), row]),
    );
  });

  after(async () => {
    removeSocket();
    await stopTargets(targets);
    fs.rmSync(root, { recursive: true, force: true });
  });

  function row(file: string): GradeRow {
    const found = rows.get(file);
    if (found === undefined) throw new Error(`no gradebook row for ${file}; rows: ${[...rows.keys()].join(", ")}`);
    return found;
  }

  it("grades to the end, with a row for every file in the class folder", () => {
    const files = Object.keys(untouched)
      .filter((file) => file.startsWith(submissions + path.sep))
      .map((file) => path.relative(submissions, file))
      .concat(["socket_213.ipynb"]);
    expect([...rows.keys()].sort()).to.deep.equal([...new Set(files)].sort());
    expect(summary.results).to.have.length(rows.size);
  });

  it("gives every honest student full points, in a normal grading", () => {
    for (const file of honest) {
      const { status, points, max, reason } = row(file);
      expect({ file, status, points }, reason).to.deep.equal({ file, status: "graded", points: max });
      expect(max).to.equal(answerKey["213"].items.length);
    }
  });

  it("gives no attacker a point, and shows the teacher what each attack did", () => {
    const wrong: string[] = [];
    for (const attack of attackers) {
      const { status, points, reason } = row(`${attack.student}_213.ipynb`);
      console.log(`      ${attack.student}: ${status} ${points} (${attack.tries}) — ${reason.slice(0, 160)}`);
      if (points !== 0) wrong.push(`${attack.student} (${attack.tries}) gained ${points} point(s): ${reason}`);
      if (!attack.statuses.includes(status))
        wrong.push(`${attack.student} is ${status}, not ${attack.statuses.join(" or ")}: ${reason}`);
      if (attack.reason !== undefined && !attack.reason.test(reason))
        wrong.push(`${attack.student}'s reason does not say ${String(attack.reason)}: ${reason}`);
    }
    expect(wrong, wrong.join("\n")).to.deep.equal([]);
  });

  it("changes nothing outside the sandbox: the class folder, the lessons, the teacher's files, the answer key, /tmp", () => {
    const after = {
      ...fingerprint(submissions),
      ...fingerprint(targets.lessonsDir),
      ...fingerprint(path.dirname(targets.outsideFile)),
    };
    for (const [file, print] of Object.entries(untouched)) expect(after[file], file).to.equal(print);
    expect(fs.readFileSync(answerKeyFile, "utf8")).to.equal(keyBefore);
    expect(fs.existsSync(targets.tmpProbe), targets.tmpProbe).to.equal(false);
  });

  it("touches no other process, and reaches no server on the machine", () => {
    expect(targets.bystander.exitCode).to.equal(null);
    expect(targets.bystander.signalCode).to.equal(null);
    expect(niceOf(targets.bystander.pid)).to.equal(niceBefore);
    expect(targets.requests()).to.equal(0);
  });

  it("keeps its own memory bounded while a kernel floods it with display updates", () => {
    expect(row("a07-display-flood_213.ipynb").points).to.equal(0);
    // The kernel sent 1.3 GB of updates; the grader reads at most 16 messages of 16 MB at a time.
    expect(peakRssMb).to.be.lessThan(1500);
  });

  it("says what was odd about the files: a link, a socket, a pipe, a byte-order mark, one student twice, a misnamed file", () => {
    expect(row("linked_213.ipynb")).to.include({ status: "invalid" });
    expect(row("linked_213.ipynb").reason).to.match(/symbolic link/);
    expect(row("socket_213.ipynb").reason).to.match(/socket/);
    expect(row("pipe_213.ipynb").reason).to.match(/named pipe/);
    expect(row("bom_213.ipynb").status).to.equal("graded");
    for (const file of ["twice_213.ipynb", "twice/213_fruit_backward.ipynb"])
      expect(row(file).reason, file).to.match(/handed in problem 213 2 times/);
    expect(summary.notices.join("\n")).to.match(/twice handed in problem 213 2 times/);
    expect(row("misnamed_213.ipynb")).to.include({ problem: "209", status: "graded" });
    expect(row("misnamed_213.ipynb").reason).to.match(/the file name says 213, but the notebook is problem 209's/);
    expect(summary.notices.join("\n")).to.match(/misnamed_213.ipynb: the file name says 213/);
  });
});
