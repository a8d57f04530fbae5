// A class on one JupyterHub: the TypeScript kernel installed once for every
// user (npm run setup-kernel -- --prefix), a hub on 127.0.0.1 with the dummy
// authenticator and a local-process spawner, two students who each get a token,
// a server and a TypeScript kernel through the hub's REST API, and lesson 213
// run over each kernel's websocket through the hub's proxy: 6/6 for both.
import { checkHeadlineOf } from "dlfs/answer-key";
import { expect } from "chai";
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import WebSocket from "ws";
import { readNotebook, textOf } from "../../jupyter-client";
import { ensureKernelRegistered } from "../../kernel-setup/install";
import { findJupyterPython } from "../../kernel-setup/jupyter-python";
import { notebooksDir } from "../support/lessons";
import { projectRoot } from "../support/paths";
import { freePort, sleep, stopProcessGroup, waitUntilAnswers } from "../support/processes";
import { firstExisting, requireProgram } from "../support/requirements";
import { rawText } from "../support/websocket";

const jupyterhub = firstExisting("/usr/bin/jupyterhub", "/usr/local/bin/jupyterhub");
const proxy = path.join(projectRoot, "node_modules", ".bin", "configurable-http-proxy");

/** A port nobody listens on right now. */
interface JupyterMessage {
  channel: string;
  header: { msg_id: string; msg_type: string };
  parent_header: { msg_id?: string };
  content: Record<string, unknown>;
}

/** One student's kernel, spoken to over the Jupyter websocket protocol (JSON messages with a channel). */
class KernelSocket {
  private readonly listeners = new Set<(message: JupyterMessage) => void>();
  private constructor(private readonly socket: WebSocket) {
    socket.on("message", (data: WebSocket.RawData) => {
      const message = JSON.parse(rawText(data)) as JupyterMessage;
      for (const listener of this.listeners) listener(message);
    });
  }

  static open(url: string, token: string): Promise<KernelSocket> {
    const socket = new WebSocket(url, { headers: { Authorization: `token ${token}` } });
    return new Promise((resolve, reject) => {
      socket.once("open", () => resolve(new KernelSocket(socket)));
      socket.once("error", reject);
    });
  }

  /** Runs `code`; resolves with the text of its outputs once the kernel is idle again, or rejects on an error reply. */
  execute(code: string, timeoutMs = 120_000): Promise<string> {
    const msgId = randomUUID();
    const texts: string[] = [];
    return new Promise((resolve, reject) => {
      let replied: Record<string, unknown> | undefined;
      let idle = false;
      const timer = setTimeout(() => finish(new Error(`no answer within ${timeoutMs} ms to: ${code.slice(0, 60)}`)), timeoutMs);
      const finish = (error?: Error): void => {
        clearTimeout(timer);
        this.listeners.delete(listener);
        if (error) reject(error);
        else if (replied?.status !== "ok") reject(new Error(`the cell failed: ${texts.join("")} ${JSON.stringify(replied)}`));
        else resolve(texts.join(""));
      };
      const listener = (message: JupyterMessage): void => {
        if (message.parent_header.msg_id !== msgId) return;
        const { content } = message;
        if (message.header.msg_type === "stream") texts.push(textOf(content.text));
        if (message.header.msg_type === "display_data" || message.header.msg_type === "execute_result") {
          texts.push(textOf((content.data as Record<string, unknown>)["text/plain"]));
        }
        if (message.header.msg_type === "execute_reply") replied = content;
        if (message.header.msg_type === "status" && content.execution_state === "idle") idle = true;
        if (replied !== undefined && idle) finish();
      };
      this.listeners.add(listener);
      const header = {
        msg_id: msgId,
        msg_type: "execute_request",
        username: "student",
        session: randomUUID(),
        date: new Date().toISOString(),
        version: "5.3",
      };
      this.socket.send(
        JSON.stringify({
          channel: "shell",
          header,
          parent_header: {},
          metadata: {},
          content: { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true },
        }),
      );
    });
  }

  close(): void {
    this.socket.close();
  }
}

describe("a class on one JupyterHub @server", function () {
  this.timeout(5 * 60 * 1000);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "dlfs-hub-"));
  const token = randomBytes(24).toString("hex");
  let hub: ChildProcess | undefined;
  let base = "";
  /** What the hub and the servers it spawned (and their kernels) wrote to stderr. */
  let log = "";

  const api = async (method: string, route: string, authorization = token, body?: unknown): Promise<Record<string, unknown>> => {
    const response = await fetch(`${base}/hub/api${route}`, {
      method,
      headers: { Authorization: `token ${authorization}`, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${text}`);
    return text === "" ? {} : (JSON.parse(text) as Record<string, unknown>);
  };

  before(async function () {
    requireProgram(this, jupyterhub !== undefined, "Debian's jupyterhub (apt-get install jupyterhub)", "server");
    requireProgram(this, fs.existsSync(proxy), "configurable-http-proxy (npm install)", "server");
    const python = findJupyterPython();
    requireProgram(
      this,
      python?.notebookVersion != null,
      "Debian's Jupyter Notebook (apt-get install jupyter-notebook)",
      "server",
    );

    // The kernel for every user of this hub, as a teacher would install it (a prefix the servers are told about).
    const prefix = path.join(folder, "jupyter");
    ensureKernelRegistered(python!, { kind: "prefix", dir: prefix });
    const [port, hubPort, apiPort] = [await freePort(), await freePort(), await freePort()];
    base = `http://127.0.0.1:${port}`;
    const asRoot = process.getuid?.() === 0;
    fs.writeFileSync(
      path.join(folder, "jupyterhub_config.py"),
      `
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = ${port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = ${hubPort}
c.ConfigurableHTTPProxy.command = [${JSON.stringify(proxy)}]
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:${apiPort}"
c.JupyterHub.db_url = "sqlite:///${path.join(folder, "hub.sqlite")}"
c.JupyterHub.cookie_secret_file = ${JSON.stringify(path.join(folder, "cookie_secret"))}
c.JupyterHub.pid_file = ${JSON.stringify(path.join(folder, "hub.pid"))}
c.JupyterHub.authenticator_class = "dummy"
c.JupyterHub.spawner_class = "jupyterhub.spawner.SimpleLocalProcessSpawner"
c.SimpleLocalProcessSpawner.home_dir_template = ${JSON.stringify(path.join(folder, "home", "{username}"))}
c.Spawner.environment = {"JUPYTER_PATH": ${JSON.stringify(path.join(prefix, "share", "jupyter"))}}
c.Spawner.args = [${asRoot ? '"--allow-root"' : ""}]
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.JupyterHub.services = [{"name": "teacher", "api_token": ${JSON.stringify(token)}}]
c.JupyterHub.load_roles = [{"name": "teacher", "scopes": ["admin:users", "admin:servers", "tokens", "access:servers"], "services": ["teacher"]}]
`,
    );
    // Its own process group, so that the hub, its proxy and every server it spawned stop together.
    hub = spawn(jupyterhub!, ["-f", path.join(folder, "jupyterhub_config.py")], {
      cwd: folder,
      detached: true,
      stdio: ["ignore", "ignore", "pipe"],
    });
    hub.stderr?.on("data", (chunk: Buffer) => (log = (log + chunk.toString()).slice(-20_000)));
    await waitUntilAnswers(
      hub,
      () => api("GET", "/"),
      "the hub",
      () => log,
    );
  });

  after(async () => {
    if (hub) await stopProcessGroup(hub, 3000);
    fs.rmSync(folder, { recursive: true, force: true });
  });

  /** Logs a student in (a token of their own), starts their server and a TypeScript kernel, runs lesson 213 there. */
  async function lessonAs(student: string, lesson: string): Promise<string> {
    await api("POST", `/users/${student}`);
    const { token: studentToken } = (await api("POST", `/users/${student}/tokens`, token, { note: "lesson" })) as {
      token: string;
    };
    await api("POST", `/users/${student}/server`, studentToken).catch((error: Error) => {
      if (!/already running|pending/.test(error.message)) throw error;
    });
    for (let tries = 0; ; tries++) {
      const user = (await api("GET", `/users/${student}`)) as { servers?: Record<string, { ready?: boolean }> };
      if (user.servers?.[""]?.ready) break;
      if (tries > 240) throw new Error(`${student}'s server did not become ready`);
      await sleep(500);
    }
    const server = `${base}/user/${student}`;
    const specs = (await (
      await fetch(`${server}/api/kernelspecs`, { headers: { Authorization: `token ${studentToken}` } })
    ).json()) as {
      kernelspecs: Record<string, { spec: { display_name: string } }>;
    };
    expect(Object.values(specs.kernelspecs).map((spec) => spec.spec.display_name)).to.include("TypeScript");
    const started = await fetch(`${server}/api/kernels`, {
      method: "POST",
      headers: { Authorization: `token ${studentToken}`, "Content-Type": "application/json" },
      body: JSON.stringify({ name: "tslab" }),
    });
    const { id } = (await started.json()) as { id: string };
    const socket = await KernelSocket.open(
      `ws://127.0.0.1:${new URL(base).port}/user/${student}/api/kernels/${id}/channels`,
      studentToken,
    );
    try {
      let shown = "";
      for (const cell of readNotebook(path.join(notebooksDir, lesson)).cells) {
        if (cell.cell_type === "code") shown += await socket.execute(cell.source);
      }
      return shown;
    } finally {
      socket.close();
      // Shut the kernel down as the notebook's Shutdown does.
      await fetch(`${server}/api/kernels/${id}`, { method: "DELETE", headers: { Authorization: `token ${studentToken}` } });
    }
  }

  it("runs a lesson for each of two students in their home, each in a server and kernel of their own, through the hub's proxy", async () => {
    // 226's values are dlfs arrays and classes: its declarations must name dlfs from a home outside the project.
    const [kim, lee] = await Promise.all([
      lessonAs("kim", "213_fruit_backward.ipynb"),
      lessonAs("lee", "226_two_affine_forward.ipynb"),
    ]);
    expect(kim).to.include(checkHeadlineOf("213", 6, 6));
    expect(lee).to.match(/(?:Problem|문제) 226 \(.*\): (\d+)\/\1 (?:correct|정답)/);
    // Each student's server writes into that student's own home.
    expect(fs.readdirSync(path.join(folder, "home")).sort()).to.deep.equal(["kim", "lee"]);
    // A kernel that shuts down says nothing about messages it could no longer send.
    await sleep(2000);
    expect(log).to.not.include("could not be sent");
    expect(log).to.include("Kernel shutdown");
  });
});
