/**
 * The connection file tells a Jupyter kernel which ports to bind and which
 * key signs its messages. We write one per kernel into a private temp dir.
 */
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";

export interface ConnectionInfo {
  transport: "tcp";
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

export async function writeConnectionFile(): Promise<ConnectionFile> {
  const [shell, iopub, stdin, control, hb] = await findFreePorts(5);
  const info: ConnectionInfo = {
    transport: "tcp",
    ip: loopback,
    shell_port: shell,
    iopub_port: iopub,
    stdin_port: stdin,
    control_port: control,
    hb_port: hb,
    key: randomBytes(32).toString("hex"),
    signature_scheme: "hmac-sha256",
    kernel_name: "tslab",
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tslab-kernel-"));
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
