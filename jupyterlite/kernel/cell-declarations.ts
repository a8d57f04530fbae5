// What a cell declares at its top level: the names a later cell may use.
// TypeScript's binder decides, as it does for the type checker: variables
// (`var` in a loop too), functions, classes, types, enums, namespaces and
// every kind of import. Function declarations come first, as the binder
// hoists them.
//
// One source for both kernels: the site's compiler (compiler.ts) imports it,
// and kernel-setup/tslab-fixes compiles it into tslab's converter. It uses
// only the TypeScript it is handed (tslab has its own copy).
import type * as TS from "typescript";

/** The binder, which TypeScript runs inside every program and does not declare in its types. */
interface Binder {
  bindSourceFile(file: TS.SourceFile, options: TS.CompilerOptions): void;
}

/** A source file after binding: its top-level symbols by their escaped names. */
interface BoundFile extends TS.SourceFile {
  readonly locals?: ReadonlyMap<TS.__String, TS.Symbol>;
}

/**
 * The keys of the symbols `text` declares at its top level, in the binder's
 * order, escaped as the binder keeps them (`__x` is `___x`, `declare global`
 * is `__global`), but for string-named modules: the names tslab exports from a cell.
 */
export function declaredKeys(ts: typeof TS, fileName: string, text: string, target: TS.ScriptTarget): string[] {
  const file: BoundFile = ts.createSourceFile(fileName, text, target);
  (ts as unknown as Binder).bindSourceFile(file, {});
  const keys = file.locals === undefined ? [] : Array.from(file.locals.keys(), (key) => String(key));
  // `declare module "m"` is bound under its quoted name: it declares no name a cell could export.
  return keys.filter((key) => !key.startsWith('"'));
}

/** The names a cell's code declares, as written in it (without `declare global`, which declares no name). */
export function declaredNames(ts: typeof TS, code: string): string[] {
  return declaredKeys(ts, "cell.ts", code, ts.ScriptTarget.ES2022)
    .filter((key) => key !== "__global")
    .map((key) => ts.unescapeLeadingUnderscores(key as TS.__String));
}
