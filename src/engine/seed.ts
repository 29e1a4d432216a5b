/**
 * The initial state of a replica, drawn the same way by every engine: every particle's d state
 * components i.i.d. from the law g of `initial` (particle by particle, component by component);
 * the first 2·round(pN/2) particles form pairs (f_2^I), the others are free (f_1^I); in the
 * spatial model each cluster then gets one position, i.i.d. from `initial.position`, drawn just
 * before it forms (a pair starts at one position).
 *
 * @module
 */
import type { ModelConfig, SpaceBox } from "../model/config.js";
import { initialLaw, pairedParticles } from "../model/initial-law.js";
import { initialPositions } from "../model/position-law.js";
import type { RandomStream } from "../rng.js";

/** What seeding writes into an engine's state. */
export interface SeedTarget {
  /** Sets component `axis` of particle p's state. */
  setState(p: number, axis: number, v: number): void;
  /** Forms a cluster of particles first … first + size − 1, at `position` in the spatial model. */
  formCluster(first: number, size: number, position?: Float64Array): void;
}

/**
 * Mean and second moment of the N sampled initial states, (1/N)Σ v_p(0) per component and
 * (1/N)Σ v_{p,1}(0)² of the first component, whose expectations the initial law fixes exactly
 * (control variates of the ensemble statistics).
 */
export interface InitialMoments {
  mean: Float64Array;
  second: number;
}

/**
 * Draws the initial state of N particles with d components into `target`.
 *
 * @param box - the periodic box of the spatial model; without it no positions are drawn.
 * @returns the moments of the drawn states.
 */
export function seedParticles(target: SeedTarget, initial: ModelConfig["initial"], random: RandomStream, N: number, d: number, box?: SpaceBox): InitialMoments {
  const law = initialLaw(initial);
  const mean = new Float64Array(d);
  let second = 0;
  for (let p = 0; p < N; p++) {
    for (let axis = 0; axis < d; axis++) {
      const v = law.sample(random);
      target.setState(p, axis, v);
      mean[axis] += v;
      if (axis === 0) second += v * v;
    }
  }
  for (let axis = 0; axis < d; axis++) mean[axis] /= N;
  const paired = pairedParticles(N, initial.pairedFraction);
  const positions = box && initialPositions(initial.position, box, d);
  const point = new Float64Array(d);
  for (let p = 0; p < N; p += p < paired ? 2 : 1) {
    positions?.sample(random, point);
    target.formCluster(p, p < paired ? 2 : 1, positions && point);
  }
  return { mean, second: second / N };
}
