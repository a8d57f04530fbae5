// The kernels' heap and threads, set up on first use: a memory shared with
// worker threads where the environment allows threads, a private one where it
// does not, and plain JavaScript loops where there is no WebAssembly SIMD.
// Also the arrays that live in the heap (wasm-heap.ts) and the thread count setting.
import { createWasmHeap, type WasmHeap, MAX_THREADS } from "./wasm-heap";
import { ThreadPool, threadSupport } from "./thread-pool";

export interface WasmRuntime {
  readonly heap: WasmHeap;
  readonly pool: ThreadPool;
}

let runtime: WasmRuntime | null | undefined;
let requestedThreads: number | undefined;

/** The heap and the thread pool; null on an engine without WebAssembly SIMD. */
export function wasmRuntime(): WasmRuntime | null {
  if (runtime === undefined) {
    const support = threadSupport();
    const heap = (support ? createWasmHeap(true) : null) ?? createWasmHeap(false);
    if (heap === null) runtime = null;
    else {
      const start = heap.shared && support ? support.start : null;
      runtime = { heap, pool: new ThreadPool(heap, start, start ? threadsFor(support?.cores ?? 1) : 1) };
    }
  }
  return runtime;
}

/** The threads asked for (more than the cores is allowed: the results are the same, if slower), else one per core. */
function threadsFor(cores: number): number {
  return Math.max(1, Math.min(requestedThreads ?? threadsFromEnvironment() ?? cores, MAX_THREADS));
}

/** DLFS_THREADS, where there is an environment and it holds a whole number >= 1. */
function threadsFromEnvironment(): number | undefined {
  const text = typeof process === "object" ? process.env?.DLFS_THREADS : undefined;
  const threads = Number(text);
  return text && Number.isInteger(threads) && threads >= 1 ? threads : undefined;
}

/**
 * How many threads the large products may use (default: one per core, at
 * most 4). Results are the same for any number; 1 keeps everything on the
 * calling thread. The DLFS_THREADS environment variable sets it too. Where
 * the environment allows no threads, there is one whatever is asked.
 */
export function setThreads(threads: number): void {
  if (!Number.isInteger(threads) || threads < 1) {
    throw new RangeError(`setThreads: the number of threads must be a whole number >= 1, got ${threads}`);
  }
  requestedThreads = threads;
  const current = wasmRuntime();
  if (current) current.pool.threads = threadsFor(threadSupport()?.cores ?? 1);
}

/**
 * Starts the worker threads now rather than at the first large product, and
 * resolves once they are all waiting for work (at once where there are none).
 * For benchmarks and tests: a worker takes a few dozen milliseconds to start,
 * and meanwhile the calling thread does all the work.
 */
export function startThreads(): Promise<void> {
  return wasmRuntime()?.pool.startAll() ?? Promise.resolve();
}

/** What the kernels run on, for benchmarks and diagnostics. */
export interface ComputeInfo {
  /** The large products run in WebAssembly (false: plain JavaScript loops). */
  webAssembly: boolean;
  /** Their memory is shared with worker threads. */
  sharedMemory: boolean;
  /** Threads a large product is shared among. */
  threads: number;
  /** The WebAssembly heap, reserved (pages are used as they are written). */
  heapMegabytes: number;
  /** Chunks of products that worker threads have computed so far. */
  workerChunks: number;
}

export function computeInfo(): ComputeInfo {
  const current = wasmRuntime();
  return {
    webAssembly: current !== null,
    sharedMemory: current?.heap.shared ?? false,
    threads: current && current.heap.shared && threadSupport() ? current.pool.threads : 1,
    heapMegabytes: current ? current.heap.bytes / (1 << 20) : 0,
    workerChunks: current?.pool.workerChunks ?? 0,
  };
}

// ---- arrays in the heap ------------------------------------------------------------

const freeWhenCollected =
  typeof FinalizationRegistry === "function"
    ? new FinalizationRegistry<{ heap: WasmHeap; offset: number }>(({ heap, offset }) => heap.free(offset))
    : undefined;

/**
 * A zeroed array of `length` values in the WebAssembly heap, where the products
 * read it without a copy; a plain one when that memory is full or missing.
 * Its block is freed when the array is garbage-collected.
 */
export function heapArray(type: "float32" | "float64", length: number): Float32Array | Float64Array {
  const Type = type === "float32" ? Float32Array : Float64Array;
  const heap = wasmRuntime()?.heap;
  const offset = heap && freeWhenCollected ? heap.allocate(length * Type.BYTES_PER_ELEMENT, true) : null;
  if (!heap || offset === null) return new Type(length);
  const array = new Type(heap.buffer, offset, length);
  freeWhenCollected?.register(array, { heap, offset });
  return array;
}

/** Whether `array` lives in the WebAssembly heap (and where: its byteOffset). */
export function inWasmHeap(heap: WasmHeap, array: Float32Array | Float64Array): boolean {
  return array.buffer === heap.buffer;
}
