import { describe, expect, it } from "vitest";
import { monomialSymmetric, orbitSize, partitionsOf, symmetricBasis } from "../../../src/kinetic/moment-closure/symmetric-basis.js";

describe("symmetric monomial basis", () => {
  it("has as many partitions of d with ≤ k parts as the partition numbers p(d) once k ≥ d", () => {
    // p(0 … 6) = 1, 1, 2, 3, 5, 7, 11 (OEIS A000041).
    expect([0, 1, 2, 3, 4, 5, 6].map((d) => partitionsOf(d, d).length)).toEqual([1, 1, 2, 3, 5, 7, 11]);
    expect(partitionsOf(4, 2)).toEqual([[4], [3, 1], [2, 2]]);
    expect(symmetricBasis(1, 3)).toEqual([[], [1], [2], [3]]);
  });

  it("orbit size counts the distinct monomials: m_λ(1, …, 1) = orbitSize", () => {
    for (const k of [1, 2, 3, 5]) {
      for (const lambda of symmetricBasis(k, 5)) expect(monomialSymmetric(lambda, new Array(k).fill(1))).toBe(orbitSize(lambda, k));
    }
  });

  it("evaluates m_(2,1) on three variables as the sum of the six distinct v_i²v_j", () => {
    const [a, b, c] = [0.3, -1.2, 2];
    expect(monomialSymmetric([2, 1], [a, b, c])).toBeCloseTo(a * a * (b + c) + b * b * (a + c) + c * c * (a + b), 14);
  });
});
