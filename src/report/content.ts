/**
 * What each report says, in the order a reader needs it: a verdict written from the result, the
 * key figure, the key table, then further tables, and the tables of every fit and every distance
 * last. Titles and parameters name what the result holds (its sources, its ε, C and N grids),
 * not a template.
 *
 * @module
 */
import { type Comparison, comparisonVerdict, isEqual } from "../compare/compare.js";
import { fmt, interval95, withStderr, zText } from "../compare/format.js";
import { observableNames, type ObservableName, type RunOutput } from "../contract/run-output.js";
import { KINETIC_MODELS, type KineticModelName } from "../kinetic/index.js";
import { OBSERVABLE_SYMBOLS } from "../plot/figures.js";
import type { CoverageStudy } from "../study/coverage.js";
import { calibrationRows, coverageRows } from "../study/coverage-dir.js";
import { DISTANCE_LABELS, type DistanceKind, type DistanceSeries, type EpsilonStudy } from "../study/epsilon.js";
import { type NStudy, stderrOfStderr } from "../study/n-study.js";
import type { OrderFit } from "../study/order-fit.js";
import type { SpaceStudy } from "../study/space.js";
import { esc, table } from "./table.js";

/** A report's parts, each built from the result. */
export interface ReportContent {
  title: string;
  /** The answer in words: what the result shows, with its uncertainty. */
  verdict: string;
  /** Notes and warnings of the result (grouped and counted by the page). */
  notes: string[];
  /** Name of the figure shown first (figures.json `name`), or null. */
  keyFigure: string | null;
  /** The table that backs the verdict (HTML). */
  keyTable: string;
  /** Further tables (HTML), after the figures. */
  tables: string;
  /** The tables of every fit and every distance (HTML), at the end. */
  detail: string;
  /** The parameters as run (lists where the result sweeps a parameter). */
  parameters: unknown;
  methods: Record<string, string> | null;
}

/** "{0.4, 0.2, 0.1}". */
const set = (xs: readonly unknown[]) => `{${xs.join(", ")}}`;

/** The distinct values, in order of appearance. */
const distinct = <T>(xs: T[]) => [...new Set(xs)];

/** The name of a source: "particles", or the label of its kinetic description ("exact moment hierarchy"). */
export function sourceLabel(source: string): string {
  const name = source.startsWith("kinetic:") ? (source.slice("kinetic:".length) as KineticModelName) : null;
  return name && KINETIC_MODELS[name] ? KINETIC_MODELS[name].label : source;
}

/** "2.0 [1.8, 2.2]", or the estimate alone when it has no interval (two points). */
function orderText(p: number, ci: [number, number]): string {
  if (!Number.isFinite(p)) return "not fitted";
  return ci.every(Number.isFinite) ? `${fmt(p, 2)} ${interval95(ci, 2)}` : `${fmt(p, 2)} (2 points: no interval)`;
}

/** The run or kinetic solution of a run directory. */
export function runContent(output: RunOutput): ReportContent {
  const { summary } = output;
  const { config } = summary;
  const particles = summary.source === "particles";
  const name = sourceLabel(summary.source);
  const last = summary.times.length - 1;
  const tEnd = summary.times[last];
  const names = observableNames(config.dimension ?? 1);
  const headline = (["M1", "V1"] as ObservableName[]).filter((o) => names.includes(o));
  const values = headline.map((o) => `${OBSERVABLE_SYMBOLS[o] ?? o} = ${withStderr(summary.observables[o].mean[last], summary.observables[o].stderr[last])}`).join(" and ");
  const verdict = particles
    ? `${summary.replicas} replicas of N = ${config.N} particles at ε = ${config.epsilon} (seed ${config.seed}): at t = ${tEnd}, ${values} (mean ± standard error over the replicas).`
    : `The ${name} at ε = ${config.epsilon}: at t = ${tEnd}, ${values} (deterministic: no standard error).`;
  const rows = names.map((o) => {
    const e = summary.observables[o as ObservableName];
    const row: Record<string, unknown> = { observable: OBSERVABLE_SYMBOLS[o] ?? o };
    summary.times.forEach((t, i) => (row[`t = ${t}`] = withStderr(e.mean[i], e.stderr[i])));
    return row;
  });
  return {
    title: particles ? `Particles: N = ${config.N}, R = ${summary.replicas} replicas, ε = ${config.epsilon}` : `Kinetic solution: ${name}, ε = ${config.epsilon}`,
    verdict,
    notes: [],
    keyFigure: "moments",
    keyTable: table(rows, undefined, particles ? "Observables: mean ± standard error over the replicas" : `Observables of the ${name} (exact up to the solver's error)`, "key-table"),
    tables: "",
    detail: "",
    // a kinetic solution has no particles: no N, R or seed
    parameters: particles ? config : (({ N, replicas, seed, ...model }) => model)(config),
    methods: null,
  };
}

/** A comparison of two runs (`alignsim compare`). */
export function comparisonContent(c: Comparison): ReportContent {
  const named = (d: Comparison["a"]) => (d.label === d.source ? sourceLabel(d.source) : d.label);
  const who = (d: Comparison["a"]) => `${named(d)} (${sourceLabel(d.source)}${d.N ? `, N = ${d.N}, R = ${d.replicas}, seed ${d.seed}` : ""}, ε = ${d.epsilon})`;
  const row = (r: Comparison["observables"][number] | Comparison["functionals"][number], quantity: string) => ({
    quantity,
    t: String(r.t),
    A: withStderr(r.a, "aStderr" in r ? r.aStderr : 0),
    B: withStderr(r.b, "bStderr" in r ? r.bStderr : 0),
    "A − B": withStderr(r.diff, r.stderr),
    z: zText(r),
    df: r.df,
    p: isEqual(r) ? "" : r.pValue,
  });
  const all = [...c.observables.map((r) => row(r, OBSERVABLE_SYMBOLS[r.observable] ?? r.observable)), ...c.functionals.map((r) => row(r, r.functional))];
  const tested = [...c.observables, ...c.functionals].map((r, i) => ({ r, i })).filter(({ r }) => !isEqual(r) && !Number.isNaN(r.z));
  const largest = tested.sort((x, y) => Math.abs(y.r.z) - Math.abs(x.r.z)).slice(0, 8).map(({ i }) => all[i]);
  const histograms = c.histograms.map((h) => ({
    density: h.density,
    t: String(h.t),
    "L1 (noise floor)": `${fmt(h.l1, 3)} (${fmt(h.l1NoiseFloor, 2)})`,
    "L2² debiased": withStderr(h.l2Squared, h.l2SquaredStderr),
    L2: withStderr(h.l2, h.l2Stderr),
    "χ²": h.chi2,
    df: h.df,
    p: h.tooFewReplicas ? "too few replicas" : h.pValue,
  }));
  const columns = ["quantity", "t", "A", "B", "A − B", "z", "df", "p"];
  return {
    title: `Comparison: ${named(c.a)} against ${named(c.b)}`,
    verdict: comparisonVerdict(c, OBSERVABLE_SYMBOLS),
    notes: c.notes,
    keyFigure: "moments",
    keyTable: `<p>A = ${esc(who(c.a))}<br>B = ${esc(who(c.b))}${c.configDifferences.length ? `<br>configs differ in: ${esc(c.configDifferences.join(", "))}` : ""}</p>${table(largest, columns, `The ${largest.length} quantities with the largest |z| of ${tested.length} tested (z = (A − B)/SE, Student t with df degrees of freedom)`, "key-table")}`,
    tables: table(histograms, undefined, "Histogram distances per time: L1 (biased upwards by noise; its noise floor), noise-debiased L2², χ² test"),
    detail: table(all, columns, `Every quantity: difference A − B with its standard error, z = difference/SE (equal: both exact and equal), df of the SE and the two-sided Student p-value`),
    parameters: null,
    methods: c.methods,
  };
}

/** "1.23e-3 ± 2.1e-4", marked "(not resolved)" where the distance is not resolved. */
function distanceCell(s: DistanceSeries, i: number): string {
  return `${withStderr(s.values[i], s.stderr[i])}${s.resolved[i] ? "" : " (not resolved)"}`;
}

/** Particle distances (points) not resolved, of all particle distance points. */
function unresolvedPoints(s: EpsilonStudy): { unresolved: number; points: number } {
  const series = Object.values(s.distances).flatMap((byKind) => Object.values(byKind) as DistanceSeries[]).filter((d) => d.source === "particles");
  return { unresolved: series.reduce((n, d) => n + d.resolved.filter((r) => !r).length, 0), points: series.reduce((n, d) => n + d.resolved.length, 0) };
}

/** An ε-study (`alignsim study epsilon`). */
export function epsilonContent(s: EpsilonStudy): ReportContent {
  const labels = Object.values(s.descriptions).map((d) => d.label);
  const Ns = distinct(s.particles.map((p) => p.N));
  const Rs = distinct(s.particles.map((p) => p.replicas));
  const particles = `N = ${Ns.join(", ")}, R = ${Rs.length ? Rs.join(", ") : s.config.replicas}`;
  const against = labels.length <= 3 ? labels.join(", ") : `${labels.length} kinetic descriptions`;
  const orderOf = (particles: boolean) =>
    Object.entries(s.orders)
      .filter(([, o]) => (o.source === "particles") === particles)
      .map(([name, o]) => `${s.descriptions[name].label} ${Number.isFinite(o.p) ? fmt(o.p, 2) : "–"}${o.ci95.every(Number.isFinite) ? ` ${interval95(o.ci95, 2)}` : ""}${o.expected === null ? "" : ` (expected ${o.expected})`}`)
      .join(", ");
  const noInterval = Object.values(s.orders).some((o) => !o.ci95.every(Number.isFinite));
  const orders = [
    orderOf(true) && `Orders in ε of the particles' distance to each description: ${orderOf(true)}.`,
    orderOf(false) && `Orders in ε of the exact moment hierarchy's distance to each description, standing in for the particles: ${orderOf(false)}.`,
    noInterval && `With ${s.epsilons.length < 3 ? `${s.epsilons.length} values of ε` : "fewer than 3 resolved points"} ${s.epsilons.length < 3 ? "no order has a" : "some orders have no"} 95 % interval.`,
  ]
    .filter(Boolean)
    .join(" ");
  const { unresolved, points } = unresolvedPoints(s);
  const tested = s.validation.filter((v) => v.status !== "too-few-replicas");
  const validation = tested.length
    ? `Particles and the exact moment hierarchy agree at ${tested.filter((v) => v.status === "agree").length} of ${tested.length} ε tested${tested.length < s.validation.length ? ` (too few replicas to test at ${s.validation.length - tested.length})` : ""}.`
    : `Particles ↔ exact moment hierarchy: ${s.validation[0]?.message ?? "not tested"}.`;
  const verdict = `ε ∈ ${set(s.epsilons)}, particles ${particles}. ${orders} ${unresolved ? `${unresolved} of ${points} particle distance points not resolved.` : `All ${points} particle distance points resolved.`} ${validation}`;
  const headline = Object.entries(s.orders).map(([name, o]) => {
    const series = s.distances[name][o.distance]!;
    const row: Record<string, unknown> = { description: s.descriptions[name].label, "distance (source)": `${DISTANCE_LABELS[o.distance]}` };
    s.epsilons.forEach((e, i) => (row[`ε = ${e}`] = distanceCell(series, i)));
    return { ...row, "p [95% CI]": orderText(o.p, o.ci95), expected: o.expected, "p, 3 smallest ε": orderText(o.smallest3.p, o.smallest3.ci95) };
  });
  const validationRows = s.validation.map((v) => ({ ε: v.epsilon, verdict: v.status, test: v.test, p: v.pValue, "max |z|": v.maxAbsZ, "moment distance² (debiased)": withStderr(v.distanceSquared, v.distanceSquaredStderr), message: v.message }));
  const fits = Object.entries(s.fits).flatMap(([name, byKind]) =>
    Object.entries(byKind).map(([kind, f]) => ({
      description: s.descriptions[name].label,
      distance: DISTANCE_LABELS[kind as DistanceKind],
      headline: s.orders[name].distance === kind,
      "p [95% CI]": orderText(f!.p, f!.ci95),
      points: f!.n,
      "local orders": f!.localOrders.map((x) => fmt(x, 3)).join(", "),
    })),
  );
  const distances = Object.entries(s.distances).flatMap(([name, byKind]) =>
    (Object.entries(byKind) as [DistanceKind, DistanceSeries][]).map(([kind, series]) => {
      const row: Record<string, unknown> = { description: s.descriptions[name].label, distance: DISTANCE_LABELS[kind] };
      s.epsilons.forEach((e, i) => (row[`ε = ${e}`] = distanceCell(series, i)));
      return row;
    }),
  );
  const precision = s.particlePrecision?.epsilons.map((r) => ({ ε: r.epsilon, "pilot R": r.pilotReplicas, "predicted D": r.predictedDistance, R: r.replicas, resolved: r.resolved, events: r.events, seconds: r.wallSeconds }));
  return {
    title: `ε-convergence: particles (${particles}) against ${against}`,
    verdict,
    notes: s.warnings,
    keyFigure: "convergence",
    keyTable: table(headline, undefined, "Headline distance of each description per ε (mean ± SE), and its fitted order p in D ≈ C·ε^p", "key-table"),
    tables:
      table(validationRows, undefined, "Particles ↔ exact moment hierarchy (validation; the hierarchy may stand in for the particles where it agrees)") +
      (precision?.length ? table(precision, undefined, "Replicas per ε chosen to resolve the particles' distance") : ""),
    detail: table(fits, undefined, "All fits") + table(distances, undefined, "All distances (mean ± SE)"),
    parameters: { ...s.config, epsilon: s.epsilons, N: Ns.length ? Ns : s.config.N, replicas: Rs.length ? Rs : s.config.replicas },
    methods: s.methods,
  };
}

/** "q = −0.49 [−0.61, −0.37], consistent with −1/2" for the slope of one standard error. */
function slopeText(f: OrderFit, expected: number): string {
  const consistent = f.ci95.every(Number.isFinite) ? (f.ci95[0] <= expected && expected <= f.ci95[1] ? "consistent with" : "not consistent with") : "no interval to compare with";
  return `${orderText(f.p, f.ci95)}, ${consistent} ${expected}`;
}

/** An N-study (`alignsim study n`). */
export function nStudyContent(s: NStudy): ReportContent {
  const Ns = distinct(s.rows.map((r) => r.N));
  const Rs = distinct(s.rows.map((r) => r.replicas));
  const names: Record<keyof NStudy["fits"], string> = { M1Stderr: "SE(M₁)", V1Stderr: "SE(V₁)", f1Noise: "f₁ noise" };
  const fits = (Object.entries(s.fits) as [keyof NStudy["fits"], OrderFit][]).map(([k, f]) => ({ quantity: names[k], "q [95% CI]": orderText(f.p, f.ci95), expected: String(s.expected), points: f.n }));
  const verdict = `The standard errors at t = ${s.t} fall as (N·R)^q with ${(Object.entries(s.fits) as [keyof NStudy["fits"], OrderFit][]).map(([k, f]) => `q = ${slopeText(f, s.expected)} for ${names[k]}`).join("; ")} (95 % intervals, Student t over ${s.rows.length} grid points).`;
  const rows = s.rows.map((r) => {
    const se = (x: number) => withStderr(x, stderrOfStderr(x, r.replicas));
    return { N: r.N, R: r.replicas, "N·R": r.samples, "SE(M₁)": se(r.M1Stderr), "SE(V₁)": se(r.V1Stderr), "f₁ noise": se(r.f1Noise), seconds: r.wallSeconds };
  });
  return {
    title: `Statistical error against N·R: N ∈ ${set(Ns)}, R ∈ ${set(Rs)}, at t = ${s.t}`,
    verdict,
    notes: [],
    keyFigure: "n-study",
    keyTable: table(fits, undefined, "Fitted slopes q of SE ≈ C·(N·R)^q", "key-table"),
    tables: table(rows, undefined, "Standard errors per grid point, each ± its own SE (an SE from R replicas has relative error 1/√(2(R − 1)))"),
    detail: "",
    parameters: { ...s.config, N: Ns, replicas: Rs, seed: `${s.config.seed}…${s.config.seed + s.rows.length - 1}` },
    methods: s.methods,
  };
}

/** A space study (`alignsim study space`). */
export function spaceContent(s: SpaceStudy): ReportContent {
  const Ns = distinct(s.rows.map((r) => r.N));
  const Rs = distinct(s.rows.map((r) => r.replicas));
  const finest = Math.max(...s.cells);
  const smallest = Math.min(...s.epsilons);
  const reference = s.reference.replace(/^kinetic:\S+/, sourceLabel);
  const order = (f: OrderFit | null, what: string) => `order in ${what} ${f && Number.isFinite(f.p) ? orderText(f.p, f.ci95) : "not fitted (fewer than 3 resolved distances)"}`;
  const unresolved = s.rows.filter((r) => !r.resolved).length;
  const verdict = `Distance of the particle fields (ρ, j, T) to ${reference}: ${order(s.orders.epsilon, `ε (C = ${finest})`)}; ${order(s.orders.cellSize, `h (ε = ${smallest})`)}. ${unresolved ? `${unresolved} of ${s.rows.length} distances not resolved.` : `All ${s.rows.length} distances resolved.`}`;
  const rows = s.rows.map((r) => ({
    sweep: r.sweep === "epsilon" ? "ε" : "h",
    ε: r.epsilon,
    C: r.cells,
    h: r.h,
    N: r.N,
    R: r.replicas,
    "D (ρ, j, T)": withStderr(r.distance, r.stderr),
    resolved: r.resolved,
    "D(ρ)": withStderr(r.byField.rho.value, r.byField.rho.stderr),
    "D(j)": withStderr(r.byField.j.value, r.byField.j.stderr),
    "D(T)": withStderr(r.byField.T.value, r.byField.T.stderr),
    "mass error": r.massError,
  }));
  const orders = [
    { sweep: `ε at C = ${finest}`, fit: s.orders.epsilon },
    { sweep: `h at ε = ${smallest}`, fit: s.orders.cellSize },
  ].map(({ sweep, fit }) => ({ sweep, "p [95% CI]": fit ? orderText(fit.p, fit.ci95) : "not fitted", points: fit?.n ?? 0, "reduced χ²": fit?.reducedChi2 ?? null }));
  return {
    title: `Space study: particles (N = ${Ns.join(", ")}, R = ${Rs.join(", ")}) against ${reference}, ε ∈ ${set(s.epsilons)}, C ∈ ${set(s.cells)}`,
    verdict,
    notes: s.warnings,
    keyFigure: "space-epsilon",
    keyTable: table(orders, undefined, "Fitted orders D ≈ C·x^p (x = ε or h), 95 % intervals", "key-table"),
    tables: table(rows, undefined, "Distances of the particle fields to the reference (mean ± SE)"),
    detail: "",
    parameters: { ...s.config, epsilon: s.epsilons, N: Ns, replicas: Rs, space: { ...s.config.space, cells: s.cells } },
    methods: s.methods,
  };
}

/** A coverage study (`alignsim study coverage`). */
export function coverageContent(s: CoverageStudy): ReportContent {
  const below = s.summaries.filter((x) => x.ci95[1] < x.nominal);
  const above = s.summaries.filter((x) => x.ci95[0] > x.nominal);
  const fa = s.falseAlarms;
  const testedEnsembles = fa.ensembles - fa.tooFewReplicas;
  const shown = (xs: CoverageStudy["summaries"]) => xs.map((x) => `${x.label} ${fmt(x.fraction, 3)} ${interval95(x.ci95)}`).join("; ");
  const lowest = s.summaries.reduce<CoverageStudy["summaries"][number] | undefined>((w, x) => (!w || x.fraction < w.fraction ? x : w), undefined);
  const nominal = s.summaries[0]?.nominal ?? 0.95;
  const alarms = testedEnsembles
    ? `The validation test raised ${fa.alarms} false ${fa.alarms === 1 ? "alarm" : "alarms"} in ${testedEnsembles} tested ensembles at level ${fa.level} (rate ${fmt(fa.rate, 2)} ${interval95(fa.ci95, 2)}).`
    : "The validation test had too few replicas to test in every ensemble.";
  const coverage = below.length ? `: ${shown(below)}` : lowest ? `; the lowest, ${shown([lowest])}` : "";
  const verdict = `${below.length} of ${s.summaries.length} kinds of interval cover the truth less often than their nominal ${nominal}${above.length ? `, ${above.length} more often` : ""} (K = ${s.ensembles} ensembles of R = ${s.replicas} replicas, Wilson 95 % intervals of the coverage)${coverage}. ${alarms}`;
  const summaries = s.summaries.map((x) => ({ interval: x.label, "per ensemble": x.perEnsemble, coverage: x.fraction, "95% interval": interval95(x.ci95), "missed low": x.missedLow, "missed high": 1 - x.fraction - x.missedLow, nominal: String(x.nominal), truth: x.truth }));
  const alarmRows = fa.atLevels.map((a) => ({ level: String(a.level), "false alarms": a.alarms, tested: testedEnsembles, rate: a.rate, "95% interval": interval95(a.ci95) }));
  const tests = Object.entries(fa.tests).map(([t, n]) => `${t}: ${n}`).join(", ");
  const calibration = calibrationRows(s).map((r) => ({
    distance: r.distance,
    truth: r.truth,
    "mean D̂² − D²": withStderr(r.squaredBias as number, r.squaredBiasStderr as number),
    "sd(D̂²)": r.squaredSpread,
    "rms SE(D̂²)": r.squaredReportedSE,
    "mean D̂ − D": r.bias,
    "sd(D̂)": r.spread,
    "rms SE(D̂)": r.reportedSE,
  }));
  const perQuantity = coverageRows(s).map((r) => ({ interval: r.interval, quantity: r.quantity, trials: r.trials, covered: r.covered, "missed low": r.missedLow, coverage: r.fraction, "95% interval": interval95([r.ci95Low as number, r.ci95High as number]) }));
  return {
    title: `Coverage of K = ${s.ensembles} ensembles of R = ${s.replicas} replicas (N = ${s.config.N}, ε = ${s.config.epsilon}), distances to ${s.description.label}`,
    verdict,
    notes: s.warnings,
    keyFigure: "coverage",
    keyTable: table(summaries, undefined, `Coverage of each kind of interval at t ∈ ${set(s.compareTimes)} (exact hierarchy's moment distance to the description: ${fmt(s.exactMomentDistance)})`, "key-table"),
    tables:
      table(alarmRows, undefined, `False-alarm rate of the validation test (verdict at level ${fa.level}; tests: ${tests})`) +
      table(calibration, undefined, "Distance estimates over the ensembles: bias of D̂² (± its SE) and D̂ against the truth, their spread against the SE the ensembles report") +
      table(s.bias as unknown as Record<string, unknown>[], ["observable", "t", "bias", "z", "inEnsembleSE"], "Finite-N bias of the means against the exact hierarchy, from all K·R replicas (inEnsembleSE: in units of one ensemble's SE)"),
    detail: table(perQuantity, undefined, "Coverage per interval and quantity (Wilson 95 % intervals)"),
    parameters: s.config,
    methods: s.methods,
  };
}
