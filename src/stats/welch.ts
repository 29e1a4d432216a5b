/**
 * The degrees of freedom of the standard error of a difference of two independent estimates,
 * √(SE_A² + SE_B²), each SE² estimated with ν degrees of freedom: Welch–Satterthwaite's
 * (v_A + v_B)²/(v_A²/ν_A + v_B²/ν_B), v = SE², to which (A − B)/SE is referred as a Student
 * statistic.
 *
 * @module
 */

/**
 * Welch–Satterthwaite's ν of √(SE_A² + SE_B²). A side with SE 0 (exact) contributes nothing, so
 * one noisy side gives its own ν, two exact sides ∞.
 *
 * B. L. Welch, "The generalization of 'Student's' problem when several different population
 * variances are involved", Biometrika 34 (1947) 28–35.
 *
 * @example
 * welchDegreesOfFreedom(0.1, 9, 0, Infinity) // 9
 */
export function welchDegreesOfFreedom(seA: number, dfA: number, seB: number, dfB: number): number {
  const [va, vb] = [seA * seA, seB * seB];
  if (vb === 0) return va === 0 ? Number.POSITIVE_INFINITY : dfA;
  if (va === 0) return dfB;
  return (va + vb) ** 2 / ((va * va) / dfA + (vb * vb) / dfB);
}
