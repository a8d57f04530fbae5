/**
 * A look at a submission's code before it runs, for things no lesson needs
 * and a teacher should see: files and processes, ending the kernel, the
 * answer key, the kernel's internals, replaced built-ins, text made to look
 * like a check result. It only reads the text, so it is easy to get around
 * (`process["ex" + "it"]`); the sandbox and the grader's own comparison are
 * what protect the grade. A finding flags the submission; it still gets
 * its points.
 *
 * It runs in the grader's own process on text a student wrote, so it takes
 * time in proportion to the text, whatever the text: comments are taken out
 * by a single pass, and no pattern can backtrack over a run of characters
 * more than once (each repeated part is anchored by what must precede it).
 */
import { describeCell, type Notebook } from "../../jupyter-client";

interface Rule {
  pattern: RegExp;
  /** What the code does, in words; `$1` is replaced by the first group. */
  says: string;
}

const nodeModules =
  "fs|fs/promises|child_process|worker_threads|cluster|net|http|https|http2|dgram|vm|module|v8|inspector|os|process|async_hooks|zeromq";

const rules: Rule[] = [
  { pattern: new RegExp(`\\brequire\\s*\\(\\s*["'\`](?:node:)?(${nodeModules})["'\`]`), says: "loads Node's $1 module" },
  { pattern: new RegExp(`\\bfrom\\s*["'](?:node:)?(${nodeModules})["']`), says: "imports Node's $1 module" },
  { pattern: new RegExp(`\\bimport\\s*\\(\\s*["'\`](?:node:)?(${nodeModules})["'\`]`), says: "imports Node's $1 module" },
  { pattern: /\bprocess\s*\.\s*(exit|abort|kill|reallyExit|binding|dlopen|chdir)\b/, says: "calls process.$1" },
  { pattern: /\b(answer[-_ ]?key|answerKeyOf)\b/i, says: "refers to the answer key ($1)" },
  { pattern: /\b(__tslab__|require\.cache|lastWriteDisplayData)\b/, says: "reaches into the kernel's internals ($1)" },
  {
    pattern:
      /\b(JSON\.stringify|console\.log|process\.stdout\.write|(?:Object|Array|Function|Number|String)\.prototype(?:\.\w+)?)\s*=(?!=)/,
    says: "replaces a built-in ($1)",
  },
  {
    pattern:
      /\bObject\.defineProperty\s*\(\s*(JSON|console|process(?:\.stdout)?|globalThis|(?:Object|Array|Function)\.prototype)\b/,
    says: "redefines a built-in ($1)",
  },
  // (?<!\d): a run of digits is tried once, from its start, not from each of its digits.
  { pattern: /(?<!\d)\d+\s*\/\s*\d+\s+(?:correct|정답)/, says: "prints text that looks like a check result" },
];

/**
 * Line comments and block comments become spaces (newlines stay), so
 * commented-out code is not flagged; strings are kept as they are. One pass
 * over the text.
 */
export function withoutComments(code: string): string {
  let out = "";
  let from = 0;
  let quote: string | undefined;
  for (let i = 0; i < code.length; i++) {
    const c = code[i];
    if (quote !== undefined) {
      if (c === "\\") i++;
      else if (c === quote || (c === "\n" && quote !== "`")) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'" || c === "`") {
      quote = c;
      continue;
    }
    if (c !== "/" || (code[i + 1] !== "/" && code[i + 1] !== "*")) continue;
    const block = code[i + 1] === "*";
    const end = block ? code.indexOf("*/", i + 2) : code.indexOf("\n", i);
    const stop = end === -1 ? code.length : block ? end + 2 : end;
    out += code.slice(from, i) + code.slice(i, stop).replace(/[^\n]/g, " ");
    from = stop;
    i = stop - 1;
  }
  return out + code.slice(from);
}

/** One plain sentence per finding, e.g. "cell 4 (`process.exit()`), line 1: calls process.exit". */
export function scanSubmission(notebook: Notebook): string[] {
  const findings: string[] = [];
  notebook.cells.forEach((cell, index) => {
    if (cell.cell_type !== "code") return;
    withoutComments(cell.source)
      .split("\n")
      .forEach((line, lineIndex) => {
        for (const rule of rules) {
          const match = rule.pattern.exec(line);
          if (match)
            findings.push(
              `${describeCell(index, cell.source)}, line ${lineIndex + 1}: ${rule.says.replace("$1", match[1] ?? "")}`,
            );
        }
      });
  });
  return findings;
}
