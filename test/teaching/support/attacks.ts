// A class of lesson 213 submissions written by students who want points
// without the work, or want the grading to fail: each attack is one cell
// added to a notebook whose own answers are all wrong (so any point above 0
// an attack gains is visible), next to honest students and broken files.
// The tests grade the class and check what the teacher sees, and what did
// not happen outside the sandbox.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import { type AddressInfo, createServer } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { type Notebook, readNotebook } from "../../../jupyter-client";
import { findOsSandbox } from "../../../teaching/grader/os-sandbox";
import { studentVersion } from "../../../teaching/student-version";
import { requireProgram } from "../../support/requirements";
import { notebooksDir } from "../../support/lessons";
import { put, withCell } from "./submissions";

const lesson213 = path.join(notebooksDir, "213_fruit_backward.ipynb");
const lesson209 = path.join(notebooksDir, "209_mul_layer.ipynb");

/** Skips the calling suite (or fails it in CI) where grading has no operating-system sandbox. */
export function requireOsSandbox(context: Mocha.Context): void {
  const sandbox = findOsSandbox();
  requireProgram(
    context,
    sandbox.kind === "bubblewrap",
    `an operating-system sandbox (${sandbox.kind === "none" ? sandbox.why : ""})`,
  );
}

/** The class is graded with these limits: a cell, and a submission in all. */
export const limits = { timeoutSeconds: 30, submissionTimeoutSeconds: 60 };
/** The slow-cells attack: 8 cells of this, each under the cell's limit, together over the submission's. */
const slowCellSeconds = 9;

/** The answers lesson 213 checks. */
const answers213 = ["price", "dappleNum", "dapple", "dorange", "dorangeNum", "dtax"];

function teacher213(): Notebook {
  return readNotebook(lesson213);
}

/** Lesson 213 with every answer set to 0 before the check: a submission worth 0 points. */
function wrong213(): Notebook {
  return withCell(teacher213(), answers213.map((name) => `const ${name} = 0;`).join("\n"));
}

/** The things outside the sandbox an attack aims at, and a way to see that none was touched. */
export interface Targets {
  /** A folder of the teacher's lessons (a copy: an attack that worked must not spoil the project). */
  lessonsDir: string;
  /** A file of the teacher's that no kernel should change. */
  outsideFile: string;
  /** A process of someone else's on the machine. */
  bystander: ChildProcess;
  /** A web server on 127.0.0.1, counting the requests it got. */
  server: http.Server;
  requests: () => number;
  port: number;
  /** Paths an attack tries to create in the machine's /tmp. */
  tmpProbe: string;
}

export async function startTargets(root: string): Promise<Targets> {
  const lessonsDir = path.join(root, "lessons");
  fs.mkdirSync(lessonsDir, { recursive: true });
  for (const file of fs.readdirSync(notebooksDir).filter((name) => /^\d{3}_.*\.ipynb$/.test(name)))
    fs.copyFileSync(path.join(notebooksDir, file), path.join(lessonsDir, file));
  const outsideFile = path.join(root, "teacher-notes.txt");
  fs.writeFileSync(outsideFile, "the teacher's own file\n");
  const bystander = spawn("sleep", ["3600"], { stdio: "ignore" });
  let requests = 0;
  const server = http.createServer((_request, response) => {
    requests++;
    response.end("reached");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.address() as AddressInfo).port;
  const tmpProbe = path.join(os.tmpdir(), `dlfs-attack-${crypto.randomBytes(4).toString("hex")}`);
  return { lessonsDir, outsideFile, bystander, server, requests: () => requests, port, tmpProbe };
}

export async function stopTargets(targets: Targets | undefined): Promise<void> {
  if (targets === undefined) return;
  targets.bystander.kill("SIGKILL");
  await new Promise<void>((resolve) => targets.server.close(() => resolve()));
  fs.rmSync(targets.tmpProbe, { force: true });
}

/** Every file under `folder` with its kind and a hash of its content: what "nothing changed" is checked against. */
export function fingerprint(folder: string): Record<string, string> {
  const found: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const stat = fs.lstatSync(full);
      if (entry.isDirectory()) walk(full);
      else if (stat.isFile()) found[full] = crypto.createHash("sha256").update(fs.readFileSync(full)).digest("hex");
      else found[full] = stat.isSymbolicLink() ? `link to ${fs.readlinkSync(full)}` : "not a file";
    }
  };
  walk(folder);
  return found;
}

/** One attack: the student's name, the cell, and what the teacher must see of it. */
export interface Attack {
  student: string;
  /** What the student tries, in words (the table, and more). */
  tries: string;
  code: string;
  /** The statuses the row may have. */
  statuses: string[];
  /** What the row's reason says, when it must say something in particular. */
  reason?: RegExp;
}

/** The attacks, aimed at `targets`, the grader's process `graderPid` and the other students' files in `classFolder`. */
function attacks(targets: Targets, graderPid: number, classFolder: string): Attack[] {
  const js = JSON.stringify;
  return [
    {
      student: "a01-kill-grader",
      tries: "to kill the grader (its parent) with SIGKILL",
      code: `(process as any)["ki" + "ll"](process.ppid, "SIGKILL");\n(process as any)["ki" + "ll"](${graderPid}, "SIGKILL");`,
      statuses: ["crashed", "error"],
    },
    {
      student: "a02-kill-others",
      tries: "to kill, stop and slow down other processes, and every process it can",
      code: [
        `const kill = (process as any)["ki" + "ll"].bind(process);`,
        `for (const [pid, signal] of [[${targets.bystander.pid}, "SIGKILL"], [${graderPid}, "SIGSTOP"]] as const) { try { kill(pid, signal); } catch (error) { console.log(String(error)); } }`,
        `try { require("o" + "s").setPriority(${targets.bystander.pid}, 19); } catch (error) { console.log(String(error)); }`,
        `kill(-1, "SIGKILL");`,
      ].join("\n"),
      statuses: ["crashed", "error", "flagged"],
    },
    {
      student: "a03-zeromq-sockets",
      tries:
        "to replace files outside the sandbox by sockets with zeromq (another student's notebook, the teacher's lesson, a file of the teacher's, /tmp)",
      code: [
        // zeromq is tslab's own, loaded already: an attacker finds it by its path.
        `const zq = require(${js(require.resolve("zeromq"))});`,
        `const results: string[] = [];`,
        `for (const target of ${js([path.join(targets.lessonsDir, "213_fruit_backward.ipynb"), targets.outsideFile, targets.tmpProbe, path.join(classFolder, "kim_213.ipynb")])}) {`,
        `  try { await new zq.Publisher().bind("ipc://" + target); results.push("bound " + target); } catch (error) { results.push(String(error)); }`,
        `}`,
        `console.log(results.join("\\n"));`,
      ].join("\n"),
      // A second zeromq context in the sandboxed kernel sometimes takes the kernel down
      // (SIGSEGV in zeromq's native code, seen under load): the attacker's own kernel dies,
      // the submission is "crashed" with 0 points, and nothing outside is touched (tests below).
      statuses: ["partial", "error", "flagged", "crashed"],
    },
    {
      student: "a04-infinity",
      tries: "every answer Infinity",
      code: answers213.map((name) => `const ${name} = Infinity;`).join("\n"),
      statuses: ["partial"],
    },
    {
      student: "a05-replace-grader-function",
      tries: "to replace every function of the grader it finds on __tslab__.exports, and to set the answers from answerKeyOf",
      code: [
        `const { answerKeyOf } = require("dlfs/answer-key");`,
        `const table = (globalThis as any)["__tsl" + "ab__"].exports;`,
        `for (const name of Object.keys(table)) if (typeof table[name] === "function" && !/^[A-Z]/.test(name)) table[name] = () => undefined;`,
        `for (const item of answerKeyOf("213").items) table[item.name] = item.expected;`,
      ].join("\n"),
      statuses: ["partial", "flagged"],
    },
    {
      student: "a06-nested-line",
      tries: "to crash the grader's decoder with a 5 MB deeply nested line on the answer channel",
      code: `require("f" + "s").writeSync(3, "[".repeat(5_000_000) + "\\n");`,
      statuses: ["flagged"],
      reason: /not written by the grader's code|overlong/,
    },
    {
      student: "a07-display-flood",
      tries: "to fill the grader's memory with display updates (60 × 8 MB, then 40 × 20 MB)",
      code: [
        `const tslab = require("tsl" + "ab");`,
        `const shown = tslab.newDisplay();`,
        `const medium = "x".repeat(8_000_000);`,
        `for (let i = 0; i < 60; i++) shown.text(medium + i);`,
        `const large = "y".repeat(20_000_000);`,
        `for (let i = 0; i < 40; i++) shown.text(large + i);`,
      ].join("\n"),
      statuses: ["partial", "timeout", "error", "crashed"],
    },
    {
      student: "a08-long-digits",
      tries: "a 250,000-digit literal, to stall the static scan",
      code: `const digits = "${"7".repeat(250_000)}/1 correct";`,
      statuses: ["partial", "flagged"],
    },
    {
      student: "a09-network",
      tries: "to reach a server on the machine, and to listen on 0.0.0.0",
      code: [
        `const web = require("ht" + "tp");`,
        `const said = await new Promise((resolve) => { web.get("http://127.0.0.1:${targets.port}/", (r: any) => resolve("reached " + r.statusCode)).on("error", (e: Error) => resolve(String(e))); });`,
        `console.log(said);`,
        `const listener = web.createServer(() => undefined); listener.listen(0, "0.0.0.0");`,
      ].join("\n"),
      statuses: ["partial", "flagged"],
    },
    {
      student: "a10-slow-cells",
      tries: "eight cells that each take almost the time limit of a cell",
      code: `const until = Date.now() + ${slowCellSeconds * 1000}; while (Date.now() < until) {}`,
      statuses: ["timeout"],
      reason: /time ran out/,
    },
    {
      student: "a11-endless-prototype",
      tries: "an answer that is a Proxy whose getPrototypeOf never returns",
      code: `const price = new Proxy({}, { getPrototypeOf() { for (;;) {} } });`,
      statuses: ["timeout", "crashed"],
    },
    {
      student: "a12-read-key",
      tries: "to read the answer key: answerKeyOf by another name, and the library's files",
      code: [
        `const lib = require("dl" + "fs/answer-key");`,
        `const key = lib["answer" + "KeyOf"]("213");`,
        `const fs = require("f" + "s");`,
        `const files = [${js(path.join(path.dirname(require.resolve("dlfs/package.json")), "src", "answer-key", "answer-key.json"))}, require.resolve("dl" + "fs/package.json").replace("package.json", "dist/answer-key/answer-key.json")];`,
        `const read = files.map((file: string) => { try { return JSON.parse(fs.readFileSync(file, "utf8"))["213"]; } catch (error) { return String(error); } });`,
        `console.log(JSON.stringify(read).slice(0, 300));`,
        ...answers213.map((name, i) => `const ${name} = key.items[${i}].expected;`),
      ].join("\n"),
      statuses: ["partial", "flagged"],
    },
    {
      student: "a13-forged-line",
      tries: "to write an answer line of its own on the grader's channel, and to steal the grader's request",
      code: [
        `const fs = require("f" + "s");`,
        `const values = Object.fromEntries(${js(answers213)}.map((name: string) => [name, { kind: "number", value: 715 }]));`,
        `const json = JSON.stringify({ values, tampered: [] });`,
        `fs.writeSync(3, "0".repeat(64) + " " + json + "\\n");`,
        `const net = require("n" + "et");`,
        `const thief = new net.Socket({ fd: 3, readable: true, writable: false });`,
        `thief.on("data", () => fs.writeSync(3, "f".repeat(64) + " " + json + "\\n"));`,
      ].join("\n"),
      statuses: ["flagged"],
      reason: /not written by the grader's code/,
    },
    {
      student: "a14-processes",
      tries: "to start programs and worker threads",
      code: [
        `try { require("child_" + "process").execSync("touch ${targets.tmpProbe}"); } catch (error) { console.log(String(error)); }`,
        `try { new (require("worker_" + "threads").Worker)("1"); } catch (error) { console.log(String(error)); }`,
      ].join("\n"),
      statuses: ["partial", "flagged"],
    },
    {
      student: "a15-exit",
      tries: "to end its kernel",
      code: `(process as any)["ex" + "it"](0);`,
      statuses: ["crashed"],
    },
    {
      student: "a16-replace-table",
      tries: "to give the grader another table of names, and to replace JSON.stringify",
      code: [
        `(globalThis as any)["__tsl" + "ab__"] = { exports: { price: 715 }, require };`,
        `JSON["string" + "ify"] = () => "{}";`,
      ].join("\n"),
      statuses: ["partial", "flagged", "timeout"],
    },
  ];
}

/** Writes the class: honest students, the handout, attackers, and broken or odd files. Returns the honest submissions' file names. */
export function writeClass(folder: string, targets: Targets, graderPid: number): { honest: string[]; attackers: Attack[] } {
  const teacher = teacher213();
  const honest = ["kim", "lee", "park", "choi"];
  for (const name of honest) put(folder, `${name}_213.ipynb`, teacher);
  put(folder, "jung_213.ipynb", studentVersion(teacher, lesson213));
  const list = attacks(targets, graderPid, folder);
  for (const attack of list) {
    let notebook = withCell(wrong213(), attack.code);
    if (attack.student === "a10-slow-cells") for (let i = 1; i < 8; i++) notebook = withCell(notebook, attack.code);
    put(folder, `${attack.student}_213.ipynb`, notebook);
  }
  // An honest notebook saved with a byte-order mark.
  fs.writeFileSync(path.join(folder, "bom_213.ipynb"), `\uFEFF${JSON.stringify(teacher)}`);
  // The same student twice, and a 209 notebook whose file name says 213.
  put(folder, "twice/213_fruit_backward.ipynb", teacher);
  put(folder, "twice_213.ipynb", wrong213());
  put(folder, "misnamed_213.ipynb", readNotebook(lesson209));
  // A link to another student's notebook and a named pipe where notebooks should be (a socket: socketAt).
  fs.symlinkSync(path.join(folder, "kim_213.ipynb"), path.join(folder, "linked_213.ipynb"));
  if (spawnSync("mkfifo", [path.join(folder, "pipe_213.ipynb")]).status !== 0) throw new Error("mkfifo failed");
  return {
    honest: [...honest.map((name) => `${name}_213.ipynb`), "bom_213.ipynb", "twice/213_fruit_backward.ipynb"],
    attackers: list,
  };
}

/** A Unix socket at `file`, as a student could leave one in the class folder; call the result to remove it. */
export function socketAt(file: string): Promise<() => void> {
  const server = createServer();
  return new Promise((resolve) => server.listen(file, () => resolve(() => server.close())));
}
