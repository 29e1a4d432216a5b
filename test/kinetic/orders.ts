/**
 * Test helper: observed order of convergence from three solutions at resolutions r, r/2, r/4
 * (self-convergence, no reference solution): p = log₂(‖u₁ − u₂‖ / ‖u₂ − u₃‖).
 */
export function observedOrder(u: number[][]): number {
  const norm = (a: number[], b: number[]) => Math.sqrt(a.reduce((s, x, i) => s + (x - b[i]) ** 2, 0));
  return Math.log2(norm(u[0], u[1]) / norm(u[1], u[2]));
}
