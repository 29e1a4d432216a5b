import { describe, expect, it } from "vitest";
import { collisionMap, flowGenerator } from "../../../src/kinetic/moment-closure/alignment-flow.js";
import { coagulationSplits } from "../../../src/kinetic/moment-closure/coagulation.js";
import { subsetFactor } from "../../../src/kinetic/moment-closure/fragmentation.js";
import { monomialSymmetric, parsePartition, partitionsOf, symmetricBasis } from "../../../src/kinetic/moment-closure/symmetric-basis.js";
import { contractionRule } from "../../../src/kinetic/lattice/quadrature.js";

// The closed formulas of the generators, against direct evaluation of m_λ at fixed states.
const X = [0.7, -1.3, 0.4, 2.1, -0.5];

/** Σ_κ c_κ m_κ(x). */
const combination = (c: Map<string, number>, x: number[]) => [...c].reduce((s, [key, v]) => s + v * monomialSymmetric(parsePartition(key), x), 0);

/** All m-subsets of 0 … k − 1. */
function subsets(k: number, m: number): number[][] {
  if (m === 0) return [[]];
  if (k < m) return [];
  return [...subsets(k - 1, m), ...subsets(k - 1, m - 1).map((s) => [...s, k - 1])];
}

describe("coagulation: m_λ(x ∪ y) = Σ_{μ⊎ν=λ} m_μ(x)m_ν(y)", () => {
  it.each([
    [1, 1],
    [2, 3],
    [1, 4],
  ])("for an %i-cluster and a %i-cluster, every λ of degree ≤ 5", (i, j) => {
    const [x, y] = [X.slice(0, i), X.slice(i, i + j)];
    for (const lambda of symmetricBasis(i + j, 5)) {
      const split = coagulationSplits(lambda).reduce((s, [mu, nu]) => s + monomialSymmetric(mu, x) * monomialSymmetric(nu, y), 0);
      expect(split).toBeCloseTo(monomialSymmetric(lambda, [...x, ...y]), 10);
    }
  });
});

describe("fragmentation: the mean of m_λ over the uniform m-subsets is (m)_ℓ/(k)_ℓ·m_λ", () => {
  it.each([
    [2, 1],
    [3, 1],
    [3, 2],
    [5, 2],
    [5, 3],
  ])("k = %i, m = %i, every λ of degree ≤ 4", (k, m) => {
    const x = X.slice(0, k);
    const all = subsets(k, m);
    for (const lambda of symmetricBasis(k, 4)) {
      const mean = all.reduce((s, A) => s + monomialSymmetric(lambda, A.map((a) => x[a])), 0) / all.length;
      expect(mean).toBeCloseTo(subsetFactor(lambda, k, m) * monomialSymmetric(lambda, x), 10);
    }
  });
});

describe("alignment flow", () => {
  /** The state after aligning for time t at unit speed. */
  const flow = (x: number[], t: number) => {
    const mean = x.reduce((s, v) => s + v, 0) / x.length;
    return x.map((v) => mean + Math.exp(-t) * (v - mean));
  };

  it.each([1, 2, 3, 5])("the generator is the time derivative of m_λ along the flow (k = %i, degree ≤ 4)", (k) => {
    const x = X.slice(0, k);
    const h = 1e-5;
    for (const lambda of symmetricBasis(k, 4)) {
      const derivative = (monomialSymmetric(lambda, flow(x, h)) - monomialSymmetric(lambda, flow(x, -h))) / (2 * h);
      expect(combination(flowGenerator(lambda, k), x)).toBeCloseTo(derivative, 6);
    }
  });

  it.each([
    [2, 0.6],
    [3, 3.6],
    [4, 1],
  ])("the collision map is E[m_λ(m + r(x − m))] over r = e^{−τ}, τ ~ Exp(β) (k = %i, β = %s)", (k, beta) => {
    const x = X.slice(0, k);
    // r has density β r^{β−1}: Gauss–Jacobi with 4 nodes is exact up to degree 7 ≥ 4.
    const rule = contractionRule(4, beta, 1);
    const mean = x.reduce((s, v) => s + v, 0) / k;
    for (let d = 0; d <= 4; d++) {
      for (const [key, row] of collisionMap(k, d, beta)) {
        const expected = rule.nodes.reduce((s, r, q) => s + rule.weights[q] * monomialSymmetric(parsePartition(key), x.map((v) => mean + r * (v - mean))), 0);
        expect(combination(row, x)).toBeCloseTo(expected, 10);
      }
    }
  });

  it("keeps the degree and has eigenvalues 0, −2, … −d (e^{tL} is a polynomial in e^{−t} without linear term)", () => {
    // On degree 2 of a pair: L m_(2) = −m_(2) + 2m_(1,1), L m_(1,1) = m_(2)/2 − m_(1,1): eigenvalues 0 and −2.
    expect(flowGenerator([2], 2)).toEqual(new Map([["2", -1], ["1,1", 2]]));
    expect(flowGenerator([1, 1], 2)).toEqual(new Map([["1,1", -1], ["2", 0.5]]));
    for (const lambda of partitionsOf(3, 3)) for (const key of flowGenerator(lambda, 3).keys()) expect(parsePartition(key).reduce((s, p) => s + p, 0)).toBe(3);
  });
});
