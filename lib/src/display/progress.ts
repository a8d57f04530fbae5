/**
 * One progress line for a long loop, shown the way each place can show it:
 *
 * - in a notebook, one output replaced in place (display_data with a
 *   display_id, then update_display_data), so the saved notebook keeps the
 *   last state instead of thousands of lines;
 * - in a terminal, a bar on stderr redrawn with "\r";
 * - anywhere else (CI logs, output piped to a file), nothing until the
 *   finish line, which is printed once.
 *
 * The caller decides how often to update (every ~200 ms is plenty).
 */
import { displayBundle, newDisplayId, showsRichOutput } from "./bundle";
import { escapeHtml } from "./html";

export interface ProgressLine {
  /** `fraction` of the work is done (0..1); `text` says what, e.g. "epoch 3, loss 0.21". */
  update(fraction: number, text: string): void;
  /** Shows the final state once more (with `text`, if given) and stops updating. */
  finish(text?: string): void;
}

/** Where a terminal or a log gets the line: process.stderr, or a stand-in in tests. */
export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressOptions {
  /** Outside a notebook, where to write; default process.stderr. */
  output?: ProgressOutput;
}

const barWidth = 24;

export function progressLine(options: ProgressOptions = {}): ProgressLine {
  if (showsRichOutput()) return notebookProgress();
  const output = options.output ?? process.stderr;
  return output.isTTY ? terminalProgress(output) : quietProgress(output);
}

/** "[#########---------------]  37% text", the same in every place. */
export function progressText(fraction: number, text: string): string {
  const f = clampFraction(fraction);
  const filled = Math.round(f * barWidth);
  const percent = `${Math.floor(f * 100)}%`.padStart(4);
  return `[${"#".repeat(filled)}${"-".repeat(barWidth - filled)}] ${percent}${text ? " " + text : ""}`;
}

function clampFraction(fraction: number): number {
  return Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
}

/** Shared bookkeeping: the last state, and no updates after finish. */
function progressState(show: (fraction: number, text: string, final: boolean) => void): ProgressLine {
  let fraction = 0;
  let text = "";
  let finished = false;
  return {
    update(f, t) {
      if (finished) return;
      fraction = f;
      text = t;
      show(fraction, text, false);
    },
    finish(t) {
      if (finished) return;
      finished = true;
      if (t !== undefined) text = t;
      show(fraction, text, true);
    },
  };
}

function notebookProgress(): ProgressLine {
  const displayId = newDisplayId();
  let shown = false;
  return progressState((fraction, text) => {
    const f = clampFraction(fraction);
    const bundle = {
      "text/plain": progressText(f, text),
      "text/html":
        `<div style="font-family: monospace;"><progress value="${f}" max="1" style="width: 16em;"></progress> ` +
        `${Math.floor(f * 100)}% ${escapeHtml(text)}</div>`,
    };
    displayBundle(bundle, { displayId, update: shown });
    shown = true;
  });
}

function terminalProgress(output: ProgressOutput): ProgressLine {
  return progressState((fraction, text, final) => {
    // Longer than the terminal is wide, the line would wrap and "\r" could not redraw it.
    const width = Math.max(20, (output.columns ?? 80) - 1);
    const line = progressText(fraction, text).slice(0, width);
    // "\x1b[K" clears what a longer previous line left on the right.
    output.write(`\r${line}\x1b[K${final ? "\n" : ""}`);
  });
}

function quietProgress(output: ProgressOutput): ProgressLine {
  return progressState((fraction, text, final) => {
    if (final) output.write(progressText(fraction, text) + "\n");
  });
}
