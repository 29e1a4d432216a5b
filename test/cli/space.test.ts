import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { settle } from "../settle.js";

const BIN = new URL("../../bin/alignsim.mjs", import.meta.url).pathname;
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8" });
const fresh = () => join(mkdtempSync(join(tmpdir(), "alignsim-space-")), "out");

describe("alignsim with a space box", () => {
  it("run --dimension 2 writes fields.csv per cell and time and component marginals; report shows density maps", () => {
    const out = fresh();
    const result = run("run", "--dimension", "2", "--space", '{"length": 1, "cells": 8}', "--N", "2000", "--replicas", "3", "--times", "0,0.5", "--out", out, "--quiet");
    expect(result.status, result.stderr).toBe(0);
    const fields = readFileSync(join(out, "fields.csv"), "utf8").trim().split("\n");
    expect(fields[0]).toBe("t,x_lo,x_hi,y_lo,y_hi,rho,rho_se,j_x,j_x_se,j_y,j_y_se,T,T_se");
    expect(fields).toHaveLength(1 + 2 * 64);
    const mass = fields.slice(1, 65).reduce((s, line) => s + Number(line.split(",")[5]) / 64, 0);
    expect(mass).toBeCloseTo(1, 12);
    expect(readFileSync(join(out, "f1.csv"), "utf8").split("\n")[0]).toBe("t,component,v_lo,v_hi,density,stderr");
    expect(JSON.parse(readFileSync(join(out, "summary.json"), "utf8")).observables["I1.y"].mean).toHaveLength(2);
    expect(existsSync(join(out, "f1xv.csv"))).toBe(false);
    const report = run("report", out);
    expect(report.status, report.stderr).toBe(0);
    expect(readFileSync(join(out, "report.html"), "utf8")).toMatch(/Density maps/);
  });

  it("kinetic --model instantaneous in d = 1 writes fields.csv and f1xv.csv with mass M", () => {
    const out = fresh();
    const result = run("kinetic", "--model", "instantaneous", "--space", '{"length": 2, "cells": 8}', "--initial", '{"distribution": "normal", "position": {"distribution": "cosine", "amplitude": 0.5}}', "--times", "0,0.2", "--out", out);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/fields\.csv, f1xv\.csv/);
    const rows = readFileSync(join(out, "fields.csv"), "utf8").trim().split("\n").slice(1);
    expect(rows).toHaveLength(2 * 8);
    expect(rows.slice(8).reduce((s, line) => s + Number(line.split(",")[3]) * 0.25, 0)).toBeCloseTo(1, 12);
  });

  it.each([
    [["run", "--dimension", "2"], /`space` must be a `space` box when dimension > 1/],
    [["run", "--space", '{"length": 1, "cells": 4}', "--dimension", "4"], /`dimension` must be 1, 2 or 3/],
    [["run", "--space", '{"length": -1, "cells": 4}'], /`space.length` must be > 0/],
    [["run", "--initial", '{"distribution": "normal", "position": {"distribution": "cosine", "amplitude": 0.5}}'], /`initial.position` must be absent without a `space` box.*`initial.position` requires `space`/],
    [["run", "--space", '{"length": 1, "cells": 4}', "--initial", '{"distribution": "normal", "position": {"distribution": "cosine", "amplitude": 2}}'], /`initial.position.amplitude` must be in \[−1, 1\]/],
    [["kinetic", "--model", "instantaneous", "--space", '{"length": 1, "cells": 6}'], /`space.cells`/],
    [["kinetic", "--model", "scalar", "--space", '{"length": 1, "cells": 4}'], /`space`/],
    [["study", "space", "--cells", "4,x"], /`cells` must be a comma-separated list/],
    [["study", "space", "--cells", "4,6"], /`space.cells` must be a power of two/],
  ])("%j is refused with one line naming the field, exit status 2 and no files", (args, message) => {
    const out = fresh();
    const result = run(...args, "--out", out);
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });

  it("study space runs its sweeps, writes space-study.json and its report", async () => {
    await settle();
    const out = fresh();
    const result = run("study", "space", "--N", "2000", "--replicas", "3", "--times", "0,0.25", "--epsilons", "0.2,0.1", "--cells", "2,4", "--compare-times", "0.25", "--workers", "1", "--out", out);
    expect(result.status, result.stderr).toBe(0);
    const study = JSON.parse(readFileSync(join(out, "space-study.json"), "utf8"));
    expect(study.rows.map((r: { epsilon: number; cells: number }) => [r.epsilon, r.cells])).toEqual([
      [0.2, 4],
      [0.1, 4],
      [0.1, 2],
    ]);
    expect(readFileSync(join(out, "report.html"), "utf8")).toMatch(/data-report-kind="study-space"/);
    expect(readFileSync(join(out, "distances.csv"), "utf8").split("\n")[0]).toMatch(/^sweep,epsilon,cells,h,N,replicas,distance,stderr/);
  });
});
