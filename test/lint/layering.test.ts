// The layering rules of .dependency-cruiser.cjs, shown to catch what they are
// for: a small made-up project that breaks each rule once, and one that keeps them.
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { projectRoot } from "../support/paths";

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

/** Writes `files` into a fresh folder with the project's rules, runs dependency-cruiser there, and returns what it reports. */
function cruise(files: Record<string, string>): Violation[] {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "dlfs-layering-"));
  try {
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
      fs.writeFileSync(path.join(folder, file), text);
    }
    // The project's own rules, without its TypeScript configuration (the made-up files need none).
    const config = `const config = require(${JSON.stringify(path.join(projectRoot, ".dependency-cruiser.cjs"))});
module.exports = { ...config, options: { ...config.options, tsConfig: undefined } };`;
    fs.writeFileSync(path.join(folder, "rules.cjs"), config);
    const depcruise = path.join(projectRoot, "node_modules", "dependency-cruiser", "bin", "dependency-cruise.mjs");
    const run = spawnSync(
      process.execPath,
      [depcruise, "--config", "rules.cjs", "--output-type", "json", ...Object.keys(files)],
      { cwd: folder, encoding: "utf8" },
    );
    const report = JSON.parse(run.stdout) as { summary: { violations: Violation[] } };
    return report.summary.violations;
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

const keepsTheRules = {
  "lib/src/index.ts": 'export * from "./layers";\n',
  "lib/src/layers.ts": "export const relu = 1;\n",
  "jupyter-client/index.ts": 'export { session } from "./kernel/session";\n',
  "jupyter-client/kernel/session.ts": "export const session = 1;\n",
  "teaching/index.ts": 'import { session } from "../jupyter-client/index";\nexport const grade = session;\n',
  "kernel-setup/doctor.ts":
    'import { grade } from "../teaching/index";\nimport { session } from "../jupyter-client/index";\nexport const ok = grade + session;\n',
};

describe("layering rules (.dependency-cruiser.cjs)", function () {
  this.timeout(60_000);

  it("accept a project that keeps them", () => {
    expect(cruise(keepsTheRules)).to.deep.equal([]);
  });

  it("catch each way of breaking them", () => {
    const violations = cruise({
      ...keepsTheRules,
      "lib/src/layers.ts": 'import { grade } from "../../teaching/index";\nexport const relu = grade;\n',
      "jupyter-client/kernel/session.ts": 'import { relu } from "../../lib/src/layers";\nexport const session = relu;\n',
      "teaching/grader.ts": 'import { ok } from "../kernel-setup/doctor";\nexport const g = ok;\n',
      "kernel-setup/start.ts":
        'import { session } from "../jupyter-client/kernel/session";\nimport { g } from "../teaching/grader";\nexport const s = session + g;\n',
      "teaching/a.ts": 'import { b } from "./b";\nexport const a = b;\n',
      "teaching/b.ts": 'import { a } from "./a";\nexport const b = a;\n',
      "jupyterlite/build.ts": 'import { grade } from "../teaching/index";\nexport const site = grade;\n',
    });
    const broken = new Set(violations.map((violation) => violation.rule.name));
    for (const rule of [
      "lib-imports-no-tools",
      "dlfs-by-its-name",
      "jupyter-client-stands-alone",
      "teaching-not-kernel-setup",
      "jupyter-client-through-its-index",
      "teaching-through-its-index",
      "site-stands-apart",
      "no-circular",
    ]) {
      expect(broken.has(rule), `${rule} in ${JSON.stringify([...broken])}`).to.equal(true);
    }
  });
});
