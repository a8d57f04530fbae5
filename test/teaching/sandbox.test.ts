// The sandboxed kernel the grader runs submissions in: what it may read, and
// that TypeScript's watch mode inside tslab survives the paths it may not.
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { KernelSession } from "../../kernel-setup/kernel-session";
import { projectRoot, libDir } from "../../kernel-setup/paths";
import { makeRunFolder, makeWorkspace, removeFolder, sandboxLaunch, sandboxSupported } from "../../kernel-setup/teaching/sandbox";
import { lesson209 } from "./support/submissions";

describe("grader sandbox", function () {
  this.timeout(60_000);
  let runFolder: string;
  let session: KernelSession;

  before(async function () {
    if (!sandboxSupported()) this.skip();
    runFolder = makeRunFolder();
    const { folder } = makeWorkspace(runFolder, "student", lesson209);
    session = await KernelSession.start({ cwd: folder, launch: sandboxLaunch(folder, { memoryMb: 400, permissions: true }) });
  });

  after(async () => {
    await session?.shutdown();
    if (runFolder !== undefined) removeFolder(runFolder);
  });

  async function printed(code: string): Promise<string> {
    const result = await session.execute(code, { timeoutSeconds: 30 });
    expect(result.error, result.error?.evalue).to.equal(undefined);
    return result.outputs.map((output) => (output.output_type === "stream" ? String(output.text) : "")).join("");
  }

  function attempt(expression: string): string {
    return `try { ${expression}; console.log("allowed"); } catch (error) { console.log((error as { code?: string }).code); }`;
  }

  it("lets a watcher on an unreadable path do nothing instead of failing the cell", async () => {
    // TypeScript watches failed module lookups such as <project>/lib/node_modules
    // when the project lies deep enough in the file tree (it skips shallow paths).
    const missing = path.join(libDir, "node_modules");
    expect(await printed(attempt(`require("fs").watchFile(${JSON.stringify(missing)}, () => undefined)`))).to.equal("allowed\n");
    expect(await printed(attempt(`require("fs").watch(${JSON.stringify(projectRoot)}).close()`))).to.equal("allowed\n");
  });

  it("still refuses to read outside what a lesson needs", async () => {
    const outside = path.join(projectRoot, "package.json");
    expect(fs.existsSync(outside)).to.equal(true);
    expect(await printed(attempt(`require("fs").readFileSync(${JSON.stringify(outside)})`))).to.equal("ERR_ACCESS_DENIED\n");
  });

  it("imports dlfs and runs lesson code", async () => {
    expect(await printed(`import { MulLayer } from "dlfs";\nconsole.log(new MulLayer().forward(100, 2));`)).to.equal("200\n");
  });
});
