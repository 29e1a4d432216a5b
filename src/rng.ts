/**
 * Seeded random streams. Replica r of a run with master seed s draws all of its randomness from
 * one xoshiro128** stream whose state is a hash of the pair (s, r) — never of a worker or a
 * machine — so an ensemble is reproducible whatever the number of workers, their scheduling, or
 * the sharding.
 *
 * xoshiro128** (Blackman & Vigna) works on 32-bit integers, so it runs at full speed both here
 * and in the engine's compiled event loop (src/engine/assembly/engine.ts), which continues the replica's
 * stream from the state words this class holds (initial states are drawn here, events there);
 * it has period 2¹²⁸ − 1, passes BigCrush, and a draw costs about half of one of seedrandom's
 * Alea. The 128-bit state of (s, r) is seeded from the text `alignsim:s:r` by seedrandom's Alea
 * (whose Mash hash of the key makes the states of distinct keys unrelated).
 *
 * Draws have 53 bits of resolution (two outputs per uniform), so a uniform index below n is biased
 * by at most n/2⁵³ in relative terms (10⁻⁹ at n = 10⁷). The event loop draws exponential waiting
 * times from the ziggurat of Marsaglia & Tsang: exact in distribution (a 53-bit position within
 * one of 256 layers of equal area, exact tail beyond r ≈ 7.7), with neither logarithm nor
 * exponential on 98.9% of the draws.
 *
 * D. Blackman, S. Vigna, "Scrambled linear pseudorandom number generators", ACM Trans. Math.
 * Softw. 47 (2021) 36, doi:10.1145/3460772.
 * G. Marsaglia, W. W. Tsang, "The ziggurat method for generating random variables", J. Stat.
 * Softw. 5 (2000) 8, doi:10.18637/jss.v005.i08.
 *
 * @module
 */
import seedrandom from "seedrandom";

/** A uniform draw on [0, 1). */
export type Uniform = () => number;

/** 2⁻⁵³, the resolution of a uniform draw. */
const UNIFORM_STEP = 1.1102230246251565e-16;

/**
 * xoshiro128** with 53-bit uniforms. The engine's event loop (src/engine/assembly/engine.ts) runs the same
 * generator on the same state words, handed to it and back, so a replica has one stream.
 */
export class Xoshiro128 {
  /** The four 32-bit words of the state. */
  readonly state = new Int32Array(4);

  /**
   * @param key - any text; equal keys give equal streams. The four state words are the first
   *   four 32-bit outputs of seedrandom's Alea seeded with the key (Alea's seeding hashes the
   *   text with its Mash function), so distinct keys give unrelated states.
   */
  constructor(key: string) {
    const alea = seedrandom.alea(key);
    for (let i = 0; i < 4; i++) this.state[i] = alea.int32();
    if (this.state.every((word) => word === 0)) this.state[0] = 1;
  }

  /** The next 32-bit output, as a signed integer. */
  next32(): number {
    const s = this.state;
    const s1 = s[1];
    const x = Math.imul(s1, 5);
    const result = Math.imul((x << 7) | (x >>> 25), 9);
    const t = s1 << 9;
    s[2] ^= s[0];
    s[3] ^= s1;
    s[1] = s1 ^ s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = (s[3] << 11) | (s[3] >>> 21);
    return result;
  }

  /** A uniform draw on [0, 1) with 53 bits of resolution. */
  uniform(): number {
    const high = this.next32() >>> 5;
    return (high * 67108864 + (this.next32() >>> 6)) * UNIFORM_STEP;
  }
}

/** A uniform stream that also exposes its generator, for the engine's hot loop. */
export type RandomStream = Uniform & { readonly generator: Xoshiro128 };

/**
 * The stream of replica `replica` of a run with master seed `seed`.
 *
 * @param seed - master seed, an integer ≥ 0.
 * @param replica - replica index, an integer ≥ 0.
 * @example
 * replicaStream(1, 0)() === replicaStream(1, 0)() // true
 */
export function replicaStream(seed: number, replica: number): RandomStream {
  const generator = new Xoshiro128(`alignsim:${seed}:${replica}`);
  return Object.assign(() => generator.uniform(), { generator });
}

/** A standard normal draw (Box–Muller, one of the pair). */
export function standardNormal(uniform: Uniform): number {
  return Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}
