import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import {
  CellTimeoutError,
  executeNotebook,
  type JsonObject,
  KernelSession,
  NotebookFormatError,
  type Output,
} from "../../jupyter-client";
import { DisplayRegistry, OutputCollector } from "../../jupyter-client/kernel/outputs";
import {
  decodeMessage,
  encodeMessage,
  type JupyterMessage,
  MessageSigner,
  newHeader,
} from "../../jupyter-client/kernel/wire-protocol";

const fixtures = path.join(__dirname, "fixtures");

/** A zombie (exited, waiting for its parent to reap it) counts as gone. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

/** A parent that was SIGKILLed leaves its children to init, which reaps them a moment later. */
async function waitUntilGone(pid: number, ms = 2000): Promise<boolean> {
  for (const stop = Date.now() + ms; Date.now() < stop;) {
    if (!isRunning(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return !isRunning(pid);
}

function streamText(outputs: Output[], name: "stdout" | "stderr"): string {
  return outputs.map((output) => (output.output_type === "stream" && output.name === name ? output.text : "")).join("");
}

describe("executeNotebook", function () {
  this.timeout(60_000);

  it("collects stdout, the last expression, an HTML display and stops at the first error", async () => {
    const run = await executeNotebook(path.join(fixtures, "basics.ipynb"));
    const byIndex = new Map(run.cells.map((cell) => [cell.index, cell]));

    expect(byIndex.get(1)?.outputs).to.deep.equal([
      { output_type: "stream", name: "stdout", text: "hello from tslab\nsecond line\n" },
    ]);
    // tslab prints the value of the last expression with console.log.
    expect(streamText(byIndex.get(2)?.outputs ?? [], "stdout")).to.equal("42\n");
    expect(byIndex.get(3)?.outputs).to.deep.equal([
      { output_type: "display_data", data: { "text/html": "<b>bold</b>" }, metadata: {} },
    ]);
    // The kernel's working directory is the notebook's folder.
    expect(streamText(byIndex.get(4)?.outputs ?? [], "stdout")).to.equal("true\n");
    expect(byIndex.get(5)?.status).to.equal("skipped");
    expect(byIndex.get(6)?.status).to.equal("skipped");
    expect(byIndex.get(6)?.outputs[0]).to.include({ text: "kept as committed\n" });

    const failed = byIndex.get(7);
    expect(failed?.status).to.equal("error");
    expect(failed?.error).to.include({ ename: "Error", evalue: "boom" });
    expect(failed?.error?.message).to.match(/^cell 8 \(`throw new Error\("boom"\);`\) failed:\nError: boom/);
    expect(byIndex.get(8)?.status).to.equal("not-run");
    expect(run.ok).to.equal(false);
    expect(run.failure).to.contain("basics.ipynb: cell 8");

    expect(run.cells.map((cell) => cell.executionCount)).to.deep.equal([1, 2, 3, 4, null, null, 5, null]);
    expect(run.notebook.metadata.kernelspec).to.deep.equal({ name: "tslab", display_name: "TypeScript", language: "typescript" });
    expect(run.notebook.metadata.language_info).to.include({ name: "typescript", file_extension: ".ts" });
    expect(run.notebook.cells[2]).to.include({ id: "basics-2", execution_count: 2 });
    expect(isRunning(run.kernelPid)).to.equal(false);
  });

  it("interrupts a cell that overruns its timeout, names it, and leaves no kernel behind", async () => {
    const run = await executeNotebook(path.join(fixtures, "endless-loop.ipynb"), { timeoutSeconds: 3, stopOnError: false });
    const [before, loop, after] = run.cells;

    expect(before.status).to.equal("ok");
    expect(loop.status).to.equal("error");
    expect(loop.error?.ename).to.equal("CellTimeoutError");
    expect(loop.error?.message).to.equal("Cell 2 (`while (true) {}`) did not finish within 3 s. It was interrupted and stopped.");
    expect(loop.seconds).to.be.within(2.9, 9);
    // SIGINT stops a synchronous loop in tslab, so the kernel can go on.
    expect(streamText(after.outputs, "stdout")).to.equal("after the loop\n");
    expect(isRunning(run.kernelPid)).to.equal(false);
  });

  it("reports a kernel killed mid-run with its signal and leaves none of its processes behind", async () => {
    const run = await executeNotebook(path.join(fixtures, "kernel-dies.ipynb"));
    const [spawner, killer, never] = run.cells;
    const sleeperPid = Number(streamText(spawner.outputs, "stdout"));

    expect(killer.error?.ename).to.equal("KernelDiedError");
    expect(killer.error?.message).to.match(
      /^The tslab kernel was killed by signal SIGKILL \(9\) while running cell 2 \(`process\.kill/,
    );
    expect(never.status).to.equal("not-run");
    expect(run.failure).to.contain("killed by signal SIGKILL");
    expect(isRunning(run.kernelPid)).to.equal(false);
    expect(sleeperPid).to.be.greaterThan(0);
    expect(await waitUntilGone(sleeperPid)).to.equal(true);
  });

  it("names the file and the problem when a notebook is not JSON or not nbformat 4", async () => {
    const notJson = path.join(fixtures, "not-json.ipynb");
    const error = await executeNotebook(notJson).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).to.be.instanceOf(NotebookFormatError);
    expect((error as Error).message).to.match(
      /not-json\.ipynb is not valid JSON \(.+\); a notebook file must be nbformat-4 JSON/,
    );

    const noVersion = await executeNotebook(path.join(fixtures, "no-nbformat.ipynb")).catch((thrown: Error) => thrown);
    expect(noVersion).to.be.instanceOf(Error);
    expect((noVersion as Error).message).to.contain("no-nbformat.ipynb is not an nbformat-4 notebook: it has no nbformat field");

    const missing = await executeNotebook(path.join(fixtures, "missing.ipynb")).catch((thrown: Error) => thrown);
    expect(missing).to.be.instanceOf(Error);
    expect((missing as Error).message).to.contain("missing.ipynb does not exist");
  });
});

describe("KernelSession", function () {
  this.timeout(60_000);
  let session: KernelSession;

  before(async () => {
    session = await KernelSession.start({ cwd: fixtures });
  });

  after(async () => {
    await session?.shutdown();
  });

  it("keeps declarations from one snippet to the next", async () => {
    await session.execute("const base: number = 40;");
    const result = await session.execute("base + 2");
    expect(result.status).to.equal("ok");
    expect(result.outputs).to.deep.equal([{ output_type: "stream", name: "stdout", text: "42\n" }]);
  });

  it("folds update_display_data into the display with the same display_id", async () => {
    const result = await session.execute(
      'import * as tslab from "tslab";\nconst shown = tslab.newDisplay();\nshown.text("first");\nshown.text("second");',
    );
    expect(result.outputs).to.deep.equal([{ output_type: "display_data", data: { "text/plain": "second" }, metadata: {} }]);
  });

  it("merges consecutive output of one stream and keeps stdout and stderr apart", async () => {
    const result = await session.execute('console.log("a"); console.log("b"); console.error("c"); console.log("d");');
    expect(result.outputs).to.deep.equal([
      { output_type: "stream", name: "stdout", text: "a\nb\n" },
      { output_type: "stream", name: "stderr", text: "c\n" },
      { output_type: "stream", name: "stdout", text: "d\n" },
    ]);
  });

  it("gets every line of a burst of 3000 and the cell's end (tslab's sends queued, no iopub limits)", async () => {
    // zeromq.js sends 512 messages in a row at once, then makes the next wait a
    // turn of the event loop; unpatched tslab lost what it sent meanwhile, the
    // cell's "idle" included, and this never finished. On a busy machine its
    // iopub socket also dropped lines past 1000 waiting to be read.
    const result = await session.execute("for (let i = 0; i < 3000; i++) console.log(i);", { timeoutSeconds: 20 });
    expect(result.status).to.equal("ok");
    const lines = streamText(result.outputs, "stdout").split("\n").slice(0, -1);
    expect(lines).to.deep.equal(Array.from({ length: 3000 }, (_, i) => String(i)));
  });

  it("reports type errors and runtime errors, and runs the next snippet right after one", async () => {
    const typeError = await session.execute('const n: number = "five";');
    expect(typeError.status).to.equal("error");
    expect(typeError.error?.ename).to.equal("TypeScriptError");
    expect(typeError.error?.evalue).to.contain("Type 'string' is not assignable to type 'number'");

    const runtimeError = await session.execute('throw new RangeError("out of range");');
    expect(runtimeError.error).to.include({ ename: "RangeError", evalue: "out of range" });

    // tslab refuses requests for 200 ms after a failure; the session retries them.
    const next = await session.execute('"still alive"');
    expect(next.status).to.equal("ok");
    expect(streamText(next.outputs, "stdout")).to.equal("still alive\n");
  });

  it("kills a kernel that does not react to an interrupt and says so", async () => {
    // tslab's interrupt is its SIGINT handler; without it, awaiting forever cannot be stopped.
    // (Node restores SIGINT handlers after a synchronous cell, hence the timer.)
    await session.execute(
      'setTimeout(() => {\n  process.removeAllListeners("SIGINT");\n  process.on("SIGINT", () => undefined);\n}, 0);',
    );
    const stuck = "await new Promise(() => {});";
    const error = await session
      .execute(stuck, { timeoutSeconds: 1, interruptGraceSeconds: 1 })
      .catch((thrown: unknown) => thrown);
    expect(error).to.be.instanceOf(CellTimeoutError);
    expect((error as CellTimeoutError).kernelSurvived).to.equal(false);
    expect((error as Error).message).to.equal(
      "The code did not finish within 1 s. It did not react to an interrupt, so the kernel was killed.",
    );
    expect(session.isAlive).to.equal(false);
    expect(isRunning(session.pid)).to.equal(false);

    const afterwards = await session.execute("1").catch((thrown: Error) => thrown);
    expect(afterwards).to.be.instanceOf(Error);
    expect((afterwards as Error).message).to.contain("This kernel session has ended");
  });
});

describe("OutputCollector", () => {
  const message = (msgType: string, content: JsonObject): JupyterMessage => ({
    header: newHeader(msgType, "test"),
    parent_header: {},
    metadata: {},
    content,
    buffers: [],
  });

  it("clears at once on clear_output, and with wait=true only when the next output arrives", () => {
    const collector = new OutputCollector(new DisplayRegistry());
    collector.handle(message("stream", { name: "stdout", text: "epoch 1\n" }));
    collector.handle(message("clear_output", { wait: false }));
    expect(collector.outputs).to.deep.equal([]);

    collector.handle(message("stream", { name: "stdout", text: "epoch 2\n" }));
    collector.handle(message("clear_output", { wait: true }));
    expect(collector.outputs).to.have.length(1);
    collector.handle(message("stream", { name: "stdout", text: "epoch 3\n" }));
    expect(collector.outputs).to.deep.equal([{ output_type: "stream", name: "stdout", text: "epoch 3\n" }]);
  });

  it("updates a display made by an earlier execution, and records errors and results", () => {
    const displays = new DisplayRegistry();
    const first = new OutputCollector(displays);
    first.handle(message("display_data", { data: { "text/plain": "0%" }, metadata: {}, transient: { display_id: "progress" } }));
    const second = new OutputCollector(displays);
    second.handle(
      message("update_display_data", { data: { "text/plain": "100%" }, metadata: {}, transient: { display_id: "progress" } }),
    );
    second.handle(message("execute_result", { data: { "text/plain": "3" }, metadata: {}, execution_count: 7 }));
    second.handle(message("error", { ename: "RangeError", evalue: "bad", traceback: ["RangeError: bad"] }));

    expect(first.outputs).to.deep.equal([{ output_type: "display_data", data: { "text/plain": "100%" }, metadata: {} }]);
    expect(second.outputs).to.deep.equal([
      { output_type: "execute_result", data: { "text/plain": "3" }, metadata: {}, execution_count: 7 },
      { output_type: "error", ename: "RangeError", evalue: "bad", traceback: ["RangeError: bad"] },
    ]);
  });

  it("keeps at most its limit of output, says it cut printed text, and counts what it dropped", () => {
    const collector = new OutputCollector(new DisplayRegistry(), 10);
    collector.handle(message("stream", { name: "stdout", text: "12345678" }));
    collector.handle(message("stream", { name: "stdout", text: "abcdef" }));
    collector.handle(message("display_data", { data: { "text/plain": "more" }, metadata: {} }));
    collector.handle(message("stream", { name: "stdout", text: "xyz" }));
    expect(collector.outputs).to.deep.equal([
      { output_type: "stream", name: "stdout", text: "12345678ab\n[output cut: more than 10 characters]\n" },
    ]);
    expect(collector.droppedCharacters).to.equal(4 + 3);
    expect(collector.droppedDisplays).to.equal(1);
  });
});

describe("wire protocol", () => {
  it("signs messages with HMAC-SHA256 and refuses a tampered or foreign one", () => {
    const signer = new MessageSigner("secret");
    const header = newHeader("execute_request", "session");
    const frames = encodeMessage(signer, header, { code: "1 + 1" }).map((frame) => Buffer.from(frame));
    expect(decodeMessage(signer, frames).content).to.deep.equal({ code: "1 + 1" });

    const tampered = [...frames];
    tampered[5] = Buffer.from(JSON.stringify({ code: "process.exit()" }));
    expect(() => decodeMessage(signer, tampered)).to.throw("invalid HMAC signature");
    expect(() => decodeMessage(new MessageSigner("other key"), frames)).to.throw("invalid HMAC signature");
  });
});
