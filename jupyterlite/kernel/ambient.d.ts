// Modules dlfs's declarations name that a browser does not have. The kernel
// type-checks cells against these (build.ts puts this file in types.json).

declare module "node:util" {
  export function inspect(value: unknown, options?: object): string;
  export namespace inspect {
    const custom: unique symbol;
  }
}

// danfo.js DataFrames, which dlfs's tables take and return: typed loosely here.
declare module "danfojs-node" {
  export class DataFrame {
    constructor(data?: unknown, options?: { columns?: string[] });
    readonly shape: number[];
    readonly columns: string[];
    readonly index: Array<string | number>;
    readonly values: unknown[];
    toString(): string;
    [member: string]: unknown;
  }
}
