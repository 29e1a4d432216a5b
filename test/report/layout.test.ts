import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compareRuns } from "../../src/compare/compare.js";
import { fmt } from "../../src/compare/format.js";
import { writeComparison } from "../../src/compare/write.js";
import { simulateEnsemble } from "../../src/ensemble/simulate-ensemble.js";
import { solveMomentsExact } from "../../src/kinetic/moment-closure/exact-hierarchy-2.js";
import { parseConfig } from "../../src/model/config.js";
import { writeRunOutput } from "../../src/output/files.js";
import { modelCaption, sourcesTitle } from "../../src/plot/caption.js";
import { buildReport } from "../../src/report/html.js";
import { groupNotes } from "../../src/report/notes.js";
import type { CoverageStudy } from "../../src/study/coverage.js";
import type { NStudy } from "../../src/study/n-study.js";
import type { SpaceStudy } from "../../src/study/space.js";

/** Position of a landmark in the page; fails when it is missing. */
function at(html: string, landmark: string): number {
  const i = html.indexOf(landmark);
  expect(i, `${landmark} present`).toBeGreaterThanOrEqual(0);
  return i;
}

/** The page opens with the verdict, then the key figure, then the key table; every fit and distance comes last. */
function expectAnswerFirst(html: string, keyFigure: string): void {
  expect(html).toMatch(/<h1>[^<]*<\/h1>\s*<p class="verdict" id="verdict">/);
  const verdict = at(html, 'id="verdict"');
  const figure = at(html, 'id="figure-1"');
  const key = at(html, 'id="key-table"');
  expect(verdict).toBeLessThan(figure);
  expect(figure).toBeLessThan(key);
  expect(html).toMatch(new RegExp(`id="figure-1" data-name="${keyFigure}"`));
  const detail = html.indexOf('id="detail"');
  if (detail >= 0) expect(html.slice(detail)).not.toMatch(/<section/); // nothing after it
}

/** The page with its `"` unescaped, to read the parameters' JSON. */
const unescaped = (html: string) => html.replace(/&quot;/g, '"');

/** The cells of the table with the given caption start, as text. */
function cells(html: string, caption: string): string[] {
  const i = at(html, `<caption>${caption}`);
  const tableHtml = html.slice(i, html.indexOf("</table>", i));
  return [...tableHtml.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]);
}

/** A stand-in SVG with axes, for figures.json. */
const svg = (name: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200"><g class="role-axis"></g><text>${name}</text></svg>`;

function writeFiguresIndex(dir: string, names: string[]): void {
  mkdirSync(join(dir, "figures"), { recursive: true });
  for (const name of names) writeFileSync(join(dir, "figures", `${name}.svg`), svg(name));
  writeFileSync(join(dir, "figures", "figures.json"), JSON.stringify(names.map((name) => ({ name, title: name, caption: `caption of ${name}`, file: `figures/${name}.svg` }))));
}

describe("numbers in reports", () => {
  it("integers print as integers, other numbers to 4 significant digits", () => {
    expect([fmt(4), fmt(500), fmt(16000), fmt(24), fmt(400), fmt(0)]).toEqual(["4", "500", "16000", "24", "400", "0"]);
    expect(fmt(0.123456)).toBe("0.1235");
    expect(fmt(1.5e-5)).toBe("1.500e-5");
  });

  it("a caption over a sweep of cells names the cells run, not the config's", () => {
    const config = parseConfig({ N: 500, replicas: 4, times: [0, 1], space: { length: 1, cells: 32 } });
    expect(modelCaption(config, false, [8, 4])).toMatch(/C ∈ \{8, 4\} cells per axis/);
    expect(modelCaption(config, false, [8, 4])).not.toMatch(/32 cells/);
    expect(modelCaption(config)).toMatch(/with 32 cells per axis/);
  });

  it("figure titles name only the sources present", () => {
    const particles = { label: "particles", source: "particles" };
    const exact = { label: "kinetic:moments-exact", source: "kinetic:moments-exact" };
    expect(sourcesTitle("Moments", [exact])).toBe("Moments: the exact moment hierarchy");
    expect(sourcesTitle("Moments", [particles], "mean ± 2 SE")).toBe("Moments: particles (mean ± 2 SE)");
    expect(sourcesTitle("Moments", [particles, exact])).toBe("Moments: particles (±2 SE) and the exact moment hierarchy");
    expect(sourcesTitle("Moments", [{ label: "A: particles", source: "particles" }, { label: "B: kinetic:first-order", source: "kinetic:first-order" }])).toBe("Moments: particles (±2 SE) and B: (14) first-order system");
  });

  it("notes are grouped by kind, in the order of the kinds, the rest under Other notes", () => {
    const groups = groupNotes([
      "(33): the f₁ moments distance is not resolved (SE > 0.25·D) at ε = 0.1",
      "(49) as printed is left out: no f₁",
      "(14): the f₁ histogram distance is not resolved (SE > 0.25·D) at ε = 0.2",
      "something else",
    ]);
    expect(groups.map((g) => [g.heading, g.notes.length])).toEqual([
      ["Descriptions left out", 1],
      ["Distances not resolved by the particles", 2],
      ["Other notes", 1],
    ]);
  });
});

describe("report layout: the answer first", () => {
  const dir = mkdtempSync(join(tmpdir(), "alignsim-layout-"));
  const config = parseConfig({ N: 200, replicas: 3, epsilon: 0.2, times: [0, 1], histogram: { min: -4, max: 4, bins: 8, pairBins: 4 } });
  let particles: ReturnType<typeof simulateEnsemble>;
  let exact: ReturnType<typeof solveMomentsExact>;
  beforeAll(() => {
    particles = simulateEnsemble(config);
    exact = solveMomentsExact(config);
  });

  it("a kinetic-only run: title, verdict and figure name the solution, with no particles, no SE and no N", async () => {
    const run = join(dir, "kinetic");
    writeRunOutput(run, exact);
    const { html } = await buildReport(run);
    expectAnswerFirst(html, "moments");
    expect(html).toMatch(/<h1>Kinetic solution: exact moment hierarchy, ε = 0.2<\/h1>/);
    expect(html).toMatch(/<p class="verdict" id="verdict">The exact moment hierarchy at ε = 0.2: at t = 1, M₁ = [0-9.]+ and V₁ = [0-9.]+ \(deterministic/);
    expect(html).toContain("Moments against time: the exact moment hierarchy");
    expect(html).not.toMatch(/particles|moment ODEs/);
    expect(unescaped(html)).not.toMatch(/"N":/); // the parameters of a kinetic solve have no particles
    expect(cells(html, "Observables of the exact moment hierarchy").slice(0, 3)).toEqual(["M₁", "1", expect.stringMatching(/^0\.\d+$/)]);
  });

  it("a particle run: the verdict carries the SE, the figure names the particles and no ODEs", async () => {
    const run = join(dir, "particles");
    writeRunOutput(run, particles);
    const { html } = await buildReport(run);
    expectAnswerFirst(html, "moments");
    expect(html).toMatch(/<h1>Particles: N = 200, R = 3 replicas, ε = 0.2<\/h1>/);
    expect(html).toMatch(/3 replicas of N = 200 particles at ε = 0.2 \(seed 1\): at t = 1, M₁ = [0-9.]+ ± [0-9.e-]+ and V₁ = [0-9.]+ ± [0-9.e-]+/);
    expect(html).toContain("Moments against time: particles (mean ± 2 SE)");
    expect(html).not.toMatch(/moment ODEs|kinetic descriptions/);
    expect(cells(html, "Observables: mean ± standard error").slice(0, 3)).toEqual(["M₁", "1", expect.stringMatching(/^0\.\d+ ± [0-9.e-]+$/)]);
  });

  it("a comparison: the verdict counts the quantities outside their intervals; the full table of every quantity comes last", async () => {
    const out = join(dir, "compare");
    await writeComparison(out, compareRuns(particles, exact), particles, exact);
    const { html } = await buildReport(out);
    expectAnswerFirst(html, "moments");
    expect(html).toMatch(/<h1>Comparison: particles against exact moment hierarchy<\/h1>/);
    expect(html).toMatch(/\d+ of \d+ quantities lies? outside their 95 % intervals \(Student t, p &lt; 0.05\); chance alone puts about [0-9.]+ there/);
    const key = cells(html, "The 8 quantities with the largest |z|");
    expect(key).toHaveLength(8 * 8);
    const all = cells(html, "Every quantity");
    expect(all.length).toBeGreaterThan(key.length);
    expect(at(html, "<caption>Every quantity")).toBeGreaterThan(at(html, 'id="methods"'));
  });

  it("a space study: the verdict counts the unresolved points and the notes, grouped in a collapsed block; the C grid is the one run", async () => {
    const out = join(dir, "space");
    const row = (sweep: "epsilon" | "cells", epsilon: number, cells: number, distance: number, stderr: number) => ({
      sweep, epsilon, cells, h: 1 / cells, N: 500, replicas: 4, distance, stderr, noise: 0, squared: distance ** 2, squaredStderr: 2 * distance * stderr,
      byField: { rho: { value: distance / 2, stderr }, j: { value: distance / 2, stderr }, T: { value: distance / 2, stderr } }, resolved: stderr <= 0.25 * distance, covariance: "full", massError: 0,
    });
    const study = {
      config: parseConfig({ N: 50000, replicas: 4, times: [0, 1], space: { length: 1, cells: 32 } }),
      epsilons: [0.2, 0.1],
      cells: [8, 4],
      compareTimes: [1],
      reference: "kinetic:instantaneous in space (d = 1)",
      rows: [row("epsilon", 0.2, 8, 0.08, 0.01), row("epsilon", 0.1, 8, 0.04, 0.03), row("cells", 0.1, 4, 0.05, 0.05)],
      orders: { epsilon: null, cellSize: null },
      methods: { distance: "…" },
      warnings: ["ε-sweep: 1 of 2 distances unresolved (SE > 0.25·D), left out of the fit", "ε-sweep: fewer than 3 resolved distances, no order fitted", "cell sweep: 1 of 1 distances unresolved (SE > 0.25·D), left out of the fit"],
      wallSeconds: 1,
    } as SpaceStudy;
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, "space-study.json"), JSON.stringify(study));
    writeFiguresIndex(out, ["density", "space-epsilon", "space-cells"]);
    const { html } = await buildReport(out);
    expectAnswerFirst(html, "space-epsilon");
    expect(html).toMatch(/<h1>Space study: particles \(N = 500, R = 4\) against \(33\) instantaneous limit in space \(d = 1\), ε ∈ \{0.2, 0.1\}, C ∈ \{8, 4\}<\/h1>/);
    expect(html).toMatch(/2 of 3 distances not resolved\. 3 notes, listed under Notes\./);
    const notes = /<details id="notes"><summary>Notes — 3 notes: 2 × distances not resolved by the particles, 1 × orders not fitted<\/summary>([\s\S]*?)<\/details>/.exec(html);
    expect(notes, "notes collapsed in <details> with their counts").not.toBeNull();
    expect(notes![1]).toContain("Distances not resolved by the particles (2)");
    expect(at(html, "<details")).toBeLessThan(at(html, 'id="figure-1"'));
    expect(html).not.toMatch(/<details[^>]* open/);
    expect(unescaped(html)).toMatch(/"cells": \[\s*8,\s*4\s*\]/); // parameters: the C run, not the config's 32
    expect(unescaped(html)).not.toMatch(/"N": 50000/);
  });

  it("an N-study: title and parameters name the N grid run, counts print as integers", async () => {
    const out = join(dir, "n-study");
    const fit = (p: number) => ({ p, ci95: [p - 0.1, p + 0.1] as [number, number], stderr: 0.05, C: 1, n: 3, reducedChi2: 1, localOrders: [p, p], method: "…" });
    const study: NStudy = {
      kind: "study-n",
      config: parseConfig({ N: 50000, replicas: 8, times: [0, 1] }),
      t: 1,
      rows: [500, 1000, 16000].map((N) => ({ N, replicas: 4, samples: 4 * N, M1Stderr: 0.1 / Math.sqrt(N), V1Stderr: 0.2 / Math.sqrt(N), f1Noise: 0.3 / Math.sqrt(N), wallSeconds: 1.5 })),
      fits: { M1Stderr: fit(-0.5), V1Stderr: fit(-0.45), f1Noise: fit(-0.8) },
      expected: -0.5,
      methods: { fit: "…" },
    };
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, "n-study.json"), JSON.stringify(study));
    writeFiguresIndex(out, ["n-study"]);
    const { html } = await buildReport(out);
    expectAnswerFirst(html, "n-study");
    expect(html).toMatch(/<h1>Statistical error against N·R: N ∈ \{500, 1000, 16000\}, R ∈ \{4\}, at t = 1<\/h1>/);
    expect(html).toMatch(/q = -0.50 \[-0.60, -0.40\], consistent with -0.5 for SE\(M₁\)/);
    expect(html).toMatch(/q = -0.80 \[-0.90, -0.70\], not consistent with -0.5 for f₁ noise/);
    expect(cells(html, "Standard errors per grid point").slice(0, 4)).toEqual(["500", "4", "2000", expect.stringMatching(/^0\.00447 ± /)]);
    expect(unescaped(html)).toMatch(/"N": \[\s*500,\s*1000,\s*16000\s*\]/);
    expect(html).not.toMatch(/50000|1\.600e\+4|500\.0|4\.000/);
  });

  it("a coverage study: counts print as integers and the verdict names the intervals that cover too rarely", async () => {
    const out = join(dir, "coverage");
    const summary = (label: string, fraction: number, ci95: [number, number]) => ({ kind: "mean", label, truth: "exact hierarchy", nominal: 0.95, ensembles: 400, perEnsemble: 24, fraction, ci95, missedLow: (1 - fraction) / 2, method: "Wilson" });
    const calibration = { truth: 0.01, squaredBias: 1e-6, squaredBiasStderr: 2e-6, squaredSpread: 1e-5, squaredReportedSE: 1e-5, bias: 1e-4, spread: 1e-3, reportedSE: 1e-3 };
    const study = {
      kind: "study-coverage",
      config: parseConfig({ N: 2000, replicas: 16, times: [0, 1] }),
      spaceConfig: null,
      ensembles: 400,
      replicas: 16,
      compareTimes: [1],
      description: { name: "instantaneous", label: "(33) instantaneous limit" },
      exactMomentDistance: 0.01,
      summaries: [summary("mean ± t·SE", 0.951, [0.94, 0.96]), summary("moment D ± 1.96·SE(D)", 0.9, [0.88, 0.92])],
      rows: [{ kind: "mean", quantity: "M1@1", trials: 400, covered: 380, missedLow: 10, fraction: 0.95, ci95: [0.92, 0.97] }],
      falseAlarms: { level: 0.001, ensembles: 400, tests: { hotelling: 400 }, tooFewReplicas: 0, alarms: 1, rate: 0.0025, ci95: [0.0004, 0.014], atLevels: [{ level: 0.001, alarms: 1, rate: 0.0025, ci95: [0.0004, 0.014] }] },
      calibration: { momentDistance: calibration },
      bias: [],
      warnings: [],
      methods: { coverage: "…" },
      wallSeconds: 1,
    } as unknown as CoverageStudy;
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, "coverage.json"), JSON.stringify(study));
    writeFiguresIndex(out, ["coverage"]);
    const { html } = await buildReport(out);
    expectAnswerFirst(html, "coverage");
    expect(html).toMatch(/<p class="verdict" id="verdict">1 of 2 kinds of interval cover the truth less often than their nominal 0.95 [^<]*: moment D ± 1.96·SE\(D\) 0.900 \[0.880, 0.920\]\. The validation test raised 1 false alarm in 400 tested ensembles/);
    expect(html).not.toContain('id="notes"'); // no notes, no block
    expect(cells(html, "Coverage of each kind of interval").slice(0, 2)).toEqual(["mean ± t·SE", "24"]);
    expect(cells(html, "False-alarm rate").slice(0, 3)).toEqual(["0.001", "1", "400"]);
    expect(html).not.toMatch(/24\.00|400\.0/);
    expect(at(html, "<caption>Coverage per interval and quantity")).toBeGreaterThan(at(html, 'id="methods"'));
  });
});
