/**
 * `alignsim merge`, `run --resume` and `verify` on a run directory with a damaged replica file,
 * as child processes: exit statuses and what they print.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { replicaFilePath } from "../../src/ensemble/replica-file.js";
import { tempDir } from "../ensemble/helpers.js";

const BIN = fileURLToPath(new URL("../../bin/alignsim.mjs", import.meta.url));
const CWD = fileURLToPath(new URL("../..", import.meta.url));
const RUN = ["run", "--N", "300", "--times", "0,1", "--seed", "5", "--replicas", "4", "--workers", "1", "--quiet"];

function alignsim(args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd: CWD, env: { ...process.env, ALIGNSIM_TEST_FAIL_REPLICA: "" }, encoding: "utf8" });
}

describe("alignsim merge / run --resume / verify with a damaged replica file (CLI)", () => {
  it("merge and verify exit 2 naming the file (merge writes nothing); run --resume says it simulates the replica again; then verify exits 0", () => {
    const dir = tempDir();
    expect(alignsim([...RUN, "--out", dir]).status).toBe(0);
    const path = replicaFilePath(dir, 1);
    const bytes = readFileSync(path);
    bytes[bytes.length - 40] ^= 0xff;
    writeFileSync(path, bytes);

    const mergeOut = tempDir();
    const merged = alignsim(["merge", dir, "--out", mergeOut, "--quiet"]);
    expect(merged.status).toBe(2);
    expect(readdirSync(mergeOut)).toEqual([]);
    expect(merged.stderr).toBe(`alignsim: corrupt replica file \`${path}\`: checksum mismatch (the file was damaged or truncated after it was written)\n`);

    const verified = alignsim(["verify", dir, "--sample", "2", "--seed", "1", "--workers", "1"]);
    expect(verified.status).toBe(2);
    expect(verified.stderr).toMatch(/^alignsim: 1 of 4 replica files failed verification: replica 1 \(`.*r000001\.bin`: checksum mismatch/);

    const resumed = alignsim([...RUN.filter((a) => a !== "--quiet"), "--out", dir, "--resume"]);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/^alignsim: corrupt replica file `.*r000001\.bin`: checksum mismatch .*; moved to `.*replicas\/corrupt\/r000001\.bin`, simulating replica 1 again\n$/);
    expect(resumed.stdout).toMatch(/1 run now/);

    const ok = alignsim(["verify", dir, "--workers", "1"]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toBe(`verified ${dir}: 4 replica files (of R = 4) have intact checksums; all of them simulated again are byte-identical\n`);
  }, 60_000);
});
