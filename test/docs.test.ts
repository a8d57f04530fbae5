// The documents stay true to the repository: every path they name exists
// (the rule is test/support/doc-paths.ts's), every `npm run` script they name
// is one of package.json's, and the README stays short enough for a learner.
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { headingAnchors, ignoredBy, missingPaths, namedPaths, npmScripts, projectFiles } from "./support/doc-paths";
import { projectRoot } from "./support/paths";

/** The README is the learner's page: what it is, how to start, the lessons. The rest is in the other guides. */
const readmeLimitBytes = 8000;

const ignored = ignoredBy(fs.readFileSync(path.join(projectRoot, ".gitignore"), "utf8"));
const files = projectFiles(projectRoot, ignored);
const fileNames = new Set(files.map((file) => path.posix.basename(file)));
/** Every Markdown document of the project, test fixtures' notes included. */
const documents = files.filter((file) => file.endsWith(".md"));

describe("the documents", () => {
  it("include the guides for each reader", () => {
    for (const guide of ["README.md", "CONTRIBUTING.md", "teaching/README.md", "lib/README.md", "lib/PERFORMANCE.md"]) {
      expect(documents, guide).to.include(guide);
    }
  });

  it("name only paths that exist", () => {
    const missing = documents.flatMap((document) =>
      missingPaths(projectRoot, document, fs.readFileSync(path.join(projectRoot, document), "utf8"), ignored, fileNames),
    );
    expect(missing.map((name) => `${name.document}:${name.line}: ${name.text}`)).to.deep.equal([]);
  });

  it("name only npm scripts that package.json has", () => {
    const { scripts } = JSON.parse(fs.readFileSync(path.join(projectRoot, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    };
    const unknown = documents.flatMap((document) =>
      npmScripts(fs.readFileSync(path.join(projectRoot, document), "utf8"))
        .filter(({ script }) => !(script in scripts))
        .map(({ script, line }) => `${document}:${line}: npm run ${script}`),
    );
    expect(unknown).to.deep.equal([]);
  });

  it(`keep the README within ${readmeLimitBytes} bytes`, () => {
    expect(fs.statSync(path.join(projectRoot, "README.md")).size).to.be.at.most(readmeLimitBytes);
  });

  it("keep in the README the commands CI runs from it (.ci/run)", () => {
    const readme = fs.readFileSync(path.join(projectRoot, "README.md"), "utf8");
    for (const command of ["npm install && npm start", "npm test", "npm run test:all"]) expect(readme).to.include(command);
  });
});

describe("the rule for paths in documents", () => {
  /** A made-up project: a document in docs/, a few files, and what git ignores. */
  function project(): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "dlfs-doc-paths-"));
    for (const file of [
      "docs/guide.md",
      "docs/tools/run.ts",
      "lib/src/index.ts",
      "notebooks/213_fruit_backward.ipynb",
      "notebooks/NumPy에서_dlfs로.md",
    ]) {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), file.endsWith(".md") ? "# Top\n\n## NumPy에서 dlfs로: `np.sum`\n" : "");
    }
    fs.mkdirSync(path.join(root, "grades"));
    return root;
  }
  const projectIgnores = ignoredBy("grades/\n/site/\nnotebooks/student/\n*.tsbuildinfo\n");

  function missingIn(markdown: string): string[] {
    const root = project();
    try {
      const names = new Set(projectFiles(root, projectIgnores).map((file) => path.posix.basename(file)));
      return missingPaths(root, "docs/guide.md", markdown, projectIgnores, names).map((name) => name.text);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  }

  it("finds a path that is not there, in code, a fenced block or a link", () => {
    const markdown = [
      "The key is `lib/src/answer-key.json` (the grader's).",
      "```sh",
      "npm run nb -- run notebooks/214_relu_layer.ipynb --inplace",
      "```",
      "See [the tool](tools/missing.ts) and `tools/gone.ts`, and `kernel-snapshot-entry.js`.",
      "[Grade](#grade), [there](../notebooks/NumPy에서_dlfs로.md#numpy에서-dlfs로-npsum-2).",
    ].join("\n");
    expect(missingIn(markdown).sort()).to.deep.equal(
      [
        "kernel-snapshot-entry.js",
        "lib/src/answer-key.json",
        "notebooks/214_relu_layer.ipynb",
        "#grade",
        "../notebooks/NumPy에서_dlfs로.md#numpy에서-dlfs로-npsum-2",
        "tools/gone.ts",
        "tools/missing.ts",
      ].sort(),
    );
  });

  it("takes paths from the document's folder or the root, and names from anywhere in the project", () => {
    const markdown =
      "`tools/run.ts`, [run](tools/run.ts), [up](../lib/src/index.ts), `lib/src/`, `../lib/src/index.ts`, `index.ts`, " +
      "`notebooks/NumPy에서_dlfs로.md`, [page](../notebooks/NumPy%EC%97%90%EC%84%9C_dlfs%EB%A1%9C.md#top), `(lib/src/index.ts),`, " +
      "[section](../notebooks/NumPy에서_dlfs로.md#numpy에서-dlfs로-npsum), [here](#the-guide)\n\n## The guide\n";
    expect(missingIn(markdown)).to.deep.equal([]);
  });

  it("leaves alone URLs, placeholders, globs, outputs, examples and code", () => {
    const markdown = [
      "`handouts/<student>/<lesson>.ipynb`, `test/teaching/mistakes/NNN.ts`, `notebooks/*.ipynb`, `lib/…`,",
      "`grades/course.sqlite`, `notebooks/student/`, `site/index.html`, `submissions/kim/213.ipynb`, `common/layers.py`,",
      "`/usr/bin/chromium`, `~/work/213.ipynb`, `https://example.org/lib/x.ts`, [site](https://example.org/a.md#x), [mail](mailto:a@b.c),",
      "`add/sub/mul/div`, `dlfs/internal`, `x.le(0)`, `roster.csv`, `kim_213.ipynb`, `.ipynb`, `npm run nb -- check x.ipynb`,",
      "`JUPYTER_PATH=DIR/share/jupyter`, `--out site-class`",
      "```ts",
      'import type { Mistake } from "../support/mistakes";',
      "```",
    ].join("\n");
    expect(missingIn(markdown)).to.deep.equal([]);
  });

  it("reads the lines of what it finds", () => {
    const named = namedPaths("a\n`lib/x.ts`\n\n```\nrun lib/y.ts\n```\n[z](lib/z.ts)");
    expect(named.map((name) => [name.text, name.line, name.kind])).to.deep.equal([
      ["run", 5, "code"],
      ["lib/y.ts", 5, "code"],
      ["lib/x.ts", 2, "span"],
      ["lib/z.ts", 7, "link"],
    ]);
  });

  it("names headings' anchors as GitHub does", () => {
    const markdown =
      "# Top\n\n## Hand out: student versions\n\n```sh\n# not a heading\n```\n## `dlfs` in brief\n## Top\n### [Link](x.md) *and* 한국어 · English\n";
    expect([...headingAnchors(markdown)]).to.deep.equal([
      "top",
      "hand-out-student-versions",
      "dlfs-in-brief",
      "top-1",
      "link-and-한국어--english",
    ]);
  });

  it("reads git's ignore patterns as git does, for the forms the project uses", () => {
    const ignore = ignoredBy("node_modules/\nlib/dist/\n*.tsbuildinfo\n/site/\n.course-secret\n");
    expect(
      [
        "node_modules/x",
        "jupyterlite/node_modules/y",
        "lib/dist/index.js",
        "a/b.tsbuildinfo",
        "site",
        "site/a.js",
        ".course-secret",
      ].filter(ignore),
    ).to.have.length(7);
    expect(["lib/distant.ts", "jupyterlite/site/x", "lib/src/dist.ts", "sites/x"].filter(ignore)).to.deep.equal([]);
  });
});
