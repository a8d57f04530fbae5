// A grading run that never ends: records made-up results one after another
// and prints "recorded N" after each one has been committed, until it is
// killed. The interruption test kills it with SIGKILL at a moment it chooses.
import * as fs from "node:fs";
import * as path from "node:path";
import { answerKey } from "dlfs/answer-key";
import { CourseRun } from "../../../../teaching/gradebook/index";

async function main(): Promise<void> {
  const [submissions, grades, lessons] = process.argv.slice(2);
  const run = await CourseRun.open({
    outDir: grades,
    inputs: [submissions],
    lessonsDir: lessons,
    keys: answerKey,
    kind: "grade",
  });
  for (let n = 1; ; n++) {
    const file = path.join(submissions, `student${n}`, "209.ipynb");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(
      file,
      JSON.stringify({ cells: [], metadata: { dlfs: { problem: "209" }, n }, nbformat: 4, nbformat_minor: 5 }),
    );
    run.record({
      file,
      student: `student${n}`,
      problem: "209",
      status: "graded",
      points: 3,
      max: 3,
      reason: "all 3 answers correct",
      seconds: 1,
      shown: ["out", "dx", "dy"].map((name) => ({ name, passed: true })),
      findings: [],
    });
    process.stdout.write(`recorded ${n}\n`);
  }
}

void main();
