// A grading cluster on this machine for the queue tests: a Redis of its own
// (Debian's redis-server on a free 127.0.0.1 port, its data in a temp folder,
// every write on disk: restarting it loses nothing), workers and the
// collector as processes of their own, each of which a test can SIGKILL.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { projectRoot } from "../../support/paths";
import { freePort, sleep } from "../../support/processes";

const redisServer = "/usr/bin/redis-server";

export function redisInstalled(): boolean {
  return fs.existsSync(redisServer);
}

/** A process the test started, with what it printed so far. */
export interface Started {
  process: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function start(command: string, args: string[]): Started {
  const child = spawn(command, args, { cwd: projectRoot, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { process: child, output: () => output, exited };
}

export async function kill(started: Started, signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
  if (started.process.exitCode === null && started.process.signalCode === null) started.process.kill(signal);
  await started.exited;
}

export class LocalRedis {
  private server: Started | undefined;

  private constructor(
    readonly port: number,
    private readonly folder: string,
  ) {}

  static async start(): Promise<LocalRedis> {
    const redis = new LocalRedis(await freePort(), fs.mkdtempSync(path.join(os.tmpdir(), "dlfs-redis-")));
    await redis.up();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}/0`;
  }

  /** Starts the server on its port and folder, and waits until it answers. */
  async up(): Promise<void> {
    this.server = start(redisServer, [
      "--port",
      String(this.port),
      "--bind",
      "127.0.0.1",
      "--dir",
      this.folder,
      "--appendonly",
      "yes",
      "--appendfsync",
      "always",
      "--save",
      "",
      // BullMQ needs every key kept (no eviction).
      "--maxmemory-policy",
      "noeviction",
    ]);
    for (let tries = 0; ; tries++) {
      const ping = spawnSync("redis-cli", ["-p", String(this.port), "ping"], { encoding: "utf8" });
      if (ping.stdout.trim() === "PONG") return;
      if (tries > 100 || this.server.process.exitCode !== null)
        throw new Error(`redis-server did not start:\n${this.server.output()}`);
      await sleep(100);
    }
  }

  /** Sets a key, as a collector would have. */
  set(key: string, value: string): void {
    const done = spawnSync("redis-cli", ["-p", String(this.port), "set", key, value], { encoding: "utf8" });
    if (done.stdout.trim() !== "OK") throw new Error(`redis-cli set ${key}: ${done.stdout}${done.stderr}`);
  }

  /** Stops the server as a restart does (SIGTERM: it writes what it has, then exits). */
  async down(): Promise<void> {
    if (this.server !== undefined) await kill(this.server, "SIGTERM");
  }

  async stop(): Promise<void> {
    await this.down();
    fs.rmSync(this.folder, { recursive: true, force: true });
  }
}

const tsx = ["--import", "tsx"];

/** A worker with a short stalled-job check, so that a killed worker's job is free again in seconds. */
export function startWorker(url: string, extra: string[] = []): Started {
  return start(process.execPath, [
    ...tsx,
    path.join(projectRoot, "teaching", "grade-worker.ts"),
    "--queue",
    url,
    "--jobs",
    "1",
    "--lock-seconds",
    "4",
    "--stalled-check-seconds",
    "2",
    ...extra,
  ]);
}

/** The collector: npm run grade -- <submissions> --out <out> --queue <url>. */
export function startCollector(url: string, submissions: string, out: string, extra: string[] = []): Started {
  return start(process.execPath, [
    ...tsx,
    path.join(projectRoot, "teaching", "grade.ts"),
    submissions,
    "--out",
    out,
    "--queue",
    url,
    ...extra,
  ]);
}

/** How many times `started` printed a line starting with `prefix`. */
export function linesStarting(started: Started, prefix: string): string[] {
  return started
    .output()
    .split("\n")
    .filter((line) => line.startsWith(prefix));
}

/** Waits until `condition` holds, checking every 200 ms; throws after `seconds` with `what`. */
export async function until(condition: () => boolean, what: string, seconds = 600): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(200);
  }
}
