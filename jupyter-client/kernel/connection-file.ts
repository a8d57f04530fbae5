/**
 * The connection file tells a Jupyter kernel which ports to bind and which
 * key signs its messages. We write one per kernel into a private temp dir:
 * TCP ports on 127.0.0.1, or, for a kernel that has no network (a sandbox),
 * ZeroMQ's ipc transport: Unix sockets in a folder both sides can reach.
 */
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";

export interface ConnectionInfo {
  /** "ipc": `ip` is a path prefix, and each socket is the file `<ip>:<port>` (tslab's way of joining them). */
  transport: "tcp" | "ipc";
  ip: string;
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
  key: string;
  signature_scheme: "hmac-sha256";
  kernel_name: string;
}

export interface ConnectionFile {
  info: ConnectionInfo;
  path: string;
  /** Removes the file and its temp dir. Safe to call more than once. */
  remove(): void;
}

const loopback = "127.0.0.1";

/**
 * Asks the OS for `count` distinct free ports. All listeners stay open until
 * every port is known, so the OS cannot hand out the same port twice.
 */
async function findFreePorts(count: number): Promise<number[]> {
  const servers: net.Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < count; i++) {
      const server = net.createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, loopback, () => resolve());
      });
      const address = server.address();
      if (address === null || typeof address === "string") {
        throw new Error("could not read the port of a temporary listener");
      }
      ports.push(address.port);
    }
    return ports;
  } finally {
    await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  }
}

/** Unix socket paths longer than this do not fit in a sockaddr_un (108 bytes with the final NUL). */
const maxSocketPath = 107;

/**
 * Writes a connection file. With `ipcFolder`, the kernel's sockets are Unix
 * sockets in a new folder inside it (the folder the file is in), else TCP
 * ports on the loopback interface.
 */
export async function writeConnectionFile(options: { ipcFolder?: string } = {}): Promise<ConnectionFile> {
  const { ipcFolder } = options;
  const dir = fs.mkdtempSync(path.join(ipcFolder ?? os.tmpdir(), ipcFolder === undefined ? "tslab-kernel-" : "kernel-"));
  const socketPrefix = path.join(dir, "k");
  if (ipcFolder !== undefined && `${socketPrefix}:5`.length > maxSocketPath) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`the folder for the kernel's sockets has too long a path for Unix sockets (${dir}): use a shorter TMPDIR`);
  }
  const [shell, iopub, stdin, control, hb] = ipcFolder === undefined ? await findFreePorts(5) : [1, 2, 3, 4, 5];
  const info: ConnectionInfo = {
    transport: ipcFolder === undefined ? "tcp" : "ipc",
    ip: ipcFolder === undefined ? loopback : socketPrefix,
    shell_port: shell,
    iopub_port: iopub,
    stdin_port: stdin,
    control_port: control,
    hb_port: hb,
    key: randomBytes(32).toString("hex"),
    signature_scheme: "hmac-sha256",
    kernel_name: "tslab",
  };
  const file = path.join(dir, "connection.json");
  // The key authenticates messages, so only the owner may read it.
  fs.writeFileSync(file, JSON.stringify(info, null, 1), { mode: 0o600 });
  return {
    info,
    path: file,
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

export function endpoint(info: ConnectionInfo, port: number): string {
  return `${info.transport}://${info.ip}:${port}`;
}
