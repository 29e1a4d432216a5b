import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { TESTED_DESCRIPTIONS } from "../../src/study/epsilon.js";

const BIN = new URL("../../bin/alignsim.mjs", import.meta.url).pathname;
const run = (...args: string[]) => promisify(execFile)(process.execPath, [BIN, ...args], { encoding: "utf8" });

// `npm start`'s study (--quick: its config, h = 0.2) on one ε and 8 replicas of 200 particles: seconds.
describe("alignsim study epsilon --quick on one ε", () => {
  const dir = mkdtempSync(join(tmpdir(), "alignsim-quick-"));
  const args = ["study", "epsilon", "--quick", "--epsilons", "0.4", "--N", "200", "--replicas", "8", "--workers", "1"];
  let loud: { stdout: string; stderr: string };
  let quiet: { stdout: string; stderr: string };
  beforeAll(async () => {
    [loud, quiet] = await Promise.all([run(...args, "--out", join(dir, "loud")), run(...args, "--quiet", "--out", join(dir, "quiet"))]);
  }, 300_000);

  it("prints one numbered line per step on stderr, then the time of each phase", () => {
    const lines = loud.stderr.trim().split("\n");
    // particles, exact hierarchy and 5 descriptions at the one ε; fits, figures, report
    const K = 2 + TESTED_DESCRIPTIONS.length + 3;
    expect(lines).toHaveLength(K + 1);
    lines.slice(0, K).forEach((line, i) => expect(line).toMatch(new RegExp(`^\\[${i + 1}/${K} · \\d+\\.\\d s\\] `)));
    expect(lines[K - 1]).toMatch(/report\.html$/);
    expect(lines[K]).toMatch(/^time: [\d.]+ s wall, [\d.]+ s CPU since the process began: particles [\d.]+ s CPU \([\d.]+ s wall\), moments-exact /);
    for (const phase of [...TESTED_DESCRIPTIONS, "fits", "figures", "report"]) expect(lines[K]).toContain(` ${phase} `);
  });

  it("ends with the verdict, one line per description, and the path of the report", () => {
    const out = loud.stdout.trim().split("\n");
    expect(out[out.length - 1]).toBe(`report: ${join(dir, "loud", "report.html")}`);
    expect(existsSync(join(dir, "loud", "report.html"))).toBe(true);
    const start = out.findIndex((l) => l.startsWith("Orders of the distance particles ↔ description"));
    expect(out[start]).toContain("at ε = 0.4 alone (N = 200, R = 8)");
    // one ε gives no order; the line says so instead of printing one
    for (const line of out.slice(start + 1, start + 1 + TESTED_DESCRIPTIONS.length)) expect(line).toMatch(/: no order \(fewer than 2 resolved points/);
  });

  it("counts the notes by kind in one line instead of listing them", () => {
    const study = JSON.parse(readFileSync(join(dir, "loud", "study.json"), "utf8"));
    expect(study.warnings.length).toBeGreaterThan(0);
    expect(loud.stdout).not.toMatch(/^note: /m);
    const line = loud.stdout.split("\n").find((l) => /^\d+ notes?: /.test(l));
    expect(line).toMatch(new RegExp(`^${study.warnings.length} notes?: .*; each is listed in the report under Notes and in study.json \`warnings\`\.$`));
  });

  it("uses the quick config and solver options, and records the phases in study.json", () => {
    const study = JSON.parse(readFileSync(join(dir, "loud", "study.json"), "utf8"));
    const quick = JSON.parse(readFileSync(new URL("../../src/study/quick-config.json", import.meta.url), "utf8"));
    expect(study.config.histogram).toEqual(quick.histogram);
    expect(study.config.mu).toEqual(quick.mu);
    expect(Object.keys(study.phaseSeconds)).toEqual(["particles", "moments-exact", ...TESTED_DESCRIPTIONS, "fits"]);
  });

  it("--quiet prints nothing on success and writes the same study", () => {
    expect(quiet.stdout).toBe("");
    expect(quiet.stderr).toBe("");
    const a = JSON.parse(readFileSync(join(dir, "loud", "study.json"), "utf8"));
    const b = JSON.parse(readFileSync(join(dir, "quiet", "study.json"), "utf8"));
    expect(b.distances).toEqual(a.distances);
  });
});
