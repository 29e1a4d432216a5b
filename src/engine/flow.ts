/**
 * The alignment flow inside a cluster, solved exactly.
 *
 * In a k-cluster the alignment potential (2) [KMS] is (U_k)_i = (1/k) Σ_{j≠i}(v_j − v_i) = m − v_i,
 * m the cluster mean, and the scaling (7) speeds it up by 1/ε:
 *
 *   dv_i/dt = (m − v_i)/ε,   so   v_i(t) = m + e^{−(t−t₀)/ε}(v_i(t₀) − m).
 *
 * m is conserved, and the flow composes exactly: flowing for s then for t is flowing for s + t.
 * No time stepping, hence no discretisation error; the engine applies it lazily, when a cluster
 * changes or is observed.
 *
 * @module
 */

/**
 * The contraction factor e^{−Δt/ε} of the flow over a time Δt.
 *
 * @param dt - elapsed time Δt ≥ 0.
 * @param epsilon - collision-duration scale ε > 0.
 * @example
 * flowDecay(0.1, 0.1) // e^{−1} ≈ 0.3679
 */
export function flowDecay(dt: number, epsilon: number): number {
  return Math.exp(-dt / epsilon);
}

/**
 * One member's state after the flow: m + decay·(v − m).
 *
 * @param v - the state at the start, v_i(t₀).
 * @param mean - the cluster mean m.
 * @param decay - {@link flowDecay} of the elapsed time.
 * @example
 * alignmentFlow(1, 0, Math.exp(-1)) // ≈ 0.3679
 */
export function alignmentFlow(v: number, mean: number, decay: number): number {
  return mean + decay * (v - mean);
}
