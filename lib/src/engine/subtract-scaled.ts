// The SGD update p -= rate · g (train()'s update of a library network), as
// one SIMD kernel call when both arrays live in the WebAssembly heap: the
// same products and differences as the plain loop, two values at a time.
import { inWasmHeap, wasmRuntime } from "./wasm-runtime";

/** p -= rate · g; returns whether every new value of p is finite (no inf, no NaN). */
export function subtractScaled(p: Float64Array, g: Float64Array, rate: number): boolean {
  const runtime = wasmRuntime();
  if (runtime && p.length === g.length && inWasmHeap(runtime.heap, p) && inWasmHeap(runtime.heap, g)) {
    const { heap } = runtime;
    // The calling thread's scratch is free between products.
    const rateAt = heap.threadScratch(0);
    heap.f64[rateAt / 8] = rate;
    heap.kernels.subtractScaled(p.byteOffset, g.byteOffset, p.length, rateAt, 0, 0, 0, 0, 0, 0, 0, 0);
    return new Int32Array(heap.buffer, rateAt + 8, 1)[0] === 0;
  }
  let finite = true;
  for (let i = 0; i < p.length; i++) {
    p[i] -= rate * g[i];
    if (p[i] - p[i] !== 0) finite = false;
  }
  return finite;
}
