/**
 * Coagulation and fragmentation kernels λ(i,j), μ(i,j) of [KMS] §2: symmetric, non-negative
 * functions of the two cluster sizes. They can be given as
 *
 * - a single number: the same value for every pair of sizes (the constant kernel);
 * - a table `{"1,1": 1, "1,2": 0.5}` with keys `"i,j"`, i ≤ j; missing entries are 0;
 * - (library API only) a function `(i, j) => number`, which `parseConfig` tabulates on the
 *   sizes i ≤ j with i + j ≤ kmax, so that a resolved config holds a number or a table.
 *
 * [KMS] L. Kanzler, C. Moschella, C. Schmeiser, "First order non-instantaneous corrections in
 * collisional kinetic alignment models".
 *
 * @module
 */

/** A kernel as it appears in a config file. */
export type KernelTable = Record<string, number>;
/** A kernel as the library accepts it. */
export type KernelSpec = number | KernelTable | ((i: number, j: number) => number);
/** A resolved kernel: symmetric, defined for all positive sizes. */
export type Kernel = (i: number, j: number) => number;

/** Matches a table key `"i,j"` with positive integers i ≤ j (checked separately). */
export const KERNEL_KEY = /^\s*([1-9]\d*)\s*,\s*([1-9]\d*)\s*$/;

/**
 * Turns a kernel spec into a symmetric function of the sizes.
 *
 * @param spec - number, `"i,j"` table or function.
 * @returns λ with λ(i,j) = λ(j,i); table entries not given are 0.
 * @example
 * resolveKernel({ "1,2": 0.5 })(2, 1) // 0.5
 */
export function resolveKernel(spec: KernelSpec): Kernel {
  if (typeof spec === "number") return () => spec;
  if (typeof spec === "function") return (i, j) => spec(Math.min(i, j), Math.max(i, j));
  const table = new Map<string, number>();
  for (const [key, value] of Object.entries(spec)) {
    const [, a, b] = KERNEL_KEY.exec(key) ?? [];
    table.set(`${Math.min(+a, +b)},${Math.max(+a, +b)}`, value);
  }
  return (i, j) => table.get(`${Math.min(i, j)},${Math.max(i, j)}`) ?? 0;
}

/**
 * Total break-up rate of a k-cluster in units of 1/ε: Σ_{j=1}^{k−1} μ(j, k−j)
 * (docs/model.md §1; μ_{1,1} for a pair, 2μ_{1,2} for a triple).
 *
 * @example
 * fragmentationWeight(resolveKernel(1), 3) // 2
 */
export function fragmentationWeight(mu: Kernel, k: number): number {
  let total = 0;
  for (let j = 1; j < k; j++) total += mu(j, k - j);
  return total;
}
