// The kernels' heap and threads, set up on first use: a memory shared with
// worker threads where the environment allows threads, a private one where it
// does not, and plain JavaScript loops where there is no WebAssembly SIMD.
// Also the resident arrays (kernel-heap.ts) and the thread count setting.
import { createKernelHeap, type KernelHeap, MAX_THREADS } from "./kernel-heap";
import { ThreadPool, threadSupport } from "./thread-pool";

export interface KernelRuntime {
  readonly heap: KernelHeap;
  readonly pool: ThreadPool;
}

let runtime: KernelRuntime | null | undefined;
let requestedThreads: number | undefined;

/** The heap and the thread pool; null on an engine without WebAssembly SIMD. */
export function kernelRuntime(): KernelRuntime | null {
  if (runtime === undefined) {
    const support = threadSupport();
    const heap = (support ? createKernelHeap(true) : null) ?? createKernelHeap(false);
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
  const current = kernelRuntime();
  if (current) current.pool.threads = threadsFor(threadSupport()?.cores ?? 1);
}

/**
 * Starts the worker threads now rather than at the first large product, and
 * resolves once they are all waiting for work (at once where there are none).
 * For benchmarks and tests: a worker takes a few dozen milliseconds to start,
 * and meanwhile the calling thread does all the work.
 */
export function startThreads(): Promise<void> {
  return kernelRuntime()?.pool.startAll() ?? Promise.resolve();
}

/** What the kernels run on, for benchmarks and diagnostics. */
export interface KernelInfo {
  /** The large products run in WebAssembly (false: plain JavaScript loops). */
  webAssembly: boolean;
  /** Their memory is shared with worker threads. */
  sharedMemory: boolean;
  /** Threads a large product is shared among. */
  threads: number;
  /** The kernels' memory, reserved (pages are used as they are written). */
  heapMegabytes: number;
  /** Chunks of products that worker threads have computed so far. */
  workerChunks: number;
}

export function kernelInfo(): KernelInfo {
  const current = kernelRuntime();
  return {
    webAssembly: current !== null,
    sharedMemory: current?.heap.shared ?? false,
    threads: current && current.heap.shared && threadSupport() ? current.pool.threads : 1,
    heapMegabytes: current ? current.heap.bytes / (1 << 20) : 0,
    workerChunks: current?.pool.workerChunks ?? 0,
  };
}

// ---- resident arrays ----------------------------------------------------------------

const freeWhenCollected =
  typeof FinalizationRegistry === "function"
    ? new FinalizationRegistry<{ heap: KernelHeap; offset: number }>(({ heap, offset }) => heap.free(offset))
    : undefined;

/**
 * A zeroed array of `length` values in the kernels' memory, where the products
 * read it without a copy; a plain one when that memory is full or missing.
 * Its block is freed when the array is garbage-collected.
 */
export function residentArray(type: "float32" | "float64", length: number): Float32Array | Float64Array {
  const Type = type === "float32" ? Float32Array : Float64Array;
  const heap = kernelRuntime()?.heap;
  const offset = heap && freeWhenCollected ? heap.allocate(length * Type.BYTES_PER_ELEMENT, true) : null;
  if (!heap || offset === null) return new Type(length);
  const array = new Type(heap.buffer, offset, length);
  freeWhenCollected?.register(array, { heap, offset });
  return array;
}

/** Whether `array` lives in the kernels' memory (and where: its byteOffset). */
export function isResident(heap: KernelHeap, array: Float32Array | Float64Array): boolean {
  return array.buffer === heap.buffer;
}
