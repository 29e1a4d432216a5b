import { describe, expect, it } from "vitest";
import { spaceEventLoop } from "../../../src/engine/space/space-event-loop.js";
import { replicaStream } from "../../../src/rng.js";

describe("the spatial loop's calendar queue of crossings", () => {
  it("always yields the earliest time and its id, as a linear scan does, through inserts, re-keys, removals, pops and rebuilds at any day width", () => {
    const N = 300;
    const kernel = spaceEventLoop();
    kernel.init(N, 1, 4, 1, 0.25, 0.125, 1, false);
    const random = replicaStream(5, 0);
    const times = new Float64Array(N).fill(Number.POSITIVE_INFINITY);
    let now = 0;
    // day widths from far below the gaps between times to far above them
    const widths = [1e-6, 1e-5, 1e-4, 1e-3, 0.1, 1e3];
    kernel.rebuildQueue(1e-4);
    for (let step = 0; step < 20_000; step++) {
      const u = random();
      const id = Math.floor(random() * N);
      if (u < 0.45) {
        // times between now and the earliest (after a reaction), exactly now, near now, or far ahead (slow clusters)
        const v = random();
        const min = Math.min(...times);
        if (v < 0.3 && min < Number.POSITIVE_INFINITY) times[id] = now + random() * (min - now);
        else times[id] = v < 0.4 ? now : now + (v < 0.9 ? random() * 0.01 : random() * 1e3);
        kernel.queueSet(id, times[id]);
      } else if (u < 0.55) {
        times[id] = Number.POSITIVE_INFINITY;
        if (random() < 0.5) kernel.queueRemove(id);
        else kernel.queueSet(id, Number.POSITIVE_INFINITY);
      } else if (u < 0.99) {
        // the loop's pattern: take the earliest, move on to it, re-key it later
        const t = kernel.nextCrossingTime();
        const min = Math.min(...times);
        expect(t).toBe(min);
        if (t === Number.POSITIVE_INFINITY) continue;
        const first = kernel.earliest.value as number;
        expect(times[first]).toBe(t);
        now = t;
        times[first] = now + random() * 0.02;
        kernel.queueSet(first, times[first]);
      } else kernel.rebuildQueue(widths[Math.floor(random() * widths.length)]);
    }
    expect(kernel.nextCrossingTime()).toBe(Math.min(...times));
  });

  it("finds a time queued before the day it last found (a reaction re-keys a cluster to a crossing before the next one)", () => {
    const kernel = spaceEventLoop();
    kernel.init(4, 1, 4, 1, 0.25, 0.125, 1, false);
    kernel.rebuildQueue(0.01);
    const [A, B, C, D] = [0, 1, 2, 3];
    kernel.queueSet(A, 1);
    kernel.queueSet(B, 2);
    expect(kernel.nextCrossingTime()).toBe(1);
    kernel.queueSet(A, 3);
    expect(kernel.nextCrossingTime()).toBe(2); // the search is now on B's day
    kernel.queueSet(C, 1.5);
    kernel.queueSet(D, 1.7);
    kernel.queueSet(C, 5);
    expect(kernel.nextCrossingTime()).toBe(1.7);
    expect(kernel.earliest.value).toBe(D);
  });
});
