import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { fmt, interval95 } from "../../src/compare/format.js";
import { checkKineticConfig } from "../../src/kinetic/index.js";
import { parseConfig } from "../../src/model/config.js";
import { type EpsilonStudy, runEpsilonStudy, studyDescriptions, studyKineticOptions, TESTED_DESCRIPTIONS } from "../../src/study/epsilon.js";
import { QUICK_EPSILONS, QUICK_KINETIC_OPTIONS, QUICK_STUDY_CONFIG_PATH } from "../../src/study/quick-study.js";
import { STUDY_DEFAULT_CONFIG_PATH } from "../../src/study/run-study.js";
import { orderWords, studyVerdict } from "../../src/study/verdict.js";

const packageJson = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
const quickRaw = JSON.parse(readFileSync(QUICK_STUDY_CONFIG_PATH, "utf8"));

describe("the quick study of npm start", () => {
  it("npm start runs `alignsim study epsilon --quick`, and the reference script keeps the full study config", () => {
    expect(packageJson.scripts.start.split(/\s+/)).toEqual(["node", "bin/alignsim.mjs", "study", "epsilon", "--quick", "--out", "results/study-epsilon"]);
    const reference = readFileSync(new URL("../../scripts/study/1-run.ts", import.meta.url), "utf8");
    expect(reference).toContain("STUDY_DEFAULT_CONFIG_PATH");
    expect(reference).not.toMatch(/quick/i);
  });

  it("its config is valid and is the study config's model, with histograms that h = 0.2 and 2h tile", () => {
    const quick = parseConfig(quickRaw);
    const full = JSON.parse(readFileSync(STUDY_DEFAULT_CONFIG_PATH, "utf8"));
    const { histogram, ...model } = quickRaw;
    const { histogram: _, ...fullModel } = full;
    expect(model).toEqual(fullModel);
    const width = (quick.histogram.max - quick.histogram.min) / quick.histogram.bins;
    expect(width).toBeCloseTo(0.2, 12);
    expect((quick.histogram.max - quick.histogram.min) / quick.histogram.pairBins).toBeCloseTo(0.4, 12);
    expect(histogram.min).toBeLessThan(full.histogram.min + 1e-12);
  });

  it("every tested description can solve it at every ε with the quick solver options (error estimates on)", () => {
    const quick = parseConfig(quickRaw);
    for (const epsilon of QUICK_EPSILONS) {
      const config = { ...quick, epsilon };
      expect(studyDescriptions(config, undefined, QUICK_KINETIC_OPTIONS)).toEqual({ names: TESTED_DESCRIPTIONS, warnings: [] });
      for (const name of TESTED_DESCRIPTIONS) {
        const options = studyKineticOptions(name, epsilon, QUICK_KINETIC_OPTIONS);
        expect(() => checkKineticConfig(name, config, options)).not.toThrow();
        if (options.resolution) expect(options.errorEstimate).toBe(true);
      }
      // (14) keeps the time step that follows its initial layer
      expect(studyKineticOptions("first-order", epsilon, QUICK_KINETIC_OPTIONS).resolution!.dt).toBe(Math.min(0.05, epsilon / 4));
    }
  });
});

describe("orderWords", () => {
  it("names the order an interval points to, and whether it excludes the other", () => {
    expect(orderWords({ p: 1.84, ci95: [1.72, 1.97], expected: 2, localOrders: [1.75, 1.86, 1.93] })).toBe(
      "second order, as expected: the interval excludes 1 and lies below 2, where the local orders 1.75 → 1.86 → 1.93 rise toward it",
    );
    expect(orderWords({ p: 0.98, ci95: [0.9, 1.05], expected: 1, localOrders: [] })).toBe("first order, as expected: the interval excludes 2 and contains 1");
    expect(orderWords({ p: 1.1, ci95: [0.95, 1.3], expected: 2, localOrders: [] })).toBe("first order, NOT the expected order 2: the interval excludes 2 and contains 1");
    expect(orderWords({ p: 1.5, ci95: [0.5, 2.5], expected: 2, localOrders: [] })).toMatch(/^the interval contains both 1 and 2/);
    expect(orderWords({ p: Number.NaN, ci95: [Number.NaN, Number.NaN], expected: 1, localOrders: [] })).toMatch(/^no interval/);
  });
});

describe("progress and verdict of a small ε-study", () => {
  // The study config at N·R = 1600 per ε, with the moment descriptions only (no grids): seconds.
  const base = parseConfig({ ...quickRaw, N: 200, replicas: 8 });
  const epsilons = [0.4, 0.2, 0.1];
  const descriptions = ["instantaneous-moments", "first-order-moments", "moments-printed"] as const;
  const lines: string[] = [];
  let study: EpsilonStudy;
  beforeAll(async () => {
    study = await runEpsilonStudy(base, { epsilons, descriptions: [...descriptions], onProgress: (line) => lines.push(line) });
  }, 120_000);

  it("prints one numbered line per step: particles, exact hierarchy and each description per ε, then the fits", () => {
    const K = epsilons.length * (2 + descriptions.length) + 1;
    expect(lines).toHaveLength(K);
    lines.forEach((line, i) => expect(line).toMatch(new RegExp(`^\\[${i + 1}/${K} · \\d+\\.\\d s\\] `)));
    expect(lines[0]).toContain("ε = 0.4: particles, N = 200, R = 8");
    expect(lines[1]).toContain("ε = 0.4: exact moment hierarchy");
    expect(lines[K - 1]).toContain("order fits of 3 descriptions over ε = 0.4, 0.2, 0.1");
  });

  it("times every phase, in wall and CPU seconds", () => {
    expect(Object.keys(study.phaseSeconds!)).toEqual(["particles", "moments-exact", ...descriptions, "fits"]);
    for (const time of Object.values(study.phaseSeconds!)) {
      expect(time.wall).toBeGreaterThanOrEqual(0);
      expect(time.cpu).toBeGreaterThanOrEqual(0);
    }
    expect(study.phaseSeconds!.particles.wall).toBeGreaterThan(0);
  });

  it("ends with a verdict: one line per description with its order and interval, and the validation at this R", () => {
    const verdict = studyVerdict(study);
    expect(verdict[0]).toBe("Orders of the distance particles ↔ description, D ≈ C·ε^p, over ε = 0.4 … 0.1 (N = 200, R = 8):");
    descriptions.forEach((name, i) => {
      const { p, ci95 } = study.orders[name];
      expect(verdict[1 + i]).toContain(study.descriptions[name].label);
      expect(verdict[1 + i]).toContain(`p = ${fmt(p, 3)} ${interval95(ci95)} from ${study.orders[name].source}`);
      expect(verdict[1 + i]).toContain(orderWords(study.orders[name]));
    });
    // R = 8 supports Bonferroni over Student t for k = 14, not Hotelling: every ε has a verdict
    const validation = verdict.slice(1 + descriptions.length).join("\n");
    for (const v of study.validation) expect(v.status).not.toBe("too-few-replicas");
    expect(validation).toMatch(/agree|DISAGREE/);
  });
});
