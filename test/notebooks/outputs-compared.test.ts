// Every number a lesson shows is compared: a changed number in any display's
// text (a table, a plot's summary, a check report) or in printed text makes
// the committed notebook differ from a fresh run. Durations ("41.2 s") are the
// one exception (jupyter-client/notebook/compare.ts).
import { expect } from "chai";
import * as path from "node:path";
import { compareNotebooks, readNotebook, type Notebook, type Output } from "../../jupyter-client";
import { lessonNotebooks } from "../support/lessons";

/**
 * `text` with one number changed in its leading digit (the last number that
 * is not a duration, "41.2 s"), or undefined when it shows none. A change in
 * a 17th digit would be float noise, which the comparison lets through.
 */
function withOneDigitChanged(text: string): string | undefined {
  const numbers = [...text.matchAll(/(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?/g)].filter(
    (match) => !/^ (?:s|ms)\b/.test(text.slice((match.index ?? 0) + match[0].length)),
  );
  const last = numbers[numbers.length - 1];
  if (last === undefined) return undefined;
  const at = (last.index ?? 0) + last[0].search(/\d/);
  return text.slice(0, at) + String((Number(text[at]) + 1) % 10) + text.slice(at + 1);
}

/** Where an output keeps its text: a stream's text, a display's text/plain. */
function shownText(output: Output): string | undefined {
  if (output.output_type === "stream") return output.text;
  if (output.output_type === "display_data" || output.output_type === "execute_result") {
    const plain = output.data["text/plain"];
    return typeof plain === "string" ? plain : undefined;
  }
  return undefined;
}

function changed(notebook: Notebook, cellIndex: number, outputIndex: number, text: string): Notebook {
  const copy = structuredClone(notebook);
  const cell = copy.cells[cellIndex];
  if (cell.cell_type !== "code") throw new Error("not a code cell");
  const output = cell.outputs[outputIndex];
  if (output.output_type === "stream") output.text = text;
  else if (output.output_type === "display_data" || output.output_type === "execute_result") output.data["text/plain"] = text;
  return copy;
}

describe("lesson outputs: a changed digit is caught", () => {
  for (const file of lessonNotebooks()) {
    it(path.basename(file), () => {
      const notebook = readNotebook(file);
      let tried = 0;
      notebook.cells.forEach((cell, cellIndex) => {
        if (cell.cell_type !== "code") return;
        const tags = (cell.metadata.tags as string[] | undefined) ?? [];
        if (tags.includes("nbval-ignore-output") || tags.includes("nbval-skip")) return;
        cell.outputs.forEach((output, outputIndex) => {
          const text = shownText(output);
          const mutated = text === undefined ? undefined : withOneDigitChanged(text);
          if (mutated === undefined) return;
          tried++;
          const differences = compareNotebooks(notebook, changed(notebook, cellIndex, outputIndex, mutated));
          expect(
            differences,
            `cell ${cellIndex + 1}, output ${outputIndex + 1}: ${mutated.slice(0, 80)}`,
          ).to.have.length.greaterThan(0);
        });
      });
      expect(tried, "outputs with numbers").to.be.greaterThan(0);
    });
  }
});
