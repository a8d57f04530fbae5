// node:crypto in the worker: random bytes from the browser's generator.

/** Random bytes that print as hex, like the Buffer Node returns. */
class RandomBytes extends Uint8Array {
  override toString(encoding?: string): string {
    if (encoding !== "hex") return super.toString();
    return Array.from(this, (byte) => byte.toString(16).padStart(2, "0")).join("");
  }
}

/** getRandomValues fills at most 65,536 bytes per call. */
const CHUNK = 65536;

export function randomFillSync<T extends ArrayBufferView>(view: T): T {
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  for (let start = 0; start < bytes.length; start += CHUNK) crypto.getRandomValues(bytes.subarray(start, start + CHUNK));
  return view;
}

export function randomBytes(size: number): RandomBytes {
  return randomFillSync(new RandomBytes(size));
}
