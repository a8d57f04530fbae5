/** Sends what is written to process.stdout to `sink` instead of the terminal; returns the undo. */
function redirectStdout(sink: (text: string) => void): () => void {
  const own = Object.getOwnPropertyDescriptor(process.stdout, "write");
  const write = (chunk: string | Uint8Array): boolean => {
    sink(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
    return true;
  };
  Object.defineProperty(process.stdout, "write", { value: write, writable: true, configurable: true });
  return () => {
    if (own === undefined) Reflect.deleteProperty(process.stdout, "write");
    else Object.defineProperty(process.stdout, "write", own);
  };
}

/** What process.stdout.write is given while `fn` runs (nothing reaches the terminal). */
export function stdoutOf(fn: () => void): string {
  let text = "";
  const restore = redirectStdout((chunk) => (text += chunk));
  try {
    fn();
  } finally {
    restore();
  }
  return text;
}

/** The same for an async `fn`: what it writes until its promise settles. */
export async function stdoutOfAsync(fn: () => Promise<void>): Promise<string> {
  let text = "";
  const restore = redirectStdout((chunk) => (text += chunk));
  try {
    await fn();
  } finally {
    restore();
  }
  return text;
}
