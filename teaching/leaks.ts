/**
 * Leaks: solution code that the student version still shows. For each
 * solution region of a lesson, two questions about everything the student
 * version leaves visible (its code cells, and the code in its markdown):
 *
 * - does a line of the region appear there as it is (comments and spacing
 *   aside)?
 * - does a long run of the region's tokens appear there once the names are
 *   replaced by one symbol, so that the same code under other names counts?
 *
 * Names: every identifier, `this`, and a field read through a dot (`net.W`,
 * `this.layers`) become the one symbol `$`; a string is one symbol too.
 * The names of what is called or constructed stay (`layer.backward(dout)`,
 * `dot(x, W)`, `new Relu()`): they are the library's vocabulary, and they
 * are what tells the backward pass a lesson hides from the forward pass it
 * shows (`layer.forward(out)`), or the loss layer it hides from the Relu it
 * shows, which are otherwise the same code. Numbers stay.
 */
import * as ts from "typescript";
import { cellTags, describeCell, type Notebook } from "../jupyter-client";
import { notImplemented, solutionRegions, solutionTag } from "./solution-regions";
import { studentVersion } from "./student-version";

/**
 * The shortest run of tokens that counts as a leak: 12, a statement that
 * calls a method with two arguments and keeps the result
 * (`const $ = $ . forward ( $ , $ ) ;`), or one with one argument and the
 * start of the next. Shorter runs are everywhere in code that lessons show
 * on purpose: 11 tokens match the hidden `new SoftmaxWithLoss(); const loss
 * = lastLayer.forward(out3, t)` against the visible `new Relu(); const out1
 * = layer1.forward(X)` (problem 233). Measured on all lessons, every run of
 * 12 or more that matched was a real leak. A single short statement under
 * other names goes unseen; the line comparison sees it as it is.
 */
export const leakRunLength = 12;

/**
 * A line of a region counts for the line-by-line comparison when it has at
 * least this many tokens: `}`, `return out;`, `let out = X;` are too common
 * to say anything.
 */
const leakLineTokens = 6;

/** Lines that print what was computed: showing a result is not doing the work. */
const printingLine = /^\s*console\.(log|table)\(/;

export interface Leak {
  /** Where the solution is: "cell 5 (`class Relu {`), line 12". */
  solution: string;
  /** The region's code that is visible (a line, or the lines the run spans). */
  solutionCode: string;
  /** Where it is visible in the student version. */
  visible: string;
  /** "line": the line as it is; "run": a run of tokens, names aside. */
  kind: "line" | "run";
  /** For a run: how many tokens. */
  tokens?: number;
}

interface Token {
  /** Normalised: `$` for a name, `"…"` for a string, the text otherwise. */
  text: string;
  /** 0-based line in the scanned text. */
  line: number;
}

/** The tokens of TypeScript `code`, names normalised; comments dropped. */
export function normalisedTokens(code: string): Token[] {
  // lineAt[i]: the 0-based line of character i.
  const lineAt: number[] = [];
  let line = 0;
  for (const char of code.split("")) {
    lineAt.push(line);
    if (char === "\n") line++;
  }
  const lineOf = (pos: number): number => lineAt[pos] ?? line;
  const scanner = ts.createScanner(ts.ScriptTarget.ES2022, true, ts.LanguageVariant.Standard, code);
  const raw: { kind: ts.SyntaxKind; text: string; line: number }[] = [];
  // Brace depths at which a template literal's `${` was opened: its `}` continues the template.
  const templates: number[] = [];
  let depth = 0;
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.OpenBraceToken) depth++;
    if (kind === ts.SyntaxKind.CloseBraceToken) {
      if (templates.length > 0 && templates[templates.length - 1] === depth) {
        kind = scanner.reScanTemplateToken(false);
        if (kind === ts.SyntaxKind.TemplateTail) templates.pop();
      } else depth--;
    }
    if (kind === ts.SyntaxKind.TemplateHead) templates.push(depth);
    raw.push({ kind, text: scanner.getTokenText(), line: lineOf(scanner.getTokenStart()) });
  }
  const tokens: Token[] = [];
  const isDot = (kind: ts.SyntaxKind | undefined): boolean =>
    kind === ts.SyntaxKind.DotToken || kind === ts.SyntaxKind.QuestionDotToken;
  raw.forEach((token, i) => {
    const { kind, line } = token;
    if (kind === ts.SyntaxKind.Identifier || kind === ts.SyntaxKind.ThisKeyword || kind === ts.SyntaxKind.PrivateIdentifier) {
      const called = raw[i + 1]?.kind === ts.SyntaxKind.OpenParenToken;
      const constructed = raw[i - 1]?.kind === ts.SyntaxKind.NewKeyword;
      if (called || constructed) {
        tokens.push({ text: token.text, line });
        return;
      }
      // A field read through a dot joins the name before it: `$ . $` is one name.
      if (isDot(raw[i - 1]?.kind) && tokens.length >= 2 && tokens[tokens.length - 2].text === "$") {
        tokens.pop();
        return;
      }
      tokens.push({ text: "$", line });
    } else if (
      kind === ts.SyntaxKind.StringLiteral ||
      kind === ts.SyntaxKind.NoSubstitutionTemplateLiteral ||
      kind === ts.SyntaxKind.TemplateHead ||
      kind === ts.SyntaxKind.TemplateMiddle ||
      kind === ts.SyntaxKind.TemplateTail
    ) {
      tokens.push({ text: '"…"', line });
    } else {
      tokens.push({ text: token.text, line });
    }
  });
  return tokens;
}

/** A line as it is compared: no comment, spacing collapsed. */
function plainLine(line: string): string {
  const tokens = ts.createScanner(ts.ScriptTarget.ES2022, true, ts.LanguageVariant.Standard, line);
  const parts: string[] = [];
  for (let kind = tokens.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = tokens.scan()) parts.push(tokens.getTokenText());
  return parts.join(" ");
}

/** Whether a region's line is worth comparing on its own. */
function countsAsLine(line: string): boolean {
  return !printingLine.test(line) && normalisedTokens(line).length >= leakLineTokens;
}

/** Code a reader sees in markdown: fenced blocks and `inline` spans. */
function markdownCode(markdown: string): string[] {
  const blocks = [...markdown.matchAll(/```[^\n]*\n([\s\S]*?)```/g)].map((m) => m[1]);
  const rest = markdown.replace(/```[^\n]*\n[\s\S]*?```/g, "");
  const spans = [...rest.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]);
  return [...blocks, ...spans];
}

interface Visible {
  where: string;
  code: string;
}

/** What the student version shows, piece by piece; the placeholders left out. */
function visiblePieces(student: Notebook): Visible[] {
  const pieces: Visible[] = [];
  student.cells.forEach((cell, index) => {
    const where = describeCell(index, cell.source);
    if (cell.cell_type === "code") {
      const code = cell.source
        .split("\n")
        .filter((line) => line.trim() !== notImplemented)
        .join("\n");
      pieces.push({ where, code });
    } else if (cell.cell_type === "markdown") {
      for (const code of markdownCode(cell.source)) pieces.push({ where: `${where} (markdown)`, code });
    }
  });
  return pieces;
}

function runKey(tokens: readonly Token[], start: number, length: number): string {
  return tokens
    .slice(start, start + length)
    .map((t) => t.text)
    .join(" ");
}

/** Every leak of `notebook` (named `name` in messages), at most one per region. */
export function findLeaks(notebook: Notebook, name: string, runLength = leakRunLength): Leak[] {
  const visible = visiblePieces(studentVersion(notebook, name));
  const visibleLines = new Map<string, string>();
  const visibleRuns = new Map<string, string>();
  for (const piece of visible) {
    for (const line of piece.code.split("\n")) if (line.trim() !== "") visibleLines.set(plainLine(line), piece.where);
    const tokens = normalisedTokens(piece.code);
    for (let start = 0; start + runLength <= tokens.length; start++)
      visibleRuns.set(runKey(tokens, start, runLength), piece.where);
  }

  const leaks: Leak[] = [];
  notebook.cells.forEach((cell, index) => {
    if (cell.cell_type !== "code") return;
    const cellName = `${name}, ${describeCell(index, cell.source)}`;
    for (const region of solutionRegions(cell.source, cellName, cellTags(cell).includes(solutionTag))) {
      const lineLeak = region.lines
        .map((line, offset) => ({ line, offset }))
        .find(({ line }) => countsAsLine(line) && visibleLines.has(plainLine(line)));
      if (lineLeak !== undefined) {
        leaks.push({
          solution: `${describeCell(index, cell.source)}, line ${region.firstLine + lineLeak.offset}`,
          solutionCode: lineLeak.line.trim(),
          visible: visibleLines.get(plainLine(lineLeak.line)) ?? "",
          kind: "line",
        });
        continue;
      }
      // The region's work, without the lines that only print it.
      const code = region.lines.map((line) => (printingLine.test(line) ? "" : line)).join("\n");
      const tokens = normalisedTokens(code);
      for (let start = 0; start + runLength <= tokens.length; start++) {
        const where = visibleRuns.get(runKey(tokens, start, runLength));
        if (where === undefined) continue;
        const first = tokens[start].line;
        const last = tokens[start + runLength - 1].line;
        leaks.push({
          solution: `${describeCell(index, cell.source)}, line ${region.firstLine + first}`,
          solutionCode: region.lines
            .slice(first, last + 1)
            .map((line) => line.trim())
            .join(" ⏎ "),
          visible: where,
          kind: "run",
          tokens: runLength,
        });
        break;
      }
    }
  });
  return leaks;
}

/** One leak in a sentence, for a warning or a failed test. */
export function describeLeak(leak: Leak): string {
  const what = leak.kind === "line" ? "appears as it is" : `appears with other names (${leak.tokens} tokens in a row)`;
  return `the solution at ${leak.solution}, \`${leak.solutionCode}\`, ${what} in ${leak.visible}`;
}
