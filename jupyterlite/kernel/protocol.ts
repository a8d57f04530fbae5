// The messages between the kernel (main thread) and its worker.
import type { Language } from "dlfs";
import type { DisplayMessage } from "dlfs/internal";

/** What the kernel asks of the worker. */
export type ToWorker =
  | { type: "start"; siteUrl: string; language?: Language }
  | { type: "execute"; id: number; code: string }
  | { type: "complete"; id: number; code: string; cursor: number }
  | { type: "interrupt" };

/** The outcome of one cell, as its execute_reply says it. */
interface ExecuteOutcome {
  ok: boolean;
}

interface CompleteOutcome {
  matches: string[];
  cursorStart: number;
  cursorEnd: number;
}

/** What the worker sends back: outputs while a cell runs, then its outcome. */
export type FromWorker =
  | { type: "ready" }
  | { type: "stream"; name: "stdout" | "stderr"; text: string }
  | { type: "display"; message: DisplayMessage }
  | { type: "executed"; id: number; outcome: ExecuteOutcome }
  | { type: "completed"; id: number; outcome: CompleteOutcome };
