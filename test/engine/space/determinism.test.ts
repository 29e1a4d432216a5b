import { describe, expect, it } from "vitest";
import { runReplica } from "../../../src/engine/index.js";
import { parseConfig } from "../../../src/model/config.js";

describe("the spatial engine is reproducible from (seed, replica)", () => {
  const config = parseConfig({ N: 2000, dimension: 2, space: { length: 1, cells: 8 }, kmax: 3, times: [0.5, 1], replicas: 2, seed: 7, initial: { distribution: "normal", pairedFraction: 0.2, position: { distribution: "cosine", amplitude: 0.5 } } });
  const strip = ({ wallSeconds: _, ...rest }: ReturnType<typeof runReplica>) => rest;

  it("the same replica twice gives bitwise identical results", () => {
    expect(strip(runReplica(config, 1))).toEqual(strip(runReplica(config, 1)));
  });

  it("observing at more times leaves the trajectory unchanged (the same events; states equal up to rounding)", () => {
    const few = runReplica({ ...config, times: [1] }, 0);
    const many = runReplica({ ...config, times: [0.1, 0.25, 0.5, 0.8, 1] }, 0);
    expect(many.eventCount).toBe(few.eventCount);
    expect(many.events).toEqual(few.events);
    expect(many.fields![4].slice(0, 64)).toEqual(few.fields![0].slice(0, 64)); // ρ: the same cells
    many.fields![4].forEach((value, i) => expect(value).toBeCloseTo(few.fields![0][i], 9));
  });

  it("two replicas differ", () => {
    expect(runReplica(config, 0).fields).not.toEqual(runReplica(config, 1).fields);
  });
});
