// xoshiro128** with 53-bit uniforms, for the compiled event loops (AssemblyScript): the generator
// of src/rng.ts, word for word, so that a loop continues the replica's stream from the state the
// host hands it and hands the state back (Blackman & Vigna, ACM Trans. Math. Softw. 47 (2021) 36).

let s0: u32 = 0;
let s1: u32 = 0;
let s2: u32 = 0;
let s3: u32 = 0;

/** The next 32-bit output. */
@inline export function next32(): u32 {
  const result = rotl<u32>(s1 * 5, 7) * 9;
  const t = s1 << 9;
  s2 ^= s0;
  s3 ^= s1;
  s1 ^= s2;
  s0 ^= s3;
  s2 ^= t;
  s3 = rotl<u32>(s3, 11);
  return result;
}

/** A uniform draw on [0, 1) with 53 bits, as Xoshiro128.uniform. */
@inline export function uniform(): f64 {
  const high = next32() >>> 5;
  return (<f64>high * 67108864.0 + <f64>(next32() >>> 6)) * 1.1102230246251565e-16;
}

/** Takes up the stream from the four state words at `at` (the host's). */
export function loadGenerator(at: usize): void {
  s0 = load<u32>(at);
  s1 = load<u32>(at, 4);
  s2 = load<u32>(at, 8);
  s3 = load<u32>(at, 12);
}

/** Writes the state back to the four words at `at`. */
export function storeGenerator(at: usize): void {
  store<u32>(at, s0);
  store<u32>(at, s1, 4);
  store<u32>(at, s2, 8);
  store<u32>(at, s3, 12);
}
