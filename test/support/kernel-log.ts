// Loaded by mocha in every process that runs tests (.mocharc.cjs): when the
// test runner asks for it (DLFS_TEST_KERNEL_LOG, set by test/run.ts), each
// kernel a test starts is written as one line to that file, so that the
// runner can hold the fast tier to its budget of kernel starts, whichever
// worker process started them.
import { appendFileSync } from "node:fs";
import { subscribe } from "node:diagnostics_channel";

const log = process.env.DLFS_TEST_KERNEL_LOG;

if (log !== undefined && log !== "") {
  // Published by jupyter-client/kernel/process.ts for every kernel it starts.
  subscribe("dlfs:kernel-start", (message) => {
    const { cwd } = message as { cwd: string };
    appendFileSync(log, `${JSON.stringify({ pid: process.pid, cwd })}\n`);
  });
}
