/**
 * Turns the iopub messages of one execution into nbformat outputs, the way
 * nbclient does: consecutive streams of the same name are merged, displays
 * with a display_id can be updated later (even from another cell), and
 * clear_output(wait=true) clears only when the next output arrives.
 */
import {
  isJsonObject,
  textOf,
  type DisplayDataOutput,
  type ExecuteResultOutput,
  type JsonMap,
  type MimeBundle,
  type Output,
} from "../notebook/format";
import type { JupyterMessage } from "./wire-protocol";

type Display = DisplayDataOutput | ExecuteResultOutput;

/**
 * Displays by display_id, kept for a whole kernel session because
 * update_display_data may target a display made by an earlier cell. Outputs
 * are shared by reference, so updating them here updates that cell's list.
 */
export class DisplayRegistry {
  private readonly byId = new Map<string, Display[]>();

  remember(displayId: string, output: Display): void {
    const displays = this.byId.get(displayId) ?? [];
    displays.push(output);
    this.byId.set(displayId, displays);
  }

  /** Updates every display with this id; returns them. */
  update(displayId: string, data: MimeBundle, metadata: JsonMap): Display[] {
    const displays = this.byId.get(displayId) ?? [];
    for (const output of displays) {
      output.data = data;
      output.metadata = metadata;
    }
    return displays;
  }

  /**
   * Applies an update_display_data that arrived after its execution ended
   * (a training stopped by an interrupt says so a moment later): Jupyter's
   * front ends still show it, so the outputs change here too.
   */
  lateUpdate(content: { [key: string]: unknown }): void {
    const id = displayIdOf(content);
    if (id !== undefined) this.update(id, asBundle(content.data), asBundle(content.metadata));
  }
}

function asBundle(value: unknown): MimeBundle {
  return isJsonObject(value) ? (value as MimeBundle) : {};
}

function displayIdOf(content: JsonMap | { [key: string]: unknown }): string | undefined {
  const transient = content.transient;
  if (!isJsonObject(transient)) return undefined;
  const id = transient.display_id;
  return typeof id === "string" ? id : undefined;
}

/** The size an output takes in memory, roughly: its text, or its data as JSON. */
function sizeOf(output: Output): number {
  if (output.output_type === "stream") return output.text.length;
  if (output.output_type === "error") return output.evalue.length + output.traceback.join("").length;
  return JSON.stringify(output.data).length;
}

export class OutputCollector {
  readonly outputs: Output[] = [];
  private clearOnNextOutput = false;
  private kept = 0;
  /** Characters of printed output (streams) dropped because of the limit. */
  droppedCharacters = 0;
  /** Displays (plots, tables) dropped whole because they did not fit in the limit. */
  droppedDisplays = 0;

  /**
   * `limitCharacters` caps what is kept of one execution: code that prints
   * megabytes must not fill this process's memory. Past the limit a stream
   * is cut, one note says so, and later outputs are dropped.
   */
  constructor(
    private readonly displays: DisplayRegistry,
    private readonly limitCharacters = Infinity,
  ) {}

  /** Returns the output of this execution that was added or changed, if any (for progress reporting). */
  handle(message: JupyterMessage): Output | undefined {
    const content = message.content;
    switch (message.header.msg_type) {
      case "stream":
        return this.addStream(content.name === "stderr" ? "stderr" : "stdout", textOf(content.text));
      case "execute_result":
        return this.add({
          output_type: "execute_result",
          data: asBundle(content.data),
          metadata: asBundle(content.metadata),
          execution_count: typeof content.execution_count === "number" ? content.execution_count : null,
        });
      case "display_data":
        return this.add(
          { output_type: "display_data", data: asBundle(content.data), metadata: asBundle(content.metadata) },
          displayIdOf(content),
        );
      case "update_display_data": {
        const id = displayIdOf(content);
        if (id === undefined) return undefined;
        // Each update counts toward the limit: a kernel that updates a display
        // with megabytes, again and again, must not fill this process either.
        const data = asBundle(content.data);
        if (this.limitCharacters !== Infinity) {
          const size = JSON.stringify(data).length;
          if (this.kept + size > this.limitCharacters) {
            this.droppedDisplays++;
            return undefined;
          }
          this.kept += size;
        }
        const updated = this.displays.update(id, data, asBundle(content.metadata));
        // Reported as a change only when the display is one of this execution's outputs.
        return updated.find((output) => this.outputs.includes(output));
      }
      case "error":
        return this.add({
          output_type: "error",
          ename: textOf(content.ename),
          evalue: textOf(content.evalue),
          traceback: Array.isArray(content.traceback) ? content.traceback.map(String) : [],
        });
      case "clear_output":
        if (content.wait === true) this.clearOnNextOutput = true;
        else this.clear();
        return undefined;
      default:
        return undefined;
    }
  }

  private clear(): void {
    this.outputs.length = 0;
    this.clearOnNextOutput = false;
    this.kept = 0;
  }

  private addStream(name: "stdout" | "stderr", text: string): Output | undefined {
    if (this.clearOnNextOutput) this.clear();
    const room = this.limitCharacters - this.kept;
    if (text.length > room) return this.overflow(name, text.slice(0, Math.max(0, room)), text.length - Math.max(0, room));
    const last = this.outputs[this.outputs.length - 1];
    if (last !== undefined && last.output_type === "stream" && last.name === name) {
      this.kept += text.length;
      last.text += text;
      return last;
    }
    return this.add({ output_type: "stream", name, text });
  }

  /** Keeps what fits of the text, says once that the rest was cut, and drops it. */
  private overflow(name: "stdout" | "stderr", fits: string, dropped: number): Output | undefined {
    const alreadyCut = this.droppedCharacters > 0;
    this.droppedCharacters += dropped;
    if (alreadyCut) return undefined;
    const note = `${fits}\n[output cut: more than ${this.limitCharacters} characters]\n`;
    const last = this.outputs[this.outputs.length - 1];
    this.kept = this.limitCharacters;
    if (last !== undefined && last.output_type === "stream" && last.name === name) {
      last.text += note;
      return last;
    }
    const output: Output = { output_type: "stream", name, text: note };
    this.outputs.push(output);
    return output;
  }

  private add(output: Output, displayId?: string): Output | undefined {
    if (this.clearOnNextOutput) this.clear();
    const size = sizeOf(output);
    if (this.kept + size > this.limitCharacters) {
      if (output.output_type === "stream") return this.addStream(output.name, output.text);
      // A plot with plotly.js inside is megabytes: dropped whole, and not called printed output.
      this.droppedDisplays++;
      return undefined;
    }
    this.kept += size;
    this.outputs.push(output);
    if (displayId !== undefined && output.output_type !== "stream" && output.output_type !== "error") {
      this.displays.remember(displayId, output);
    }
    return output;
  }
}
