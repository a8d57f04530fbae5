// The built site (`npm run site`) for the browser tests: served on 127.0.0.1
// for a suite, and the part of JupyterLab's app that the tests reach in the
// page (JupyterLite exposes it: exposeAppInBrowser in jupyter-lite.json).
import { existsSync } from "node:fs";
import type { Server } from "node:http";
import * as path from "node:path";
import { serveSite } from "../../jupyterlite/serve";

const site = path.resolve(__dirname, "../../site");

/** An output as nbformat stores it. */
export interface OutputJson {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
}

interface NotebookCellView {
  model: {
    type: string;
    sharedModel: { getSource(): string; setSource(source: string): void; getOutputs?(): OutputJson[] };
  };
  node: HTMLElement;
}

/** A document's context: its file and, for a notebook, its kernel's session. */
interface DocumentContext {
  path: string;
  model: { dirty: boolean };
  sessionContext?: { shutdown(): Promise<void> };
}

interface AppInPage {
  commands: { execute(id: string, args?: object): Promise<unknown> };
  shell: {
    widgets(area: "main"): Iterable<{
      id: string;
      node: HTMLElement;
      context?: DocumentContext;
      close(): void;
    }>;
    activateById(id: string): void;
    currentWidget: {
      node: HTMLElement;
      close(): void;
      content: { node: HTMLElement; widgets: NotebookCellView[]; activeCellIndex: number };
      context: DocumentContext;
    } | null;
  };
}

declare global {
  interface Window {
    jupyterapp: AppInPage;
  }
}

/**
 * Serves the built site for the calling suite (in its before hook) and
 * returns its URL's getter. Skips the suite, saying so, where the site is
 * not built; on CI that is a failure, as CI builds it before the tests.
 */
export function useSite(): () => string {
  let served: { server: Server; url: string } | undefined;
  before(async function () {
    if (!existsSync(path.join(site, "lab", "index.html"))) {
      if (process.env.CI) throw new Error("site/ is not built: CI must run `npm run site` before the tests");
      console.log("    skipped: the site is not built (run `npm run site`)");
      this.skip();
    }
    served = await serveSite(site, 0);
  });
  after(() => served?.server.close());
  return () => {
    if (served === undefined) throw new Error("the site is not served (the before hook did not start it)");
    return served.url;
  };
}
