import { describe, expect, it } from "vitest";
import { SumTree } from "../../../src/engine/space/sum-tree.js";
import { replicaStream } from "../../../src/rng.js";

describe("SumTree", () => {
  it("finds the index whose cumulative interval holds u, as a linear scan does, over 10⁴ random updates", () => {
    const n = 37;
    const tree = new SumTree(n);
    const weights = new Float64Array(n);
    const random = replicaStream(1, 0);
    for (let step = 0; step < 10_000; step++) {
      const i = Math.floor(random() * n);
      weights[i] = random() < 0.3 ? 0 : random() * 10;
      tree.set(i, weights[i]);
      const total = weights.reduce((s, w) => s + w, 0);
      expect(tree.total).toBeCloseTo(total, 10);
      if (total === 0) continue;
      const u = random() * tree.total;
      let index = 0;
      let below = 0;
      while (index < n - 1 && (weights[index] === 0 || u >= below + weights[index])) (below += weights[index]), index++;
      const found = tree.find(u);
      expect(found.index).toBe(index);
      expect(found.rest).toBeCloseTo(u - below, 8);
      expect(weights[found.index]).toBeGreaterThan(0);
    }
  });

  it("a weight set back to 0 leaves an exactly zero total (sums are recomputed, not updated by differences)", () => {
    const tree = new SumTree(5);
    for (let i = 0; i < 5; i++) tree.set(i, 0.1 * (i + 1));
    for (let i = 0; i < 5; i++) tree.set(i, 0);
    expect(tree.total).toBe(0);
  });
});
