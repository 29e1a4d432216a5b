/**
 * Precision targets (Stein's two-stage procedure): a small target is met by growing the run,
 * and the result is the run of that many replicas; an impossible target stops with
 * PrecisionUnreachableError and no summary.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, PrecisionUnreachableError } from "../../src/errors.js";
import { parseTarget, runToTargets, steinReplicas, type PrecisionSummary } from "../../src/ensemble/precision.js";
import { runEnsemble } from "../../src/ensemble/run-ensemble.js";
import { summarize } from "../../src/ensemble/statistics.js";
import { runReplica } from "../../src/engine/replica.js";
import { studentTQuantile } from "../../src/stats/distributions.js";
import { outputBytes, smallConfig, tempDir } from "./helpers.js";

const pilot = smallConfig({ replicas: 5, times: [0, 1] });

describe("precision targets", () => {
  it("parse OBS@T=VALUE and OBS@T=P% and name the option when malformed", () => {
    expect(parseTarget("V1@1=1%", [0, 1])).toMatchObject({ observable: "V1", time: 1, timeIndex: 1, value: 0.01, relative: true });
    expect(parseTarget("M1@0.5=2e-3", [0, 0.5])).toMatchObject({ observable: "M1", timeIndex: 1, value: 0.002, relative: false });
    for (const bad of ["V1@2=0.1", "X@1=0.1", "V1@1=0", "V1@1=-1%", "V1=0.1"]) {
      expect(() => parseTarget(bad, [0, 1]), bad).toThrow(ConfigError);
      expect(() => parseTarget(bad, [0, 1]), bad).toThrow(/`--target-stderr` must be OBS@T=VALUE/);
    }
  });

  it("Stein's R is ⌈(t_{0.975,n−1}·s/(z_{0.975}·e))²⌉ from the sample", () => {
    const { summary } = summarize(pilot, Array.from({ length: 5 }, (_, r) => runReplica(pilot, r)), 0);
    const target = parseTarget("V1@1=0.001", pilot.times);
    const s = summary.observables.V1.stderr[1] * Math.sqrt(5);
    const { required, sd, t } = steinReplicas(summary, target);
    expect(sd).toBeCloseTo(s, 14);
    expect(t).toBe(studentTQuantile(0.975, 4));
    expect(required).toBe(Math.ceil(((t * s) / (1.959963984540054 * 0.001)) ** 2));
  });

  it("a small target is met by growing the run, and the result is the run of that R from the start", async () => {
    const dir = tempDir();
    const notices: string[] = [];
    const targets = [parseTarget("V1@1=2%", pilot.times), parseTarget("M1@1=0.004", pilot.times)];
    const outcome = await runToTargets({ config: pilot, outDir: dir, workers: 2, targets, maxReplicas: 500, notice: (m) => notices.push(m) });
    const summary = JSON.parse(readFileSync(join(dir, "summary.json"), "utf8")) as PrecisionSummary;
    const { precision } = summary;
    expect(precision.stages[0]).toBe(5);
    expect(precision.stages.length).toBeGreaterThanOrEqual(2);
    expect(notices[0]).toMatch(/^pilot of 5 replicas: .* needs R = \d+ by Stein's rule/);
    for (const [i, record] of precision.targets.entries()) {
      expect(record.met, record.target).toBe(true);
      const { observable, timeIndex } = targets[i];
      expect(record.achievedStderr).toBe(summary.observables[observable].stderr[timeIndex]);
      expect(record.achievedStderr).toBeLessThanOrEqual(record.stderrTarget);
    }
    expect(precision.targets[0].stderrTarget).toBeCloseTo(0.02 * summary.observables.V1.mean[1], 15);
    const R = precision.stages.at(-1)!;
    expect(outcome.ran).toBe(R);
    const direct = tempDir();
    await runEnsemble({ config: { ...pilot, replicas: R }, outDir: direct, workers: 2 });
    const withoutPrecision = JSON.parse(outputBytes(dir).summary);
    delete withoutPrecision.precision;
    expect(JSON.stringify(withoutPrecision, null, 2)).toBe(outputBytes(direct).summary);
    expect(outputBytes(dir).f1).toBe(outputBytes(direct).f1);
    // The same command resumed: all R replicas on disk make the pilot, which meets the targets.
    const again = await runToTargets({ config: pilot, outDir: dir, workers: 1, targets, maxReplicas: 500, resume: true });
    expect(again.ran).toBe(0);
    expect((again.output!.summary as PrecisionSummary).precision.stages).toEqual([R]);
  }, 30_000);

  it("an impossible target stops after the pilot with PrecisionUnreachableError and writes no summary", async () => {
    const dir = tempDir();
    const run = runToTargets({ config: pilot, outDir: dir, workers: 1, targets: [parseTarget("V1@1=1e-7", pilot.times)], maxReplicas: 50 });
    await expect(run).rejects.toThrow(PrecisionUnreachableError);
    await expect(run).rejects.toThrow(/V1@1=1e-7 needs about R = \d+ replicas by Stein's rule from 5 .*more than --max-replicas 50; no summary written/);
    expect(existsSync(join(dir, "summary.json"))).toBe(false);
    expect(existsSync(join(dir, "replicas", "r000004.bin"))).toBe(true);
  });

  it("a budget too short for the required replicas stops with PrecisionUnreachableError", async () => {
    const dir = tempDir();
    const run = runToTargets({ config: pilot, outDir: dir, workers: 1, targets: [parseTarget("V1@1=0.1%", pilot.times)], maxReplicas: 1e6, budgetSeconds: 3 });
    await expect(run).rejects.toThrow(/precision target unreachable: (V1@1=0.1% needs about R = \d+ replicas, ≈ \d+ s more .* beyond the budget of 3 s|the budget of 3 s ran out)/);
    expect(existsSync(join(dir, "summary.json"))).toBe(false);
  }, 30_000);
});
