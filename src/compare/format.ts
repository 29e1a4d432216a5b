/**
 * Plain-text tables of a comparison, as `alignsim compare` prints them.
 *
 * @module
 */
import { type Comparison, comparisonVerdict, isEqual } from "./compare.js";
import { OBSERVABLE_SYMBOLS } from "../plot/figures.js";

/**
 * A number with 4 significant digits ("–" for NaN, "∞" for infinities); an integer (a count, N,
 * R, a number of cells, a time such as 2) as an integer.
 *
 * @example
 * fmt(16000) // "16000"
 * fmt(0.123456) // "0.1235"
 */
export function fmt(x: number | null | undefined, digits = 4): string {
  if (x === null || x === undefined || Number.isNaN(x)) return "–";
  if (!Number.isFinite(x)) return x > 0 ? "∞" : "−∞";
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  return Math.abs(x) >= 1e-3 && Math.abs(x) < 1e5 ? x.toPrecision(digits) : x.toExponential(digits - 1);
}

/**
 * A measured number with its standard error, "0.0123 ± 0.0021" (the value to 3 digits, the SE
 * to 2); the value alone when the SE is 0 or absent (an exact number).
 */
export function withStderr(value: number, stderr: number | null | undefined): string {
  return stderr ? `${fmt(value, 3)} ± ${fmt(stderr, 2)}` : fmt(value, 3);
}

/** A 95 % interval, "[0.91, 1.08]". */
export function interval95(ci: [number, number], digits = 3): string {
  return `[${fmt(ci[0], digits)}, ${fmt(ci[1], digits)}]`;
}

/** Rows of cells → aligned text, first row as header. */
export function textTable(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((x, c) => (c === 0 ? x.padEnd(widths[c]) : x.padStart(widths[c]))).join("  ")).join("\n");
}

/** The z-score of a row as shown: "equal" for two exact numbers equal to rounding. */
export function zText(row: { a: number; b: number; diff: number; stderr: number; z: number }): string {
  return isEqual(row) ? "equal" : fmt(row.z, 3);
}

/** The verdict, the observables table and the distance table of a comparison. */
export function formatComparison(c: Comparison): string {
  const out: string[] = [];
  out.push(`A = ${c.a.label} (${c.a.source}${c.a.N ? `, N = ${c.a.N}, R = ${c.a.replicas}, seed ${c.a.seed}` : ""}, ε = ${c.a.epsilon})`);
  out.push(`B = ${c.b.label} (${c.b.source}${c.b.N ? `, N = ${c.b.N}, R = ${c.b.replicas}, seed ${c.b.seed}` : ""}, ε = ${c.b.epsilon})`);
  if (c.configDifferences.length) out.push(`configs differ in: ${c.configDifferences.join(", ")}`);
  out.push("", comparisonVerdict(c, OBSERVABLE_SYMBOLS), ...c.notes.map((note) => `Note: ${note}.`), "");
  out.push(
    textTable([
      ["observable", "t", "A", "B", "A − B", "SE", "z", "df", "p"],
      ...c.observables.map((r) => [r.observable, fmt(r.t), fmt(r.a), fmt(r.b), fmt(r.diff), fmt(r.stderr), zText(r), fmt(r.df, 3), isEqual(r) ? "" : fmt(r.pValue, 2)]),
    ]),
  );
  if (c.histograms.length) {
    out.push("");
    out.push(
      textTable([
        ["density", "t", "L1", "L1 noise floor", "L2² (debiased)", "SE(L2²)", "L2²/SE", "χ²", "df", "p"],
        ...c.histograms.map((r) => [
          r.density,
          fmt(r.t),
          fmt(r.l1),
          fmt(r.l1NoiseFloor),
          fmt(r.l2Squared),
          fmt(r.l2SquaredStderr),
          fmt(r.l2SquaredStderr > 0 ? r.l2Squared / r.l2SquaredStderr : Number.NaN, 3),
          fmt(r.chi2),
          String(r.df),
          fmt(r.pValue, 3),
        ]),
      ]),
    );
  }
  return out.join("\n");
}
