/**
 * `alignsim merge`, `run --resume` and `verify` on a run directory with a damaged replica file,
 * as child processes: exit statuses and what they print.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
    expect(ok.stdout).toBe(`verified ${dir}: 4 replica files (all of R = 4) have intact checksums; all of them simulated again are byte-identical\n`);
  }, 60_000);

  it("a missing replica file fails naming its index; a shard directory verifies with --shard; a merge output without replica files exits 2 saying so", () => {
    const dir = tempDir();
    const shard = tempDir();
    expect(alignsim([...RUN, "--out", dir]).status).toBe(0);
    expect(alignsim([...RUN, "--shard", "1/2", "--out", shard]).status).toBe(0);
    const merged = tempDir();
    expect(alignsim(["merge", dir, "--out", merged, "--quiet"]).status).toBe(0);
    rmSync(replicaFilePath(dir, 2));

    const missing = alignsim(["verify", dir, "--workers", "1"]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^alignsim: 1 of 4 replica files failed verification: replica 2 \(`.*r000002\.bin`: missing\)\n$/);

    expect(alignsim(["verify", shard, "--workers", "1"]).status).toBe(2);
    const ofShard = alignsim(["verify", shard, "--shard", "1/2", "--workers", "1"]);
    expect(ofShard.status, ofShard.stderr).toBe(0);
    expect(ofShard.stdout).toMatch(/2 replica files \(all 2 of shard 1\/2 of R = 4\)/);

    const noReplicas = alignsim(["verify", merged, "--workers", "1"]);
    expect(noReplicas.status).toBe(2);
    expect(noReplicas.stderr).toMatch(/holds no replica files \(a merge output keeps them in the directories it merged\)/);
  }, 60_000);
});
