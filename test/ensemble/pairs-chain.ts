/**
 * The pairs-only system, solved exactly: a test helper.
 *
 * Pairs-only system (k_max = 2, λ₁₁ = λ, μ₁₁ = μ, mass M) with N particles: the number of pairs P
 * is a birth–death chain on 0 … ⌊N/2⌋ with (docs/model.md §1)
 *   birth rate b(P) = λ·M·N₁(N₁ − 1)/N,  N₁ = N − 2P,    death rate d(P) = μ·P/ε.
 * Detailed balance gives the stationary law π(P + 1)/π(P) = b(P)/d(P + 1); the transient law from
 * P(0) is computed by uniformization.
 */

/** Parameters of the chain. */
export interface PairsChain {
  N: number;
  epsilon: number;
  lambda: number;
  mu: number;
  /** Total mass M (default 1). */
  mass?: number;
}

function rates(chain: PairsChain) {
  const { N, epsilon, lambda, mu, mass = 1 } = chain;
  return {
    birth: (P: number) => (lambda * mass * (N - 2 * P) * (N - 2 * P - 1)) / N,
    death: (P: number) => (mu * P) / epsilon,
    maxPairs: Math.floor(N / 2),
  };
}

/** Exact stationary law of P by detailed balance. */
export function stationaryLaw(chain: PairsChain): number[] {
  const { birth, death, maxPairs } = rates(chain);
  const w = [1];
  for (let P = 0; P < maxPairs; P++) w.push((w[P] * birth(P)) / death(P + 1));
  const total = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / total);
}

/** Exact law of P(t) from P(0) = p0, by uniformization: Σ_n Poisson(n; Λt)·(I + Q/Λ)ⁿ. */
export function transientLaw(chain: PairsChain, p0: number, t: number): number[] {
  const { birth, death, maxPairs } = rates(chain);
  const total = Array.from({ length: maxPairs + 1 }, (_, P) => birth(P) + death(P));
  const L = Math.max(...total);
  let v: number[] = Array.from({ length: maxPairs + 1 }, (_, P) => (P === p0 ? 1 : 0));
  const out = v.map(() => 0);
  let weight = Math.exp(-L * t);
  for (let n = 0; n < 2000; n++) {
    for (let P = 0; P <= maxPairs; P++) out[P] += weight * v[P];
    const next = v.map(() => 0);
    for (let P = 0; P <= maxPairs; P++) {
      next[P] += v[P] * (1 - total[P] / L);
      if (P < maxPairs) next[P + 1] += (v[P] * birth(P)) / L;
      if (P > 0) next[P - 1] += (v[P] * death(P)) / L;
    }
    v = next;
    weight *= (L * t) / (n + 1);
  }
  return out;
}

/** E[f(P)] under a law of P. */
export function expectation(law: number[], f: (P: number) => number): number {
  return law.reduce((s, p, P) => s + p * f(P), 0);
}
