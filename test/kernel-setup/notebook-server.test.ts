// The TypeScript kernel in Debian's Jupyter Notebook server, as `npm start`
// runs it: Jupyter starts it from the kernelspec `npm run setup-kernel`
// writes, and shutting it down leaves no complaint in the server's terminal.
import { expect } from "chai";
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import WebSocket from "ws";
import { ensureKernelRegistered } from "../../kernel-setup/install";
import { findJupyterPython } from "../../kernel-setup/jupyter-python";
import { notebooksDir } from "../support/lessons";
import { freePort, sleep, stopProcessGroup, waitUntilAnswers } from "../support/processes";
import { requireProgram } from "../support/requirements";
import { rawText } from "../support/websocket";

describe("the kernel in a Jupyter Notebook server @server", function () {
  this.timeout(3 * 60 * 1000);
  const token = randomBytes(16).toString("hex");
  let server: ChildProcess | undefined;
  let log = "";
  let base = "";

  const request = async (method: string, route: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`${base}${route}`, {
      method,
      headers: { Authorization: `token ${token}`, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${await response.text()}`);
    return response.status === 204 ? undefined : response.json();
  };

  before(async function () {
    const python = findJupyterPython();
    requireProgram(
      this,
      python?.notebookVersion != null,
      "Debian's Jupyter Notebook (apt-get install jupyter-notebook)",
      "server",
    );
    ensureKernelRegistered(python!);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const args = ["-m", "notebook", "--no-browser", "--ip=127.0.0.1", `--port=${port}`, `--NotebookApp.token=${token}`];
    if (process.getuid?.() === 0) args.push("--allow-root");
    server = spawn(python!.executable, args, { cwd: notebooksDir, detached: true, stdio: ["ignore", "ignore", "pipe"] });
    server.stderr?.on("data", (chunk: Buffer) => (log = (log + chunk.toString()).slice(-50_000)));
    await waitUntilAnswers(
      server,
      () => request("GET", "/api/status"),
      "Jupyter Notebook",
      () => log,
    );
  });

  after(async () => {
    if (server) await stopProcessGroup(server, 0);
  });

  it("starts the TypeScript kernel and shuts it down without a word about unsent messages", async () => {
    const specs = (await request("GET", "/api/kernelspecs")) as {
      kernelspecs: Record<string, { spec: { display_name: string } }>;
    };
    expect(Object.values(specs.kernelspecs).map((kernel) => kernel.spec.display_name)).to.include("TypeScript");
    expect(Object.values(specs.kernelspecs).map((kernel) => kernel.spec.display_name)).to.not.include("JavaScript");
    const { id } = (await request("POST", "/api/kernels", { name: "tslab" })) as { id: string };
    // As a notebook page does: connect, ask the kernel who it is, and wait for the answer.
    const socket = new WebSocket(`${base.replace("http", "ws")}/api/kernels/${id}/channels`, {
      headers: { Authorization: `token ${token}` },
    });
    const answered = new Promise<Record<string, unknown>>((resolve, reject) => {
      socket.on("message", (data: WebSocket.RawData) => {
        const message = JSON.parse(rawText(data)) as { header: { msg_type: string }; content: Record<string, unknown> };
        if (message.header.msg_type === "kernel_info_reply") resolve(message.content);
      });
      socket.once("error", reject);
    });
    await new Promise((resolve) => socket.once("open", resolve));
    const header = {
      msg_id: randomBytes(8).toString("hex"),
      msg_type: "kernel_info_request",
      username: "",
      session: "test",
      date: "",
      version: "5.3",
    };
    socket.send(JSON.stringify({ channel: "shell", header, parent_header: {}, metadata: {}, content: {} }));
    const info = await answered;
    expect((info.language_info as { name: string }).name).to.equal("typescript");
    socket.close();
    await request("DELETE", `/api/kernels/${id}`);
    await sleep(2000);
    expect(log).to.include("Kernel shutdown");
    expect(log.split("\n").filter((line) => line.includes("could not be sent"))).to.deep.equal([]);
  });
});
