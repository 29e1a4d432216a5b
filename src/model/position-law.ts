/**
 * The law of the initial positions x ∈ [0, L)ᵈ of the spatial model (3) [KMS] (docs/space.md):
 * drawn i.i.d. and independently of the states, from `initial.position` of the config. The
 * particle engine samples it; a kinetic solver integrates it over its cells. Both use this
 * module, so both start from the same initial density.
 *
 * [KMS] L. Kanzler, C. Moschella, C. Schmeiser, "First order non-instantaneous corrections in
 * collisional kinetic alignment models".
 *
 * @module
 */
import { ConfigError } from "../errors.js";
import type { Uniform } from "../rng.js";
import type { PositionLaw, SpaceBox } from "./config.js";
import { readNumberRows } from "./initial-law.js";

/** A probability law on the periodic box [0, L)ᵈ. */
export interface InitialPositions {
  /** Writes one draw into out[0 … d−1]. */
  sample(uniform: Uniform, out: Float64Array): void;
  /**
   * The probability of each cell of the first axis cut into `cells` equal cells (the law's
   * marginal along x₁; the other axes are uniform except for a `file` law).
   */
  axisProbabilities(cells: number): Float64Array;
}

/**
 * Builds the position law of a config (reads the file of a `file` law).
 *
 * - uniform: density 1/Lᵈ;
 * - cosine of amplitude a: density (1 + a·cos(2πx₁/L))/Lᵈ, sampled exactly by rejection from the
 *   uniform law (acceptance (1 + a·cos)/(1 + |a|), at least 1/2);
 * - file: one position per line, d numbers in [0, L) separated by commas or spaces; the law is
 *   their empirical law (draws with replacement, as `samples` for the states).
 *
 * @param law - `initial.position` (uniform when absent).
 * @param box - the box `space`; `dimension` d.
 * @throws {IOError} when the file cannot be read; {@link ConfigError} naming
 *   `initial.position.path` when it is malformed or a position lies outside [0, L)ᵈ.
 * @example
 * const law = initialPositions({ distribution: "cosine", amplitude: 0.5 }, { length: 1, cells: 4 }, 1);
 * law.axisProbabilities(2) // [0.5, 0.5]: the cosine integrates to 0 over each half
 */
export function initialPositions(law: PositionLaw | undefined, box: SpaceBox, dimension: number): InitialPositions {
  const L = box.length;
  if (!law || law.distribution === "uniform") return cosine(0, L, dimension);
  if (law.distribution === "cosine") return cosine(law.amplitude, L, dimension);
  return fromFile(law.path, L, dimension);
}

/** Density (1 + a·cos(2πx₁/L))/Lᵈ (a = 0: uniform). */
function cosine(a: number, L: number, dimension: number): InitialPositions {
  return {
    sample(uniform, out) {
      do out[0] = uniform() * L;
      while (a !== 0 && uniform() * (1 + Math.abs(a)) >= 1 + a * Math.cos((2 * Math.PI * out[0]) / L));
      for (let axis = 1; axis < dimension; axis++) out[axis] = uniform() * L;
    },
    axisProbabilities(cells) {
      // ∫_{lo}^{hi} (1 + a cos(2πx/L)) dx / L = (hi − lo)/L + a (sin(2πhi/L) − sin(2πlo/L))/(2π).
      const wave = (i: number) => (a * Math.sin((2 * Math.PI * i) / cells)) / (2 * Math.PI);
      return Float64Array.from({ length: cells }, (_, i) => 1 / cells + wave(i + 1) - wave(i));
    },
  };
}

function fromFile(path: string, L: number, dimension: number): InitialPositions {
  const rows = readNumberRows(path);
  const bad = rows.findIndex((r) => r.length !== dimension || r.some((x) => !(x >= 0 && x < L)));
  if (!rows.length || bad >= 0) {
    throw new ConfigError("initial.position.path", path, `a file of one position per line, ${dimension} number(s) in [0, ${L})`, bad >= 0 ? `Row ${bad + 1} is not.` : "It is empty.");
  }
  return {
    sample(uniform, out) {
      out.set(rows[Math.floor(uniform() * rows.length)]);
    },
    axisProbabilities(cells) {
      const out = new Float64Array(cells);
      for (const r of rows) out[Math.min(cells - 1, Math.floor((r[0] / L) * cells))] += 1 / rows.length;
      return out;
    },
  };
}
