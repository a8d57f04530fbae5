/** What process.stdout.write is given while `fn` runs (nothing reaches the terminal). */
export function stdoutOf(fn: () => void): string {
  const write = process.stdout.write;
  let text = "";
  process.stdout.write = ((chunk: string | Uint8Array) => {
    text += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  try {
    fn();
  } finally {
    process.stdout.write = write;
  }
  return text;
}
