import { describe, expect, it } from "vitest";
import { chiSquaredSurvival } from "../../src/stats/distributions.js";
import { EXPONENTIAL, RAW, UNIFORM, eventLoop, type EventLoop } from "../../src/engine/event-loop.js";
import { Xoshiro128, replicaStream } from "../../src/rng.js";

/** A bare instance with the stream's state and room for n draws: fills `out` with the draws of `kinds` from the state `words`, and writes the state back into them. */
function loopDraws(n: number): (words: Int32Array, kinds: Uint8Array) => Float64Array {
  const loop: EventLoop = eventLoop();
  const generator = Math.ceil(loop.heapBase() / 16) * 16;
  const kindsAt = generator + 16;
  const out = kindsAt + Math.ceil(n / 8) * 8;
  loop.memory.grow(Math.ceil((out + 8 * n - loop.memory.buffer.byteLength) / 65536));
  return (words, kinds) => {
    const { buffer } = loop.memory;
    new Int32Array(buffer, generator, 4).set(words);
    new Uint8Array(buffer, kindsAt, kinds.length).set(kinds);
    loop.draws(generator, kindsAt, out, kinds.length);
    words.set(new Int32Array(buffer, generator, 4));
    return new Float64Array(buffer, out, kinds.length);
  };
}

describe("the event loop's random stream", () => {
  it("is src/rng.ts's xoshiro128**, draw for draw: 10⁵ raw words and uniforms in random order, and the state handed back", () => {
    const n = 1e5;
    const draw = loopDraws(n);
    const order = replicaStream(3, 1);
    const kinds = Uint8Array.from({ length: n }, () => (order() < 0.5 ? RAW : UNIFORM));
    const host = new Xoshiro128("alignsim:7:2");
    const words = Int32Array.from(host.state);
    const draws = draw(words, kinds);
    let mismatches = 0;
    for (let i = 0; i < n; i++) if (draws[i] !== (kinds[i] === RAW ? host.next32() : host.uniform())) mismatches++;
    expect(mismatches).toBe(0);
    expect(Array.from(words)).toEqual(Array.from(host.state));
    expect(kinds.filter((k) => k === RAW).length).toBeGreaterThan(n / 3);
  });

  it("continues the host's stream after exponentials: an Exp(1) draw takes two words on its fast path, more only on the ziggurat's edges", () => {
    const n = 1e4;
    const draw = loopDraws(n);
    const host = new Xoshiro128("alignsim:7:3");
    const words = Int32Array.from(host.state);
    draw(words, new Uint8Array(n).fill(EXPONENTIAL));
    // The loop's state after n exponentials is the host's after 2n + (extra words of the slow path) raw words.
    let taken = 0;
    while (taken < 2 * n) host.next32(), taken++;
    let extra = 0;
    while (!host.state.every((w, i) => w === words[i]) && extra < n) host.next32(), extra++;
    expect(Array.from(words)).toEqual(Array.from(host.state));
    expect(extra).toBeGreaterThan(0);
  });

  it("ziggurat exponentials follow Exp(1), layers and tail included: chi-square at level 0.001, mean within 4 SE", () => {
    const chunk = 1e5;
    const draw = loopDraws(chunk);
    const words = Int32Array.from(replicaStream(2, 0).generator.state);
    const kinds = new Uint8Array(chunk).fill(EXPONENTIAL);
    const n = 20 * chunk;
    // Cells of width 1/4 up to 14.5 (past the ziggurat's base at r ≈ 7.70), merged until each expects ≥ 20 draws, then the rest.
    const edges = [0];
    const probabilities: number[] = [];
    for (let b = 1; b <= 58; b++) {
      const p = Math.exp(-edges[edges.length - 1]) - Math.exp(-b / 4);
      if (p * n >= 20) edges.push(b / 4), probabilities.push(p);
    }
    probabilities.push(Math.exp(-edges[edges.length - 1]));
    edges.push(Number.POSITIVE_INFINITY);
    const counts = new Array(probabilities.length).fill(0);
    let sum = 0;
    for (let r = 0; r < n / chunk; r++) {
      for (const x of draw(words, kinds)) {
        sum += x;
        let b = 0;
        while (x >= edges[b + 1]) b++;
        counts[b]++;
      }
    }
    const statistic = counts.reduce((s, c, b) => s + (c - n * probabilities[b]) ** 2 / (n * probabilities[b]), 0);
    const df = counts.length - 1;
    expect(chiSquaredSurvival(statistic, df), `chi² = ${statistic} on ${df} degrees of freedom`).toBeGreaterThan(0.001);
    expect(counts[counts.length - 1]).toBeGreaterThan(0);
    expect(Math.abs(sum / n - 1)).toBeLessThan(4 / Math.sqrt(n));
  });
});
