/**
 * CSV as RFC 4180 writes it (and as Canvas, Moodle and spreadsheets read
 * it): fields with commas, quotes or line breaks quoted, quotes doubled,
 * CRLF between records. Text that a spreadsheet would run as a formula gets
 * a leading apostrophe, unless the file is for an LMS.
 */

/** Spreadsheets run a cell that starts with one of these as a formula. */
const formulaStart = /^[=+\-@\t\r]/;

export type CsvValue = string | number | undefined;

function field(value: CsvValue, guardFormulas: boolean): string {
  if (value === undefined) return "";
  let text = typeof value === "number" ? String(value) : value;
  if (guardFormulas && typeof value === "string" && formulaStart.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** `guardFormulas: false` for a file an LMS reads, which must get the text as it is. */
export function toCsv(rows: readonly (readonly CsvValue[])[], { guardFormulas = true } = {}): string {
  return rows.map((row) => row.map((value) => field(value, guardFormulas)).join(",")).join("\r\n") + "\r\n";
}

/** Records of a CSV text (a byte-order mark is dropped; quoted fields may hold commas and line breaks). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let current = "";
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        current += '"';
        i++;
      } else if (char === '"') quoted = false;
      else current += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      row.push(current);
      current = "";
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && text[i + 1] === "\n") i++;
      row.push(current);
      rows.push(row);
      row = [];
      current = "";
    } else current += char;
  }
  if (current !== "" || row.length > 0) {
    row.push(current);
    rows.push(row);
  }
  return rows.filter((r) => r.some((cell) => cell.trim() !== ""));
}
