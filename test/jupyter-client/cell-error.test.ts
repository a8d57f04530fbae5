// How a failed cell's error is read back from what tslab printed on stderr:
// a type error (with the hint a NumPy habit gets) or a runtime error.
import { expect } from "chai";
import { cellErrorFrom } from "../../jupyter-client/kernel/errors";

const printed = (text: string) => [{ output_type: "stream" as const, name: "stderr" as const, text }];

describe("a failed cell's error, read from tslab's stderr", () => {
  it("is a TypeScriptError when every line is a diagnostic", () => {
    const error = cellErrorFrom({}, printed("1:7 - Type 'number' is not assignable to type 'string'.\n"));
    expect(error.ename).to.equal("TypeScriptError");
  });

  it("is a TypeScriptError with a NumPy habit's hint after the diagnostic, the hint kept in its text", () => {
    const text =
      "1:1 - The left-hand side of an arithmetic operation must be of type 'any', 'number', 'bigint' or an enum type.\n" +
      "힌트: NDArray에는 연산자 * 대신 메서드를 씁니다: x.mul(2)\n" +
      "Hint: an NDArray takes a method, not the operator *: x.mul(2)\n";
    const error = cellErrorFrom({}, printed(text));
    expect(error.ename).to.equal("TypeScriptError");
    expect(error.evalue).to.include("x.mul(2)");
  });

  it("is not a type error when a hint-like line comes first", () => {
    const error = cellErrorFrom({}, printed("Hint: something a learner printed\n1:1 - a diagnostic\n"));
    expect(error.ename).to.equal("Error");
  });

  it("is the runtime error's class and message otherwise", () => {
    const error = cellErrorFrom(
      {},
      printed(
        "ValueError: shapes (3,) and (1,2) not aligned: 3 (dim 0) != 1 (dim 0)\n    at cell In [2], line 7: const c = dot(\n",
      ),
    );
    expect(error.ename).to.equal("ValueError");
    expect(error.evalue).to.equal("shapes (3,) and (1,2) not aligned: 3 (dim 0) != 1 (dim 0)");
  });
});
