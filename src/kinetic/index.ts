/**
 * The kinetic descriptions the particles are compared with, by name: each takes the same
 * {@link ModelConfig} as `alignsim run` and returns the same {@link RunOutput}.
 *
 * @module
 */
import type { ModelConfig } from "../model/config.js";
import type { RunOutput } from "../output/summary.js";
import { solveFirstOrder } from "./first-order-14.js";
import { solveInstantaneous } from "./limit-33.js";
import { solveKineticClosure } from "./moment-closure/kinetic-closures.js";
import { DEFAULT_DEGREE, solveMomentClosure } from "./moment-closure/particle-hierarchy.js";
import { solveMomentsExact } from "./moments-exact.js";
import { solveMoments } from "./moments.js";
import { solveScalar } from "./scalar-49.js";
import type { SecondMomentSystem } from "./second-moments.js";

/** Options a solver may use; each ignores those it does not need. */
export interface KineticOptions {
  /** Second-moment system of the `moments` model. */
  secondMoments?: SecondMomentSystem;
  /** Largest total degree of the moment closures (`moments-exact`, `*-moments`); default 4. */
  degree?: number;
}

export interface KineticModel {
  /** What it solves, with the paper's equation numbers. */
  describe: string;
  solve(config: ModelConfig, options: KineticOptions): RunOutput;
}

/** Registry of the kinetic models of `alignsim kinetic --model NAME`. */
export const KINETIC_MODELS = {
  moments: {
    describe: "O(ε) moment systems: masses (20), first moments (23), second moments (derived, or (29)/(34) as printed)",
    solve: (config, options) => solveMoments(config, { secondMoments: options.secondMoments }),
  },
  "moments-exact": {
    describe: "exact mean-field moment hierarchy of the cluster model, any ε and kmax, joint moments of every class up to --degree (2: the hand-derived system)",
    solve: (config, options) => {
      const degree = options.degree ?? DEFAULT_DEGREE;
      return degree === 2 ? solveMomentsExact(config) : solveMomentClosure(config, degree);
    },
  },
  instantaneous: {
    describe: "instantaneous limit (33) for f_1 (velocity grid)",
    solve: (config) => solveInstantaneous(config),
  },
  "first-order": {
    describe: "first-order system (14) for (f_1, f_2), f_3 through (12) and (18) (velocity grid)",
    solve: (config) => solveFirstOrder(config),
  },
  scalar: {
    describe: "scalar first-order model (49); reports the minimum of f_1 (it can turn negative)",
    solve: (config) => solveScalar(config),
  },
  "instantaneous-moments": {
    describe: "moments of f_1 up to --degree under the instantaneous limit (33), generated from its collision operator",
    solve: (config, options) => solveKineticClosure("instantaneous", config, options.degree),
  },
  "first-order-moments": {
    describe: "moments of f_1 and joint moments of f_2 up to --degree under (14) with the triple term (18), generated from its operators",
    solve: (config, options) => solveKineticClosure("first-order", config, options.degree),
  },
  "scalar-moments": {
    describe: "moments of f_1 up to --degree under the scalar model (49), generated from its operators",
    solve: (config, options) => solveKineticClosure("scalar", config, options.degree),
  },
} satisfies Record<string, KineticModel>;

export type KineticModelName = keyof typeof KINETIC_MODELS;
