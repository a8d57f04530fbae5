// NumPy's x[0] on an NDArray: JavaScript would read undefined and `x[0] = 5`
// would add a property, both silently. Both throw instead, in Korean and then
// in English, naming the methods that do it (ndarray.ts, "x[0]"); everything
// else an array does is as before. The lines marked @ts-expect-error also
// check that TypeScript (strict, as the tests are compiled) accepts no more
// than before: an NDArray still has no index signature.
import { expect } from "chai";
import { inspect } from "node:util";
import { NDArray, array, zeros } from "dlfs";

/** The message `action` throws, which must be a TypeError. */
function thrownBy(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(error).to.be.instanceOf(TypeError);
    return (error as TypeError).message;
  }
  throw new Error("nothing was thrown");
}

describe("NDArray: x[i], NumPy's indexing, throws and names dlfs's methods", () => {
  const matrix = (): NDArray =>
    array([
      [1, -2, 3],
      [-4, 5, -6],
    ]);

  it("reading an element or a row of a 2-D array: get for one element, take for rows", () => {
    const x = matrix();
    // @ts-expect-error an NDArray has no index signature
    expect(thrownBy(() => x[0])).to.equal(
      "NDArray는 x[0]처럼 대괄호로 읽을 수 없다. 원소 하나: x.get(0, j) · 행: x.take([0]) (shape (1, 3)) · x는 이 배열, shape (2, 3)\n" +
        "An NDArray cannot be read with brackets as in x[0]. One element: x.get(0, j) · rows: x.take([0]) (shape (1, 3)) · x is this array, shape (2, 3)",
    );
    // And what it names does the work: element (0, 1), and row 0 with its axis kept.
    expect(x.get(0, 1)).to.equal(-2);
    expect(x.take([0]).toArray()).to.deep.equal([[1, -2, 3]]);
  });

  it("a negative index, in a loop, and in 1-D, 3-D and 0-D arrays", () => {
    const x = matrix();
    // @ts-expect-error an NDArray has no index signature
    expect(thrownBy(() => x[-1])).to.match(/^NDArray는 x\[-1\]처럼 .* 원소 하나: x\.get\(-1, j\) · 행: x\.take\(\[-1\]\) /);
    expect(x.get(-1, -1)).to.equal(-6);
    expect(x.take([-1]).toArray()).to.deep.equal([[-4, 5, -6]]);

    const v = array([10, 20, 30]);
    let total = 0;
    const loop = (): void => {
      // @ts-expect-error an NDArray has no index signature
      for (let i = 0; i < v.size; i++) total += v[i];
    };
    expect(thrownBy(loop)).to.equal(
      "NDArray는 x[0]처럼 대괄호로 읽을 수 없다. 원소 하나: x.get(0) · x는 이 배열, shape (3,)\n" +
        "An NDArray cannot be read with brackets as in x[0]. One element: x.get(0) · x is this array, shape (3,)",
    );
    expect(total).to.equal(0);
    // @ts-expect-error an NDArray has no index signature
    expect(thrownBy(() => zeros(2, 3, 4)[1])).to.match(/ x\.get\(1, j, k\) · 행: x\.take\(\[1\]\) \(shape \(1, 3, 4\)\) /);
    // @ts-expect-error an NDArray has no index signature
    expect(thrownBy(() => array(7)[0])).to.match(/원소 하나: x\.item\(\) · x는 이 배열, shape \(\)\n.*One element: x\.item\(\)/);
    // @ts-expect-error an NDArray has no index signature
    expect(thrownBy(() => v[1.5])).to.match(/^NDArray는 x\[1\.5\]처럼 /);
  });

  it("writing throws too, and neither changes the array nor adds a property", () => {
    const x = matrix();
    const write = (): void => {
      // @ts-expect-error an NDArray has no index signature
      x[0] = 1;
    };
    expect(thrownBy(write)).to.equal(
      "NDArray의 원소는 x[0] = 1처럼 대괄호로 바꿀 수 없다. 원소 하나: x.set(1, 0, j) (값이 먼저, 그다음 인덱스) · 마스크로: x.putmask(mask, 1) · x는 이 배열, shape (2, 3)\n" +
        "An NDArray's elements cannot be set with brackets as in x[0] = 1. One element: x.set(1, 0, j) (the value first, then the indices) · by a mask: x.putmask(mask, 1) · x is this array, shape (2, 3)",
    );
    expect(Object.keys(x)).to.deep.equal(["data", "shape", "dtype"]);
    expect(x.toArray()).to.deep.equal([
      [1, -2, 3],
      [-4, 5, -6],
    ]);

    const v = array([1.5, 2.5]);
    // A value that is not a number: no putmask (it takes a number), and v for the value.
    const writeArray = (): void => {
      // @ts-expect-error an NDArray has no index signature
      v[-1] = array([1]);
    };
    expect(thrownBy(writeArray)).to.equal(
      "NDArray의 원소는 x[-1] = v처럼 대괄호로 바꿀 수 없다. 원소 하나: x.set(v, -1) (값이 먼저, 그다음 인덱스) · x는 이 배열, shape (2,)\n" +
        "An NDArray's elements cannot be set with brackets as in x[-1] = v. One element: x.set(v, -1) (the value first, then the indices) · x is this array, shape (2,)",
    );
    v.set(9, -1);
    expect(v.toArray()).to.deep.equal([1.5, 9]);
    const scalar = array(3);
    scalar.set(4);
    expect(scalar.item()).to.equal(4);
  });

  it("leaves everything else as it was: other keys, copies, JSON, printing, instanceof", () => {
    const v = array([1, 2, 3]);
    const record = v as unknown as Record<string | symbol, unknown>;
    expect(record.missing).to.equal(undefined);
    expect(record["01"]).to.equal(undefined); // not a number as JavaScript writes one
    expect(record[Symbol.iterator]).to.equal(undefined);
    record.note = "kept";
    expect(record.note).to.equal("kept");
    expect(0 in v).to.equal(false);
    expect(v).to.be.instanceOf(NDArray).and.instanceOf(Object);
    expect(Object.getPrototypeOf(v)).to.equal(NDArray.prototype);
    expect(Object.prototype.hasOwnProperty.call(v, "data")).to.equal(true);
    expect(JSON.stringify(array([1, 2]))).to.equal('{"data":{"0":1,"1":2},"shape":[2],"dtype":"int64"}');
    expect(Array.from(v as unknown as ArrayLike<number>)).to.deep.equal([]);
    expect(() => [...(v as unknown as Iterable<number>)]).to.throw(TypeError, /not iterable/);
    const { data, shape, dtype } = { ...array([4, 5]) };
    expect([Array.from(data), shape, dtype]).to.deep.equal([[4, 5], [2], "int64"]);
    const cloned = structuredClone(array([[1, 2]]));
    expect([Array.from(cloned.data), cloned.shape, cloned.dtype]).to.deep.equal([[1, 2], [1, 2], "int64"]);
    expect(inspect(array([0.5, 1]))).to.equal("[0.5 1. ]");
    expect(String(array([1, 2]))).to.equal("[1 2]"); // String() looks up Symbol.toPrimitive first, a key no array has
    const keys: string[] = [];
    for (const key in array([1])) keys.push(key);
    expect(keys).to.deep.equal(["data", "shape", "dtype"]);
    expect((NDArray.prototype as unknown as Record<string, unknown>)["0"]).to.equal(undefined);
  });
});
