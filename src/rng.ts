/**
 * Seeded random streams. Replica r of a run with master seed s draws all of its randomness from
 * one xoshiro128** stream whose state is a hash of the pair (s, r) — never of a worker or a
 * machine — so an ensemble is reproducible whatever the number of workers, their scheduling, or
 * the sharding.
 *
 * xoshiro128** (Blackman & Vigna) works on 32-bit integers, so it runs at full speed both here
 * and in the engine's compiled event loop (assembly/engine.ts), which continues the replica's
 * stream from the state words this class holds (initial states are drawn here, events there);
 * it has period 2¹²⁸ − 1, passes BigCrush, and a draw costs about half of one of seedrandom's
 * Alea. The 128-bit state of (s, r) is the cyrb128 hash of the text `alignsim:s:r`, as
 * independent across keys as a good hash makes it.
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

/** A uniform draw on [0, 1). */
export type Uniform = () => number;

/** 2⁻⁵³, the resolution of a uniform draw. */
const UNIFORM_STEP = 1.1102230246251565e-16;

/**
 * xoshiro128** with 53-bit uniforms. The engine's event loop (assembly/engine.ts) runs the same
 * generator on the same state words, handed to it and back, so a replica has one stream.
 */
export class Xoshiro128 {
  /** The four 32-bit words of the state. */
  readonly state = new Int32Array(4);

  /** @param key - any text; equal keys give equal streams. */
  constructor(key: string) {
    this.state.set(cyrb128(key));
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

/**
 * cyrb128 (bryc, public domain): a 128-bit hash of a text, as four 32-bit words.
 *
 * @example
 * cyrb128("a").length // 4
 */
function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 | 0, h2 | 0, h3 | 0, h4 | 0];
}

/** A standard normal draw (Box–Muller, one of the pair). */
export function standardNormal(uniform: Uniform): number {
  return Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}
