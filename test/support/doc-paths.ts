// The repository paths a Markdown document names, and which of them do not
// exist: what test/docs.test.ts holds every document of the project to.
//
// The rule, strict where a path is surely the repository's and silent where it
// may be anything else:
// - A link's target (`[text](target)`), as a reader's browser resolves it:
//   relative to the document's folder; its `#anchor`, in a Markdown file, is
//   one of that file's headings as GitHub names them. URLs are not paths.
// - A word of inline code or of a fenced block that is a path: letters,
//   digits and `_ . @ + -` between slashes. It names the repository when its
//   first folder is one of the document's folder or of the project's root, and
//   git does not ignore it (`grades/`, `site/`, `notebooks/student/` are made
//   by commands); then it must exist there. A path under any other first folder
//   (`submissions/kim/…`, the book's `common/layers.py`) is an example.
// - A file name alone as a whole code span (`snapshot.ts`), of a kind the
//   project writes (code, Markdown): some file of the project has that name.
//   Notebooks and data files alone (`kim_213.ipynb`, `roster.csv`) are
//   usually examples or outputs, and an installed package (`sql.js`) is none.
// - Never a path: URLs, absolute (`/usr/bin/chromium`) or home (`~/work`)
//   paths, options, globs, and placeholders (`<student>`, `…`, `NNN`).
import * as fs from "node:fs";
import * as path from "node:path";

export interface NamedPath {
  /** The path as the document writes it. */
  text: string;
  /** 1-based line of the document. */
  line: number;
  /** A link's target, a word of code, or a code span that is one word alone. */
  kind: "link" | "code" | "span";
}

export interface MissingPath extends NamedPath {
  document: string;
}

/** A file name of a kind the project writes (code, Markdown), so that it is worth looking for alone. */
const sourceFileName = /^[^.].*\.(ts|js|cjs|mjs|py|md|sh|jsonc)$/;
/** Placeholders and patterns: a word holding one names no single file. */
const placeholder = /[<>…*?{}[\]|$=]|\.\.\.|NNN/;
/** A path's segments: letters (any script), digits, `_ . @ + -`. */
const pathShape = /^(?:\.{1,2}\/)?[\p{L}\p{N}_.@+-]+(?:\/[\p{L}\p{N}_.@+-]+)*\/?$/u;

/** A function from an offset in `text` to its 1-based line. */
function linesOf(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (starts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  };
}

/** Where a match of `matchAll` starts (always set there; the type allows undefined). */
function offsetOf(match: RegExpMatchArray): number {
  return match.index ?? 0;
}

/** A word of code without the punctuation prose puts around it: `(lib/README.md,` is lib/README.md. */
function trimWord(word: string): string {
  return word.replace(/^\(+/, "").replace(/[),;:.]+$/, "");
}

/** A link's target as a browser reads it: `%EB%A1%9C` is 로 (a malformed escape stays as written, and is not found). */
function decodedLink(target: string): string {
  try {
    return decodeURI(target);
  } catch {
    return target;
  }
}

/** Markdown without its fenced blocks (blanked, so that offsets and lines stay). */
function withoutFences(markdown: string): string {
  return markdown.replace(/^( {0,3})(```|~~~)[^\n]*\n[\s\S]*?^\1\2[ \t]*$/gm, (block) => block.replace(/[^\n]/g, " "));
}

/**
 * The anchors of a Markdown file's headings, as GitHub makes them: the text
 * without its Markdown, lowercased, without punctuation, spaces as hyphens,
 * a repeated one numbered (`-1`, `-2`).
 */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  for (const match of withoutFences(markdown).matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
    const text = match[1].replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/[`*~]/g, "");
    const base = text
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
      .replace(/ /g, "-");
    let anchor = base;
    for (let n = 1; anchors.has(anchor); n++) anchor = `${base}-${n}`;
    anchors.add(anchor);
  }
  return anchors;
}

/** Every link target, code word and whole code span of a Markdown text, with its line. */
export function namedPaths(markdown: string): NamedPath[] {
  const named: NamedPath[] = [];
  const lineAt = linesOf(markdown);
  const words = (text: string, start: number, isSpan: boolean) => {
    const alone = isSpan && !/\s/.test(text.trim());
    let offset = 0;
    for (const raw of text.split(/(\s+)/)) {
      const word = trimWord(raw);
      if (word !== "" && !/^\s+$/.test(raw)) {
        named.push({ text: word, line: lineAt(start + offset), kind: alone ? "span" : "code" });
      }
      offset += raw.length;
    }
  };
  // Fenced blocks first: their backticks and brackets are code, not Markdown.
  const fence = /^( {0,3})(```|~~~)[^\n]*\n([\s\S]*?)^\1\2[ \t]*$/gm;
  for (const match of markdown.matchAll(fence)) {
    const bodyStart = offsetOf(match) + match[0].indexOf("\n") + 1;
    words(match[3], bodyStart, false);
  }
  const prose = withoutFences(markdown);
  for (const match of prose.matchAll(/`([^`]+)`/g)) words(match[1], offsetOf(match) + 1, true);
  const withoutCode = prose.replace(/`[^`]+`/g, (span) => " ".repeat(span.length));
  for (const match of withoutCode.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    named.push({ text: match[1], line: lineAt(offsetOf(match)), kind: "link" });
  }
  return named;
}

/** The project's .gitignore as tests of a path relative to the root (the few pattern forms it uses). */
export function ignoredBy(gitignore: string): (relative: string) => boolean {
  const patterns = gitignore
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#") && !line.startsWith("!"));
  const tests = patterns.map((pattern) => {
    const body = pattern.replace(/\/$/, "");
    // A slash at the start or inside anchors the pattern at the root; otherwise it matches at any depth.
    const anchored = body.includes("/");
    const glob = body
      .replace(/^\//, "")
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, "[^/]*");
    // The folder (or file) the pattern names, and everything in it. (A pattern
    // that ends in "/" names only folders; the project has no file of such a name.)
    return new RegExp(`${anchored ? "^" : "(?:^|/)"}${glob}(?:/|$)`);
  });
  return (relative) => tests.some((test) => test.test(relative.split(path.sep).join("/")));
}

/** Every file of the project (git's ignored folders and node_modules left out), relative to the root. */
export function projectFiles(root: string, ignored: (relative: string) => boolean): string[] {
  const files: string[] = [];
  const walk = (folder: string) => {
    for (const entry of fs.readdirSync(path.join(root, folder), { withFileTypes: true })) {
      const relative = folder === "" ? entry.name : `${folder}/${entry.name}`;
      if (entry.name === ".git" || entry.name === "node_modules" || ignored(relative)) continue;
      if (entry.isDirectory()) walk(relative);
      else files.push(relative);
    }
  };
  walk("");
  return files;
}

/**
 * The paths a document names that do not exist. `document` is relative to
 * `root`; `ignored` says what git ignores; `fileNames` are the names of the
 * project's files (for a file name alone).
 */
export function missingPaths(
  root: string,
  document: string,
  markdown: string,
  ignored: (relative: string) => boolean,
  fileNames: ReadonlySet<string>,
): MissingPath[] {
  const folder = path.dirname(path.join(root, document));
  const inProject = (absolute: string) => {
    const relative = path.relative(root, absolute);
    return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
  };
  const exists = (absolute: string) => fs.existsSync(absolute.normalize("NFC")) || fs.existsSync(absolute.normalize("NFD"));
  const missing: MissingPath[] = [];
  for (const name of namedPaths(markdown)) {
    if (name.kind === "link") {
      if (/^[a-z][a-z0-9+.-]*:/i.test(name.text)) continue;
      const [target, anchor] = decodedLink(name.text.replace(/\?[^#]*/, "")).split("#");
      const absolute = target === "" ? path.join(root, document) : path.resolve(folder, target);
      // A link to something git ignores is broken for whoever reads the repository.
      if (!inProject(absolute) || !exists(absolute) || ignored(path.relative(root, absolute))) {
        missing.push({ ...name, document });
      } else if (anchor !== undefined && absolute.endsWith(".md")) {
        const text = absolute === path.join(root, document) ? markdown : fs.readFileSync(absolute, "utf8");
        if (!headingAnchors(text).has(anchor)) missing.push({ ...name, document });
      }
      continue;
    }
    const text = name.text;
    if (text.includes("://") || /^[/~-]/.test(text) || placeholder.test(text) || !pathShape.test(text)) continue;
    if (!text.includes("/")) {
      // An installed package's name (`sql.js`) is not a file of the project.
      const packageName = exists(path.join(root, "node_modules", text));
      if (name.kind === "span" && sourceFileName.test(text) && !packageName && !fileNames.has(text)) {
        missing.push({ ...name, document });
      }
      continue;
    }
    if (text.startsWith("./") || text.startsWith("../")) {
      const absolute = path.resolve(folder, text);
      if (inProject(absolute) && !ignored(path.relative(root, absolute)) && !exists(absolute))
        missing.push({ ...name, document });
      continue;
    }
    const first = text.split("/")[0];
    const bases = [folder, root].filter((base) => exists(path.join(base, first)));
    const repositoryPath = bases.some((base) => !ignored(path.relative(root, path.join(base, text))));
    if (repositoryPath && !bases.some((base) => exists(path.join(base, text)))) missing.push({ ...name, document });
  }
  return missing;
}

/** The `npm run <script>` commands a document names. */
export function npmScripts(markdown: string): { script: string; line: number }[] {
  const lineAt = linesOf(markdown);
  return [...markdown.matchAll(/\bnpm run\s+(?:--silent\s+)?([\w:-]+)/g)].map((match) => ({
    script: match[1],
    line: lineAt(offsetOf(match)),
  }));
}
