/**
 * Test helper: the closed system of masses, first and second moments of (14) with (12), (18),
 * in the docs/model.md convention, derived independently of the solver (covariance algebra instead of
 * lattice pushforwards), and a small RK4 integrator for it.
 *
 * State y = [M_1, M_2, I_1, I_2, E_1, E_2, C_2] with E_k = ∫v_1² f_k and C_2 = ∫v_1v_2 f_2.
 * Weak forms of (14): for ∫φ f_1 the terms 2μ_{1,1}∫φ(v_1)f_2, ελ_{1,2}∫φT_1, −(2λ_{1,1}M_1 +
 * ελ_{1,2}M_2)∫φf_1; for ∫ψ f_2 the transport (1/ε)∫U_2·∇ψ f_2 (ψ = v_1: 0; ψ = v_1²:
 * (C_2 − E_2)/ε; ψ = v_1v_2: (E_2 − C_2)/ε), −(μ_{1,1}/ε)∫ψf_2, (λ_{1,1}/ε)∬ψ f_1⊗f_1 (mass M_1²,
 * I = M_1I_1, E = M_1E_1, C = I_1²), λ_{1,2}∫ψT_2 − λ_{1,2}M_1∫ψf_2.
 * Triple marginals: (v_1, v_2, v_3) under f_1⊗f_2 has mass M_1M_2, mean (I_1M_2, M_1I_2, M_1I_2)
 * and second-moment matrix S = [[E_1M_2, I_1I_2, I_1I_2], [I_1I_2, M_1E_2, M_1C_2],
 * [I_1I_2, M_1C_2, M_1E_2]]; after the triple collision v' = A_q v, A_q = P + q(I − P),
 * P = 11ᵀ/3, so E[v'v'ᵀ] = E_q[A_q S A_q], with E[q] = 2μ_{1,2}/(2μ_{1,2}+1),
 * E[q²] = μ_{1,2}/(μ_{1,2}+1). T_1 = (1/3)law(v_1') + (2/3)law(v_2');
 * T_2 = (1/3)law(v_2', v_3') + (2/3)sym law(v_1', v_2').
 */
export interface Rates14 {
  lambda11: number;
  lambda12: number;
  mu11: number;
  mu12: number;
  eps: number;
}

type Mat = number[][];

function mul(A: Mat, B: Mat): Mat {
  return A.map((row) => B[0].map((_, j) => row.reduce((s, a, k) => s + a * B[k][j], 0)));
}

export function rhs14(y: number[], r: Rates14): number[] {
  const [M1, M2, I1, I2, E1, E2, C2] = y;
  const { lambda11: l11, lambda12: l12, mu11: m11, mu12: m12, eps } = r;
  const Eq = (2 * m12) / (2 * m12 + 1);
  const Eq2 = m12 / (m12 + 1);
  const P = [0, 1, 2].map(() => [1 / 3, 1 / 3, 1 / 3]);
  const R = [0, 1, 2].map((i) => [0, 1, 2].map((j) => (i === j ? 1 : 0) - 1 / 3));
  const S = [
    [E1 * M2, I1 * I2, I1 * I2],
    [I1 * I2, M1 * E2, M1 * C2],
    [I1 * I2, M1 * C2, M1 * E2],
  ];
  const PSP = mul(mul(P, S), P);
  const PSR = mul(mul(P, S), R);
  const RSP = mul(mul(R, S), P);
  const RSR = mul(mul(R, S), R);
  const second = [0, 1, 2].map((i) => [0, 1, 2].map((j) => PSP[i][j] + Eq * (PSR[i][j] + RSP[i][j]) + Eq2 * RSR[i][j]));
  const mean3 = (I1 * M2 + 2 * M1 * I2) / 3; // the triple mean is conserved by the collision
  const T1 = { I: mean3, E: second[0][0] / 3 + (2 * second[1][1]) / 3 };
  const T2 = { I: mean3, E: second[1][1] / 3 + ((second[0][0] + second[1][1]) / 2) * (2 / 3), C: second[1][2] / 3 + (2 * second[0][1]) / 3 };
  const loss1 = 2 * l11 * M1 + eps * l12 * M2;
  return [
    2 * m11 * M2 + eps * l12 * M1 * M2 - loss1 * M1,
    (-m11 * M2 + l11 * M1 * M1) / eps + l12 * M1 * M2 - l12 * M1 * M2,
    2 * m11 * I2 + eps * l12 * T1.I - loss1 * I1,
    (-m11 * I2 + l11 * M1 * I1) / eps + l12 * T2.I - l12 * M1 * I2,
    2 * m11 * E2 + eps * l12 * T1.E - loss1 * E1,
    (C2 - E2 - m11 * E2 + l11 * M1 * E1) / eps + l12 * T2.E - l12 * M1 * E2,
    (E2 - C2 - m11 * C2 + l11 * I1 * I1) / eps + l12 * T2.C - l12 * M1 * C2,
  ];
}

/** Classical RK4 from 0 to each time with steps ≤ dt. */
export function integrateRK4(f: (y: number[]) => number[], y0: number[], times: number[], dt: number): number[][] {
  const out: number[][] = [];
  let y = y0;
  let t = 0;
  for (const target of times) {
    const steps = Math.ceil((target - t) / dt - 1e-9);
    const h = steps > 0 ? (target - t) / steps : 0;
    for (let s = 0; s < steps; s++) {
      const k1 = f(y);
      const k2 = f(y.map((v, i) => v + (h / 2) * k1[i]));
      const k3 = f(y.map((v, i) => v + (h / 2) * k2[i]));
      const k4 = f(y.map((v, i) => v + h * k3[i]));
      y = y.map((v, i) => v + (h / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]));
    }
    t = target;
    out.push(y);
  }
  return out;
}
