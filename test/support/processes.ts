// Servers that tests start (Jupyter Notebook, JupyterHub): a free port, waiting
// until one answers, and stopping it with everything it started.
import type { ChildProcess } from "node:child_process";
import { createServer, type AddressInfo } from "node:net";

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A port on 127.0.0.1 that nothing listens on now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Calls `probe` until it resolves; throws with the end of the server's `log`
 * when the server exits first or `seconds` pass.
 */
export async function waitUntilAnswers(
  server: ChildProcess,
  probe: () => Promise<unknown>,
  what: string,
  log: () => string,
  seconds = 60,
): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    try {
      await probe();
      return;
    } catch (error) {
      if (server.exitCode !== null)
        throw new Error(`${what} exited with code ${server.exitCode}:\n${log().slice(-3000)}`, { cause: error });
      if (Date.now() > deadline)
        throw new Error(`${what} did not answer within ${seconds} s: ${String(error)}\n${log().slice(-3000)}`, { cause: error });
      await sleep(300);
    }
  }
}

/**
 * Stops a server started with `detached: true` (a process group of its own)
 * and everything it started: SIGTERM, then SIGKILL if it has not exited after `graceMs`.
 */
export async function stopProcessGroup(server: ChildProcess, graceMs = 5000): Promise<void> {
  const pid = server.pid;
  if (pid === undefined || server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise<boolean>((resolve) => server.once("exit", () => resolve(true)));
  try {
    process.kill(-pid, "SIGTERM");
  } catch {
    return; // already gone
  }
  const stopped = await Promise.race([exited, sleep(graceMs).then(() => false)]);
  if (stopped) return;
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // stopped meanwhile
  }
}
