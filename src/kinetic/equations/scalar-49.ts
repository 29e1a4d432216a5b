/**
 * The scalar first-order model (49) of [KMS] for f_1 alone, and its loss of positivity.
 *
 * With the probability operators of `collision-operators.ts` (all at the pair rule r = e^{−s},
 * s ~ Exp(μ_{1,1}), unless marked):
 *   Q[f, g]      single law after one pair collision of f⊗g           (μ∫∫_0^∞S_2(s)(f⊗g) ds dv_2),
 *   Q̄[f, g]      the same after two successive durations, r = r_1r_2  (μ²∫∫∫_0^∞S_2(s+r)(f⊗g)),
 *   P[f]         pair law after one collision of f⊗f                 (μ∫_0^∞S_2(s)(f⊗f) ds),
 *   T_1, T_2     single and pair marginals of the triple collision of f⊗P[f] (μ_{1,2}∫_0^∞S_3),
 *   C[G]         single law of a pair law G after one further collision,
 * the eight terms of (49), in the order printed, are
 *   ∂_t f = 2λ_{1,1}Q[f,f] − 2λ_{1,1}M_1 f
 *         + ε(λ_{1,1}λ_{1,2}/μ_{1,1})·(2C[T_2] + T_1 − M_1² f − 2M_1 Q̄[f,f])
 *         − ε(4λ_{1,1}²/μ_{1,1})·(Q̄[f, Q[f,f]] + Q̄[Q[f,f], f]) + ε(8λ_{1,1}²/μ_{1,1})M_1 Q̄[f,f].
 * (The powers of μ follow from ∫_0^∞S_2(s)ds = μ_{1,1}^{−1}E, ∫∫S_2(s+r) = μ_{1,1}^{−2}E over the
 * Gamma(2) duration, ∫S_3 = μ_{1,2}^{−1}E.) Reading the garbled third and eighth terms as printed
 * against their derivation from (46), (47) and the Neumann step (48): the third is
 * 2εμ_{1,1}∫ f̃_2 dv_2 from the triple part of f̃_2, the last two are −εA[f, B[f, f]] with
 * A, B as defined above (48). Every term conserves mass (their masses cancel: 2 + 1 − 1 − 2 and
 * −8 + 8 in units of ελ_{1,1}M³/μ_{1,1}) and momentum.
 *
 * Positivity. The terms −2εM_1λ_{1,1}λ_{1,2}Q̄/μ_{1,1} and −4ελ_{1,1}²(Q̄[f,Q] + Q̄[Q,f])/μ_{1,1} are
 * losses that are not proportional to f (the paper's warning below (49)): where f is small and
 * the doubly-contracted laws Q̄ are not, f turns negative. The solver uses the deposit of degree 1
 * (non-negative weights), a lattice refined as f_1 contracts by a non-negative remap
 * (`contracting-lattice.ts`), and RK4, so every negative value it reports comes from the model,
 * not from the discretisation; `diagnostics.minF1` is min_i m_i/h at each output time and
 * `diagnostics.firstNegativeTime` the end of the first time step after which some node mass is
 * below −10⁻¹⁴ × the largest node mass (the rounding floor), 0 when the slip-corrected datum
 * itself is negative somewhere (the slip −(2ελ_{1,1}/μ_{1,1})Q̄ is a loss concentrated where the
 * pairs align, e.g. between the modes of a bimodal law), or null.
 *
 * Initial data: by default the slip-corrected datum of the initial layer,
 * f_1(0) = Mg − (2ελ_{1,1}/μ_{1,1})·Q̄[Mg, Mg] (`equations/initial-slip-49.ts`), on which (49) continues the
 * solution of (14) from f_2(0) = 0 to O(ε²); with `datum` "printed", the paper's
 * f_1(0) = f_1^I, as for (33) (`limit-33.ts`): M(1 − p)g + Mp × (one collision of g⊗g), which is
 * O(ε) off. Pair observables are those of the leading-order pair law (44) = (32), triples of (12).
 *
 * [KMS] L. Kanzler, C. Moschella, C. Schmeiser, "First order non-instantaneous corrections in
 * collisional kinetic alignment models".
 *
 * @module
 */
import type { ModelConfig } from "../../model/config.js";
import { initialLaw } from "../../model/initial-law.js";
import type { RunOutput } from "../../contract/run-output.js";
import { collisionSingle, contractPair, pairCollisionSingle, productPair, tripleLattice, tripleMarginals } from "../lattice/collision-operators.js";
import { SINGLE_STATE, integrateFollowingContraction, latticeDiagnostics } from "../lattice/contracting-lattice.js";
import { kineticSummary, quasiStaticMoments } from "../lattice/lattice-summary.js";
import { type Lattice, histogram1D, initialMasses, pairGrid, velocityGrid } from "../lattice/lattice.js";
import { type Quadrature, contractionRule } from "../lattice/quadrature.js";
import { type InitialDatum, slipWeight } from "./initial-slip-49.js";
import { pairRates } from "./paper-rates.js";
import { RECOMMENDED, type Resolution } from "../lattice/resolution.js";

/** Deposit degree of (49): 1, non-negative weights (mass and momentum exact). */
const ORDER = 1;

/** Relative rounding floor below which a node mass counts as negative. */
const NEGATIVE_FLOOR = 1e-14;

/** Whether some node mass is below −{@link NEGATIVE_FLOOR} × the largest one. */
function hasNegativeMass(f: Float64Array): boolean {
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < f.length; i++) {
    lo = Math.min(lo, f[i]);
    hi = Math.max(hi, f[i]);
  }
  return lo < -NEGATIVE_FLOOR * hi;
}

/**
 * Solves the scalar first-order model (49) on a velocity lattice and tracks min f_1.
 *
 * @param config - the run configuration.
 * @param resolution - default RECOMMENDED.scalar (h = 0.1, dt = 0.05, 4 nodes in r, triple term
 *   on a 4× coarser lattice with 2 nodes in q).
 * @param datum - "slip" (default): the slip-corrected initial datum; "printed": f_1(0) = f_1^I.
 * @returns summary (source "kinetic:scalar", diagnostics.initialDatum, diagnostics.minF1 per
 *   output time, the first of them at t = 0 when 0 is an output time, and
 *   diagnostics.firstNegativeTime) and f1.
 * @throws {ConfigError} if a cluster that forms never breaks up, the bins are incommensurate, or
 *   the slip-corrected datum is asked for with pairedFraction > 0.
 */
export function solveScalar(config: ModelConfig, resolution: Resolution = RECOMMENDED.scalar, datum: InitialDatum = "slip"): RunOutput {
  const started = performance.now();
  const rates = pairRates(config);
  const slip = slipWeight(datum, config, rates);
  const { lambda11, lambda12, mu11, mu12 } = rates;
  const eps = config.epsilon;
  const M = config.mass;
  const p = config.initial.pairedFraction;
  const law = initialLaw(config.initial);
  const grid = velocityGrid(config, law, resolution.spacing, resolution.binsPerCell);
  const { lattice } = grid;
  const f0 = initialMasses(law, lattice, M * (1 - p), ORDER);
  const rule = contractionRule(resolution.collisionNodes, mu11 > 0 ? mu11 : 1, 1);
  if (p > 0) {
    const g = initialMasses(law, lattice, 1, ORDER);
    collisionSingle(g, g, lattice, rule, M * p, ORDER, f0);
  }
  const twice: Quadrature = { nodes: [], weights: [] };
  rule.nodes.forEach((r1, a) => rule.nodes.forEach((r2, b) => (twice.nodes.push(r1 * r2), twice.weights.push(rule.weights[a] * rule.weights[b]))));
  if (slip !== 0) {
    const fI = f0.slice();
    collisionSingle(fI, fI, lattice, twice, slip, ORDER, f0);
  }
  const tripleRule = lambda12 > 0 ? contractionRule(resolution.tripleNodes, mu12, 0.5) : null;

  const build = (lattice: Lattice) => {
    const n = lattice.n;
    const pair = pairGrid(lattice);
    const triples = tripleRule ? { lattices: tripleLattice(pair, resolution.tripleCoarsening), rule: tripleRule } : null;
    return {
      propagate: (_tau: number, u: Float64Array, out: Float64Array) => out.set(u),
      nonlinear(f: Float64Array, out: Float64Array) {
        if (lambda11 === 0) return;
        let M1 = 0;
        for (let i = 0; i < n; i++) M1 += f[i];
        const c = (eps * lambda11) / mu11;
        // Leading order B[f, f] and the −εA[f, B] part proportional to Q̄[f, f].
        collisionSingle(f, f, lattice, rule, 2 * lambda11, ORDER, out);
        for (let i = 0; i < n; i++) out[i] -= (2 * lambda11 * M1 + c * lambda12 * M1 * M1) * f[i];
        collisionSingle(f, f, lattice, twice, c * M1 * (8 * lambda11 - 2 * lambda12), ORDER, out);
        // −εA[f, 2λQ[f, f]].
        const Q = new Float64Array(n);
        collisionSingle(f, f, lattice, rule, 1, ORDER, Q);
        collisionSingle(f, Q, lattice, twice, -4 * c * lambda11, ORDER, out);
        collisionSingle(Q, f, lattice, twice, -4 * c * lambda11, ORDER, out);
        // Triple terms with the leading-order pair law P[f].
        if (triples) {
          const product = new Float64Array(n * pair.nd);
          productPair(f, f, pair, 1, ORDER, product);
          const P = new Float64Array(product.length);
          rule.nodes.forEach((r, q) => contractPair(product, pair, r, rule.weights[q], ORDER, P));
          const T2 = new Float64Array(P.length);
          tripleMarginals(f, P, triples.lattices, triples.rule, ORDER, { single: { out, scale: c * lambda12 }, pair: { out: T2, scale: 1 } });
          pairCollisionSingle(T2, pair, rule, 2 * c * lambda12, ORDER, out);
        }
      },
    };
  };
  let firstNegativeTime: number | null = hasNegativeMass(f0) ? 0 : null;
  const { states, grids, refinements } = integrateFollowingContraction(build, grid, config.histogram, f0, config.times, resolution, ORDER, SINGLE_STATE, (t, f) => {
    if (firstNegativeTime === null && hasNegativeMass(f)) firstNegativeTime = t;
  });
  const minF1 = states.map((f, t) => f.reduce((m, x) => Math.min(m, x), Number.POSITIVE_INFINITY) / grids[t].lattice.h);
  const moments = states.map((f, t) => quasiStaticMoments([f], grids[t].lattice, rates)[0]);
  const { min, max } = config.histogram;
  return {
    summary: kineticSummary("kinetic:scalar", config, moments, (performance.now() - started) / 1000, { solver: "scalar", initialDatum: datum, minF1, firstNegativeTime, lattice: latticeDiagnostics(grids, refinements) }),
    f1: histogram1D(grids, states, min, max),
  };
}
