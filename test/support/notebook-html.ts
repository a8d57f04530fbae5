/**
 * A notebook (nbformat 4, with outputs) as one standalone HTML page, the way
 * an HTML export shows it: each output is a static fragment of the page, and
 * text/html outputs are inlined as they are, so their scripts run in document
 * order. Enough to check in a browser what readers of exported notebooks see.
 */

type MultilineString = string | string[];

export interface NotebookOutput {
  /** "stream", "display_data", "execute_result", "error", or whatever else a notebook holds. */
  output_type: string;
  name?: string;
  text?: MultilineString;
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
  traceback?: string[];
}

export interface NotebookCell {
  /** "markdown", "code", "raw", or whatever else a notebook holds. */
  cell_type: string;
  source: MultilineString;
  outputs?: NotebookOutput[];
}

export interface Notebook {
  nbformat: number;
  cells: NotebookCell[];
  metadata?: Record<string, unknown>;
}

/** A display_data (update: false) or update_display_data (update: true) message's content. */
export interface DisplayLike {
  data: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  transient?: { display_id: string };
  update: boolean;
}

/**
 * The outputs a front end keeps from a cell's display messages: each
 * display_data adds one; an update_display_data rewrites, in place, every
 * output shown under its display_id and adds none.
 */
export function outputsFromDisplays(displays: readonly DisplayLike[]): NotebookOutput[] {
  const kept: Array<{ id?: string; output: NotebookOutput }> = [];
  for (const d of displays) {
    const id = d.transient?.display_id;
    if (!d.update) {
      kept.push({ id, output: { output_type: "display_data", data: d.data } });
      continue;
    }
    for (const k of kept) if (id !== undefined && k.id === id) k.output = { output_type: "display_data", data: d.data };
  }
  return kept.map((k) => k.output);
}

const style = `
  body { font-family: sans-serif; max-width: 1000px; margin: 1em auto; padding: 0 1em; }
  .cell { margin: 1em 0; }
  pre { margin: 0.3em 0; padding: 0.4em; white-space: pre-wrap; }
  .markdown pre { background: none; font-family: inherit; }
  .code pre { background: #f5f5f5; border-left: 3px solid #ccc; }
  .output pre { background: none; }
  .error pre { background: #fdd; }
`;

export function notebookToHtml(notebook: Notebook, title = "notebook"): string {
  if (notebook.nbformat !== 4) throw new Error(`only nbformat 4 is supported, not ${notebook.nbformat}`);
  const cells = notebook.cells.map(renderCell).join("\n");
  return (
    `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${escape(title)}</title>` +
    `<style>${style}</style></head>\n<body>\n${cells}\n</body></html>\n`
  );
}

function renderCell(cell: NotebookCell): string {
  const source = joined(cell.source);
  if (cell.cell_type === "markdown") return `<div class="cell markdown"><pre>${escape(source)}</pre></div>`;
  if (cell.cell_type !== "code") return `<div class="cell raw"><pre>${escape(source)}</pre></div>`;
  const outputs = (cell.outputs ?? []).map(renderOutput).join("\n");
  return `<div class="cell code"><pre>${escape(source)}</pre>\n<div class="outputs">${outputs}</div></div>`;
}

function renderOutput(output: NotebookOutput): string {
  switch (output.output_type) {
    case "stream":
      return `<div class="output stream ${escape(output.name ?? "")}"><pre>${escape(joined(output.text ?? ""))}</pre></div>`;
    case "error": {
      const text = (output.traceback ?? [`${output.ename}: ${output.evalue}`]).join("\n");
      return `<div class="output error"><pre>${escape(stripAnsi(text))}</pre></div>`;
    }
    case "display_data":
    case "execute_result":
      return `<div class="output">${renderData(output.data ?? {})}</div>`;
    default:
      return "";
  }
}

/** The richest type this page can show, like a front end would choose. */
function renderData(data: Record<string, unknown>): string {
  const html = data["text/html"];
  if (html !== undefined) return joined(html as MultilineString);
  const png = data["image/png"];
  if (typeof png === "string") return `<img src="data:image/png;base64,${png.replace(/\s/g, "")}">`;
  const svg = data["image/svg+xml"];
  if (svg !== undefined) return joined(svg as MultilineString);
  const text = data["text/plain"];
  if (text !== undefined) return `<pre>${escape(joined(text as MultilineString))}</pre>`;
  return `<pre>[${escape(Object.keys(data).join(", "))}]</pre>`;
}

/** nbformat stores long strings either whole or as a list of lines. */
function joined(text: MultilineString): string {
  return Array.isArray(text) ? text.join("") : text;
}

function stripAnsi(text: string): string {
  const escape = String.fromCharCode(27);
  return text.replace(new RegExp(`${escape}\\[[0-9;]*[A-Za-z]`, "g"), "");
}

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
