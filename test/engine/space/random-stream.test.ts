import { describe, expect, it } from "vitest";
import { spaceEventLoop } from "../../../src/engine/space/space-event-loop.js";
import { replicaStream } from "../../../src/rng.js";

describe("the spatial event loop's random stream", () => {
  it("is src/rng.ts's xoshiro128** draw for draw: the same 10⁴ uniforms from the same state, and the same state after", () => {
    const kernel = spaceEventLoop();
    kernel.init(1, 1, 1, 1, 1, 0.5, 1, false);
    const host = replicaStream(7, 3);
    host(); // a state that is not the seeded one
    const generator = () => new Int32Array(kernel.memory.buffer, kernel.GENERATOR.value as number, 4);
    generator().set(host.generator.state);
    const n = 10_000;
    const out = kernel.alloc(8 * n);
    kernel.uniforms(out, n);
    const drawn = new Float64Array(kernel.memory.buffer, out, n);
    const expected = Float64Array.from({ length: n }, () => host());
    expect(drawn).toEqual(expected);
    expect(Array.from(generator())).toEqual(Array.from(host.generator.state));
  });
});
