import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const BIN = new URL("../../bin/alignsim.mjs", import.meta.url).pathname;
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8" });

describe("alignsim kinetic and stability", () => {
  it("kinetic --error-estimate writes the Richardson estimate in the summary and the error column of f1.csv", () => {
    const out = join(mkdtempSync(join(tmpdir(), "alignsim-kin-")), "k");
    const result = run("kinetic", "--model", "instantaneous", "--error-estimate", "--epsilon", "0.1", "--times", "0,1", "--histogram", JSON.stringify({ min: -4, max: 4, bins: 20, pairBins: 10 }), "--out", out);
    expect(result.status, result.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
    expect(summary.diagnostics.errorEstimate.order).toBe(2);
    expect(summary.diagnostics.errorEstimate.observables.V1).toHaveLength(2);
    const lines = readFileSync(join(out, "f1.csv"), "utf8").trim().split("\n");
    expect(lines[0]).toBe("t,v_lo,v_hi,density,stderr,error");
    expect(lines).toHaveLength(1 + 2 * 20);
  });
  it("kinetic --model scalar --error-estimate works on the study's bins, which are as fine as its lattice", () => {
    const out = join(mkdtempSync(join(tmpdir(), "alignsim-kin-")), "k");
    const result = run("kinetic", "--model", "scalar", "--error-estimate", "--config", "src/study/default-config.json", "--times", "0,0.5", "--out", out);
    expect(result.status, result.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
    expect(summary.diagnostics.errorEstimate.coarse.binsPerCell).toBe(2);
    const lines = readFileSync(join(out, "f1.csv"), "utf8").trim().split("\n");
    expect(lines[0]).toBe("t,v_lo,v_hi,density,stderr,error");
    expect(lines).toHaveLength(1 + 2 * 70);
    const errors = lines.slice(1).map((line) => Number(line.split(",")[5]));
    expect(errors.every((e) => Number.isFinite(e) && e >= 0)).toBe(true);
    expect(Math.max(...errors)).toBeGreaterThan(0);
  });
  it("kinetic --model moments-exact writes a summary.json with the observables of `run` and stderr 0", () => {
    const out = join(mkdtempSync(join(tmpdir(), "alignsim-kin-")), "k");
    const result = run("kinetic", "--model", "moments-exact", "--config", "examples/default.json", "--out", out);
    expect(result.status, result.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
    expect(summary.source).toBe("kinetic:moments-exact");
    expect(summary.times).toEqual([0, 0.5, 1, 2]);
    for (const name of ["M1", "M2", "M3", "I1", "I2", "V1", "V2", "V2bar", "V2tilde", "v_inf"]) {
      expect(summary.observables[name].mean).toHaveLength(4);
      expect(summary.observables[name].stderr).toEqual([0, 0, 0, 0]);
    }
    expect(existsSync(join(out, "f1.csv"))).toBe(false);
  });

  it("kinetic --degree 3 reports C1_3 from the generated hierarchy and C1_4 as NaN (not in a degree-3 closure)", () => {
    const out = join(mkdtempSync(join(tmpdir(), "alignsim-kin-")), "k");
    const result = run("kinetic", "--model", "moments-exact", "--degree", "3", "--out", out, "--initial", JSON.stringify({ distribution: "bimodal", weight: 0.3 }));
    expect(result.status, result.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
    expect(summary.diagnostics.degree).toBe(3);
    expect(summary.observables.C1_3.mean.every((v: unknown) => typeof v === "number" && v !== 0)).toBe(true);
    expect(summary.observables.C1_4.mean).toEqual(["NaN", "NaN", "NaN", "NaN"]);
  });

  it("kinetic --degree 1 exits with status 2 naming `degree` and writes nothing", () => {
    const out = join(mkdtempSync(join(tmpdir(), "alignsim-kin-")), "k");
    const result = run("kinetic", "--model", "moments-exact", "--degree", "1", "--out", out);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("`degree`");
    expect(existsSync(out)).toBe(false);
  });

  it("kinetic --initial-datum printed solves (49) from f_1(0) = f_1^I and records the datum; the default is the slip-corrected one", () => {
    const dir = mkdtempSync(join(tmpdir(), "alignsim-kin-"));
    const summaries = ["printed", undefined].map((datum, i) => {
      const out = join(dir, `k${i}`);
      const result = run("kinetic", "--model", "scalar-moments", "--epsilon", "0.1", "--times", "0,1", ...(datum ? ["--initial-datum", datum] : []), "--out", out);
      expect(result.status, result.stderr).toBe(0);
      return JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
    });
    expect(summaries.map((s) => s.diagnostics.initialDatum)).toEqual(["printed", "slip"]);
    // M_1(0) = M, and M − 2ελ₁₁M²/μ₁₁ = 1 − 0.2 (λ = μ = 1) from the slip.
    expect(summaries[0].observables.M1.mean[0]).toBeCloseTo(1, 12);
    expect(summaries[1].observables.M1.mean[0]).toBeCloseTo(0.8, 12);
  });

  it.each([
    [["--model", "moments-exact", "--initial-datum", "printed"], "`--initial-datum` must be given only with --model scalar, scalar-moments. Value: `printed`. --model moments-exact does not use it."],
    [["--model", "moments", "--error-estimate"], "`--error-estimate` must be given only with --model instantaneous, first-order, scalar, scalar-printed. Value: `true`. --model moments does not use it."],
    [["--model", "moments-exact", "--second-moments", "printed29"], "`--second-moments` must be given only with --model moments. Value: `printed29`. --model moments-exact does not use it."],
    [["--model", "moments", "--degree", "6"], "`--degree` must be given only with --model first-order, scalar, scalar-printed, moments-exact, instantaneous-moments, first-order-moments, scalar-moments. Value: `6`. --model moments does not use it."],
    [["--model", "scalar", "--initial", JSON.stringify({ distribution: "normal", pairedFraction: 0.2 })], "`initial.pairedFraction`"],
  ])("kinetic %j exits with status 2 naming the field and writes nothing", (args, field) => {
    const out = join(mkdtempSync(join(tmpdir(), "alignsim-kin-")), "k");
    const result = run("kinetic", ...args, "--out", out);
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr).toContain(field);
    expect(existsSync(out)).toBe(false);
  });

  it("kinetic rejects an unknown model with exit status 2", () => {
    const result = run("kinetic", "--model", "boltzmann", "--out", "/tmp/never-written");
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("Invalid values");
  });

  it("a precondition of the description (μ₁₁ = 0 for --model moments) fails before the output directory is created", () => {
    const out = join(mkdtempSync(join(tmpdir(), "alignsim-kin-")), "k");
    const result = run("kinetic", "--model", "moments", "--mu", '{"1,1":0,"1,2":1}', "--out", out);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^alignsim: invalid config\. `mu` must be a kernel with μ\(1,1\) > 0/);
    expect(existsSync(out)).toBe(false);
  });

  it("kinetic --quiet prints nothing on success and still writes the output", () => {
    const out = join(mkdtempSync(join(tmpdir(), "alignsim-kin-")), "k");
    const result = run("kinetic", "--model", "moments-exact", "--times", "0,1", "--quiet", "--out", out);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe("");
    expect(existsSync(join(out, "summary.json"))).toBe(true);
  });

  it("stability --out writes maxRealPart, argmax and samples for the printed and the derived system", () => {
    const file = join(mkdtempSync(join(tmpdir(), "alignsim-stab-")), "s.json");
    const result = run("stability", "--points", "3", "--out", file);
    expect(result.status, result.stderr).toBe(0);
    const json = JSON.parse(readFileSync(file, "utf8"));
    for (const system of ["printed", "derived"]) {
      expect(json[system].samples).toBe(3 ** 5);
      expect(Object.keys(json[system].argmax).sort()).toEqual(["epsilon", "lambda11", "lambda12", "mu11", "mu12"]);
      expect(typeof json[system].maxRealPart).toBe("number");
    }
    expect(result.stdout).toContain("printed (29)");
    expect(json.kind).toBe("stability");
    expect(json.command).toBe(`alignsim stability --points 3 --out ${file}`);
    expect(json.config).toEqual({ pointsPerAxis: 3, rates: [0.1, 10], epsilon: [1e-3, 1], spacing: "log" });
    expect(json.provenance.alignsim).toBe(JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")).version);
    expect(json.provenance).toHaveProperty("gitCommit");
  });
});
