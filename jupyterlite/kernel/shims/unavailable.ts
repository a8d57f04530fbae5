// Node's modules that code bundled into the worker names only on paths a
// browser never takes (TypeScript's own Node system, danfo's file readers):
// an empty module, so that the bundle builds.
export {};
