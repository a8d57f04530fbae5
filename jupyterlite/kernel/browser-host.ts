// dlfs's host in the site's kernel (see lib/src/host): outputs go to the
// notebook as display messages through the kernel, and Interrupt comes from
// the kernel's "interrupt" message.
import { useHost, type DisplayMessage } from "dlfs/internal";

export interface BrowserHost {
  /** The learner pressed Interrupt: tells whoever listens (a training loop); false if nobody did. */
  interrupt(): boolean;
}

export function startBrowserHost(display: (message: DisplayMessage) => void): BrowserHost {
  const listeners = new Set<() => void>();
  useHost({
    kind: "notebook",
    display,
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
