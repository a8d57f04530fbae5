// The fixes to tslab as edits (kernel-setup/patch-tslab.js, tslab-fixes/):
// applied to tslab as published they make the installed tslab, each edit
// matches exactly once, and an edit that does not (or another tslab version)
// stops them all with an error that names it, having written nothing.
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

interface FixState {
  name: string;
  state: "applied" | "missing" | "fails";
  problem?: string;
}
const { patchTslab, patchStatus } = require("../../kernel-setup/patch-tslab.js") as {
  patchTslab: (folder?: string) => string;
  patchStatus: (folder?: string) => FixState[];
};
const { fixes } = require("../../kernel-setup/tslab-fixes/edits.js") as {
  fixes: { name: string; edits: { file: string; find: string; replace: string }[] }[];
};

const installed = path.dirname(require.resolve("tslab/package.json"));
const patchedFiles = ["converter.js", "executor.js", "jupyter.js"];

/** Every file under `folder`, by its path in it, with its text. */
function contents(folder: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of fs.readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files.set(path.relative(folder, file), fs.readFileSync(file, "utf8"));
  }
  return files;
}

describe("the fixes to tslab (kernel-setup/patch-tslab.js)", () => {
  let folder: string;

  /** A tslab package as published: the installed one's package.json and the published texts of the patched files. */
  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), "dlfs-tslab-"));
    fs.mkdirSync(path.join(folder, "dist"));
    fs.copyFileSync(path.join(installed, "package.json"), path.join(folder, "package.json"));
    for (const file of patchedFiles) {
      fs.copyFileSync(path.join(installed, "dist", "dlfs", "published", file), path.join(folder, "dist", file));
    }
  });

  afterEach(() => {
    fs.rmSync(folder, { recursive: true, force: true });
  });

  function breakFile(file: string, edit: (text: string) => string): void {
    const target = path.join(folder, "dist", file);
    fs.writeFileSync(target, edit(fs.readFileSync(target, "utf8")));
  }

  it("applied to tslab as published, make the installed tslab; a second run changes nothing", () => {
    expect(patchStatus(folder).map((fix) => fix.state)).to.deep.equal(fixes.map(() => "missing"));
    expect(patchTslab(folder)).to.match(/^patched tslab 1\.0\.22: /);
    for (const file of patchedFiles) {
      expect(fs.readFileSync(path.join(folder, "dist", file), "utf8"), file).to.equal(
        fs.readFileSync(path.join(installed, "dist", file), "utf8"),
      );
    }
    expect(patchStatus(folder).map((fix) => fix.state)).to.deep.equal(fixes.map(() => "applied"));
    const before = contents(folder);
    expect(patchTslab(folder)).to.equal(`tslab 1.0.22 carries this project's ${fixes.length} fixes`);
    expect(contents(folder)).to.deep.equal(before);
  });

  it("each edit matches tslab as published exactly once, and every fix is code in dist/dlfs", () => {
    for (const fix of fixes) {
      for (const edit of fix.edits) {
        const published = fs.readFileSync(path.join(installed, "dist", "dlfs", "published", edit.file), "utf8");
        expect(published.split(edit.find).length - 1, `${fix.name}: ${edit.find.split("\n")[0]}`).to.equal(1);
      }
    }
    const calls = fixes.flatMap((fix) => fix.edits.flatMap((edit) => [...edit.replace.matchAll(/dlfs_fixes\.(\w+)/g)]));
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the compiled fixes, loaded as tslab loads them
    const code = require(path.join(installed, "dist", "dlfs")) as Record<string, unknown>;
    for (const [, name] of calls) expect(typeof code[name], name).to.equal("function");
  });

  it("an edit that finds no match stops every fix, names the edit and writes nothing", () => {
    breakFile("executor.js", (text) => text.replace("breakOnSigint: true,", "breakOnSigint: false,"));
    const before = contents(folder);
    expect(() => patchTslab(folder)).to.throw(
      /the fix "errors a learner can read" cannot be applied: its edit 2 of 3 \(tslab's executor\.js, at "breakOnSigint: true,"\) finds no match; an edit must match exactly once/,
    );
    expect(contents(folder)).to.deep.equal(before);
    const states = patchStatus(folder);
    expect(states.map((fix) => fix.state)).to.deep.equal(fixes.map(() => "fails"));
    expect(states[0].problem).to.match(/errors a learner can read/);
  });

  it("an edit that matches twice is refused as well", () => {
    breakFile("jupyter.js", (text) => `${text}\n        sock.send(heads.concat(bodies));\n`);
    const before = contents(folder);
    expect(() => patchTslab(folder)).to.throw(/"Jupyter messages sent in order" cannot be applied: .* matches 2 times/);
    expect(contents(folder)).to.deep.equal(before);
  });

  it("another tslab version is refused, naming the pinned one", () => {
    const manifest = path.join(folder, "package.json");
    fs.writeFileSync(manifest, fs.readFileSync(manifest, "utf8").replace('"version": "1.0.22"', '"version": "1.0.23"'));
    expect(() => patchTslab(folder)).to.throw(/written for tslab 1\.0\.22, and tslab 1\.0\.23 is installed/);
  });

  it("a file whose edit went missing is patched anew from the published text", () => {
    patchTslab(folder);
    const executor = path.join(folder, "dist", "executor.js");
    fs.writeFileSync(executor, fs.readFileSync(executor, "utf8").replace("dlfs_fixes.startCell();\n", ""));
    expect(patchStatus(folder).find((fix) => fix.name === "errors a learner can read")?.state).to.equal("missing");
    expect(patchTslab(folder)).to.match(/^patched tslab/);
    expect(fs.readFileSync(executor, "utf8")).to.equal(fs.readFileSync(path.join(installed, "dist", "executor.js"), "utf8"));
  });

  it("a tslab patched by an earlier set-up, which kept no published text, is patched from tslab's package", () => {
    breakFile("converter.js", (text) => `${text}\n/* dlfs: a fix of an earlier set-up */\n`);
    expect(patchTslab(folder)).to.match(/^patched tslab/);
    expect(fs.readFileSync(path.join(folder, "dist", "converter.js"), "utf8")).to.equal(
      fs.readFileSync(path.join(installed, "dist", "converter.js"), "utf8"),
    );
  });
});
