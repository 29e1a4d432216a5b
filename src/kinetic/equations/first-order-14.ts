/**
 * The first-order system (14) of [KMS] for (f_1, f_2), with f_3 eliminated through (12) and
 * the three-particle semigroup (18).
 *
 * (14a) ∂_t f_1 = 2μ_{1,1}∫f_2 dv_2 + ελ_{1,2}·T_1[f_1, f_2] − 2λ_{1,1}M_1 f_1 − ελ_{1,2}M_2 f_1,
 * (14b) ∂_t f_2 = −(1/ε)∇·(U_2 f_2) − (μ_{1,1}/ε) f_2 + (λ_{1,1}/ε) f_1⊗f_1 + λ_{1,2}·T_2[f_1, f_2]
 *                 − λ_{1,2}M_1 f_2,
 * where μ_{1,2}∫_0^∞ S_3(s)(f_1 f_2) ds = E_q[triple law] (q = e^{−s/2}, (17), (18)) and T_1, T_2
 * are its single and pair marginals (`tripleMarginals`), both of mass M_1M_2. Mass
 * M_1 + 2εM_2 (19) and momentum I_1 + 2εI_2 (22) are conserved; (20), (23) follow.
 *
 * Method. f_1 lives on a velocity lattice, f_2 on the pair lattice (m, d) of `lattice.ts`, where
 * the alignment flow of a pair is d ↦ e^{−t/ε}d. Both are halved whenever the spread of f_1 has
 * halved (`contracting-lattice.ts`; the remap keeps the moments of f_1 up to 2 and the joint
 * moments m^a d^b, a, b ≤ 2, of f_2). The stiff part is integrated exactly along that
 * flow: the linear operator
 *   L(f_1, f_2) = (2μ_{1,1}∫f_2 dv_2, −(1/ε)∇·(U_2 f_2) − (μ_{1,1}/ε)f_2)
 * (alignment and break-up of pairs, including the singles the break-up releases) has the exact
 * exponential
 *   e^{τL}: f_2 ↦ e^{−μτ/ε}·(f_2 contracted by e^{−τ/ε}),
 *           f_1 ↦ f_1 + 2μ_{1,1}ε∫_0^{τ/ε} e^{−μu}·(law of m + e^{−u}d under f_2) du,
 * the u-integral by Gauss–Legendre with weights rescaled to the exact ∫e^{−μu}du (so that the
 * mass the pairs lose is exactly the mass the singles gain). Everything else is N, stepped by
 * ETDRK4 (`ode/exponential-rk4.ts`); N is not stiff (its O(1/ε) source only feeds f_2, which L damps
 * exactly), so the step is limited by the O(1) dynamics of f_1 and not by ε. L and N both conserve
 * M_1 + 2εM_2 and I_1 + 2εI_2, so every step does, to rounding (and to the skipped triple
 * products of `tripleMarginals`, below 10⁻¹³ of the largest). All deposits have degree 2, so the
 * discrete moments of order ≤ 2 (masses, first and second moments of f_1 and f_2, V̄_2, Ṽ_2) obey
 * exactly the closed moment system of (14): they are only affected by the time stepping. The
 * triple term, O(ε), is evaluated on a lattice `tripleCoarsening` times coarser and brought back
 * by a smooth moment-exact prolongation (moments still exact, `tripleMarginals`; error O(εH²)). Cost per step: about 20 flow applications of O(n²) and 4
 * evaluations of N, dominated by the triple term, O(n_c³·Q) for n_c coarse nodes.
 * Limitation: f_2 is re-deposited at every step, an O(h²) remap error that depends on the number
 * of steps, so at fixed h the cell values do not converge as dt → 0 (moments of order ≤ 2 are
 * unaffected); refine h with dt ≈ ε/2 (measured orders: docs/kinetic.md). On the
 * ε-study's config this error is ε-independent at dt = ε/4: 7·10⁻⁴ in the L2 norm of f_1 between
 * h = 0.1 and 0.05, 3.8·10⁻⁴ between dt = ε/4 and ε/8 (docs/studies.md).
 *
 * Initial data (14c): f_1^I = M(1 − p)g, f_2^I = (Mp/2ε)·g⊗g.
 *
 * [KMS] L. Kanzler, C. Moschella, C. Schmeiser, "First order non-instantaneous corrections in
 * collisional kinetic alignment models".
 *
 * @module
 */
import type { ModelConfig } from "../../model/config.js";
import { initialLaw } from "../../model/initial-law.js";
import type { RunOutput } from "../../contract/run-output.js";
import { contractPair, pairCollisionSingle, productPair, tripleLattice, tripleMarginals } from "../lattice/collision-operators.js";
import { type LatticeState, integrateFollowingContraction, latticeDiagnostics, refinePair, refineSingle } from "../lattice/contracting-lattice.js";
import type { SemilinearSystem } from "../ode/exponential-rk4.js";
import { type Moments, centralMomentsF1, kineticSummary, pairMoments, singleMoments, tripleMass } from "../lattice/lattice-summary.js";
import { type Lattice, type PairGrid, type VelocityGrid, histogram1D, histogram2D, initialMasses, pairGrid, velocityGrid } from "../lattice/lattice.js";
import { contractionRule, gaussLegendre01 } from "../lattice/quadrature.js";
import { pairRates } from "./paper-rates.js";
import { RECOMMENDED, type Resolution } from "../lattice/resolution.js";

/** Deposit degree of (14): moments up to 2 are exact. */
const ORDER = 2;

/**
 * Solves (14) with (12), (18) on velocity lattices.
 *
 * @param config - the run configuration.
 * @param resolution - default RECOMMENDED.firstOrder (h = 0.1, dt = 0.05, triple term on a lattice
 *   4× coarser with 2 nodes in q, 3 Gauss–Legendre nodes along the flow and in θ); the registry
 *   (`alignsim kinetic`, the studies) uses the finer firstOrderResolution(ε).
 * @returns summary (source "kinetic:first-order"), f1 and f2 on the config's histograms.
 * @throws {ConfigError} if a cluster that forms never breaks up, or the bins are incommensurate.
 */
export function solveFirstOrder(config: ModelConfig, resolution: Resolution = RECOMMENDED.firstOrder): RunOutput {
  const started = performance.now();
  const { grid, u0, build } = firstOrderProblem(config, resolution);
  const { states, grids, refinements } = integrateFollowingContraction(build, grid, config.histogram, u0, config.times, resolution, ORDER, pairState(config.epsilon));
  const split = states.map((u, t) => ({ lattice: grids[t].lattice, u, n1: grids[t].lattice.n }));
  const moments = split.map(({ lattice, u }) => firstOrderMoments(u, lattice, pairGrid(lattice), config));
  const { min, max } = config.histogram;
  return {
    summary: kineticSummary("kinetic:first-order", config, moments, (performance.now() - started) / 1000, { solver: "first-order", lattice: latticeDiagnostics(grids, refinements) }),
    f1: histogram1D(grids, split.map(({ u, n1 }) => u.subarray(0, n1)), min, max),
    f2: histogram2D(grids, split.map(({ u, n1 }) => u.subarray(n1)), min, max),
  };
}

/**
 * The moments of a state u = (f_1 node masses, pair masses) of (14), with v_∞ = (I_1 + 2εI_2)/(M_1 + 2εM_2)
 * and the triples (12) quasi-stationary, M_3 = λ_{1,2}M_1M_2/(2μ_{1,2}).
 */
export function firstOrderMoments(u: Float64Array, lattice: Lattice, pair: PairGrid, config: ModelConfig): Moments {
  const { lambda12, mu12 } = pairRates(config);
  const eps = config.epsilon;
  const n1 = lattice.n;
  const [M1, I1, E1] = singleMoments(u.subarray(0, n1), lattice);
  const [M2, I2, E2, V2bar] = pairMoments(u.subarray(n1), pair);
  const vInf = (I1 + 2 * eps * I2) / (M1 + 2 * eps * M2);
  const [C1_3, C1_4] = centralMomentsF1(u.subarray(0, n1), lattice, vInf);
  return { M1, I1, E1, M2, I2, E2, V2bar, M3: tripleMass(M1, M2, lambda12, mu12), vInf, C1_3, C1_4 };
}

/**
 * The discretised problem (14) of a config: the f_1 lattice and the pair lattice, the initial
 * state u_0 = (f_1^I, f_2^I) of (14c) as one vector (f_1 node masses, then the pair masses
 * F[j·nd + k]) and the semilinear system of the module doc, on the initial lattice (`system`) and
 * on any lattice (`build`). {@link solveFirstOrder} integrates it in time on a lattice that follows
 * the contraction of f_1; the spatial solver (`space/first-order-14.ts`) applies its steps in every x-cell.
 *
 * @param config - the run configuration.
 * @param resolution - as for {@link solveFirstOrder}.
 */
export function firstOrderProblem(config: ModelConfig, resolution: Resolution): { grid: VelocityGrid; pair: PairGrid; u0: Float64Array; system: SemilinearSystem; build: (lattice: Lattice) => SemilinearSystem } {
  const { lambda11, lambda12, mu11, mu12 } = pairRates(config);
  const eps = config.epsilon;
  const M = config.mass;
  const p = config.initial.pairedFraction;
  const law = initialLaw(config.initial);
  const grid = velocityGrid(config, law, resolution.spacing, resolution.binsPerCell);
  const n0 = grid.lattice.n;
  const pair0 = pairGrid(grid.lattice);
  const u0 = new Float64Array(n0 + n0 * pair0.nd);
  u0.set(initialMasses(law, grid.lattice, M * (1 - p), ORDER));
  if (p > 0) {
    const g = initialMasses(law, grid.lattice, 1, ORDER);
    productPair(g, g, pair0, (M * p) / (2 * eps), ORDER, u0.subarray(n0));
  }
  const tripleRule = lambda12 > 0 ? contractionRule(resolution.tripleNodes, mu12, 0.5) : null;
  const flow = gaussLegendre01(resolution.flowNodes);

  const build = (lattice: Lattice): SemilinearSystem => {
    const pair = pairGrid(lattice);
    const n1 = lattice.n;
    const n2 = n1 * pair.nd;
    const triples = tripleRule ? { lattices: tripleLattice(pair, resolution.tripleCoarsening), rule: tripleRule } : null;
    return {
      /** e^{τL}: exact alignment flow and break-up of the pairs, see the module doc. */
      propagate(tau: number, u: Float64Array, out: Float64Array) {
        const f1 = u.subarray(0, n1);
        const F = u.subarray(n1);
        out.set(f1);
        const span = tau / eps;
        contractPair(F, pair, Math.exp(-span), Math.exp(-mu11 * span), ORDER, out.subarray(n1));
        if (mu11 === 0 || span === 0) return;
        const weights = flow.nodes.map((theta, g) => flow.weights[g] * Math.exp(-mu11 * span * theta));
        const total = weights.reduce((s, w) => s + w, 0);
        const rule = { nodes: flow.nodes.map((theta) => Math.exp(-span * theta)), weights: weights.map((w) => w / total) };
        pairCollisionSingle(F, pair, rule, 2 * eps * (1 - Math.exp(-mu11 * span)), ORDER, out.subarray(0, n1));
      },
      nonlinear(u: Float64Array, out: Float64Array) {
        const f1 = u.subarray(0, n1);
        const F = u.subarray(n1);
        const o1 = out.subarray(0, n1);
        const o2 = out.subarray(n1);
        let M1 = 0;
        let M2 = 0;
        for (let i = 0; i < n1; i++) M1 += f1[i];
        for (let i = 0; i < n2; i++) M2 += F[i];
        const loss1 = 2 * lambda11 * M1 + eps * lambda12 * M2;
        for (let i = 0; i < n1; i++) o1[i] = -loss1 * f1[i];
        if (lambda11 > 0) productPair(f1, f1, pair, lambda11 / eps, ORDER, o2);
        if (triples) {
          for (let i = 0; i < n2; i++) o2[i] -= lambda12 * M1 * F[i];
          tripleMarginals(f1, F, triples.lattices, triples.rule, ORDER, { single: { out: o1, scale: eps * lambda12 }, pair: { out: o2, scale: lambda12 } });
        }
      },
    };
  };
  return { grid, pair: pair0, u0, system: build(grid.lattice), build };
}

/**
 * The state (f_1, f_2) of (14) on its lattices: the window holds f_1 and the m-marginal of the
 * pairs (weighted by 2ε, their share of the mass (19)); both are remapped by a refinement.
 */
function pairState(eps: number): LatticeState {
  return {
    weight: (u, lattice) => {
      const nd = pairGrid(lattice).nd;
      return Float64Array.from({ length: lattice.n }, (_, j) => {
        let s = Math.abs(u[j]);
        for (let k = 0; k < nd; k++) s += 2 * eps * Math.abs(u[lattice.n + j * nd + k]);
        return s;
      });
    },
    single: (u, lattice) => u.subarray(0, lattice.n),
    remap: (u, refinement) => {
      const n = refinement.from.n;
      const f1 = refineSingle(u.subarray(0, n), refinement);
      const F = refinePair(u.subarray(n), refinement);
      const out = new Float64Array(f1.length + F.length);
      out.set(f1);
      out.set(F, f1.length);
      return out;
    },
  };
}
