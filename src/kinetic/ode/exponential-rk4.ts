/**
 * Time stepping of the kinetic solvers: the fourth-order exponential Runge–Kutta method
 * ETDRK4 of Cox & Matthews for u' = L u + N(u), where the stiff linear part L is applied exactly
 * (`propagate(τ, u)` = e^{τL}u, e.g. the alignment flow and break-up of pairs along the flow) and
 * the rest N explicitly. With L = 0 it is the classical Runge–Kutta method.
 *
 * The φ-functions are applied by quadrature in the step fraction θ:
 * φ-combination·v = ∫_0^1 e^{(1−θ)τL} P(θ) dθ with P a polynomial of degree ≤ 2 in θ, integrated
 * by Gauss–Legendre (exact when L = 0). Every conserved linear functional C of the problem
 * (C(e^{τL}u) = C(u), C(N(u)) = 0) is therefore conserved exactly by every step, whatever the
 * step and the quadrature: this is how the solvers conserve mass and momentum to rounding.
 *
 * S. M. Cox, P. C. Matthews, "Exponential time differencing for stiff systems", J. Comput. Phys.
 * 176 (2002) 430–455, doi:10.1006/jcph.2002.6995, eq. (26)–(29).
 *
 * @module
 */
import { gaussLegendre01 } from "../lattice/quadrature.js";

/** A semilinear system u' = L u + N(u) on Float64Array states. */
export interface SemilinearSystem {
  /** out = e^{τL} u (out is zeroed by the caller, never aliases u). */
  propagate(tau: number, u: Float64Array, out: Float64Array): void;
  /** out = N(u) (out is zeroed by the caller). */
  nonlinear(u: Float64Array, out: Float64Array): void;
}

/** Weights of the three φ-combinations of the ETDRK4 update as polynomials in θ. */
const UPDATE = {
  a: (t: number) => 1 - 3 * t + 2 * t * t, // φ1 − 3φ2 + 4φ3, weight of N(u)
  b: (t: number) => 2 * (t - t * t), // 2(φ2 − 2φ3), weight of N(a) and N(b)
  c: (t: number) => -t + 2 * t * t, // −φ2 + 4φ3, weight of N(c)
};

/**
 * One ETDRK4 step of length h (Cox & Matthews (26)–(29)):
 * a = e^{hL/2}u + (h/2)φ₁(hL/2)N(u); b = e^{hL/2}u + (h/2)φ₁(hL/2)N(a);
 * c = e^{hL/2}a + (h/2)φ₁(hL/2)(2N(b) − N(u));
 * u⁺ = e^{hL}u + h[(φ₁−3φ₂+4φ₃)N(u) + 2(φ₂−2φ₃)(N(a)+N(b)) + (−φ₂+4φ₃)N(c)].
 *
 * @param system - L (exactly) and N.
 * @param u - state at t (not modified).
 * @param h - step > 0.
 * @param nodes - Gauss–Legendre nodes in θ for the φ-functions (≥ 2; exact if L = 0).
 * @returns the state at t + h.
 */
export function etdrk4Step(system: SemilinearSystem, u: Float64Array, h: number, nodes: number): Float64Array {
  const size = u.length;
  const rule = gaussLegendre01(nodes);
  const zero = () => new Float64Array(size);
  const N = (v: Float64Array) => {
    const out = zero();
    system.nonlinear(v, out);
    return out;
  };
  const propagate = (tau: number, v: Float64Array) => {
    const out = zero();
    system.propagate(tau, v, out);
    return out;
  };
  /** Σ_g w_g e^{(1−θ_g)τL} Σ_j c_j(θ_g) v_j, scaled by `scale`, added to `into`. */
  const phi = (tau: number, scale: number, terms: [(t: number) => number, Float64Array][], into: Float64Array) => {
    for (let g = 0; g < rule.nodes.length; g++) {
      const theta = rule.nodes[g];
      const mix = zero();
      for (const [coef, v] of terms) {
        const c = coef(theta);
        if (c !== 0) for (let i = 0; i < size; i++) mix[i] += c * v[i];
      }
      const moved = propagate((1 - theta) * tau, mix);
      const wg = scale * rule.weights[g];
      for (let i = 0; i < size; i++) into[i] += wg * moved[i];
    }
  };
  const one = () => 1;
  const Nu = N(u);
  const half = propagate(h / 2, u);
  const a = Float64Array.from(half);
  phi(h / 2, h / 2, [[one, Nu]], a);
  const Na = N(a);
  const b = Float64Array.from(half);
  phi(h / 2, h / 2, [[one, Na]], b);
  const Nb = N(b);
  const c = propagate(h / 2, a);
  const twoNbMinusNu = zero();
  for (let i = 0; i < size; i++) twoNbMinusNu[i] = 2 * Nb[i] - Nu[i];
  phi(h / 2, h / 2, [[one, twoNbMinusNu]], c);
  const Nc = N(c);
  const next = propagate(h, u);
  const NaPlusNb = zero();
  for (let i = 0; i < size; i++) NaPlusNb[i] = Na[i] + Nb[i];
  phi(h, h, [[UPDATE.a, Nu], [UPDATE.b, NaPlusNb], [UPDATE.c, Nc]], next);
  return next;
}

/**
 * Integrates from t = 0 to every output time with ETDRK4, using between consecutive output
 * times the largest uniform step ≤ dt.
 *
 * @param system - the semilinear system.
 * @param u0 - state at t = 0.
 * @param times - output times, increasing, ≥ 0.
 * @param dt - largest step > 0.
 * @param nodes - θ-quadrature nodes of the φ-functions.
 * @param onStep - called after every step with (t, u) (e.g. to track min f_1); a state it returns
 *   replaces u from then on (e.g. remapped onto a finer lattice, for which the system changed too).
 * @returns the states at `times`.
 */
export function integrate(system: SemilinearSystem, u0: Float64Array, times: readonly number[], dt: number, nodes: number, onStep?: (t: number, u: Float64Array) => Float64Array | void): Float64Array[] {
  const out: Float64Array[] = [];
  let t = 0;
  let u = u0;
  for (const target of times) {
    const steps = Math.ceil((target - t) / dt - 1e-9);
    const h = steps > 0 ? (target - t) / steps : 0;
    for (let s = 0; s < steps; s++) {
      u = etdrk4Step(system, u, h, nodes);
      u = onStep?.(t + (s + 1) * h, u) ?? u;
    }
    t = target;
    out.push(Float64Array.from(u));
  }
  return out;
}
