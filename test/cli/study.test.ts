import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const BIN = new URL("../../bin/alignsim.mjs", import.meta.url).pathname;
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8" });

describe("alignsim study epsilon --target-relative-error", () => {
  it.each([
    [["--budget", "60"], /--target-relative-error.*given with --max-replicas or --budget/],
    [["--max-replicas", "100"], /--target-relative-error.*given with --max-replicas or --budget/],
    [["--target-relative-error", "-1"], /--target-relative-error.*a number > 0/],
    [["--target-relative-error", "0.25", "--max-replicas", "1.5"], /--max-replicas.*an integer ≥ 2/],
    [["--target-relative-error", "0.25", "--budget", "0"], /--budget.*a number of seconds > 0/],
    [["--control-variates", "--replicas", "3"], /--control-variates.*at least 4/],
    [["--mu", '{"1,1":0,"1,2":1}'], /`mu` must be a kernel with μ\(1,1\) > 0.*No kinetic description of the study can solve this config/],
  ])("rejects %j with one line, exit status 2 and no files", (args, message) => {
    const out = join(mkdtempSync(join(tmpdir(), "alignsim-cli-")), "x");
    const result = run("study", "epsilon", "--N", "100", "--epsilons", "0.4", ...args, "--out", out);
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });
});
