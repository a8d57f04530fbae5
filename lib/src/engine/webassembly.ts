// The parts of the WebAssembly and browser APIs the kernels use. TypeScript's
// ES2022 library (this package's target, for Node and browsers alike) does
// not declare them, so they are declared here and looked up on globalThis.

export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}

export type WasmModule = object;

export interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
}

/** WebAssembly, where the engine has it. */
export function webAssembly(): WasmApi | undefined {
  return (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
}

/** What a browser (or a Web Worker) offers for starting threads. */
export interface BrowserGlobals {
  Worker?: new (url: string) => BrowserWorker;
  Blob?: new (parts: string[], options: { type: string }) => object;
  URL?: { createObjectURL(blob: object): string };
  crossOriginIsolated?: boolean;
  navigator?: { hardwareConcurrency?: number };
}

interface BrowserWorker {
  postMessage(message: unknown): void;
}

export function browserGlobals(): BrowserGlobals {
  const globals: BrowserGlobals = globalThis;
  return globals;
}
