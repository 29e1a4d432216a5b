/**
 * The law g of the initial states: f_1^I = M_1(0)·g and f_2^I = M_2(0)·g⊗g (14c), with
 * M_1(0) = M(1 − p), M_2(0) = M p/(2ε) for a paired fraction p (pairs start with independent
 * states, not yet aligned). The particle engine samples from g; the kinetic solvers integrate g
 * over their cells. Both use this one module, so both start from the same f^I.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { ConfigError, IOError } from "../errors.js";
import { standardNormal, type Uniform } from "../rng.js";
import type { ModelConfig } from "./config.js";

/** A probability law on the real line, as the engine and the solvers need it. */
export interface InitialLaw {
  /** One draw. */
  sample(uniform: Uniform): number;
  /** The probability of each cell [edges[b], edges[b+1]) (exact, or Gauss–Legendre for smooth densities). */
  cellProbabilities(edges: ArrayLike<number>): Float64Array;
  /** Exact raw moments E[v], E[v²], E[v⁴]. */
  readonly moments: { mean: number; second: number; fourth: number };
  /** Exact raw moment E[v^n] of any order n ≥ 0 (the moment closures of every degree start from them). */
  rawMoment(n: number): number;
  /** The density, where the law has one (not for `samples`). */
  pdf?(v: number): number;
}

/**
 * Builds the initial law of a config (reads the file of a `file` law).
 *
 * A `file` holds either one state per line (an empirical law, like `samples`) or one histogram
 * bin `lo,hi,weight` per line (a piecewise-constant density; weights need not be normalised).
 *
 * @throws {IOError} when the file cannot be read; {@link ConfigError} when it is malformed.
 */
export function initialLaw(initial: ModelConfig["initial"]): InitialLaw {
  switch (initial.distribution) {
    case "normal":
      return mixture([{ weight: 1, mean: initial.mean, sd: initial.sd }]);
    case "bimodal":
      return mixture([
        { weight: initial.weight, mean: initial.means[0], sd: initial.sd },
        { weight: 1 - initial.weight, mean: initial.means[1], sd: initial.sd },
      ]);
    case "uniform":
      return histogramLaw([initial.min], [initial.max], [1]);
    case "samples":
      return empirical(initial.values);
    case "file":
      return fromFile(initial.path);
  }
}

/** Number of particles that start in pairs: 2·min(round(pN/2), ⌊N/2⌋). */
export function pairedParticles(N: number, pairedFraction: number): number {
  return 2 * Math.min(Math.round((pairedFraction * N) / 2), Math.floor(N / 2));
}

interface Component {
  weight: number;
  mean: number;
  sd: number;
}

/** A finite mixture of normals (normal, bimodal). */
function mixture(components: Component[]): InitialLaw {
  const pdf = (v: number) => {
    let p = 0;
    for (const c of components) p += (c.weight / (c.sd * Math.sqrt(2 * Math.PI))) * Math.exp(-0.5 * ((v - c.mean) / c.sd) ** 2);
    return p;
  };
  const sum = (f: (c: Component) => number) => components.reduce((s, c) => s + c.weight * f(c), 0);
  // E[(μ + σZ)^n] = Σ_j C(n, j) μ^{n−j} σ^j E[Z^j], E[Z^j] = (j − 1)!! for even j, 0 for odd j.
  const rawMoment = (n: number) =>
    sum((c) => {
      let total = 0;
      let binomial = 1;
      let normal = 1;
      for (let j = 0; j <= n; j++) {
        if (j % 2 === 0) total += binomial * c.mean ** (n - j) * c.sd ** j * normal;
        if (j % 2 === 1) normal *= j;
        binomial = (binomial * (n - j)) / (j + 1);
      }
      return total;
    });
  return {
    sample(uniform) {
      let u = uniform();
      for (const c of components) {
        if (u < c.weight || c === components[components.length - 1]) return c.mean + c.sd * standardNormal(uniform);
        u -= c.weight;
      }
      throw new Error("unreachable");
    },
    cellProbabilities: (edges) => integrateCells(pdf, edges),
    moments: {
      mean: sum((c) => c.mean),
      second: sum((c) => c.mean ** 2 + c.sd ** 2),
      fourth: sum((c) => c.mean ** 4 + 6 * c.mean ** 2 * c.sd ** 2 + 3 * c.sd ** 4),
    },
    rawMoment,
    pdf,
  };
}

/** A piecewise-constant density on bins [lo_b, hi_b) with weights w_b (uniform: one bin). */
function histogramLaw(lo: number[], hi: number[], weights: number[]): InitialLaw {
  const total = weights.reduce((s, w) => s + w, 0);
  const p = weights.map((w) => w / total);
  const cumulative = p.map((_, b) => p.slice(0, b + 1).reduce((s, x) => s + x, 0));
  const rawMoment = (n: number) => p.reduce((s, pb, b) => s + (pb * (hi[b] ** (n + 1) - lo[b] ** (n + 1))) / ((n + 1) * (hi[b] - lo[b])), 0);
  return {
    sample(uniform) {
      const u = uniform();
      let b = cumulative.findIndex((c) => u < c);
      if (b < 0) b = p.length - 1;
      return lo[b] + uniform() * (hi[b] - lo[b]);
    },
    cellProbabilities(edges) {
      const out = new Float64Array(edges.length - 1);
      for (let c = 0; c < out.length; c++) {
        for (let b = 0; b < p.length; b++) {
          const overlap = Math.min(edges[c + 1], hi[b]) - Math.max(edges[c], lo[b]);
          if (overlap > 0) out[c] += (p[b] * overlap) / (hi[b] - lo[b]);
        }
      }
      return out;
    },
    moments: { mean: rawMoment(1), second: rawMoment(2), fourth: rawMoment(4) },
    rawMoment,
    pdf(v) {
      let d = 0;
      for (let b = 0; b < p.length; b++) if (v >= lo[b] && v < hi[b]) d += p[b] / (hi[b] - lo[b]);
      return d;
    },
  };
}

/** The empirical law of a list of states: draws with replacement. */
function empirical(values: readonly number[]): InitialLaw {
  const n = values.length;
  const moment = (k: number) => values.reduce((s, v) => s + v ** k, 0) / n;
  return {
    sample: (uniform) => values[Math.floor(uniform() * n)],
    cellProbabilities(edges) {
      const out = new Float64Array(edges.length - 1);
      for (const v of values) {
        for (let c = 0; c < out.length; c++) {
          if (v >= edges[c] && v < edges[c + 1]) {
            out[c] += 1 / n;
            break;
          }
        }
      }
      return out;
    },
    moments: { mean: moment(1), second: moment(2), fourth: moment(4) },
    rawMoment: moment,
  };
}

/**
 * The rows of numbers of a text file: one row per line, numbers separated by commas or spaces,
 * blank lines and lines starting with `#` skipped (unparsable numbers come back as NaN).
 *
 * @throws {IOError} when the file cannot be read.
 */
export function readNumberRows(path: string): number[][] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new IOError(path, (error as Error).message);
  }
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"))
    .map((line) => line.split(/[,\s]+/).map(Number));
}

function fromFile(path: string): InitialLaw {
  const rows = readNumberRows(path);
  const width = rows[0]?.length;
  const bad = rows.findIndex((r) => r.length !== width || r.some((x) => !Number.isFinite(x)));
  if (!rows.length || (width !== 1 && width !== 3) || bad >= 0) {
    throw new ConfigError("initial.path", path, "a file of one state per line, or of `lo,hi,weight` histogram rows", bad >= 0 ? `Row ${bad + 1} is malformed.` : "");
  }
  if (width === 1) return empirical(rows.map((r) => r[0]));
  const badBin = rows.findIndex(([lo, hi, w]) => !(hi > lo) || w < 0);
  if (badBin >= 0) throw new ConfigError("initial.path", path, "histogram rows with hi > lo and weight ≥ 0", `Row ${badBin + 1} is not.`);
  return histogramLaw(
    rows.map((r) => r[0]),
    rows.map((r) => r[1]),
    rows.map((r) => r[2]),
  );
}

/** 8-point Gauss–Legendre nodes and weights on [−1, 1]. */
const GL_NODES = [-0.9602898564975363, -0.7966664774136267, -0.525532409916329, -0.1834346424956498, 0.1834346424956498, 0.525532409916329, 0.7966664774136267, 0.9602898564975363];
const GL_WEIGHTS = [0.1012285362903763, 0.2223810344533745, 0.3137066458778873, 0.362683783378362, 0.362683783378362, 0.3137066458778873, 0.2223810344533745, 0.1012285362903763];

/** ∫ pdf over each cell by 8-point Gauss–Legendre (exact to rounding for cells ≲ sd/2). */
function integrateCells(pdf: (v: number) => number, edges: ArrayLike<number>): Float64Array {
  const out = new Float64Array(edges.length - 1);
  for (let c = 0; c < out.length; c++) {
    const half = (edges[c + 1] - edges[c]) / 2;
    const mid = (edges[c + 1] + edges[c]) / 2;
    let s = 0;
    for (let q = 0; q < 8; q++) s += GL_WEIGHTS[q] * pdf(mid + half * GL_NODES[q]);
    out[c] = s * half;
  }
  return out;
}
