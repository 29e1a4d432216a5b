/**
 * The quick ε-study behind `npm start` (`alignsim study epsilon --quick`): the study config's
 * model (λ = 1, μ = 8, the bimodal law) on ε ∈ {0.4, 0.2, 0.1, 0.05} with the velocity grids at
 * h = 0.2, about a minute on 2 cores instead of several. Its headline orders come from moments,
 * which do not depend on the grids: against (33) from the particles, against (14) and the
 * slip-corrected (49) from the exact moment hierarchy (docs/studies.md, "The quick study").
 * The grids give only the f₁ histogram distances and figures, and their error estimates stay on,
 * so an f₁ distance below what h = 0.2 resolves is reported as unresolved and left out of its fit.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { firstOrderResolution, RECOMMENDED } from "../kinetic/lattice/resolution.js";
import type { StudyKineticOptions } from "./epsilon.js";

/**
 * The quick study's config: src/study/default-config.json with f₁ histograms of 36 bins of 0.2 on
 * [−3.2, 4) and f₂ cells of 0.4, so that lattices of h = 0.2 tile them, and the coarse solves of
 * the error estimates (2h = 0.4) too.
 */
export const QUICK_STUDY_CONFIG_PATH = fileURLToPath(new URL("./quick-config.json", import.meta.url));

/**
 * ε of the quick study: halving from 0.4 to 0.05, 8λ₁₁εM/μ₁₁ from 0.4 to 0.05. On the exact
 * hierarchy the distance to (14) fits ε^1.85 [1.72, 1.97] there, to (49) ε^1.95 [1.91, 1.99],
 * and to (33) ε^0.96 [0.92, 0.99]: each interval excludes the other order. The particles and the
 * (14) grid cost ∝ 1/ε, so ε = 0.025 would double the run.
 */
export const QUICK_EPSILONS = [0.4, 0.2, 0.1, 0.05];

/** The lattice spacing of every grid solver in the quick study. */
const QUICK_SPACING = 0.2;

/** (49) from either datum, slip-corrected or printed, on the quick lattice. */
const quickScalar = { resolution: { ...RECOMMENDED.scalar, spacing: QUICK_SPACING } };

/**
 * The quick study's solver options: every grid at h = 0.2 with its error estimate on (the
 * study's default); (14) keeps its time step dt = min(0.05, ε/4), which follows the initial
 * layer, and evaluates its triple term on H = 2h = 0.4.
 */
export const QUICK_KINETIC_OPTIONS: StudyKineticOptions = {
  instantaneous: { resolution: { ...RECOMMENDED.instantaneous, spacing: QUICK_SPACING } },
  "first-order": (epsilon) => ({ resolution: { ...firstOrderResolution(epsilon), spacing: QUICK_SPACING, tripleCoarsening: 2 } }),
  scalar: quickScalar,
  "scalar-printed": quickScalar,
};
