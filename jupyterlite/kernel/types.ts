// The declarations the kernel type-checks cells against, gathered at build
// time (build.ts writes them to site/build/kernel/types.json; the worker's
// compiler reads them from there).
import * as fs from "node:fs";
import * as path from "node:path";

/** Follows `/// <reference lib="..." />` from TypeScript's default libraries. */
function typeScriptLibs(root: string, first: string[]): Map<string, string> {
  const dir = path.dirname(require.resolve("typescript", { paths: [root] }));
  const files = new Map<string, string>();
  const pending = [...first];
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (files.has(name)) continue;
    const text = fs.readFileSync(path.join(dir, name), "utf8");
    files.set(name, text);
    for (const match of text.matchAll(/^\/\/\/\s*<reference\s+lib="([^"]+)"\s*\/>/gm))
      pending.push(`lib.${match[1].toLowerCase()}.d.ts`);
  }
  return files;
}

/**
 * The files by their path in the compiler's file system: TypeScript's
 * libraries (ES2022 and a web worker's globals), dlfs's declarations (of the
 * built lib/ under `root`), and the few modules they name that do not exist in
 * a browser (ambient.d.ts).
 */
export function kernelTypes(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const [name, text] of typeScriptLibs(root, ["lib.es2022.d.ts", "lib.webworker.d.ts", "lib.webworker.iterable.d.ts"])) {
    files[`/lib/${name}`] = text;
  }
  const dlfs = path.join(root, "lib");
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".d.ts"))
        files[`/node_modules/dlfs/${path.relative(dlfs, full).split(path.sep).join("/")}`] = fs.readFileSync(full, "utf8");
    }
  };
  walk(path.join(dlfs, "dist"));
  files["/node_modules/dlfs/package.json"] = fs.readFileSync(path.join(dlfs, "package.json"), "utf8");
  files["/ambient.d.ts"] = fs.readFileSync(path.join(__dirname, "ambient.d.ts"), "utf8");
  return files;
}
