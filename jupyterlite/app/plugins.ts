// The site's own plugins: the TypeScript kernel (registered under tslab's
// kernelspec name, so the lessons open with it and a notebook saved here
// names the kernel the grader expects), Interrupt reaching that kernel, the
// running cell kept in view during Run All, and plots drawn from plotly's JSON.
import type { JupyterFrontEndPlugin } from "@jupyterlab/application";
import type { CodeCell } from "@jupyterlab/cells";
import { NotebookActions, type Notebook } from "@jupyterlab/notebook";
import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";
import { IKernelClient, IKernelSpecs, type IKernel } from "@jupyterlite/services";
import { TypeScriptKernel } from "../kernel/typescript-kernel";
import { plotlyExtension } from "./plotly-renderer";

/** The kernels of this page, by id: Interrupt is sent to them. */
const kernels = new Map<string, TypeScriptKernel>();

const kernel: JupyterFrontEndPlugin<void> = {
  id: "dlfs-site:typescript-kernel",
  description: "TypeScript in a Web Worker, with dlfs",
  autoStart: true,
  requires: [IKernelSpecs],
  activate: (_app, kernelspecs: IKernelSpecs) => {
    kernelspecs.register({
      spec: {
        name: "tslab",
        display_name: "TypeScript",
        language: "typescript",
        argv: [],
        resources: {},
        spec: { argv: [], env: {}, display_name: "TypeScript", language: "typescript", interrupt_mode: "message", metadata: {} },
      },
      create: (options: IKernel.IOptions): Promise<IKernel> => {
        const created = new TypeScriptKernel(options);
        kernels.set(options.id, created);
        created.disposed.connect(() => {
          if (kernels.get(options.id) === created) kernels.delete(options.id);
        });
        return Promise.resolve(created);
      },
    });
  },
};

/**
 * JupyterLite's kernel client answers Interrupt by dropping the cells still
 * waiting to run, without telling the kernel; ours must also stop the cell
 * that is running (a training of several minutes).
 */
const interrupt: JupyterFrontEndPlugin<void> = {
  id: "dlfs-site:interrupt",
  description: "Sends Interrupt to the running TypeScript cell",
  autoStart: true,
  requires: [IKernelClient],
  activate: (_app, client: IKernelClient) => {
    const dropWaiting = client.interrupt.bind(client);
    client.interrupt = async (id: string): Promise<void> => {
      kernels.get(id)?.interrupt();
      await dropWaiting(id);
    };
  },
};

/**
 * Run All schedules every cell at once and shows the last one, the check: a
 * training several cells above it would run out of sight, its progress line
 * unseen. While more than one cell waits its turn, the running cell is shown
 * when its first output arrives (each cell once: the learner may scroll away).
 */
const followRunAll: JupyterFrontEndPlugin<void> = {
  id: "dlfs-site:follow-run-all",
  description: "Keeps the running cell in view during Run All",
  autoStart: true,
  activate: () => {
    const waiting = new Map<Notebook, CodeCell[]>();
    const watchers = new Map<CodeCell, () => void>();
    const stopWatching = (cell: CodeCell): void => {
      const watcher = watchers.get(cell);
      if (watcher !== undefined) cell.model.outputs.changed.disconnect(watcher);
      watchers.delete(cell);
    };
    /** The notebook's cells still waiting or running: one cancelled (a restart) or deleted is idle or gone. */
    const stillWaiting = (notebook: Notebook): CodeCell[] => {
      const [live, gone] = [[], []] as [CodeCell[], CodeCell[]];
      for (const cell of waiting.get(notebook) ?? [])
        (!cell.isDisposed && cell.model.executionState === "running" ? live : gone).push(cell);
      for (const cell of gone) stopWatching(cell);
      if (live.length === 0) waiting.delete(notebook);
      else waiting.set(notebook, live);
      return live;
    };
    NotebookActions.executionScheduled.connect((_, { notebook, cell }) => {
      if (cell.model.type !== "code") return;
      const code = cell as CodeCell;
      waiting.set(notebook, [...(waiting.get(notebook) ?? []), code]);
      const watcher = (): void => {
        // The outputs are cleared when the cell is sent to the kernel: that is no output yet.
        if (code.model.outputs.length === 0) return;
        const queue = stillWaiting(notebook);
        if (queue[0] !== code) return;
        stopWatching(code);
        // scrollToItem, not scrollToCell: that would also make it the active cell, under the learner's hands.
        if (queue.length > 1) void notebook.scrollToItem(notebook.widgets.indexOf(code), "auto");
      };
      stopWatching(code);
      watchers.set(code, watcher);
      code.model.outputs.changed.connect(watcher);
    });
    NotebookActions.executed.connect((_, { notebook, cell }) => {
      if (cell.model.type === "code") stopWatching(cell as CodeCell);
      waiting.set(
        notebook,
        (waiting.get(notebook) ?? []).filter((waitingCell) => waitingCell !== cell),
      );
      stillWaiting(notebook);
    });
  },
};

export const sitePlugins: JupyterFrontEndPlugin<void>[] = [kernel, interrupt, followRunAll];

// JupyterLab takes a module's default export, or (without __esModule) the value itself.
export const siteMimeExtensions = [plotlyExtension as unknown as IRenderMime.IExtensionModule];
