// `npm run site:serve`: serves the built site (site/) on 127.0.0.1, as any
// static web host would: files with their content types, nothing else.
//   npm run site:serve                  http://127.0.0.1:8000/
//   npm run site:serve -- --port 9000
//   npm run site:serve -- --dir site-class   a site built with --out site-class
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".ipynb": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".eot": "application/vnd.ms-fontobject",
  ".wasm": "application/wasm",
  ".gz": "application/gzip",
  ".txt": "text/plain; charset=utf-8",
  ".webmanifest": "application/manifest+json",
};

/** The file a URL path names inside `root`, or undefined if it is not there (or outside it). */
function fileFor(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  const file = path.join(root, path.normalize(decoded));
  if (file !== root && !file.startsWith(root + path.sep)) return undefined;
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) {
    const index = path.join(file, "index.html");
    return fs.existsSync(index) ? index : undefined;
  }
  return fs.existsSync(file) ? file : undefined;
}

/** Starts serving `root` on 127.0.0.1:`port` (0: any free port); resolves with the server and its URL. */
export function serveSite(root: string, port: number): Promise<{ server: http.Server; url: string }> {
  const full = path.resolve(root);
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    // A folder without its trailing slash: relative links inside it need one.
    const file = fileFor(full, url.pathname);
    if (file?.endsWith("index.html") && !url.pathname.endsWith("/") && !url.pathname.endsWith(".html")) {
      response.writeHead(301, { location: url.pathname + "/" + url.search }).end();
      return;
    }
    if (file === undefined || (request.method !== "GET" && request.method !== "HEAD")) {
      response
        .writeHead(file === undefined ? 404 : 405, { "content-type": "text/plain" })
        .end(file === undefined ? "not found" : "");
      return;
    }
    const type = TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream";
    response.writeHead(200, { "content-type": type, "content-length": fs.statSync(file).size, "cache-control": "no-cache" });
    if (request.method === "HEAD") response.end();
    else fs.createReadStream(file).pipe(response);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const { port: bound } = server.address() as AddressInfo;
      resolve({ server, url: `http://127.0.0.1:${bound}/` });
    });
  });
}

function portArgument(args: string[]): number {
  const at = args.indexOf("--port");
  if (at < 0) return 8000;
  const port = Number(args[at + 1]);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port needs a port number from 0 to 65535, not ${JSON.stringify(args[at + 1])}`);
  return port;
}

function dirArgument(args: string[]): string {
  const at = args.indexOf("--dir");
  if (at < 0) return path.resolve(__dirname, "..", "site");
  const dir = args[at + 1];
  if (dir === undefined || dir.startsWith("--")) throw new Error("--dir needs the folder of a built site: --dir <dir>");
  // Relative to where npm was run from (npm runs the script in the project's folder).
  return path.resolve(process.env.INIT_CWD ?? process.cwd(), dir);
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const root = dirArgument(args);
  const shown = path.relative(process.cwd(), root) || ".";
  if (!fs.existsSync(path.join(root, "lab", "index.html"))) {
    process.stderr.write(`site:serve: there is no built site in ${shown}/: run \`npm run site\` first\n`);
    process.exit(1);
  }
  serveSite(root, portArgument(args)).then(
    ({ url }) => process.stdout.write(`serving ${shown}/ at ${url}  (the lessons: ${url}lab/; Ctrl+C stops)\n`),
    (error: unknown) => {
      process.stderr.write(`site:serve: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
