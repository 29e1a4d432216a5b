import { LuDecomposition, Matrix } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { luFactor, luSolve } from "../../../src/kinetic/ode/dense-lu.js";

describe("dense LU", () => {
  it("solves a system that needs a row exchange", () => {
    const lu = luFactor(Float64Array.of(0, 1, 2, 0), 2);
    expect(lu).not.toBeNull();
    expect(Array.from(luSolve(lu!, Float64Array.of(3, 4)))).toEqual([2, 3]);
  });

  it("reports an exactly singular matrix", () => {
    expect(luFactor(Float64Array.of(1, 2, 2, 4), 2)).toBeNull();
  });

  it("agrees with ml-matrix on a fixed 6 × 6 system to rounding", () => {
    const n = 6;
    const a = Float64Array.from({ length: n * n }, (_, k) => Math.sin(1 + 3 * k) + (k % (n + 1) === 0 ? 0.5 : 0));
    const b = Float64Array.from({ length: n }, (_, i) => Math.cos(i));
    const reference = new LuDecomposition(new Matrix(Array.from({ length: n }, (_, i) => Array.from(a.subarray(i * n, (i + 1) * n))))).solve(Matrix.columnVector(Array.from(b))).getColumn(0);
    const x = luSolve(luFactor(Float64Array.from(a), n)!, b);
    // Both are backward stable; the systems's condition number here is < 10³.
    expect(x).toHaveLength(n);
    x.forEach((v, i) => expect(v).toBeCloseTo(reference[i], 10));
  });
});
