// Turns a notebook cell of TypeScript into JavaScript the worker can run, the
// way tslab does for Jupyter:
//
// - each cell is type-checked as a module against the declarations of the
//   cells that ran before it, so a name declared (or imported) in one cell is
//   known, with its type, in every later one, and may be declared again;
// - a cell with a type error does not run; its errors read "line:column - message",
//   and one from a NumPy habit (`x * 2` on an NDArray) has a hint after it (numpy-hints.ts);
// - the value of a cell's last expression is handed back to be printed;
// - `await` works at the top of a cell.
//
// How: every top-level name of a cell is exported, so that TypeScript's
// declaration output describes them all; once the cell has run, that output is
// kept as a file of its own (/cells/N.d.ts), and /cells/globals.d.ts declares
// each name as a global whose type is the one in the latest cell that declared
// it (a namespace, such as `import * as dlfs`, as an alias of it). At run time the names live on the worker's global object: the cell's
// CommonJS exports object writes through to it.
import ts from "typescript";
import { declaredNames } from "./cell-declarations";
import { numpyHints, withHint } from "./numpy-hints";

/** One cell, compiled. */
export interface CompiledCell {
  /** Type errors, as "line:column - message"; the cell must not run when there are any. */
  errors: string[];
  /** CommonJS code: a function body taking (exports, require, __cell), with top-level await. */
  javascript: string;
  /** Call once the cell has run, so that later cells know its names. */
  commit(): void;
}

export interface Completion {
  matches: string[];
  start: number;
  end: number;
}

const CELL = "/cells/input.ts";
const GLOBALS = "/cells/globals.d.ts";
/** Makes every cell a module (a file with an import or export is one). */
const PREFIX = "export {};\n";
/** The name the last expression's value is stored under (on the third argument of the cell's function). */
const LAST_VALUE = "__cell";

const options: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ["lib.es2022.d.ts", "lib.webworker.d.ts", "lib.webworker.iterable.d.ts"],
  strict: false,
  esModuleInterop: true,
  declaration: true,
  skipLibCheck: true,
  noEmitOnError: false,
  experimentalDecorators: true,
  types: [],
};

/** What a name declared by a cell stands for: a value, a type, both (a class), or a namespace of them. */
interface Declared {
  cell: string;
  value: boolean;
  type: boolean;
  namespace: boolean;
  typeParameters: string[];
}

export class CellCompiler {
  private readonly files = new Map<string, string>();
  private readonly versions = new Map<string, number>();
  private readonly declared = new Map<string, Declared>();
  private cellCount = 0;
  private readonly service: ts.LanguageService;
  /** Globals of the libraries (name, self, postMessage, ...): a cell may declare them anew, but not change their type. */
  private libraryGlobals: Set<string> | undefined;

  /** `types`: declaration files by path (TypeScript's libraries in /lib, dlfs in /node_modules/dlfs, /ambient.d.ts). */
  constructor(types: Record<string, string>) {
    for (const [file, text] of Object.entries(types)) this.files.set(file, text);
    this.setFile(GLOBALS, "export {};\n");
    this.setFile(CELL, PREFIX);
    const roots = ["/ambient.d.ts", GLOBALS, CELL].filter((file) => this.files.has(file));
    const host: ts.LanguageServiceHost = {
      getScriptFileNames: () => roots,
      getScriptVersion: (file) => String(this.versions.get(file) ?? 0),
      getScriptSnapshot: (file) => {
        const text = this.files.get(file);
        return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
      },
      getCurrentDirectory: () => "/",
      getCompilationSettings: () => options,
      getDefaultLibFileName: () => "/lib/lib.es2022.d.ts",
      fileExists: (file) => this.files.has(file),
      readFile: (file) => this.files.get(file),
      directoryExists: (dir) => {
        const prefix = dir.endsWith("/") ? dir : dir + "/";
        for (const file of this.files.keys()) if (file.startsWith(prefix)) return true;
        return false;
      },
      getDirectories: () => [],
    };
    this.service = ts.createLanguageService(host, ts.createDocumentRegistry());
  }

  compile(code: string): CompiledCell {
    const names = declaredNames(ts, code);
    const suffix = names.length > 0 ? `\n;export { ${names.join(", ")} };` : "";
    this.setFile(CELL, PREFIX + code + suffix);
    const program = this.service.getProgram();
    const source = program?.getSourceFile(CELL);
    if (program === undefined || source === undefined) throw new Error("the compiler has no program");
    // NumPy habits (`x * 2` on an NDArray, `np.sum`) get a hint after their error.
    const hintOf = numpyHints(ts, program.getTypeChecker());
    const errors = [
      ...program.getSyntacticDiagnostics(source),
      ...program.getSemanticDiagnostics(source),
      ...program.getGlobalDiagnostics(),
    ]
      .filter((d) => d.category === ts.DiagnosticCategory.Error)
      .map((d) => {
        return withHint(this.describe(d, code.length), hintOf(d));
      });
    if (errors.length > 0) return { errors, javascript: "", commit: () => undefined };

    let javascript = "";
    let declarations = "";
    program.emit(
      source,
      (file, text) => {
        if (file.endsWith(".d.ts")) declarations = text;
        else if (file.endsWith(".js")) javascript = text;
      },
      undefined,
      false,
      { after: [keepLastValue] },
    );
    const commonJs = ts.transpileModule(javascript, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    }).outputText;
    this.libraryGlobals ??= globalNames(program);
    const exported = this.exportsOf(program, source);
    return { errors: [], javascript: commonJs, commit: () => this.remember(declarations, exported) };
  }

  /** Names that fit at `cursor`, from the compiler's completions. */
  complete(code: string, cursor: number): Completion {
    this.setFile(CELL, PREFIX + code);
    const position = PREFIX.length + cursor;
    const info = this.service.getCompletionsAtPosition(CELL, position, {});
    let start = cursor;
    while (start > 0 && /[\w$]/.test(code[start - 1])) start--;
    const typed = code.slice(start, cursor);
    const matches = (info?.entries ?? [])
      .filter((entry) => entry.name.startsWith(typed))
      .sort((a, b) => a.sortText.localeCompare(b.sortText) || a.name.localeCompare(b.name))
      .map((entry) => entry.name);
    return { matches, start, end: cursor };
  }

  private setFile(file: string, text: string): void {
    this.files.set(file, text);
    this.versions.set(file, (this.versions.get(file) ?? 0) + 1);
  }

  /** tslab's form of a diagnostic, with the cell's own line numbers. */
  private describe(diagnostic: ts.Diagnostic, codeLength: number): string {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
    const file = diagnostic.file;
    if (file === undefined || diagnostic.start === undefined) return message;
    if (file.fileName !== CELL) {
      const { line, character } = file.getLineAndCharacterOfPosition(diagnostic.start);
      return `${file.fileName} ${line + 1}:${character + 1} - ${message}`;
    }
    const start = Math.min(Math.max(diagnostic.start - PREFIX.length, 0), codeLength);
    const before = file.text.slice(PREFIX.length, PREFIX.length + start).split("\n");
    return `${before.length}:${before[before.length - 1].length + 1} - ${message}`;
  }

  /** What each exported name of the cell stands for. */
  private exportsOf(program: ts.Program, source: ts.SourceFile): Map<string, Omit<Declared, "cell">> {
    const checker = program.getTypeChecker();
    const result = new Map<string, Omit<Declared, "cell">>();
    const moduleSymbol = checker.getSymbolAtLocation(source);
    for (const symbol of moduleSymbol ? checker.getExportsOfModule(moduleSymbol) : []) {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      const typeParameters: string[] = [];
      for (const declaration of target.declarations ?? []) {
        if (
          (ts.isClassDeclaration(declaration) ||
            ts.isInterfaceDeclaration(declaration) ||
            ts.isTypeAliasDeclaration(declaration)) &&
          declaration.typeParameters !== undefined &&
          typeParameters.length === 0
        ) {
          typeParameters.push(...declaration.typeParameters.map((p) => p.name.text));
        }
      }
      result.set(symbol.name, {
        value: (target.flags & ts.SymbolFlags.Value) !== 0,
        type: (target.flags & ts.SymbolFlags.Type) !== 0,
        namespace: (target.flags & ts.SymbolFlags.Namespace) !== 0,
        typeParameters,
      });
    }
    return result;
  }

  private remember(declarations: string, exported: Map<string, Omit<Declared, "cell">>): void {
    if (exported.size === 0) return;
    const cell = `/cells/${++this.cellCount}`;
    this.setFile(`${cell}.d.ts`, declarations);
    for (const [name, kind] of exported) this.declared.set(name, { cell, ...kind });
    const imports: string[] = [];
    const lines = ["declare global {"];
    for (const [name, { cell: from, value, type, namespace, typeParameters }] of this.declared) {
      // Declared again, a library's global would keep the library's type (two types for one global are an error).
      if (this.libraryGlobals?.has(name)) continue;
      const module = `import(${JSON.stringify(from)})`;
      // A namespace (`import * as dlfs`, `namespace N`, an enum) also names types (`dlfs.NDArray`):
      // an alias carries every meaning of the name, which `var` and `type` cannot.
      if (namespace) {
        const cellModule = `__cell${from.slice(from.lastIndexOf("/") + 1)}`;
        imports.push(`import * as ${cellModule} from ${JSON.stringify(from)};`);
        lines.push(`  export import ${name} = ${cellModule}.${name};`);
        continue;
      }
      if (value) lines.push(`  var ${name}: typeof ${module}.${name};`);
      if (type) {
        const parameters = typeParameters.length > 0 ? `<${typeParameters.join(", ")}>` : "";
        lines.push(`  type ${name}${parameters} = ${module}.${name}${parameters};`);
      }
    }
    lines.push("}");
    this.setFile(GLOBALS, [...new Set(imports), "export {};", ...lines].join("\n") + "\n");
  }
}

/** The names the libraries declare globally. */
function globalNames(program: ts.Program): Set<string> {
  const library = program.getSourceFile("/lib/lib.es2022.d.ts");
  if (library === undefined) return new Set();
  const meaning = ts.SymbolFlags.Value | ts.SymbolFlags.Type;
  return new Set(
    program
      .getTypeChecker()
      .getSymbolsInScope(library, meaning)
      .map((symbol) => symbol.name),
  );
}

/** The cell's last statement, if an expression, becomes `__cell.value = <expression>`. */
const keepLastValue: ts.TransformerFactory<ts.SourceFile> = (context) => (source) => {
  const statements = [...source.statements];
  for (let i = statements.length - 1; i >= 0; i--) {
    const statement = statements[i];
    if (ts.isExportDeclaration(statement)) continue;
    if (!ts.isExpressionStatement(statement)) break;
    const f = context.factory;
    statements[i] = f.createExpressionStatement(
      f.createAssignment(f.createPropertyAccessExpression(f.createIdentifier(LAST_VALUE), "value"), statement.expression),
    );
    return f.updateSourceFile(source, statements);
  }
  return source;
};
