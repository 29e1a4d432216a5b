import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readRunOutput, runOutputFiles, writeRunOutput } from "../../src/output/files.js";

/** Every run directory (one with a summary.json) under results/reference. */
function runDirectories(dir: string): string[] {
  const names = readdirSync(dir);
  const here = names.includes("summary.json") ? [dir] : [];
  return [...here, ...names.filter((name) => statSync(join(dir, name)).isDirectory()).flatMap((name) => runDirectories(join(dir, name)))];
}

describe("run directories written before", () => {
  const dirs = runDirectories("results/reference");

  it("under results/reference read back, and write back byte for byte", () => {
    expect(dirs.length).toBeGreaterThan(1);
    for (const dir of dirs) {
      const output = readRunOutput(dir);
      const files = runOutputFiles(output);
      expect(files.filter((f) => f.endsWith(".csv")).sort(), dir).toEqual(readdirSync(dir).filter((f) => f.endsWith(".csv")).sort());
      const copy = mkdtempSync(join(tmpdir(), "alignsim-reference-"));
      writeRunOutput(copy, output);
      for (const file of files) expect(readFileSync(join(copy, file), "utf8"), `${dir}/${file}`).toBe(readFileSync(join(dir, file), "utf8"));
    }
  });

  it("with NaN written as null in summary.json read it back as NaN", () => {
    const dir = mkdtempSync(join(tmpdir(), "alignsim-legacy-"));
    const [reference] = dirs;
    const summary = JSON.parse(readFileSync(join(reference, "summary.json"), "utf8"));
    summary.observables.M1.stderr = summary.observables.M1.stderr.map(() => null);
    writeFileSync(join(dir, "summary.json"), JSON.stringify(summary));
    const back = readRunOutput(dir);
    expect(back.summary.observables.M1.stderr.every(Number.isNaN)).toBe(true);
    expect(back.summary.observables.M1.mean).toEqual(summary.observables.M1.mean);
  });
});
