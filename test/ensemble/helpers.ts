/** Shared helpers of the ensemble tests: small configs, temporary directories, byte comparison. */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfig, type ConfigInput } from "../../src/model/config.js";

/** A small, fast ensemble (≈ 10 ms per replica). */
export function smallConfig(overrides: ConfigInput = {}) {
  return parseConfig({ N: 400, replicas: 6, times: [0, 0.5, 1], seed: 7, ...overrides });
}

export function tempDir(prefix = "alignsim-ens-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** summary.json without the two fields that differ between runs of one ensemble. */
export function summaryWithoutTimings(dir: string): string {
  const summary = JSON.parse(readFileSync(join(dir, "summary.json"), "utf8"));
  delete summary.wallSeconds;
  delete summary.provenance.createdAt;
  return JSON.stringify(summary, null, 2);
}

/** The bytes of every output file, timings removed from summary.json. */
export function outputBytes(dir: string): { summary: string; f1: string; f2: string } {
  return {
    summary: summaryWithoutTimings(dir),
    f1: readFileSync(join(dir, "f1.csv"), "utf8"),
    f2: readFileSync(join(dir, "f2.csv"), "utf8"),
  };
}
