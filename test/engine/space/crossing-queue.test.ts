import { describe, expect, it } from "vitest";
import { CrossingQueue } from "../../../src/engine/space/crossing-queue.js";
import { replicaStream } from "../../../src/rng.js";

describe("CrossingQueue", () => {
  it("always yields the id of the earliest time, as a linear scan does, through inserts, re-keys and removals", () => {
    const n = 50;
    const queue = new CrossingQueue(n);
    const times = new Map<number, number>();
    const random = replicaStream(2, 0);
    for (let step = 0; step < 20_000; step++) {
      const id = Math.floor(random() * n);
      const u = random();
      if (u < 0.2) {
        queue.remove(id);
        times.delete(id);
      } else if (u < 0.3) {
        queue.set(id, Number.POSITIVE_INFINITY);
        times.delete(id);
      } else {
        const t = random() * 100;
        queue.set(id, t);
        times.set(id, t);
      }
      const earliest = Math.min(...times.values());
      expect(queue.nextTime).toBe(times.size ? earliest : Number.POSITIVE_INFINITY);
      if (times.size) expect(times.get(queue.next)).toBe(earliest);
    }
  });
});
