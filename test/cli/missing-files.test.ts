import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const BIN = new URL("../../bin/alignsim.mjs", import.meta.url).pathname;
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8" });

describe("report and compare on a run directory without f1.csv", () => {
  const root = mkdtempSync(join(tmpdir(), "alignsim-missing-"));
  const full = join(root, "full");
  const partial = join(root, "partial");

  beforeAll(() => {
    const made = run("run", "--N", "100", "--replicas", "2", "--times", "0,1", "--workers", "1", "--quiet", "--out", full);
    expect(made.status, made.stderr).toBe(0);
    cpSync(full, partial, { recursive: true });
    rmSync(join(partial, "f1.csv"));
  }, 60_000);

  it("report warns that f1.csv is missing and still writes what it can", () => {
    const result = run("report", partial);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toBe(`alignsim: warning: \`${partial}\` has no f1.csv, which its run wrote: the report shows no f₁ histograms\n`);
    expect(existsSync(join(partial, "report.html"))).toBe(true);
    expect(run("report", full).stderr).toBe("");
  });

  it("compare warns naming the directory without f1.csv", () => {
    const result = run("compare", full, partial, "--out", join(root, "cmp"));
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toBe(`alignsim: warning: \`${partial}\` has no f1.csv, which its run wrote: the comparison has no f₁ distances\n`);
  });
});
