// The sandboxed kernel the grader runs submissions in (the OS sandbox where
// there is one, Node's permission model inside), started as tslab starts and
// from the run's kernel snapshot: what it may read, that TypeScript's watch
// mode inside tslab survives the paths it may not, that it sees no answer
// key, and that both compile and run lesson code alike.
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  cellTags,
  compareNotebooks,
  executeNotebook,
  formatDifferences,
  KernelSession,
  readNotebook,
  type Output,
} from "../../jupyter-client";
import { libDir, projectRoot } from "../support/paths";
import { lessonNotebooks } from "../support/lessons";
import { requireProgram } from "../support/requirements";
import { answerKey } from "dlfs/answer-key";
import { GradingRun } from "../../teaching/grader/grading-run";
import { findOsSandbox } from "../../teaching/grader/os-sandbox";
import { kernelV8Flags, makeKernelHome, permissionModelSupported } from "../../teaching/grader/sandbox";

function printed(outputs: Output[]): string {
  return outputs.map((output) => (output.output_type === "stream" ? output.text : "")).join("");
}

/** Prints "allowed", or the error code that stopped `expression`. */
function attempt(expression: string): string {
  return `try { ${expression}; console.log("allowed"); } catch (error) { console.log((error as { code?: string }).code); }`;
}

describe("grader sandbox @slow", function () {
  this.timeout(120_000);
  let run: GradingRun;
  let home: string;
  let blob: string | undefined;
  const launch = (snapshotBlob?: string) => run.kernelLaunch({ residentMb: 1024, cpuSeconds: 600 }, snapshotBlob);

  before(async function () {
    requireProgram(this, permissionModelSupported(), "a Node whose permission model loads addons (20.13 or newer; 22 or 24)");
    const sandbox = findOsSandbox();
    requireProgram(
      this,
      sandbox.kind === "bubblewrap",
      `an operating-system sandbox (${sandbox.kind === "none" ? sandbox.why : ""})`,
    );
    run = GradingRun.create({ keys: answerKey, sandbox, memoryMb: 400 });
    home = run.home;
    blob = await run.buildSnapshot();
  });

  after(async () => {
    await run?.close();
  });

  for (const start of ["as tslab starts", "from the snapshot"] as const) {
    describe(`a kernel started ${start}`, () => {
      let session: KernelSession;

      before(async function () {
        if (start === "from the snapshot") requireProgram(this, blob !== undefined, "a Node that builds start-up snapshots");
        const snapshotBlob = start === "from the snapshot" ? blob : undefined;
        session = await KernelSession.start({ cwd: home, launch: launch(snapshotBlob) });
      });

      after(async () => {
        await session?.shutdown();
      });

      async function run(code: string): Promise<string> {
        const result = await session.execute(code, { timeoutSeconds: 30 });
        expect(result.error, result.error?.evalue).to.equal(undefined);
        return printed(result.outputs);
      }

      it("imports dlfs and runs lesson code, keeping declarations from cell to cell", async () => {
        expect(
          await run(`import { MulLayer } from "dlfs";\nconst layer = new MulLayer();\nconsole.log(layer.forward(100, 2));`),
        ).to.equal("200\n");
        expect(await run(`const [dx, dy] = layer.backward(1);\nconsole.log(dx, dy);`)).to.equal("2 100\n");
      });

      it("shows a thrown error with its message and stack", async () => {
        const result = await session.execute(`throw new Error("oops");`, { timeoutSeconds: 30 });
        expect(result.error?.evalue).to.equal("oops");
        expect(result.error?.traceback.join("\n")).to.match(/Error: oops\n\s+at /);
      });

      it("reports type errors as tslab does", async () => {
        const result = await session.execute(`const wrong: string = 1;`, { timeoutSeconds: 30 });
        expect(result.error?.evalue).to.equal("1:7 - Type 'number' is not assignable to type 'string'.");
      });

      it("lets a watcher on an unreadable path do nothing instead of failing the cell", async () => {
        // TypeScript watches failed module lookups such as <project>/lib/node_modules
        // when the project lies deep enough in the file tree (it skips shallow paths).
        const missing = path.join(libDir, "node_modules");
        if (start === "as tslab starts") {
          expect(await run(attempt(`require("fs").watchFile(${JSON.stringify(missing)}, () => undefined)`))).to.equal(
            "allowed\n",
          );
          expect(await run(attempt(`require("fs").watch(${JSON.stringify(projectRoot)}).close()`))).to.equal("allowed\n");
        }
        // Either way, a module that is not there is a compile error, not a crash.
        const result = await session.execute(`import { nothing } from "no-such-package";`, { timeoutSeconds: 30 });
        expect(result.error?.evalue).to.match(/Cannot find module 'no-such-package'/);
      });

      it("still refuses to read outside what a lesson needs", async () => {
        const outside = path.join(projectRoot, "package.json");
        expect(fs.existsSync(outside)).to.equal(true);
        expect(await run(attempt(`require("fs").readFileSync(${JSON.stringify(outside)})`))).to.equal("ERR_ACCESS_DENIED\n");
        expect(await run(attempt(`require("fs").writeFileSync(${JSON.stringify(path.join(home, "x.txt"))}, "x")`))).to.equal(
          "ERR_ACCESS_DENIED\n",
        );
      });
    });
  }

  describe("what a kernel in the OS sandbox sees", () => {
    let session: KernelSession;

    before(async () => {
      session = await KernelSession.start({ cwd: home, launch: launch(blob) });
    });

    after(async () => {
      await session?.shutdown();
    });

    async function printedBy(code: string): Promise<string> {
      const result = await session.execute(code, { timeoutSeconds: 30 });
      expect(result.error, result.error?.evalue).to.equal(undefined);
      return printed(result.outputs);
    }

    it("is the only process it can see, in a PID namespace of its own", async () => {
      expect(await printedBy(`console.log(process.pid, process.ppid);`)).to.equal("1 0\n");
      expect(session.kernelPid).to.not.equal(1);
    });

    it("has an answer key without answers: the grader compares outside", async () => {
      const key = JSON.parse(
        await printedBy(
          // A require: tslab's type checker does not resolve a package's subpath exports, Node does.
          `const { answerKeyOf } = require("dlfs/answer-key");\nconsole.log(JSON.stringify(answerKeyOf("213")));`,
        ),
      ) as { items: { name: string; expected: unknown }[] };
      expect(key.items.map((item) => item.name)).to.deep.equal(answerKey["213"].items.map((item) => item.name));
      for (const item of key.items) expect(item.expected, item.name).to.deep.equal([]);
    });

    it("has no network but its own loopback", async () => {
      const names = await printedBy(`console.log(Object.keys(require("os").networkInterfaces()).join(","));`);
      expect(names).to.equal("lo\n");
    });
  });

  it("runs lessons from the snapshot, sandboxed, with the outputs of the committed notebooks", async function () {
    requireProgram(this, blob !== undefined, "a Node that builds start-up snapshots");
    const lessons = lessonNotebooks().filter((file) => /\/(209|213|229|236)_/.test(file));
    expect(lessons).to.have.length(4);
    for (const file of lessons) {
      // Without the check cell: in the sandbox check() has no answers to compare with (the grader compares outside).
      const lesson = readNotebook(file);
      const withoutCheck = { ...lesson, cells: lesson.cells.filter((cell) => !cellTags(cell).includes("check")) };
      const ran = await executeNotebook(withoutCheck, { cwd: home, launch: launch(blob), timeoutSeconds: 60 });
      const differences = compareNotebooks(withoutCheck, ran.notebook);
      expect(differences, `${path.basename(file)}: ${formatDifferences(differences)}`).to.have.length(0);
    }
  });

  it("refuses to start a snapshot in a folder it was not built for", async function () {
    requireProgram(this, blob !== undefined, "a Node that builds start-up snapshots");
    const elsewhere = makeKernelHome(fs.mkdtempSync(path.join(run.folder, "other-")));
    const started = KernelSession.start({
      cwd: elsewhere,
      startupTimeoutSeconds: 20,
      launch: { nodeArgs: kernelV8Flags(400), snapshotBlob: blob },
    });
    const failure = await started.then(
      async (session) => {
        await session.shutdown();
        return undefined;
      },
      (error: unknown) => error as Error,
    );
    expect(failure?.message).to.match(/snapshot was built for .* cannot run in/);
  });
});
