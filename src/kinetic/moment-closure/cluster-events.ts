/**
 * The events of a cluster model as operators on the moments of its classes
 * (docs/moment-closure.md §3), each adding its terms to a {@link MomentSystem}. Rates are per
 * unit mass in the mean-field limit: the rate of merges of an i- and a j-cluster is
 * λ(i,j)·y_{i,∅}·y_{j,∅} (docs/model.md §1 with n_k = N_k/N, or the paper's f_k of mass M).
 *
 * @module
 */
import { collide, flowGenerator } from "./alignment-flow.js";
import { coagulate } from "./coagulation.js";
import { fragment } from "./fragmentation.js";
import { type ClusterLaw, type MomentPolynomial, addTo, momentOf } from "./moment-polynomial.js";
import type { MomentSystem } from "./moment-system.js";
import { parsePartition, partitionKey, symmetricBasis } from "./symmetric-basis.js";

/**
 * An ordered merge of an i-cluster with a j-cluster into an explicit (i + j)-class, at rate
 * w·y_{i,∅}·y_{j,∅}: class i loses 2w·y_{j,∅}·y_{i,λ}, class i + j gains w·∫ m_λ d(F_i ∪ F_j).
 * Call it for (i, j) and (j, i) with w = λ(i,j)/2 when i ≠ j, once with w = λ(i,i) when i = j
 * (the convention of moment-closure/exact-hierarchy-2.ts; class j's loss comes from the (j, i) call).
 */
export function addMerge(system: MomentSystem, i: number, j: number, w: number): void {
  if (w === 0) return;
  system.add(system.law(i), -2 * w, system.mass(j));
  system.add(coagulate(system.law(i), system.law(j)), w);
}

/**
 * The merge of {@link addMerge} into a cluster that is not kept: it aligns for an Exp(β) time
 * (β in units of its flow speed) and splits at once into a uniform j-subset and the rest with
 * probability p_j (quasi-stationary elimination, e.g. the pairs of (33) and the triples of (14)).
 * Its parts return to explicit classes: gain w·Σ_j p_j·(F_j + F_{k−j}) of the collided law.
 *
 * @param beta - total break-up rate of the (i + j)-cluster over its flow speed, > 0.
 * @param splits - p_j for the parts j = 1 … k − 1 (Σ p_j = 1; μ(j, k − j)/β in docs/model.md).
 */
export function addQuasiStationaryMerge(system: MomentSystem, i: number, j: number, w: number, beta: number, splits: ReadonlyMap<number, number>): void {
  if (w === 0) return;
  system.add(system.law(i), -2 * w, system.mass(j));
  const collided = collide(coagulate(system.law(i), system.law(j)), beta);
  for (const [part, p] of splits) {
    for (const m of [part, collided.size - part]) system.add(fragment(collided, m), w * p);
  }
}

/**
 * Break-up of the k-clusters into a uniform j-subset and the other k − j at rate `rate` each
 * (docs/model.md §1: μ(j, k−j)/ε): class k loses rate·y_{k,λ}, classes j and k − j gain the parts.
 */
export function addBreakUp(system: MomentSystem, k: number, j: number, rate: number): void {
  if (rate === 0) return;
  const law = system.law(k);
  system.add(law, -rate);
  for (const m of [j, k - j]) system.add(fragment(law, m), rate);
}

/** The alignment flow inside the k-clusters at speed `speed` (1/ε): d/dt y_{k,λ} += speed·∫ L m_λ dF_k. */
export function addFlow(system: MomentSystem, k: number, speed: number): void {
  const law = system.law(k);
  const flowed: ClusterLaw = { size: k, degree: system.degree, moments: new Map() };
  for (const lambda of symmetricBasis(k, system.degree)) {
    const sum: MomentPolynomial = new Map();
    for (const [kappa, c] of flowGenerator(lambda, k)) addTo(sum, momentOf(law, parsePartition(kappa)), c);
    flowed.moments.set(partitionKey(lambda), sum);
  }
  system.add(flowed, speed);
}
