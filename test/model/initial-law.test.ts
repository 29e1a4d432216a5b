import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/errors.js";
import { validateConfig } from "../../src/model/config.js";
import { initialLaw, pairedParticles } from "../../src/model/initial-law.js";
import { replicaStream } from "../../src/rng.js";

const dir = mkdtempSync(join(tmpdir(), "alignsim-law-"));
const law = (initial: unknown) => initialLaw(validateConfig({ initial }).initial);
const edges = Array.from({ length: 801 }, (_, i) => -20 + i / 20);

/** Sample mean and variance of n draws, and the standard errors of both. */
function sampleStats(l: ReturnType<typeof law>, n: number) {
  const u = replicaStream(4, 0);
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const v = l.sample(u);
    s += v;
    s2 += v * v;
  }
  return { mean: s / n, second: s2 / n };
}

describe("initial laws", () => {
  it.each([
    [{ distribution: "normal", mean: 1, sd: 2 }, 1, 5, 1 + 6 * 4 + 3 * 16],
    [{ distribution: "uniform", min: -1, max: 3 }, 1, 7 / 3, (3 ** 5 + 1) / 20],
    [{ distribution: "bimodal", means: [-1, 2], sd: 0.5, weight: 0.25 }, 1.25, 0.25 * 1.25 + 0.75 * 4.25, 0.25 * (1 + 1.5 + 0.1875) + 0.75 * (16 + 6 + 0.1875)],
  ])("%j has the exact moments, cell masses summing to 1, and samples with that mean and second moment (4 SE)", (initial, mean, second, fourth) => {
    const l = law(initial);
    expect(l.moments.mean).toBeCloseTo(mean, 12);
    expect(l.moments.second).toBeCloseTo(second, 12);
    expect(l.moments.fourth).toBeCloseTo(fourth, 10);
    expect(l.cellProbabilities(edges).reduce((a, b) => a + b)).toBeCloseTo(1, 9);
    const n = 100_000;
    const { mean: m, second: s } = sampleStats(l, n);
    const sd = Math.sqrt(second - mean * mean);
    expect(Math.abs(m - mean)).toBeLessThan((4 * sd) / Math.sqrt(n));
    expect(Math.abs(s - second)).toBeLessThan((4 * Math.sqrt(fourth - second * second)) / Math.sqrt(n));
  });

  it("a file of states is their empirical law; a file of lo,hi,weight rows is a piecewise-constant density", () => {
    writeFileSync(join(dir, "states.txt"), "# states\n1\n2\n2\n3\n");
    const states = law({ distribution: "file", path: join(dir, "states.txt") });
    expect(states.moments.mean).toBe(2);
    expect(states.moments.second).toBe((1 + 4 + 4 + 9) / 4);
    expect(Array.from(states.cellProbabilities([0, 1.5, 2.5, 4]))).toEqual([0.25, 0.5, 0.25]);
    writeFileSync(join(dir, "hist.csv"), "0,1,1\n1,3,3\n");
    const hist = law({ distribution: "file", path: join(dir, "hist.csv") });
    // density 1/4 on [0,1) and 3/8 on [1,3): mean = 1/4·1/2 + 3/4·2 = 1.625
    expect(hist.moments.mean).toBeCloseTo(1.625, 14);
    expect(Array.from(hist.cellProbabilities([0, 1, 2, 3]))).toEqual([0.25, 0.375, 0.375]);
  });

  it("a malformed file is a ConfigError naming initial.path and the row", () => {
    writeFileSync(join(dir, "bad.csv"), "0,1,1\n1,x,3\n");
    expect(() => law({ distribution: "file", path: join(dir, "bad.csv") })).toThrowError(ConfigError);
    expect(() => law({ distribution: "file", path: join(dir, "bad.csv") })).toThrowError(/`initial.path`.*Row 2/);
  });

  it("pairs hold 2·round(pN/2) particles, never more than N", () => {
    expect(pairedParticles(100, 0.25)).toBe(26);
    expect(pairedParticles(7, 1)).toBe(6);
    expect(pairedParticles(1, 1)).toBe(0);
  });
});
