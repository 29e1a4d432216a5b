/**
 * Gauss quadrature for the collision-duration integrals of the kinetic solvers.
 *
 * Every collision integral of [KMS] has the form ∫_0^∞ e^{−μ s} h(e^{−κ s}) ds: a duration
 * s ~ Exp(μ) and a contraction factor r = e^{−κ s} (κ = 1 for pairs (16), κ = 1/2 for triples
 * (17)). In the variable r the law of the contraction has density (μ/κ) r^{μ/κ − 1} on (0, 1), a
 * Jacobi weight, so Gauss–Jacobi nodes integrate every polynomial moment of degree ≤ 2Q − 1 in r
 * exactly: the moment equations of the discretised collision operators are those of the exact
 * ones. Gauss–Legendre (α = 0) is the special case used for the time quadratures.
 *
 * Nodes come from the Golub–Welsch algorithm: the eigenvalues of the Jacobi matrix of the
 * monic Jacobi polynomials P_n^{(0, α)}(2x − 1), and the squared first components of its
 * eigenvectors as weights.
 *
 * [KMS] L. Kanzler, C. Moschella, C. Schmeiser, "First order non-instantaneous corrections in
 * collisional kinetic alignment models".
 *
 * @module
 */
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { ConfigError } from "../../errors.js";

/** Nodes x_q ∈ (0, 1) and probability weights w_q (Σ w_q = 1). */
export interface Quadrature {
  nodes: number[];
  weights: number[];
}

/**
 * Gauss–Jacobi rule for the probability density (α + 1) x^α on (0, 1).
 *
 * Exact for E[x^j] = (α + 1)/(α + 1 + j), j ≤ 2Q − 1.
 *
 * @param points - number of nodes Q ≥ 1.
 * @param alpha - exponent α > −1 (α = μ − 1 for the pair contraction r = e^{−s}, s ~ Exp(μ)).
 * @returns nodes in increasing order with their weights.
 * @throws {ConfigError} naming `points` if Q < 1, `alpha` if α ≤ −1.
 * @example
 * gaussJacobi(1, 0) // { nodes: [0.5], weights: [1] }
 */
export function gaussJacobi(points: number, alpha: number): Quadrature {
  if (!(points >= 1) || !Number.isInteger(points)) throw new ConfigError("points", points, "a positive integer");
  if (!(alpha > -1)) throw new ConfigError("alpha", alpha, "> −1");
  const a = 0;
  const b = alpha;
  const J = Matrix.zeros(points, points);
  for (let n = 0; n < points; n++) {
    const s = 2 * n + a + b;
    J.set(n, n, n === 0 ? (b - a) / (a + b + 2) : (b * b - a * a) / (s * (s + 2)));
    if (n + 1 < points) {
      const m = n + 1;
      const t = 2 * m + a + b;
      const beta = (4 * m * (m + a) * (m + b) * (m + a + b)) / (t * t * (t + 1) * (t - 1));
      J.set(n, m, Math.sqrt(beta));
      J.set(m, n, Math.sqrt(beta));
    }
  }
  const evd = new EigenvalueDecomposition(J, { assumeSymmetric: true });
  const values = evd.realEigenvalues;
  const vectors = evd.eigenvectorMatrix;
  const pairs = values.map((t, k) => ({ x: (1 + t) / 2, w: vectors.get(0, k) ** 2 }));
  pairs.sort((p, q) => p.x - q.x);
  const total = pairs.reduce((sum, p) => sum + p.w, 0);
  return { nodes: pairs.map((p) => p.x), weights: pairs.map((p) => p.w / total) };
}

/**
 * Gauss–Legendre rule on (0, 1) with weights summing to 1: `gaussJacobi(points, 0)`.
 *
 * @param points - number of nodes ≥ 1; exact for polynomials of degree ≤ 2·points − 1.
 * @example
 * gaussLegendre01(2).nodes // [0.2113248654051871, 0.7886751345948129]
 */
export function gaussLegendre01(points: number): Quadrature {
  return gaussJacobi(points, 0);
}

/**
 * The rule for the contraction factor r = e^{−κ s} of a collision whose duration is
 * s ~ Exp(μ): r has density (μ/κ) r^{μ/κ − 1} on (0, 1) (docs/model.md, "useful exact facts").
 *
 * @param points - number of nodes.
 * @param mu - break-up rate μ > 0 in units of the alignment speed.
 * @param kappa - alignment speed κ > 0 of the cluster (1 for pairs (16), 1/2 for triples (17)).
 * @throws {ConfigError} naming `mu` if μ ≤ 0.
 */
export function contractionRule(points: number, mu: number, kappa: number): Quadrature {
  if (!(mu > 0)) throw new ConfigError("mu", mu, "a break-up rate > 0");
  return gaussJacobi(points, mu / kappa - 1);
}
