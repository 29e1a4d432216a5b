import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkArguments, joinNegativeValues } from "../../src/cli/arguments.js";

const BIN = new URL("../../bin/alignsim.mjs", import.meta.url).pathname;
const run = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8" });

describe("raw command-line arguments", () => {
  it("a value that starts with a minus sign stays the option's value", () => {
    expect(joinNegativeValues(["run", "--times", "-1,0,1", "--N", "5"])).toEqual(["run", "--times=-1,0,1", "--N", "5"]);
    expect(joinNegativeValues(["run", "--seed", "-.5"])).toEqual(["run", "--seed=-.5"]);
    expect(joinNegativeValues(["run", "--quiet", "--out", "x"])).toEqual(["run", "--quiet", "--out", "x"]);
  });

  it("a single-valued option given twice is refused naming it; a list option may repeat", () => {
    const declared = { array: ["target-stderr"], number: [] };
    expect(() => checkArguments({ _: [], $0: "", out: ["a", "b"] }, [], declared)).toThrow("--out was given 2 times (a, b)");
    expect(() => checkArguments({ _: [], $0: "", "target-stderr": ["a", "b"], targetStderr: ["a", "b"] }, [], declared)).not.toThrow();
  });

  it("a number option that is not a number is refused with the text as typed", () => {
    expect(() => checkArguments({ _: [], $0: "", workers: null }, ["run", "--workers", "abc"], { array: [], number: ["workers"] })).toThrow("`--workers` must be a number. Value: `abc`.");
    expect(() => checkArguments({ _: [], $0: "", workers: Number.NaN }, ["run", "--workers=x1"], { array: [], number: ["workers"] })).toThrow("Value: `x1`.");
  });

  it.each([
    [["run", "--out", "a", "--out", "b"], /^alignsim: --out was given 2 times \(a, b\); it takes one value/],
    [["kinetic", "--model", "moments", "--out", "a", "--out", "b"], /^alignsim: --out was given 2 times/],
    [["run", "--times", "-1,0,1"], /^alignsim: invalid config\. `times\.0` must be ≥ 0\. Value: `-1`\./],
    [["run", "--workers", "abc"], /^alignsim: invalid config\. `--workers` must be a number\. Value: `abc`\./],
  ])("alignsim %j exits 2 with one line and writes nothing", (args, message) => {
    const cwd = mkdtempSync(join(tmpdir(), "alignsim-args-"));
    const result = run(cwd, ...args, "--N", "50", "--replicas", "2");
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(existsSync(join(cwd, "a,b"))).toBe(false);
    expect(existsSync(join(cwd, "results"))).toBe(false);
  });
});
