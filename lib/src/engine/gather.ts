// NumPy's x[indices] for the rows of a training batch, as one kernel call
// when both arrays live in the WebAssembly heap (MNIST's images and train()'s
// batch do), shared among the threads: a batch of MNIST images is 300 KB to move.
import { THREAD_SCRATCH_BYTES } from "./wasm-heap";
import { inWasmHeap, wasmRuntime } from "./wasm-runtime";
import type { FloatArray } from "./matmul";

const GATHER_CHUNK_BYTES = 1 << 16;

/**
 * dst's rows = src's rows `rows` (checked and non-negative), `rowSize` values
 * each; false, copying nothing, if this cannot be done in the WebAssembly heap.
 */
export function gatherHeapRows(src: FloatArray, rows: Int32Array, rowSize: number, dst: FloatArray): boolean {
  const runtime = wasmRuntime();
  if (!runtime || rows.length * 4 > THREAD_SCRATCH_BYTES || src.BYTES_PER_ELEMENT !== dst.BYTES_PER_ELEMENT) return false;
  const { heap } = runtime;
  if (!inWasmHeap(heap, src) || !inWasmHeap(heap, dst)) return false;
  // The calling thread's scratch is free between products.
  const indicesAt = heap.threadScratch(0);
  new Int32Array(heap.buffer, indicesAt, rows.length).set(rows);
  const rowBytes = rowSize * src.BYTES_PER_ELEMENT;
  // Chunks of about 64 KB; a batch of MNIST images (300 KB) is shared among the threads.
  const rowsPerChunk = Math.max(1, Math.floor(GATHER_CHUNK_BYTES / rowBytes));
  const chunks = Math.ceil(rows.length / rowsPerChunk);
  const args = [src.byteOffset, rowBytes, indicesAt, rows.length, dst.byteOffset, rowsPerChunk];
  runtime.pool.run("gatherRows", args, chunks, rows.length * rowBytes >= 2 * GATHER_CHUNK_BYTES);
  return true;
}
