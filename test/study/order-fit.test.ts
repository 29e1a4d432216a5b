import { describe, expect, it } from "vitest";
import { fitOrder } from "../../src/study/order-fit.js";
import { replicaStream, standardNormal } from "../../src/rng.js";

describe("fitOrder", () => {
  it("recovers an exact power law", () => {
    const f = fitOrder([0.4, 0.2, 0.1, 0.05].map((e) => ({ epsilon: e, value: 3 * e ** 2, stderr: 0 })));
    expect(f.p).toBeCloseTo(2, 12);
    expect(f.C).toBeCloseTo(3, 10);
    expect(f.localOrders).toHaveLength(3);
    expect(f.localOrders.every((q) => Math.abs(q - 2) < 1e-12)).toBe(true);
  });
  it("95% intervals from noisy distances cover the true order in about 95% of 400 synthetic studies", () => {
    const u = replicaStream(11, 0);
    let covered = 0;
    for (let k = 0; k < 400; k++) {
      const points = [0.4, 0.2, 0.1, 0.05, 0.025].map((e) => {
        const sd = 0.1 * 0.5 * e; // 10% relative error at the largest ε, absolute error fixed
        return { epsilon: e, value: 0.5 * e + sd * standardNormal(u), stderr: sd };
      });
      const f = fitOrder(points.filter((q) => q.value > 0));
      if (f.ci95[0] <= 1 && 1 <= f.ci95[1]) covered++;
    }
    expect(covered / 400).toBeGreaterThan(0.9);
  });
  it("gives no interval for two points", () => {
    expect(Number.isNaN(fitOrder([{ epsilon: 0.1, value: 1, stderr: 0 }, { epsilon: 0.2, value: 2, stderr: 0 }]).ci95[0])).toBe(true);
  });
});
