/**
 * Notebooks in nbformat v4: the types, reading with clear errors, and writing
 * byte-for-byte the way Jupyter does (sorted keys, 1-space indent, multi-line
 * strings as lists of lines, trailing newline), so saved files diff cleanly.
 */
import * as fs from "fs";

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonMap = { [key: string]: JsonValue };

/** A MIME bundle: MIME type to content ("text/plain": "...", "image/png": base64...). */
export type MimeBundle = { [mimeType: string]: JsonValue };

interface StreamOutput {
  output_type: "stream";
  name: "stdout" | "stderr";
  text: string;
}

export interface ExecuteResultOutput {
  output_type: "execute_result";
  data: MimeBundle;
  metadata: JsonMap;
  execution_count: number | null;
}

export interface DisplayDataOutput {
  output_type: "display_data";
  data: MimeBundle;
  metadata: JsonMap;
}

interface ErrorOutput {
  output_type: "error";
  ename: string;
  evalue: string;
  traceback: string[];
}

export type Output = StreamOutput | ExecuteResultOutput | DisplayDataOutput | ErrorOutput;

export interface CodeCell {
  cell_type: "code";
  id?: string;
  source: string;
  metadata: JsonMap;
  outputs: Output[];
  execution_count: number | null;
}

interface OtherCell {
  cell_type: "markdown" | "raw";
  id?: string;
  source: string;
  metadata: JsonMap;
  attachments?: JsonMap;
}

export type Cell = CodeCell | OtherCell;

export interface Notebook {
  nbformat: number;
  nbformat_minor: number;
  metadata: JsonMap;
  cells: Cell[];
}

export class NotebookFormatError extends Error {}

/** What an output shows as text: a stream's text, a display's text/plain, an error's name and message. */
export function outputText(output: Output): string {
  switch (output.output_type) {
    case "stream":
      return output.text;
    case "execute_result":
    case "display_data": {
      const plain = output.data["text/plain"];
      return Array.isArray(plain) ? plain.map(textOf).join("") : textOf(plain);
    }
    case "error":
      return `${output.ename}: ${output.evalue}`;
  }
}

/** A field of a message or a notebook as text: a string as it is, nothing as "", anything else as JSON. */
export function textOf(value: unknown): string {
  switch (typeof value) {
    case "string":
      return value;
    case "number":
    case "boolean":
    case "bigint":
      return value.toString();
    case "undefined":
      return "";
    default:
      return value === null ? "" : (JSON.stringify(value) ?? "");
  }
}

/** nbformat stores multi-line text either as one string or as a list of lines. */
function joinLines(value: unknown): string {
  return Array.isArray(value) ? value.join("") : typeof value === "string" ? value : "";
}

/** An object read from JSON whose fields are not checked yet (a JsonMap's are). */
export type JsonObject = { [key: string]: unknown };

/**
 * A JSON object, not an array or null: the one test of it in the project's
 * tools. On a JsonValue it narrows to a JsonMap.
 */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** MIME types whose content is JSON rather than text; they are never split into lines. */
function isJsonMimeType(mimeType: string): boolean {
  return mimeType === "application/json" || mimeType.endsWith("+json");
}

function normaliseBundle(bundle: unknown): MimeBundle {
  const result: MimeBundle = {};
  if (!isJsonObject(bundle)) return result;
  for (const [mimeType, value] of Object.entries(bundle)) {
    result[mimeType] = isJsonMimeType(mimeType) || !Array.isArray(value) ? (value as JsonValue) : joinLines(value);
  }
  return result;
}

function normaliseOutput(raw: unknown, where: string): Output {
  if (!isJsonObject(raw)) throw new NotebookFormatError(`${where}: an output is not a JSON object`);
  switch (raw.output_type) {
    case "stream":
      return { output_type: "stream", name: raw.name === "stderr" ? "stderr" : "stdout", text: joinLines(raw.text) };
    case "execute_result":
      return {
        output_type: "execute_result",
        data: normaliseBundle(raw.data),
        metadata: isJsonObject(raw.metadata) ? (raw.metadata as JsonMap) : {},
        execution_count: typeof raw.execution_count === "number" ? raw.execution_count : null,
      };
    case "display_data":
      return {
        output_type: "display_data",
        data: normaliseBundle(raw.data),
        metadata: isJsonObject(raw.metadata) ? (raw.metadata as JsonMap) : {},
      };
    case "error":
      return {
        output_type: "error",
        ename: textOf(raw.ename),
        evalue: textOf(raw.evalue),
        traceback: Array.isArray(raw.traceback) ? raw.traceback.map(String) : [],
      };
    default:
      throw new NotebookFormatError(`${where}: unknown output_type ${JSON.stringify(raw.output_type)}`);
  }
}

function normaliseCell(raw: unknown, index: number, name: string): Cell {
  const where = `${name}, cell ${index}`;
  if (!isJsonObject(raw)) throw new NotebookFormatError(`${where} is not a JSON object`);
  const metadata = isJsonObject(raw.metadata) ? (raw.metadata as JsonMap) : {};
  const source = joinLines(raw.source);
  const id = typeof raw.id === "string" ? { id: raw.id } : {};
  if (raw.cell_type === "code") {
    const outputs = Array.isArray(raw.outputs) ? raw.outputs.map((output) => normaliseOutput(output, where)) : [];
    const executionCount = typeof raw.execution_count === "number" ? raw.execution_count : null;
    return { cell_type: "code", ...id, metadata, source, outputs, execution_count: executionCount };
  }
  if (raw.cell_type === "markdown" || raw.cell_type === "raw") {
    const attachments = isJsonObject(raw.attachments) ? { attachments: raw.attachments as JsonMap } : {};
    return { cell_type: raw.cell_type, ...id, metadata, source, ...attachments };
  }
  throw new NotebookFormatError(`${where} has an unknown cell_type ${JSON.stringify(raw.cell_type)}`);
}

/** Checks that `value` is an nbformat-4 notebook and brings it to the in-memory shape. */
export function toNotebook(value: unknown, name: string): Notebook {
  if (!isJsonObject(value)) throw new NotebookFormatError(`${name} is not a notebook: its JSON is not an object`);
  if (value.nbformat !== 4) {
    const found = value.nbformat === undefined ? "it has no nbformat field" : `its nbformat is ${JSON.stringify(value.nbformat)}`;
    throw new NotebookFormatError(`${name} is not an nbformat-4 notebook: ${found}`);
  }
  if (!Array.isArray(value.cells)) throw new NotebookFormatError(`${name} is not a notebook: it has no "cells" list`);
  return {
    nbformat: 4,
    nbformat_minor: typeof value.nbformat_minor === "number" ? value.nbformat_minor : 5,
    metadata: isJsonObject(value.metadata) ? (value.metadata as JsonMap) : {},
    cells: value.cells.map((cell, index) => normaliseCell(cell, index, name)),
  };
}

export function parseNotebook(text: string, name: string): Notebook {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new NotebookFormatError(`${name} is not valid JSON (${reason}); a notebook file must be nbformat-4 JSON`);
  }
  return toNotebook(value, name);
}

export function readNotebook(file: string): Notebook {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new NotebookFormatError(`${file} does not exist`);
    if (code === "EISDIR") throw new NotebookFormatError(`${file} is a folder, not a notebook file`);
    const reason = error instanceof Error ? error.message : String(error);
    throw new NotebookFormatError(`cannot read the notebook ${file}: ${reason}`);
  }
  return parseNotebook(text, file);
}

/** "a\nb\n" -> ["a\n", "b\n"], as nbformat's split_lines does. */
function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** The MIME types nbformat stores as lists of lines; base64 images stay one string. */
function isStoredAsLines(mimeType: string): boolean {
  return mimeType.startsWith("text/") || mimeType === "application/javascript" || mimeType === "image/svg+xml";
}

function splitBundle(bundle: MimeBundle): MimeBundle {
  const result: MimeBundle = {};
  for (const [mimeType, value] of Object.entries(bundle)) {
    result[mimeType] = typeof value === "string" && isStoredAsLines(mimeType) ? splitLines(value) : value;
  }
  return result;
}

function toStoredOutput(output: Output): JsonValue {
  switch (output.output_type) {
    case "stream":
      return { ...output, text: splitLines(output.text) };
    case "execute_result":
    case "display_data":
      return { ...output, data: splitBundle(output.data) };
    case "error":
      return { ...output };
  }
}

function toStoredCell(cell: Cell): JsonValue {
  const source = splitLines(cell.source);
  if (cell.cell_type === "code") return { ...cell, source, outputs: cell.outputs.map(toStoredOutput) };
  return { ...cell, source };
}

/** Object keys in sorted order at every depth, as Python's json.dumps(sort_keys=True). */
function sortKeys(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  const sorted: { [key: string]: JsonValue } = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys(value[key]);
  return sorted;
}

export function serializeNotebook(notebook: Notebook): string {
  const stored = { ...notebook, cells: notebook.cells.map(toStoredCell) } as unknown as JsonValue;
  return JSON.stringify(sortKeys(stored), null, 1) + "\n";
}

export function writeNotebook(file: string, notebook: Notebook): void {
  // Write next to the target and rename, so a crash never leaves half a notebook.
  const temporary = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(temporary, serializeNotebook(notebook));
  fs.renameSync(temporary, file);
}

/** Tag for cells that must not run (as in nbval); their saved outputs stay. */
export const skipTag = "nbval-skip";
/** Tag for cells whose outputs are not compared (as in nbval). */
export const ignoreOutputTag = "nbval-ignore-output";
/** Tag for cells that are expected to fail; their error does not stop the run (as in nbclient). */
export const raisesExceptionTag = "raises-exception";

export function cellTags(cell: Cell): string[] {
  const tags = cell.metadata.tags;
  return Array.isArray(tags) ? tags.filter((tag): tag is string => typeof tag === "string") : [];
}
