// A lesson as the site serves it. Jupyter's nbformat stores a long text
// (a cell's source, a stream's text, a text/* output) either as one string
// or as a list of lines, and Jupyter joins the list when it reads a file.
// JupyterLite hands the file to JupyterLab as it is, and JupyterLab shows a
// list of lines as an array: "[1 6 3]\n,[1 2 3]", a comma at the start of
// every line after the first. The site's copies hold each text as one string.

/** nbformat's "multiline string": one string, or a list of lines. */
type MultilineString = string | string[];

interface OutputJson {
  text?: MultilineString;
  data?: Record<string, unknown>;
}

interface NotebookJson {
  cells: { source: MultilineString; outputs?: OutputJson[] }[];
}

function joined(text: MultilineString): string {
  return Array.isArray(text) ? text.join("") : text;
}

/** Whether a MIME bundle's value is text that nbformat may split into lines (JSON values stay as they are). */
function isTextMime(mime: string): boolean {
  return !mime.endsWith("json");
}

/**
 * The lesson for the site: every text as one string, and less the HTML copy
 * of each plot (plotly.js inside, for classic Notebook), since the site draws
 * plotly's JSON itself: a lesson with plots is megabytes smaller.
 */
export function lessonForSite(text: string): string {
  const notebook = JSON.parse(text) as NotebookJson;
  for (const cell of notebook.cells) {
    cell.source = joined(cell.source);
    for (const output of cell.outputs ?? []) {
      if (output.text !== undefined) output.text = joined(output.text);
      const data = output.data;
      if (data === undefined) continue;
      if (data["application/vnd.plotly.v1+json"] !== undefined) delete data["text/html"];
      for (const [mime, value] of Object.entries(data)) {
        if (isTextMime(mime) && Array.isArray(value) && value.every((line) => typeof line === "string"))
          data[mime] = value.join("");
      }
    }
  }
  return JSON.stringify(notebook, null, 1) + "\n";
}
