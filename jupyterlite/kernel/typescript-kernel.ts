// The TypeScript kernel as JupyterLite sees it (on the page): it answers the
// Jupyter messages and hands the work to its Web Worker (worker.ts), which
// compiles and runs the cells. Shaped like JupyterLite's JavaScript kernel:
// a BaseKernel on the page, the code in a worker.
import { PageConfig } from "@jupyterlab/coreutils";
import type { KernelMessage } from "@jupyterlab/services";
import { BaseKernel, type IKernel } from "@jupyterlite/services";
import type { Language } from "dlfs";
import type { FromWorker, ToWorker } from "./protocol";

/** How long a cell may go on after Interrupt before the worker is replaced. */
const INTERRUPT_GRACE_MS = 3000;

/** tslab's language_info: a notebook saved here says the same as one saved with tslab. */
const LANGUAGE_INFO = {
  name: "typescript",
  version: "5.6",
  mimetype: "text/typescript",
  file_extension: ".ts",
  codemirror_mode: { mode: "typescript", name: "javascript", typescript: true },
};

interface Running {
  id: number;
  finish(ok: boolean): void;
}

export class TypeScriptKernel extends BaseKernel {
  private worker: Worker;
  private nextId = 1;
  private running: Running | undefined;
  private readonly completions = new Map<number, (reply: KernelMessage.ICompleteReplyMsg["content"]) => void>();

  constructor(options: IKernel.IOptions) {
    super(options);
    this.worker = this.startWorker();
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this.worker.terminate();
    super.dispose();
  }

  private startWorker(): Worker {
    const siteUrl = new URL(PageConfig.getBaseUrl(), window.location.href).href.replace(/\/?$/, "/");
    const worker = new Worker(new URL("build/kernel/worker.js", siteUrl));
    worker.addEventListener("message", (event: MessageEvent<FromWorker>) => this.fromWorker(event.data));
    worker.addEventListener("error", (event) =>
      this.stream({ name: "stderr", text: `the kernel's worker failed: ${event.message}\n` }),
    );
    this.send(worker, { type: "start", siteUrl, language: chosenLanguage() });
    return worker;
  }

  private send(worker: Worker, message: ToWorker): void {
    worker.postMessage(message);
  }

  private fromWorker(message: FromWorker): void {
    switch (message.type) {
      case "stream":
        this.stream({ name: message.name, text: message.text });
        break;
      case "display": {
        const { update, ...content } = message.message;
        const bundle = { data: content.data, metadata: content.metadata, transient: content.transient ?? {} };
        if (update) this.updateDisplayData(bundle as KernelMessage.IUpdateDisplayDataMsg["content"]);
        else this.displayData(bundle as KernelMessage.IDisplayDataMsg["content"]);
        break;
      }
      case "executed":
        if (this.running?.id === message.id) this.running.finish(message.outcome.ok);
        break;
      case "completed": {
        const { matches, cursorStart, cursorEnd } = message.outcome;
        this.completions.get(message.id)?.({
          status: "ok",
          matches,
          cursor_start: cursorStart,
          cursor_end: cursorEnd,
          metadata: {},
        });
        this.completions.delete(message.id);
        break;
      }
      case "ready":
        break;
    }
  }

  /**
   * Interrupt: the worker tells a running training to stop (it stops at its
   * next progress report) and abandons an awaited promise. A cell that never
   * gives the worker a turn (a loop that does not end) cannot hear it: after a
   * grace period the worker is replaced by a fresh one, and the cell says so.
   */
  interrupt(): void {
    const running = this.running;
    if (running === undefined) return;
    this.send(this.worker, { type: "interrupt" });
    setTimeout(() => {
      if (this.running !== running || this.isDisposed) return;
      this.worker.terminate();
      this.worker = this.startWorker();
      this.stream({
        name: "stderr",
        text:
          "Interrupted: the cell did not stop (it never paused to listen), so the kernel was restarted.\n" +
          "Everything earlier cells defined is gone: run them again.\n",
      });
      running.finish(false);
    }, INTERRUPT_GRACE_MS);
  }

  kernelInfoRequest(): Promise<KernelMessage.IInfoReplyMsg["content"]> {
    return Promise.resolve({
      status: "ok",
      protocol_version: "5.3",
      implementation: "dlfs-typescript",
      implementation_version: "0.1.0",
      language_info: LANGUAGE_INFO,
      banner: "TypeScript in your browser (a Web Worker), with the dlfs library",
      help_links: [],
    });
  }

  async executeRequest(content: KernelMessage.IExecuteRequestMsg["content"]): Promise<KernelMessage.IExecuteReplyMsg["content"]> {
    const id = this.nextId++;
    const ok = await new Promise<boolean>((resolve) => {
      this.running = { id, finish: resolve };
      this.send(this.worker, { type: "execute", id, code: content.code });
    });
    this.running = undefined;
    const execution_count = this.executionCount;
    // Like tslab: the error itself went to stderr, the reply only says that the cell failed.
    if (!ok) return { status: "error", execution_count, ename: "", evalue: "", traceback: [] };
    return { status: "ok", execution_count, user_expressions: {} };
  }

  completeRequest(content: KernelMessage.ICompleteRequestMsg["content"]): Promise<KernelMessage.ICompleteReplyMsg["content"]> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.completions.set(id, resolve);
      this.send(this.worker, { type: "complete", id, code: content.code, cursor: content.cursor_pos });
    });
  }

  inspectRequest(): Promise<KernelMessage.IInspectReplyMsg["content"]> {
    return Promise.resolve({ status: "ok", found: false, data: {}, metadata: {} });
  }

  isCompleteRequest(): Promise<KernelMessage.IIsCompleteReplyMsg["content"]> {
    return Promise.resolve({ status: "unknown" });
  }

  commInfoRequest(): Promise<KernelMessage.ICommInfoReplyMsg["content"]> {
    return Promise.resolve({ status: "ok", comms: {} });
  }

  inputReply(): void {
    // input() is not offered: nothing asks for it.
  }

  commOpen(): Promise<void> {
    return Promise.resolve();
  }

  commMsg(): Promise<void> {
    return Promise.resolve();
  }

  commClose(): Promise<void> {
    return Promise.resolve();
  }
}

/** Where the site remembers the learner's language. */
const languageSetting = "dlfs-lang";

/**
 * The language the learner chose for the lessons' messages: `?lang=en` (or
 * `ko`) in the site's address, remembered in this browser from then on;
 * none, and the lessons speak their own (Korean).
 */
function chosenLanguage(): Language | undefined {
  const asked = new URLSearchParams(window.location.search).get("lang");
  try {
    if (asked === "en" || asked === "ko") window.localStorage.setItem(languageSetting, asked);
    const saved = window.localStorage.getItem(languageSetting);
    return saved === "en" || saved === "ko" ? saved : undefined;
  } catch {
    // Storage can be off (private windows): the address alone still counts.
    return asked === "en" || asked === "ko" ? asked : undefined;
  }
}
