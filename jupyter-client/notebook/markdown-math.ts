/**
 * LaTeX math in markdown ($…$, $$…$$) as MathML. Jupyter leaves such math
 * for MathJax, a script, to typeset on the page; where no script runs (an
 * exported page read with JavaScript off, a sanitiser) the reader sees the raw
 * TeX. Browsers draw MathML themselves, so math converted to it reads the
 * same everywhere. temml converts it; code spans and code blocks are left as
 * they are, and so is a formula temml cannot read (it is reported).
 */
import temml from "temml";

export interface MathConversion {
  markdown: string;
  /** Formulas kept as TeX because temml could not read them, with its message. */
  failures: string[];
}

/** The markdown with every formula outside code replaced by MathML. */
export function markdownMathToMathML(markdown: string): MathConversion {
  const failures: string[] = [];
  const convert = (tex: string, display: boolean, original: string): string => {
    try {
      return temml.renderToString(tex, { displayMode: display, throwOnError: true });
    } catch (error) {
      // temml's message goes on to draw the formula with the culprit underlined: its first line is enough.
      const message = (error instanceof Error ? error.message : String(error)).split("\n")[0].trim();
      failures.push(`${original}: ${message}`);
      return original;
    }
  };
  // Fenced code blocks stay as they are; the text between them is scanned.
  const parts = markdown.split(/(^(?:```|~~~)[^\n]*\n[\s\S]*?^(?:```|~~~)[ \t]*$)/m);
  const converted = parts.map((part, i) => (i % 2 === 1 ? part : convertText(part, convert)));
  return { markdown: converted.join(""), failures };
}

function convertText(text: string, convert: (tex: string, display: boolean, original: string) => string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === "\\" && text[i + 1] === "$") {
      out += "\\$";
      i += 2;
      continue;
    }
    if (c === "`") {
      // A code span: as many backticks close it as opened it.
      const run = /^`+/.exec(text.slice(i))?.[0] ?? "`";
      const end = text.indexOf(run, i + run.length);
      const stop = end < 0 ? i + run.length : end + run.length;
      out += text.slice(i, stop);
      i = stop;
      continue;
    }
    if (c === "$" && text[i + 1] === "$") {
      const end = text.indexOf("$$", i + 2);
      if (end > i + 2) {
        out += convert(text.slice(i + 2, end).trim(), true, text.slice(i, end + 2));
        i = end + 2;
        continue;
      }
    } else if (c === "$") {
      // Inline math: $ then no space, the formula on one line, no space before the closing $.
      const match = /^\$(?!\s)([^$\n]*?[^\s\\$])\$/.exec(text.slice(i)) ?? /^\$([^\s$])\$/.exec(text.slice(i));
      if (match !== null) {
        out += convert(match[1], false, match[0]);
        i += match[0].length;
        continue;
      }
    }
    out += c;
    i++;
  }
  return out;
}
