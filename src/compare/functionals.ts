/**
 * Smooth functionals of a histogrammed density f_1 (bin averages h_b on cells [e_b, e_{b+1}),
 * masses m_b = h_b·w_b): linear in the cell masses, so noise enters them only through its mean,
 * which is zero — they carry no noise bias at all, unlike an L1 distance.
 *
 * - CDF at x (an edge): F(x) = Σ_{e_{b+1} ≤ x} m_b — exact for a kinetic output, whose cell
 *   masses are exact integrals.
 * - Characteristic function at frequency k of the piecewise-constant density:
 *   φ(k) = Σ_b m_b·e^{ik c_b}·sinc(k w_b/2), c_b the cell centre (the same discretisation on both
 *   sides, so a difference of φ is a difference of the two densities).
 *
 * Standard errors of Σ_b c_b h_b are √(Σ c_b² SE_b²), per-cell errors propagated as if cells were
 * independent (for multinomial counts at fixed total this overestimates).
 *
 * @module
 */

/** A linear functional of f_1: its name and coefficients c_b on the cell averages. */
export interface Functional {
  name: string;
  coefficients: number[];
}

/** Edges closest to each point (deduplicated, in increasing order). */
export function snapToEdges(edges: number[], points: number[]): number[] {
  const snapped = points.map((x) => edges.reduce((best, e) => (Math.abs(e - x) < Math.abs(best - x) ? e : best), edges[0]));
  return [...new Set(snapped)].sort((p, q) => p - q);
}

/**
 * The CDF at the edges nearest to `cdfPoints` and Re/Im of the characteristic function at
 * `frequencies`, as coefficient vectors over the cells of `edges`.
 */
export function f1Functionals(edges: number[], cdfPoints: number[], frequencies: number[]): Functional[] {
  const bins = edges.length - 1;
  const width = (b: number) => edges[b + 1] - edges[b];
  const centre = (b: number) => (edges[b] + edges[b + 1]) / 2;
  const out: Functional[] = [];
  for (const x of snapToEdges(edges, cdfPoints)) {
    out.push({ name: `F(${round(x)})`, coefficients: Array.from({ length: bins }, (_, b) => (edges[b + 1] <= x + 1e-12 ? width(b) : 0)) });
  }
  for (const k of frequencies) {
    const sinc = (b: number) => {
      const z = (k * width(b)) / 2;
      return z === 0 ? 1 : Math.sin(z) / z;
    };
    out.push({ name: `Re φ(${round(k)})`, coefficients: Array.from({ length: bins }, (_, b) => width(b) * sinc(b) * Math.cos(k * centre(b))) });
    out.push({ name: `Im φ(${round(k)})`, coefficients: Array.from({ length: bins }, (_, b) => width(b) * sinc(b) * Math.sin(k * centre(b))) });
  }
  return out;
}

/** Σ c_b h_b and √(Σ c_b² SE_b²) (NaN standard errors propagate). */
export function applyFunctional(f: Functional, density: ArrayLike<number>, stderr: ArrayLike<number>): { value: number; stderr: number } {
  let value = 0;
  let variance = 0;
  for (let b = 0; b < f.coefficients.length; b++) {
    const c = f.coefficients[b];
    if (c === 0) continue;
    value += c * density[b];
    variance += c * c * (stderr[b] ?? Number.NaN) ** 2;
  }
  return { value, stderr: Math.sqrt(variance) };
}

function round(x: number): string {
  return String(Math.round(x * 1e6) / 1e6);
}
