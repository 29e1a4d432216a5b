/**
 * `alignsim study coverage` end to end on a tiny config (K = 4 ensembles of R = 4 replicas of
 * N = 300 particles, fields on 8 cells): it writes coverage.json with every kind of interval,
 * each coverage a fraction of K with its interval, and the report; bad input is refused with one
 * line naming the field, exit status 2 and nothing written.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const BIN = new URL("../../bin/alignsim.mjs", import.meta.url).pathname;
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8" });
/** The tiny study's command line, with `args` replacing or adding options (each given once). */
function tiny(args: string[]): string[] {
  const options = new Map(Object.entries({ "--N": "300", "--replicas": "4", "--ensembles": "4", "--times": "0,1", "--compare-times": "1", "--workers": "1" }));
  for (let i = 0; i < args.length; i += 2) options.set(args[i], args[i + 1]);
  return ["study", "coverage", ...[...options].flat()];
}

describe("alignsim study coverage", () => {
  it("writes coverage.json, the figure and the report for K = 4 tiny ensembles", () => {
    const out = join(mkdtempSync(join(tmpdir(), "alignsim-cov-")), "study");
    const result = run(...tiny(["--out", out]));
    expect(result.status, result.stderr).toBe(0);
    const study = JSON.parse(readFileSync(join(out, "coverage.json"), "utf8"));
    expect(study).toMatchObject({ kind: "study-coverage", ensembles: 4, replicas: 4, compareTimes: [1] });
    expect(study.summaries.map((s: { kind: string }) => s.kind)).toEqual([
      "mean",
      "control-variate mean",
      "moment distance, delta",
      "moment distance, delta, t",
      "moment distance, root of D²",
      "moment distance, root of D², t",
      "moment distance, score, t",
      "control-variate moment distance, delta",
      "control-variate moment distance, delta, t",
      "control-variate moment distance, root of D²",
      "control-variate moment distance, root of D², t",
      "control-variate moment distance, score, t",
      "f1 distance, delta",
      "f1 distance, delta, t",
      "f1 distance, root of D²",
      "f1 distance, root of D², t",
      "f1 distance, score, t",
      "fields T",
    ]);
    for (const s of study.summaries) {
      expect(s.ensembles).toBe(4);
      expect(s.fraction).toBeGreaterThanOrEqual(s.ci95[0]);
      expect(s.fraction).toBeLessThanOrEqual(s.ci95[1]);
      if (s.perEnsemble === 1) expect(Number.isInteger(s.fraction * 4)).toBe(true);
    }
    // R = 4, below the R = 7 at which Bonferroni over k = 14 quantities has power: no verdict rather than a false alarm
    expect(study.falseAlarms).toMatchObject({ ensembles: 4, tooFewReplicas: 4, alarms: 0 });
    expect(existsSync(join(out, "figures", "coverage.svg"))).toBe(true);
    expect(readFileSync(join(out, "report.html"), "utf8")).toContain('data-report-kind="study-coverage"');
  });

  it.each([
    [["--ensembles", "1"], /`--ensembles` must be an integer ≥ 2/],
    [["--replicas", "1"], /`replicas` must be ≥ 2/],
    [["--description", "nonsense"], /`--description` must be one of/],
    [["--compare-times", "1,-2"], /`compare-times` must be/],
    [["--space-config", "src/study/default-config.json"], /`--space-config` must be a spatial config/],
    [["--space", '{"length":1,"cells":4}'], /`space` must be absent/],
  ])("rejects %j with one line, exit status 2 and no files", (args, message) => {
    const out = join(mkdtempSync(join(tmpdir(), "alignsim-cov-")), "x");
    const result = run(...tiny([...args, "--out", out]));
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });
});
