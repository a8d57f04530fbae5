// Where a cell's names live when it runs: on the global object of the
// worker, where the next cells find them as globals (compiler.ts declares
// them so for the type checker).

/**
 * The `exports` a compiled cell (CommonJS) writes its names to, passing them
 * to `global`. TypeScript defines re-exported imports with getters, and a
 * later cell may import the same name again: plain values are kept instead.
 */
export function cellExports(global: object): object {
  return new Proxy(global, {
    defineProperty(target, name, descriptor) {
      if (name !== "__esModule")
        (target as Record<string | symbol, unknown>)[name] = descriptor.get ? descriptor.get() : descriptor.value;
      return true;
    },
  });
}

/** A cell's value, as the compiled code stores it (`__cell.value = <last expression>`). */
export interface CellResult {
  value?: unknown;
}

export type CellFunction = (exports: object, require: (id: string) => unknown, result: CellResult) => Promise<void>;

/** The source of the function a compiled cell runs as: evaluated in the global scope, it is a CellFunction. */
export function cellFunctionSource(javascript: string): string {
  return `(async function (exports, require, __cell) {\n${javascript}\n})`;
}
