import { expect } from "chai";
import { inspect } from "node:util";
import { NDArray, allclose, arange, argmax, array, dot, full, maximum, ones, sum, zeros, zerosLike } from "dlfs";

describe("NDArray", () => {
  describe("creation", () => {
    it("infers integer, float and boolean arrays from nested lists", () => {
      const ints = array([
        [1, 2],
        [3, 4],
      ]);
      expect(ints.shape).to.deep.equal([2, 2]);
      expect(ints.dtype).to.equal("int64");
      expect(array([1.5, 2]).dtype).to.equal("float64");
      expect(array([true, false]).dtype).to.equal("bool");
      expect(array([[1, 2]], "float64").toString()).to.equal("[[1. 2.]]");
      expect(array([]).shape).to.deep.equal([0]);
    });

    it("rejects ragged lists and non-numbers with a clear error", () => {
      expect(() => array([[1, 2], [3]])).to.throw(/inhomogeneous shape after 1 dimensions. The detected shape was \(2,\)/);
      expect(() => array(["a" as unknown as number])).to.throw(/numbers or booleans/);
    });

    it("zeros, ones, full, arange, zerosLike", () => {
      expect(zeros(2, 3).shape).to.deep.equal([2, 3]);
      expect(Number(zeros([2, 3]).sum())).to.equal(0);
      expect(String(ones(4).sum())).to.equal("4.0");
      expect(full([2], 7).toArray()).to.deep.equal([7, 7]);
      expect(arange(5).toArray()).to.deep.equal([0, 1, 2, 3, 4]);
      expect(arange(1, 2, 0.25).toArray()).to.deep.equal([1, 1.25, 1.5, 1.75]);
      expect(zerosLike(array([[1, 2]])).shape).to.deep.equal([1, 2]);
      expect(() => zeros(-1)).to.throw("negative dimensions are not allowed");
      expect(() => zeros(1.5)).to.throw("'float' object cannot be interpreted as an integer");
      expect(() => new NDArray(new Float64Array(3), [2, 2])).to.throw(/needs 4 values, got 3/);
    });
  });

  describe("shape", () => {
    it("reshape with -1, transpose, flatten", () => {
      const a = arange(6).reshape(2, 3);
      expect(a.toArray()).to.deep.equal([
        [0, 1, 2],
        [3, 4, 5],
      ]);
      expect(a.reshape(-1, 2).shape).to.deep.equal([3, 2]);
      expect(a.T.toArray()).to.deep.equal([
        [0, 3],
        [1, 4],
        [2, 5],
      ]);
      expect(arange(24).reshape(2, 3, 4).T.shape).to.deep.equal([4, 3, 2]);
      expect(arange(24).reshape(2, 3, 4).T.get(3, 2, 1)).to.equal(arange(24).reshape(2, 3, 4).get(1, 2, 3));
      expect(a.flatten().shape).to.deep.equal([6]);
      expect(() => a.reshape(4, 2)).to.throw("cannot reshape array of size 6 into shape (4,2)");
      expect(() => a.reshape(4, -1)).to.throw("cannot reshape array of size 6 into shape (4,newaxis)");
    });

    it("get, set and negative indices", () => {
      const a = arange(6).reshape(2, 3);
      expect(a.get(1, -1)).to.equal(5);
      a.set(9, 0, 0);
      expect(a.get(0, 0)).to.equal(9);
      expect(() => a.get(2, 0)).to.throw("index 2 is out of bounds for axis 0 with size 2");
    });

    it("take picks rows by index, repeats allowed (x_train[batch_mask])", () => {
      const x = arange(8).reshape(4, 2);
      expect(x.take([3, 0, 3]).toArray()).to.deep.equal([
        [6, 7],
        [0, 1],
        [6, 7],
      ]);
      expect(x.take(array([1])).shape).to.deep.equal([1, 2]);
      expect(() => x.take([4])).to.throw(/out of bounds/);
    });
  });

  describe("arithmetic with broadcasting", () => {
    it("adds a bias row to every row of a batch", () => {
      const x = array([
        [1, 2, 3],
        [4, 5, 6],
      ]);
      expect(x.add(array([10, 20, 30])).toArray()).to.deep.equal([
        [11, 22, 33],
        [14, 25, 36],
      ]);
      expect(x.add(array([[1, 2, 3]])).toArray()).to.deep.equal([
        [2, 4, 6],
        [5, 7, 9],
      ]);
      expect(x.sub(array([[1], [2]])).toArray()).to.deep.equal([
        [0, 1, 2],
        [2, 3, 4],
      ]);
      expect(
        array([1, 2])
          .mul(array([[1], [10]]))
          .toArray(),
      ).to.deep.equal([
        [1, 2],
        [10, 20],
      ]);
    });

    it("follows NumPy's dtype rules: ints stay ints, / is true division", () => {
      const x = array([1, 2]);
      expect(x.add(1).dtype).to.equal("int64");
      expect(x.mul(0.5).dtype).to.equal("float64");
      expect(x.div(2).dtype).to.equal("float64");
      expect(x.div(2).toString()).to.equal("[0.5 1. ]");
      expect(x.exp().dtype).to.equal("float64");
      expect(x.le(1).dtype).to.equal("bool");
    });

    it("names both shapes when they do not broadcast", () => {
      expect(() => array([[1, 2, 3]]).add(array([1, 2]))).to.throw(
        "operands could not be broadcast together with shapes (1,3) (2,) ",
      );
    });

    it("updates in place for SGD (a -= lr * grad)", () => {
      const W = array([[1, 2]], "float64");
      const alias = W;
      W.isub(array([[0.5, 0.5]]));
      expect(alias.toArray()).to.deep.equal([[0.5, 1.5]]);
      expect(() => W.isub(array([[1], [2]]))).to.throw(/non-broadcastable output/);
    });

    it("maximum, neg, abs, exp, log", () => {
      expect(maximum(array([-1, 2]), 0).toArray()).to.deep.equal([0, 2]);
      expect(array([1, -2]).neg().toArray()).to.deep.equal([-1, 2]);
      expect(array([1, -2]).abs().toArray()).to.deep.equal([1, 2]);
      expect(array([0]).exp().toArray()).to.deep.equal([1]);
      expect(array([1]).log().toArray()).to.deep.equal([0]);
    });
  });

  describe("masks", () => {
    it("builds a boolean mask and assigns through it (out[mask] = 0)", () => {
      const x = array([
        [1.0, -0.5],
        [-2.0, 3.0],
      ]);
      const mask = x.le(0);
      expect(mask.toString()).to.equal("[[False  True]\n [ True False]]");
      const out = x.copy().putmask(mask, 0);
      expect(out.toString()).to.equal("[[1. 0.]\n [0. 3.]]");
      expect(x.get(0, 1)).to.equal(-0.5);
    });

    it("rejects a mask of another shape, as NumPy's boolean index error", () => {
      expect(() => array([[1, 2, 3]]).putmask(array([[true, false]]), 0)).to.throw(
        "boolean index did not match indexed array along dimension 1; dimension is 3 but corresponding boolean dimension is 2",
      );
      expect(() => array([1, 2]).putmask(array([1, 0]), 0)).to.throw(/must be a boolean array/);
    });

    it("compares element-wise", () => {
      const x = array([1, 2, 3]);
      expect(x.lt(2).toArray()).to.deep.equal([true, false, false]);
      expect(x.gt(2).toArray()).to.deep.equal([false, false, true]);
      expect(x.ge(2).toArray()).to.deep.equal([false, true, true]);
      expect(x.eq(array([1, 0, 3])).toArray()).to.deep.equal([true, false, true]);
      expect(x.ne(2).toArray()).to.deep.equal([true, false, true]);
    });
  });

  describe("reductions", () => {
    const a = array([
      [1, 5, 3],
      [4, 2, 6],
    ]);
    it("sum, mean, max, min with and without an axis", () => {
      expect(a.sum()).to.equal(21); // an int64 sum is a plain number, which prints as NumPy's int64
      expect(sum(a, 0).toArray()).to.deep.equal([5, 7, 9]);
      expect(a.sum(1).toArray()).to.deep.equal([9, 12]);
      expect(a.sum(1, true).shape).to.deep.equal([2, 1]);
      expect(a.sum(-1).toArray()).to.deep.equal([9, 12]);
      expect(Number(a.mean())).to.equal(3.5);
      expect(a.mean(0).toArray()).to.deep.equal([2.5, 3.5, 4.5]);
      expect(a.max()).to.equal(6);
      expect(a.max(1).toArray()).to.deep.equal([5, 6]);
      expect(a.min(0).toArray()).to.deep.equal([1, 2, 3]);
      expect(() => a.sum(2)).to.throw("axis 2 is out of bounds for array of dimension 2");
      expect(() => zeros(0).max()).to.throw(/zero-size array/);
    });

    it("argmax picks the first of equal values, per row with axis 1", () => {
      expect(a.argmax()).to.equal(5);
      expect(argmax(a, 1).toArray()).to.deep.equal([1, 2]);
      expect(a.argmax(0).toArray()).to.deep.equal([1, 0, 1]);
      expect(array([3, 3, 1]).argmax()).to.equal(0);
    });
  });

  describe("dot", () => {
    it("multiplies matrices and vectors as np.dot", () => {
      const X = array([[1, 2]]);
      const W = array([
        [1, 3, 5],
        [2, 4, 6],
      ]);
      expect(dot(X, W).toString()).to.equal("[[ 5 11 17]]");
      expect(dot(array([1, 2]), W).shape).to.deep.equal([3]);
      expect(dot(W, array([1, 1, 1])).toArray()).to.deep.equal([9, 12]);
      const inner = dot(array([1, 2]), array([3, 4]));
      expect(inner.ndim).to.equal(0);
      expect(inner.item()).to.equal(11);
      expect(X.dot(W).dtype).to.equal("int64");
      expect(X.dot(array([[0.5], [1]])).dtype).to.equal("float64");
    });

    it("skips zeros without changing the result", () => {
      const a = array(
        [
          [0, 1, 0],
          [2, 0, 0],
        ],
        "float64",
      );
      const b = array(
        [
          [1, 2],
          [3, 4],
          [5, 6],
        ],
        "float64",
      );
      expect(dot(a, b).toArray()).to.deep.equal([
        [3, 4],
        [2, 4],
      ]);
    });

    it("says which dimensions are not aligned, as NumPy", () => {
      expect(() => dot(array([[1, 2, 3]]), array([[1, 2, 3]]))).to.throw(
        "shapes (1,3) and (1,3) not aligned: 3 (dim 1) != 1 (dim 0)",
      );
    });
  });

  it("prints as NumPy in console.log and util.inspect", () => {
    const a = array([[93, 211]]);
    expect(inspect(a)).to.equal("[[ 93 211]]");
    expect(String(a)).to.equal("[[ 93 211]]");
    expect(a.repr()).to.equal("array([[ 93, 211]])");
  });

  it("allclose", () => {
    expect(allclose(array([1, 2]), array([1, 2 + 1e-9]))).to.equal(true);
    expect(allclose(array([1, 2]), array([1, 2.1]))).to.equal(false);
    expect(allclose(array([NaN]), array([NaN]))).to.equal(false);
  });
});
