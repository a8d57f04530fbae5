// What the gradebook reads of a submission (its hash, when it was handed in,
// its variant) from whatever a class folder holds: a named pipe, a link to
// nothing, nbgrader's timestamp.txt. Nothing may wait: a blocked read stops
// the whole grader.
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { contentHash, submittedAt, variantOf } from "../../../teaching/gradebook/versions";
import { tempFolder } from "../support/submissions";

const sha256 = (text: string | Buffer): string => crypto.createHash("sha256").update(text).digest("hex");

describe("what the gradebook reads of a submission file", () => {
  let folder: string;
  beforeEach(() => {
    folder = tempFolder("dlfs-gradebook-versions-");
  });
  afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

  const fifo = (name: string): string => {
    const file = path.join(folder, name);
    expect(spawnSync("mkfifo", [file]).status, "mkfifo").to.equal(0);
    return file;
  };

  it("hashes a notebook's bytes, over more than one read", () => {
    const file = path.join(folder, "213.ipynb");
    const bytes = crypto.randomBytes(3 * 1024 * 1024 + 17);
    fs.writeFileSync(file, bytes);
    expect(contentHash(file)).to.equal(sha256(bytes));
  });

  it("reads nothing of a named pipe, a link to nothing or a folder, and does not wait", () => {
    const pipe = fifo("pipe_213.ipynb");
    const dangling = path.join(folder, "link_213.ipynb");
    fs.symlinkSync(path.join(folder, "nowhere"), dangling);
    for (const file of [pipe, dangling, folder]) {
      expect(contentHash(file), file).to.equal(sha256("not a regular file"));
      expect(variantOf(file), file).to.equal(undefined);
      expect(Number.isNaN(submittedAt(file).getTime()), file).to.equal(false);
    }
  });

  it("takes the time from nbgrader's timestamp.txt, and the file's own when that is not a file", () => {
    const file = path.join(folder, "213.ipynb");
    fs.writeFileSync(file, "{}");
    const modified = new Date("2026-03-02T10:00:00Z");
    fs.utimesSync(file, modified, modified);
    fs.writeFileSync(path.join(folder, "timestamp.txt"), "2026-04-01 17:42:06.442362 UTC\n");
    expect(submittedAt(file).toISOString()).to.equal("2026-04-01T17:42:06.442Z");
    fs.rmSync(path.join(folder, "timestamp.txt"));
    fifo("timestamp.txt");
    expect(submittedAt(file).toISOString()).to.equal(modified.toISOString());
  });
});
