/**
 * The collision operators of [KMS] on the lattices of `lattice.ts`: pushforwards of point masses
 * under the alignment collision rules (16) (pairs) and (17) (triples), deposited back onto the
 * lattice. Shared by the three solvers; each takes the deposit degree `order` (conserved
 * moments 0 … order) and accumulates into `out` (out += scale·result).
 *
 * Conventions. f_1 is a vector of node masses on the lattice x_i = x_0 + i·h. f_2 (and every pair
 * law) is a vector F[j·nd + k] on the pair lattice (m_j, d_k) = (x_j, (k − K)h) of
 * `pairGrid`, kept symmetric in d (f_2(v_1, v_2) = f_2(v_2, v_1)): every operator that
 * produces a pair law deposits half of each mass at +d and half at −d.
 *
 * A pair collision of duration s maps (v, w) ↦ (m + r(v − m), m − r(v − m)), m = (v + w)/2,
 * r = e^{−s} (16); a triple collision maps v_i ↦ m_3 + q(v_i − m_3), q = e^{−s/2} (17).
 *
 * [KMS] L. Kanzler, C. Moschella, C. Schmeiser, "First order non-instantaneous corrections in
 * collisional kinetic alignment models".
 *
 * @module
 */
import { ConfigError } from "../../errors.js";
import { type Lattice, type PairGrid, prolongate, prolongationKernel, stencil } from "./lattice.js";
import type { Quadrature } from "./quadrature.js";

/** Scratch weights, long enough for any deposit degree used here (≤ 8). */
function scratch(): Float64Array {
  return new Float64Array(9);
}

/**
 * Deposits a mass at (t_m, ±t_d) of a pair lattice, half at +d and half at −d (symmetric in d).
 * t_m, t_d are lattice coordinates; t_d is measured from d = 0.
 */
function depositPairSymmetric(out: Float64Array, grid: PairGrid, tm: number, td: number, mass: number, order: number, wm: Float64Array, wd: Float64Array): void {
  const nd = grid.nd;
  const jm = stencil(tm, grid.m.n, order, wm);
  const kd = stencil(grid.K + Math.abs(td), nd, order, wd);
  const half = 0.5 * mass;
  for (let a = 0; a <= order; a++) {
    const row = (jm + a) * nd;
    const ma = half * wm[a];
    for (let b = 0; b <= order; b++) {
      const k = kd + b;
      const v = ma * wd[b];
      out[row + k] += v;
      out[row + 2 * grid.K - k] += v;
    }
  }
}

/**
 * Single-particle law after one pair collision of a v ~ f and a w ~ g, averaged over the
 * contraction r of `rule`: the law of (1 + r)/2·v + (1 − r)/2·w, mass M_f·M_g. This is
 * μ∫_0^∞∫ S_2(s)(f⊗g) dv_2 ds of (33) and (49), with S_2 of (45).
 *
 * @param f - masses of the first particle (slot 1) on `lattice`.
 * @param g - masses of the second particle on `lattice`.
 * @param rule - law of r (e.g. contractionRule(Q, μ_{1,1}, 1)).
 * @param out - receives scale × the law, deposited with degree `order`.
 */
export function collisionSingle(f: Float64Array, g: Float64Array, lattice: Lattice, rule: Quadrature, scale: number, order: number, out: Float64Array): void {
  const n = lattice.n;
  const w = scratch();
  const Q = rule.nodes.length;
  const A = rule.nodes.map((r) => (1 + r) / 2);
  const B = rule.nodes.map((r) => (1 - r) / 2);
  for (let i = 0; i < n; i++) {
    const fi = f[i];
    if (fi === 0) continue;
    for (let j = 0; j < n; j++) {
      const gj = g[j];
      if (gj === 0) continue;
      const mass = scale * fi * gj;
      for (let q = 0; q < Q; q++) {
        const start = stencil(A[q] * i + B[q] * j, n, order, w);
        const mq = mass * rule.weights[q];
        for (let k = 0; k <= order; k++) out[start + k] += mq * w[k];
      }
    }
  }
}

/**
 * The pair law of independent states, f⊗g symmetrised, on the pair lattice: the source
 * λ_{1,1} f_1⊗f_1 of (14b). Mass M_f·M_g.
 *
 * @param out - receives scale × sym(f⊗g) on `grid` (degree-`order` deposit for the half-node
 *   pairs, whose m and d fall between nodes).
 */
export function productPair(f: Float64Array, g: Float64Array, grid: PairGrid, scale: number, order: number, out: Float64Array): void {
  const n = grid.m.n;
  const wm = scratch();
  const wd = scratch();
  for (let i = 0; i < n; i++) {
    if (f[i] === 0) continue;
    for (let j = 0; j < n; j++) {
      if (g[j] === 0) continue;
      depositPairSymmetric(out, grid, (i + j) / 2, (i - j) / 2, scale * f[i] * g[j], order, wm, wd);
    }
  }
}

/**
 * The alignment flow (16) on a symmetric pair law for a duration s: d ↦ q·d with q = e^{−s}, m
 * unchanged. Row by row; mass, m-moments and d-moments up to `order` are conserved (scaled).
 *
 * @param F - symmetric pair law.
 * @param q - contraction factor in (0, 1].
 * @param out - receives scale × the contracted law (must not alias F).
 */
export function contractPair(F: Float64Array, grid: PairGrid, q: number, scale: number, order: number, out: Float64Array): void {
  const { nd, K } = grid;
  const w = scratch();
  for (let j = 0; j < grid.m.n; j++) {
    const row = j * nd;
    out[row + K] += scale * F[row + K];
    for (let k = K + 1; k < nd; k++) {
      const mass = 0.5 * scale * (F[row + k] + F[row + 2 * K - k]);
      if (mass === 0) continue;
      const start = stencil(K + q * (k - K), nd, order, w);
      for (let b = 0; b <= order; b++) {
        const v = mass * w[b];
        out[row + start + b] += v;
        out[row + 2 * K - start - b] += v;
      }
    }
  }
}

/**
 * The one-particle marginal of a pair law after a further alignment of contraction r, averaged
 * over `rule`: the law of m + r·d. With r of the pair collision (μ_{1,1}) this is the break-up
 * of a pair law into singles after a whole collision ((49): S_2 acting on a pair law); with
 * Gauss–Legendre nodes in time it is the break-up flux of (14a) along the flow.
 *
 * @param out - receives scale × the law on the f_1 lattice, degree-`order` deposit.
 */
export function pairCollisionSingle(F: Float64Array, grid: PairGrid, rule: Quadrature, scale: number, order: number, out: Float64Array): void {
  const { nd, K } = grid;
  const n = grid.m.n;
  const w = scratch();
  const Q = rule.nodes.length;
  for (let j = 0; j < n; j++) {
    const row = j * nd;
    for (let k = 0; k < nd; k++) {
      const mass = F[row + k];
      if (mass === 0) continue;
      for (let q = 0; q < Q; q++) {
        const start = stencil(j + rule.nodes[q] * (k - K), n, order, w);
        const mq = scale * mass * rule.weights[q];
        for (let b = 0; b <= order; b++) out[start + b] += mq * w[b];
      }
    }
  }
}

/**
 * A coarse copy of the lattices for the three-particle term: spacing H = coarsening·h, same
 * range. Restriction to it is a deposit, so it conserves the moments up to the deposit degree.
 */
export interface TripleLattice {
  fine: PairGrid;
  coarse: PairGrid;
  coarsening: number;
}

/**
 * The coarse lattices for the triple term.
 *
 * @param fine - the f_2 pair lattice (its m lattice is the f_1 lattice).
 * @param coarsening - integer ≥ 1, H = coarsening·h.
 */
export function tripleLattice(fine: PairGrid, coarsening: number): TripleLattice {
  const { x0, h, n } = fine.m;
  const m: Lattice = { x0, h: coarsening * h, n: Math.ceil((n - 1) / coarsening) + 1 };
  const K = Math.ceil(fine.K / coarsening);
  return { fine, coarse: { m, nd: 2 * K + 1, K }, coarsening };
}

/**
 * The three-particle term of (14) through (12) and (18): a single v_1 ~ f_1 and a pair
 * (v_2, v_3) ~ f_2 merge, align at half speed (17) for s ~ Exp(μ_{1,2}) (so q = e^{−s/2} has
 * density 2μ_{1,2} q^{2μ_{1,2}−1}), and split into a uniformly chosen single and the remaining
 * pair. Returns (accumulates) E_q of
 *
 * - the single marginal (1/3)·law(v_1') + (2/3)·law(v_2') into `single` (mass M_1 M_2), so that
 *   ε μ_{1,2} λ_{1,2} ∫∫∫ S_3(s)(f_1 f_2) ds dv_2 dv_3 of (14a) = ε λ_{1,2} × single;
 * - the pair marginal (1/3)·law(v_2', v_3') + (2/3)·sym law(v_1', v_2') into `pair` (mass
 *   M_1 M_2), so that μ_{2,1} λ_{1,2} ∫∫ S_3(s)(f_1 f_2) ds dv_3 of (14b)/ε = λ_{1,2} × pair.
 *
 * With v_2 = m_2 + d_2, v_3 = m_2 − d_2 and m_3 = (v_1 + 2m_2)/3:
 * v_1' = (1+2q)/3·v_1 + 2(1−q)/3·m_2, v_2' = (1−q)/3·v_1 + (2+q)/3·m_2 + q d_2;
 * (v_2', v_3') has mean (1−q)/3·v_1 + (2+q)/3·m_2 and half-difference q d_2;
 * (v_1', v_2') has mean (2+q)/6·v_1 + (4−q)/6·m_2 + q/2·d_2 and half-difference q(v_1 − v_2)/2.
 *
 * Cost. The inputs are restricted to the coarse lattice of `lattices` (deposit of degree
 * `order`, so every moment up to `order` of the result is exact); the products of nodes whose
 * mass is below 10⁻¹³ of the largest product are skipped (Gaussian tails; the mass they would
 * move is below 10⁻¹⁰ of M_1M_2 for smooth data, far below the 10⁻⁸ conservation target).
 * With coarsening c > 1 the outputs are deposited on the coarse lattices too and then brought to
 * the fine ones by {@link prolongate} (smooth, exact for moments ≤ 2). Depositing the images of
 * coarse nodes directly on the fine lattice would leave a comb: the images cluster near the
 * coarse nodes (q ≈ 1), so the fine cells would alternate between over- and under-filled (at
 * c = 4, h = 0.1 the L2 error of the single marginal exceeds its norm, an O(ε) error of f_1 as
 * large as the particle–(14) distance).
 * Requires order ≤ 2 when c > 1 (the prolongation conserves moments 0 … 2 only).
 *
 * @param f1 - single masses on the fine f_1 lattice.
 * @param F - symmetric pair masses on the fine pair lattice.
 * @param rule - law of q (contractionRule(Q, μ_{1,2}, 1/2)).
 * @param order - deposit degree (≤ 2 when the triple lattice is coarser).
 * @param outputs - where scale × the single marginal (fine f_1 lattice) and scale × the pair
 *   marginal (fine pair lattice) are accumulated; either may be absent.
 * @throws {ConfigError} for a coarsening > 1 with order > 2.
 */
export function tripleMarginals(f1: Float64Array, F: Float64Array, lattices: TripleLattice, rule: Quadrature, order: number, outputs: TripleOutputs): void {
  const { coarsening } = lattices;
  if (coarsening > 1 && order > 2) throw new ConfigError("resolution.tripleCoarsening", coarsening, `1 when the deposit order is ${order} (the prolongation conserves moments ≤ 2 only)`);
  const coarse = restrictToCoarse(f1, F, lattices, order);
  if (coarsening === 1) {
    depositTripleImages(coarse, rule, order, outputs, lattices.fine);
    return;
  }
  const nc = lattices.coarse.m.n;
  const onCoarse: TripleOutputs = {
    single: outputs.single && { out: new Float64Array(nc), scale: outputs.single.scale },
    pair: outputs.pair && { out: new Float64Array(nc * lattices.coarse.nd), scale: outputs.pair.scale },
  };
  depositTripleImages(coarse, rule, order, onCoarse, lattices.coarse);
  prolongateOutputs(onCoarse, outputs, lattices);
}

/** Where {@link tripleMarginals} accumulates: scale × the single and/or the pair marginal. */
export interface TripleOutputs {
  /** On the fine f_1 lattice. */
  single?: { out: Float64Array; scale: number };
  /** On the fine pair lattice. */
  pair?: { out: Float64Array; scale: number };
}

/** The inputs of the triple term on the coarse lattices, with the skip threshold of tiny products. */
interface CoarseInputs {
  /** f_1 on the coarse lattice. */
  a: Float64Array;
  /** f_2 on the coarse pair lattice, and its m-marginal Gm[J] = Σ_K G[J, K]. */
  G: Float64Array;
  Gm: Float64Array;
  /** Products a_I·G below this are skipped: 10⁻¹³ of the largest. */
  floor: number;
  grid: PairGrid;
}

/** Phase 1: restriction of f_1 and f_2 to the coarse lattices (deposits of degree `order`). */
function restrictToCoarse(f1: Float64Array, F: Float64Array, { fine, coarse, coarsening }: TripleLattice, order: number): CoarseInputs {
  const n = fine.m.n;
  const nc = coarse.m.n;
  const ndc = coarse.nd;
  const w = scratch();
  const wm = scratch();
  const wd = scratch();
  const a = new Float64Array(nc);
  for (let i = 0; i < n; i++) {
    if (f1[i] === 0) continue;
    const start = stencil(i / coarsening, nc, order, w);
    for (let k = 0; k <= order; k++) a[start + k] += f1[i] * w[k];
  }
  const G = new Float64Array(nc * ndc);
  for (let j = 0; j < n; j++) {
    const row = j * fine.nd;
    for (let k = fine.K; k < fine.nd; k++) {
      const mass = k === fine.K ? F[row + k] : F[row + k] + F[row + 2 * fine.K - k];
      if (mass !== 0) depositPairSymmetric(G, coarse, j / coarsening, (k - fine.K) / coarsening, mass, order, wm, wd);
    }
  }
  const Gm = new Float64Array(nc);
  let amax = 0;
  let gmax = 0;
  for (let I = 0; I < nc; I++) amax = Math.max(amax, Math.abs(a[I]));
  for (let J = 0; J < nc; J++) {
    for (let K = 0; K < ndc; K++) {
      const v = G[J * ndc + K];
      Gm[J] += v;
      gmax = Math.max(gmax, Math.abs(v));
    }
  }
  return { a, G, Gm, floor: 1e-13 * amax * gmax, grid: coarse };
}

/**
 * Phase 2: for each node q of the rule and each pair of coarse inputs, the images (a)–(d) of the
 * merged-and-split triple, deposited on `target` (the lattices of the outputs; node coordinates
 * are in coarse units, which are the target's units when the two coincide).
 */
function depositTripleImages({ a, G, Gm, floor, grid }: CoarseInputs, rule: Quadrature, order: number, outputs: TripleOutputs, target: PairGrid): void {
  const nc = grid.m.n;
  const ndc = grid.nd;
  const Kc = grid.K;
  const nOut = target.m.n;
  const single = outputs.single?.out;
  const pair = outputs.pair?.out;
  const scaleSingle = outputs.single?.scale ?? 0;
  const scalePair = outputs.pair?.scale ?? 0;
  const w = scratch();
  const wm = scratch();
  const wd = scratch();
  for (let qi = 0; qi < rule.nodes.length; qi++) {
    const q = rule.nodes[qi];
    const wq = rule.weights[qi];
    const A1 = (1 + 2 * q) / 3;
    const B1 = (2 * (1 - q)) / 3;
    const c1 = (1 - q) / 3;
    const c2 = (2 + q) / 3;
    const e1 = (2 + q) / 6;
    const e2 = (4 - q) / 6;
    const e3 = q / 2;
    for (let I = 0; I < nc; I++) {
      const aI = a[I];
      if (aI === 0) continue;
      // (a) released single is the former single: depends on the pair only through m_2.
      if (single) {
        const s1 = (scaleSingle * wq) / 3;
        for (let J = 0; J < nc; J++) {
          if (Gm[J] === 0) continue;
          const start = stencil(A1 * I + B1 * J, nOut, order, w);
          const mass = s1 * aI * Gm[J];
          for (let k = 0; k <= order; k++) single[start + k] += mass * w[k];
        }
      }
      for (let J = 0; J < nc; J++) {
        const row = J * ndc;
        for (let K = 0; K < ndc; K++) {
          const g = G[row + K];
          if (g === 0) continue;
          const prod = aI * g;
          if (Math.abs(prod) < floor) continue;
          const dk = K - Kc; // d_2 in coarse units
          if (single) {
            // (b) released single is a former pair member.
            const start = stencil(c1 * I + c2 * J + q * dk, nOut, order, w);
            const mass = ((2 * scaleSingle * wq) / 3) * prod;
            for (let k = 0; k <= order; k++) single[start + k] += mass * w[k];
          }
          if (pair) {
            // (c) the former pair stays together.
            depositPairSymmetric(pair, target, c1 * I + c2 * J, q * dk, ((scalePair * wq) / 3) * prod, order, wm, wd);
            // (d) the former single pairs with a former pair member.
            depositPairSymmetric(pair, target, e1 * I + e2 * J + e3 * dk, e3 * (I - J - dk), ((2 * scalePair * wq) / 3) * prod, order, wm, wd);
          }
        }
      }
    }
  }
}

/** Phase 3: the coarse outputs brought to the fine lattices by {@link prolongate} (exact for moments ≤ 2). */
function prolongateOutputs(onCoarse: TripleOutputs, outputs: TripleOutputs, { fine, coarse, coarsening }: TripleLattice): void {
  const n = fine.m.n;
  const nc = coarse.m.n;
  const ndc = coarse.nd;
  const kernel = prolongationKernel(coarsening);
  const start = 1 - 2 * coarsening; // fine offset of the kernel's first entry
  if (outputs.single && onCoarse.single) prolongate(onCoarse.single.out, nc, 1, 0, outputs.single.out, n, 1, 0, coarsening, kernel, start);
  if (outputs.pair && onCoarse.pair) {
    // Separable: along m (rows) into a fine-m × coarse-d array, then along d.
    const rows = new Float64Array(n * ndc);
    for (let K = 0; K < ndc; K++) prolongate(onCoarse.pair.out, nc, ndc, K, rows, n, ndc, K, coarsening, kernel, start);
    const nd = fine.nd;
    const offset = fine.K - coarsening * coarse.K; // fine d index of coarse d index 0
    const pair = outputs.pair.out;
    for (let j = 0; j < n; j++) prolongate(rows.subarray(j * ndc, (j + 1) * ndc), ndc, 1, 0, pair.subarray(j * nd, (j + 1) * nd), nd, 1, 0, coarsening, kernel, offset + start);
  }
}
