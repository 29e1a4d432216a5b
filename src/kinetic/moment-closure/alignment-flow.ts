/**
 * The alignment flow (2) of a k-cluster on the symmetric monomial basis
 * (docs/moment-closure.md §3.3), at unit speed: dv_i/dt = m − v_i, m = p_1/k the cluster mean
 * (docs/model.md §1 runs it at speed 1/ε). Its generator on a test function φ is
 * Lφ = Σ_i (m − v_i)∂_iφ, and on m_λ of degree d (Euler: Σ_i v_i∂_i m_λ = d·m_λ)
 *
 *   L m_λ = (p_1/k)·D m_λ − d·m_λ,   D = Σ_i ∂_i,
 *
 * with, in the same basis,
 *   D m_λ   = Σ_r r·mult_{λ'}(r − 1)·m_{λ'}   (λ' = λ with one part r lowered to r − 1;
 *                                               mult_{λ'}(0) := k − ℓ(λ'), the free slots),
 *   p_1 m_μ = Σ_r mult_ν(r + 1)·m_ν           (ν = μ with one part r raised, or a part 1 added;
 *                                               m_ν = 0 when ν has more than k parts),
 * r running over the distinct part values. L keeps the degree, so it is a matrix on each degree.
 *
 * A cluster that aligns for an Exp(β) time τ (β its total break-up rate in units of the flow
 * speed) leaves with the law E_τ[e^{τL}] = β(β − L)^{−1} applied to its test functions, the
 * **collision map** of (16) (pairs, β = μ_{1,1}) and (17)/(18) (triples at half speed for
 * Exp(μ_{1,2}), i.e. unit speed for Exp(2μ_{1,2})). The eigenvalues of L are 0, −2, −3, … −d
 * (e^{tL}m_λ is a polynomial in e^{−t} with no linear term), so β − L is invertible for β > 0.
 *
 * @module
 */
import { ConfigError } from "../../errors.js";
import { luFactor, luSolve } from "../ode/dense-lu.js";
import { type ClusterLaw, type MomentPolynomial, addTo, momentOf } from "./moment-polynomial.js";
import { type Partition, degreeOf, multiplicities, parsePartition, partitionKey, partitionsOf } from "./symmetric-basis.js";

/** A linear combination of basis functions: partition key → coefficient. */
export type SymmetricCombination = Map<string, number>;

/** Sorts parts into a partition (non-increasing), dropping zeros. */
function normalise(parts: number[]): number[] {
  return parts.filter((part) => part > 0).sort((a, b) => b - a);
}

/** D m_λ on k variables (module comment). */
function derivativeSum(lambda: Partition, k: number): [Partition, number][] {
  return [...multiplicities(lambda).keys()].map((r) => {
    const lowered = [...lambda];
    lowered[lowered.indexOf(r)] = r - 1;
    const result = normalise(lowered);
    const slots = r === 1 ? k - result.length : (multiplicities(result).get(r - 1) ?? 0);
    return [result, r * slots];
  });
}

/** p_1·m_μ on k variables (module comment). */
function timesFirstPowerSum(mu: Partition, k: number): [Partition, number][] {
  const out: [Partition, number][] = [];
  for (const r of [...multiplicities(mu).keys(), 0]) {
    const raised = [...mu];
    if (r === 0) raised.push(1);
    else raised[raised.indexOf(r)] = r + 1;
    const result = normalise(raised);
    if (result.length <= k) out.push([result, multiplicities(result).get(r + 1) ?? 0]);
  }
  return out;
}

/**
 * L m_λ for a k-cluster at unit speed (module comment), as a combination of basis functions of
 * the same degree.
 *
 * @example
 * flowGenerator([2], 2) // Map { "2" => -1, "1,1" => 2 }: d(v_1² + v_2²)/dt = −(v_1² + v_2²) + 2v_1v_2
 */
export function flowGenerator(lambda: Partition, k: number): SymmetricCombination {
  const out: SymmetricCombination = new Map();
  const add = (nu: Partition, c: number) => {
    const key = partitionKey(nu);
    const sum = (out.get(key) ?? 0) + c;
    if (sum === 0) out.delete(key);
    else out.set(key, sum);
  };
  add(lambda, -degreeOf(lambda));
  for (const [lowered, c] of derivativeSum(lambda, k)) {
    for (const [nu, c2] of timesFirstPowerSum(lowered, k)) add(nu, (c * c2) / k);
  }
  return out;
}

/**
 * The collision map β(β − L)^{−1} m_λ of a k-cluster (module comment), for every λ of degree d:
 * row λ is the combination Σ_κ R_{λκ} m_κ. Solved per degree: with ψ = Σ_κ c_κ m_κ,
 * (β − L)ψ = β m_λ reads (β − Lᵀ)c = β e_λ in the basis.
 *
 * @param k - cluster size; d - degree; beta - break-up rate β > 0 in units of the flow speed.
 * @returns the rows, by partition key.
 * @throws {ConfigError} naming `mu` when β − L is singular (β = 0: the cluster never breaks up).
 */
export function collisionMap(k: number, d: number, beta: number): Map<string, SymmetricCombination> {
  const basis = partitionsOf(d, k);
  const n = basis.length;
  const position = new Map(basis.map((lambda, i) => [partitionKey(lambda), i]));
  const a = new Float64Array(n * n);
  basis.forEach((kappa, i) => {
    a[i * n + i] += beta;
    for (const [key, c] of flowGenerator(kappa, k)) a[(position.get(key) as number) * n + i] -= c;
  });
  const lu = luFactor(a, n);
  if (!lu) throw new ConfigError("mu", beta, `a break-up rate β at which β − L is invertible for ${k}-clusters at degree ${d}`);
  return new Map(
    basis.map((lambda, i) => {
      const rhs = new Float64Array(n);
      rhs[i] = beta;
      const c = luSolve(lu, rhs);
      return [partitionKey(lambda), new Map(basis.map((kappa, j) => [partitionKey(kappa), c[j]] as [string, number]).filter(([, v]) => v !== 0))];
    }),
  );
}

/**
 * The law of a k-cluster after one collision: it aligns at unit speed for an Exp(β) time, so
 * ∫ m_λ d(out) = Σ_κ R_{λκ} ∫ m_κ d(in) with R = β(β − L)^{−1} (mass and momentum kept).
 *
 * @param law - the law at the start of the collision; beta - break-up rate β > 0.
 */
export function collide(law: ClusterLaw, beta: number): ClusterLaw {
  const moments = new Map<string, MomentPolynomial>();
  for (let d = 0; d <= law.degree; d++) {
    for (const [key, row] of collisionMap(law.size, d, beta)) {
      const sum: MomentPolynomial = new Map();
      for (const [kappa, c] of row) addTo(sum, momentOf(law, parsePartition(kappa)), c);
      moments.set(key, sum);
    }
  }
  return { size: law.size, degree: law.degree, moments };
}
