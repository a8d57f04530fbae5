// The WebAssembly memory the kernels work in, and the arrays that live there.
//
// Its size is fixed when it is created and it never grows: growing a memory
// that is not shared would detach every array view into it, and arrays do
// live here. Its pages cost nothing until they are written (the operating
// system maps them on first use), so it is reserved generously.
//
//   control block │ scratch per thread │ scratch for operands │ arrays
//
// A product copies the operands it needs into the scratch, unless they are
// already here: MNIST's images and the batches that train() draws from them
// are allocated here once (heapArray), so the products and the accuracy pass
// read them where they are instead of copying 70,000 images per evaluation;
// so are a network's weights and the buffers of train()'s library path.
// An array's block here is freed when the array is garbage-collected.
import { kernelModule, type KernelName, KERNEL_NAMES } from "./wasm-kernels";
import { webAssembly, type WasmMemory, type WasmModule } from "./webassembly";

/** The most threads a product is shared among (each has its scratch). */
export const MAX_THREADS = 4;
/** Scratch per thread: the lists of nonzero terms of a kernel call. */
export const THREAD_SCRATCH_BYTES = 1 << 20;
/** Scratch for the operands of one product (copies of B, of A in chunks, and C). */
export const OPERAND_SCRATCH_BYTES = 56 << 20;
/** Bytes at the start for the thread pool's control words. */
export const CONTROL_BYTES = 256;

const PAGE = 65536;
const ALIGN = 64;
/** Sizes tried, largest first: a browser tab may not get the first. */
const HEAP_SIZES = [512 << 20, 256 << 20, 128 << 20];

/** A kernel as called from JavaScript: the job's arguments, the chunk number, the thread's scratch. */
type KernelFunction = (...args: number[]) => void;

export interface WasmHeap {
  readonly memory: WasmMemory;
  readonly module: WasmModule;
  /** Whether other threads can work in this memory. */
  readonly shared: boolean;
  /** The memory's buffer; it never changes, since the memory never grows. */
  readonly buffer: ArrayBuffer;
  readonly bytes: number;
  readonly kernels: Record<KernelName, KernelFunction>;
  readonly f64: Float64Array;
  readonly f32: Float32Array;
  /** Where thread t's scratch starts. */
  threadScratch(thread: number): number;
  /** Where the operand scratch starts. */
  readonly operandScratch: number;
  /** A block of the arrays' region (zeroed if `zeroed`), or null when it is full. */
  allocate(bytes: number, zeroed: boolean): number | null;
  free(offset: number): void;
}

/** The WebAssembly heap, shared between threads if asked and possible; null without WebAssembly SIMD. */
export function createWasmHeap(shared: boolean): WasmHeap | null {
  const wasm = webAssembly();
  if (!wasm) return null;
  const bytes = kernelModule(shared);
  if (!wasm.validate(bytes)) return null; // an engine without SIMD
  for (const size of HEAP_SIZES) {
    let memory: WasmMemory;
    try {
      memory = new wasm.Memory({ initial: size / PAGE, maximum: size / PAGE, shared });
    } catch {
      continue; // not that much memory, or no shared memory here
    }
    const module = new wasm.Module(bytes);
    const exports = new wasm.Instance(module, { env: { memory } }).exports;
    const kernels = Object.fromEntries(KERNEL_NAMES.map((name) => [name, exports[name] as KernelFunction])) as Record<
      KernelName,
      KernelFunction
    >;
    return heapOver(memory, module, shared, size, kernels);
  }
  return null;
}

function heapOver(
  memory: WasmMemory,
  module: WasmModule,
  shared: boolean,
  size: number,
  kernels: Record<KernelName, KernelFunction>,
): WasmHeap {
  const buffer = memory.buffer;
  const scratchStart = PAGE;
  const operandScratch = scratchStart + MAX_THREADS * THREAD_SCRATCH_BYTES;
  const arraysStart = operandScratch + OPERAND_SCRATCH_BYTES;
  // Free blocks of the arrays' region as [start, size], sorted by start.
  const freeBlocks: [number, number][] = [[arraysStart, size - arraysStart]];
  const used = new Map<number, number>();
  // Memory above this has never been handed out: still the zeros a new memory starts with.
  let untouched = arraysStart;
  const f64 = new Float64Array(buffer);
  return {
    memory,
    module,
    shared,
    buffer,
    bytes: size,
    kernels,
    f64,
    f32: new Float32Array(buffer),
    operandScratch,
    threadScratch: (thread) => scratchStart + thread * THREAD_SCRATCH_BYTES,
    allocate(bytes, zeroed) {
      const need = Math.ceil(Math.max(bytes, 1) / ALIGN) * ALIGN;
      const i = freeBlocks.findIndex(([, free]) => free >= need);
      if (i < 0) return null;
      const [start, free] = freeBlocks[i];
      if (free === need) freeBlocks.splice(i, 1);
      else freeBlocks[i] = [start + need, free - need];
      used.set(start, need);
      // A block that held an earlier array is cleared; writing zeros where there are zeros would only cost time.
      if (zeroed && start < untouched) f64.fill(0, start / 8, Math.min(start + need, untouched) / 8);
      untouched = Math.max(untouched, start + need);
      return start;
    },
    free(offset) {
      const need = used.get(offset);
      if (need === undefined) return;
      used.delete(offset);
      let i = freeBlocks.findIndex(([start]) => start > offset);
      if (i < 0) i = freeBlocks.length;
      freeBlocks.splice(i, 0, [offset, need]);
      // Join with the free neighbours.
      const next = freeBlocks[i + 1];
      if (next && offset + need === next[0]) freeBlocks.splice(i, 2, [offset, need + next[1]]);
      const previous = freeBlocks[i - 1];
      if (previous && previous[0] + previous[1] === offset)
        freeBlocks.splice(i - 1, 2, [previous[0], previous[1] + freeBlocks[i][1]]);
    },
  };
}
