import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, IOError } from "../../src/errors.js";
import { initialPositions } from "../../src/model/position-law.js";
import { replicaStream } from "../../src/rng.js";

function file(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "alignsim-positions-")), "positions.txt");
  writeFileSync(path, text);
  return path;
}

describe("initial positions", () => {
  it("the cosine law's cell frequencies match its exact cell probabilities within 4 SE (10⁵ draws, d = 2)", () => {
    const [L, cells, draws] = [3, 12, 100_000];
    const law = initialPositions({ distribution: "cosine", amplitude: -0.9 }, { length: L, cells }, 2);
    const exact = law.axisProbabilities(cells);
    expect(exact.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 14);
    const counts = new Float64Array(cells);
    const second = new Float64Array(cells);
    const random = replicaStream(4, 0);
    const x = new Float64Array(2);
    let outside = 0;
    for (let n = 0; n < draws; n++) {
      law.sample(random, x);
      if (!(x[0] >= 0 && x[0] < L && x[1] >= 0 && x[1] < L)) outside++;
      counts[Math.floor((x[0] / L) * cells)]++;
      second[Math.floor((x[1] / L) * cells)]++;
    }
    expect(outside).toBe(0);
    exact.forEach((p, c) => {
      const se = Math.sqrt((p * (1 - p)) / draws);
      expect(Math.abs(counts[c] / draws - p), `cell ${c}`).toBeLessThan(4 * se);
      // the second axis is uniform
      expect(Math.abs(second[c] / draws - 1 / cells)).toBeLessThan(4 * Math.sqrt((1 / cells) * (1 - 1 / cells) / draws));
    });
  });

  it("a file law draws its rows (d = 2)", () => {
    const law = initialPositions({ distribution: "file", path: file("0.5 0.25\n# comment\n0.75,0.125\n") }, { length: 1, cells: 2 }, 2);
    const x = new Float64Array(2);
    const seen = new Set<string>();
    const random = replicaStream(1, 1);
    for (let n = 0; n < 50; n++) law.sample(random, x), seen.add(`${x[0]},${x[1]}`);
    expect([...seen].sort()).toEqual(["0.5,0.25", "0.75,0.125"]);
    expect([...law.axisProbabilities(2)]).toEqual([0, 1]);
  });

  it("a malformed file, or a position outside [0, L), is a ConfigError naming initial.position.path; a missing one an IOError", () => {
    const box = { length: 1, cells: 2 };
    for (const text of ["0.5\n0.5 0.5\n", "0.5 1.0\n", "0.5 x\n", ""]) {
      expect(() => initialPositions({ distribution: "file", path: file(text) }, box, 2)).toThrow(ConfigError);
      try {
        initialPositions({ distribution: "file", path: file(text) }, box, 2);
      } catch (error) {
        expect((error as ConfigError).field).toBe("initial.position.path");
      }
    }
    expect(() => initialPositions({ distribution: "file", path: "/nonexistent/positions.txt" }, box, 1)).toThrow(IOError);
  });
});
