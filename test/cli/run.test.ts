import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const BIN = new URL("../../bin/alignsim.mjs", import.meta.url).pathname;
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8" });
const fresh = () => mkdtempSync(join(tmpdir(), "alignsim-cli-"));

describe("alignsim run", () => {
  it("writes summary.json, f1.csv and f2.csv in the documented shape", () => {
    const out = join(fresh(), "x");
    const result = run("run", "--config", "examples/default.json", "--N", "500", "--replicas", "3", "--out", out);
    expect(result.status, result.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
    expect(summary.config.N).toBe(500);
    expect(summary.times).toEqual([0, 0.5, 1, 2]);
    for (const name of ["M1", "M2", "M3", "I1", "I2", "V1", "V2", "V2bar", "V2tilde", "v_inf"]) {
      expect(summary.observables[name].mean).toHaveLength(4);
      expect(summary.observables[name].stderr).toHaveLength(4);
    }
    expect(Object.keys(summary.clusterCounts)).toContain("2");
    expect(Object.keys(summary.events.coagulation)).toContain("1,1");
    expect(readFileSync(join(out, "f1.csv"), "utf8").split("\n")).toHaveLength(1 + 4 * 80 + 1);
    expect(readFileSync(join(out, "f2.csv"), "utf8").split("\n")[0]).toBe("t,v1_lo,v1_hi,v2_lo,v2_hi,density,stderr");
  });

  it("--times takes a single time, a comma list or a JSON list", () => {
    for (const [times, expected] of [["1", [1]], ["0,1.5", [0, 1.5]], ["[0.5]", [0.5]]] as const) {
      const out = join(fresh(), "x");
      const result = run("run", "--N", "50", "--replicas", "2", "--times", times, "--quiet", "--out", out);
      expect(result.status, result.stderr).toBe(0);
      expect(JSON.parse(readFileSync(join(out, "summary.json"), "utf8")).times).toEqual(expected);
    }
  });

  it("--quiet prints nothing on success and still reports errors", () => {
    const ok = run("run", "--N", "50", "--replicas", "2", "--quiet", "--out", join(fresh(), "x"));
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toBe("");
    expect(ok.stderr).toBe("");
    const bad = run("run", "--N", "0", "--quiet", "--out", join(fresh(), "y"));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("`N`");
  });

  it("--control-variates prints the variance-reduction factors and writes them to summary.json; refuses R < 4", () => {
    const out = join(fresh(), "cv");
    const result = run("run", "--N", "300", "--times", "0,0.5", "--replicas", "6", "--workers", "1", "--control-variates", "--out", out);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/control variates: initial mean and second moment of the states \(2 used\), Student t with 3 degrees of freedom\nfactor SE²\/SE²_cv +t=0 +t=0.5\n/);
    expect(result.stdout).toMatch(/\nv_inf +\S+ +\S+\n/);
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
    expect(summary.controlVariates.degreesOfFreedom).toBe(3);
    expect(summary.controlVariates.factor.I1).toHaveLength(2);
    expect(summary.controlVariates.observables.I1.ci95.lower).toHaveLength(2);
    const few = join(fresh(), "few");
    const refused = run("run", "--N", "300", "--replicas", "3", "--control-variates", "--out", few);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain("`--control-variates` must be used with at least 4 replicas");
    expect(existsSync(few)).toBe(false);
  });

  it("--target-stderr: an impossible target exits 3 with one line and writes no summary; --budget alone is refused", () => {
    const out = join(fresh(), "t");
    const result = run("run", "--N", "300", "--times", "0,1", "--replicas", "4", "--workers", "1", "--quiet", "--target-stderr", "V1@1=1e-9", "--max-replicas", "100", "--out", out);
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(/^alignsim: precision target unreachable: V1@1=1e-9 needs about R = \d+ replicas by Stein's rule from 4 .*more than --max-replicas 100; no summary written, the 4 replicas stay in .*\n$/);
    expect(existsSync(join(out, "summary.json"))).toBe(false);
    const alone = run("run", "--N", "300", "--budget", "10", "--out", join(fresh(), "b"));
    expect(alone.status).toBe(2);
    expect(alone.stderr).toContain("`--target-stderr` must be given with --budget or --max-replicas");
  });

  it("--help documents every option with its default", () => {
    const help = run("run", "--help").stdout;
    for (const option of ["--config", "--out", "--N", "--epsilon", "--mass", "--kmax", "--lambda", "--mu", "--initial", "--times", "--replicas", "--seed", "--histogram"]) {
      expect(help).toContain(option);
    }
    expect(help).toContain("[default: 10000]");
  });

  it.each([
    [["--epsilon", "0"], "`epsilon` must be > 0"],
    [["--N", "12.5"], "`N` must be a positive integer"],
    [["--lambda", '{"1,1": -2}'], "`lambda.1,1` must be ≥ 0"],
    [["--mu", "abc"], "`mu` must be a number ≥ 0"],
    [["--kmax", "0"], "`kmax` must be a positive integer"],
    [["--times", "1,0.5"], "`times.1` must be strictly increasing"],
    [["--frobnicate", "1"], "Unknown argument: frobnicate"],
  ])("rejects %j with one line, exit status 2 and no files", (args, message) => {
    const out = join(fresh(), "never");
    const result = run("run", ...args, "--out", out);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain(message);
    expect(existsSync(out)).toBe(false);
  });

  it("rejects malformed JSON, unknown fields (with a suggestion) and an unwritable output directory", () => {
    const dir = fresh();
    writeFileSync(join(dir, "bad.json"), '{"N": 100,');
    writeFileSync(join(dir, "typo.json"), '{"replica": 3}');
    writeFileSync(join(dir, "file"), "not a directory");
    const malformed = run("run", "--config", join(dir, "bad.json"), "--out", join(dir, "a"));
    expect(malformed.status).toBe(2);
    expect(malformed.stderr).toContain("must be valid JSON");
    const typo = run("run", "--config", join(dir, "typo.json"), "--out", join(dir, "b"));
    expect(typo.status).toBe(2);
    expect(typo.stderr).toContain("Did you mean `replicas`?");
    const unwritable = run("run", "--N", "10", "--out", join(dir, "file", "sub"));
    expect(unwritable.status).toBe(2);
    expect(unwritable.stderr).toContain("cannot be written");
    expect(existsSync(join(dir, "a")) || existsSync(join(dir, "b"))).toBe(false);
  });
});
