// dlfs's host in the site's kernel (see lib/src/host): outputs go to the
// notebook as display messages through the kernel, Interrupt comes from the
// kernel's "interrupt" message, and the library's files from the site (site-files.ts).
import { useHost, type DisplayMessage, type HostFiles } from "dlfs/internal";

const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/**
 * A plot's output without its HTML copy: the site draws plotly's JSON itself,
 * and the HTML (made for classic Notebook) carries plotly.js, megabytes that
 * would go into the notebook in the browser's storage with every plot.
 */
function withoutPlotHtml(message: DisplayMessage): DisplayMessage {
  if (!(PLOTLY_MIME in message.data) || !("text/html" in message.data)) return message;
  const data = { ...message.data };
  delete data["text/html"];
  return { ...message, data };
}

export interface BrowserHost {
  /** The learner pressed Interrupt: tells whoever listens (a training loop); false if nobody did. */
  interrupt(): boolean;
}

export function startBrowserHost(display: (message: DisplayMessage) => void, files: HostFiles): BrowserHost {
  const listeners = new Set<() => void>();
  useHost({
    kind: "notebook",
    display: (message) => display(withoutPlotHtml(message)),
    files,
    listenForInterrupt(onInterrupt) {
      listeners.add(onInterrupt);
      return () => listeners.delete(onInterrupt);
    },
  });
  return {
    interrupt() {
      for (const listener of [...listeners]) listener();
      return listeners.size > 0;
    },
  };
}
