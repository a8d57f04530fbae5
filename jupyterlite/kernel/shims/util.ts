// node:util in the worker: Node's own inspect and format (node-inspect-extracted
// is their code, extracted for browsers), so values print as in a tslab kernel,
// and an object's [inspect.custom] (dlfs's arrays) is honoured.
export { format, formatWithOptions, inspect } from "node-inspect-extracted";
