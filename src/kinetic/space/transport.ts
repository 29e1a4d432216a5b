/**
 * Free transport ∂_t f + v ∂_x f = 0 on the periodic interval [0, L) for a density that is
 * resolved in velocity by point masses at lattice nodes v_i (`lattice.ts`) and in x by its
 * averages over N equal cells: each node's x-profile is translated by v_i·τ exactly in Fourier
 * space (the spectral shift).
 *
 * Why it is exact. Cell averages are the samples at the cell centres of the averaged density
 * F(x) = (1/h)∫_{x−h/2}^{x+h/2} f(y) dy, and averaging commutes with translation, so the cell
 * averages of the transported density are the samples of F(x − vτ). Translating the
 * trigonometric interpolant of the samples (multiplying its k-th coefficient by e^{−2πikvτ/L})
 * therefore gives them exactly whenever F has no Fourier modes beyond the grid's |k| < N/2 (the
 * cosine initial law has one mode), and with spectral accuracy for smooth data; the Nyquist mode
 * k = N/2 is shifted by its real part, cos(πNvτ/L), which keeps the profile real. The mean
 * (k = 0) is untouched: the mass of every velocity node, hence mass, momentum and energy, is
 * conserved to rounding. Discontinuous data (a histogram of a file of positions) ring (Gibbs)
 * and may turn slightly negative between cells.
 *
 * The FFT is fft.js (radix-4, power-of-two sizes), so N must be a power of two.
 *
 * @module
 */
import FFT from "fft.js";

/** In-place free transport of node masses over a time τ; see the module doc. */
export type FreeTransport = (state: Float64Array, tau: number) => void;

/**
 * The free transport of a state laid out cell by cell: state[j·n + i] is the mass (or average)
 * of velocity node i in x-cell j, j = 0 … N − 1, i = 0 … n − 1.
 *
 * @param cells - N, a power of two ≥ 2.
 * @param length - L > 0, the period.
 * @param velocities - v_i of the n nodes.
 * @returns the in-place transport over τ (any real τ; τ < 0 transports backwards).
 * @example
 * const shift = freeTransport(4, 1, Float64Array.of(0.25));
 * const u = Float64Array.of(1, 0, 0, 0); shift(u, 1); // u ≈ [0, 1, 0, 0]
 */
export function freeTransport(cells: number, length: number, velocities: Float64Array): FreeTransport {
  const fft = new FFT(cells);
  const n = velocities.length;
  const half = cells / 2;
  const column = new Float64Array(cells);
  const spectrum = fft.createComplexArray() as number[];
  const shifted = fft.createComplexArray() as number[];
  return (state, tau) => {
    for (let i = 0; i < n; i++) {
      const phase = (-2 * Math.PI * velocities[i] * tau) / length;
      if (phase === 0) continue;
      for (let j = 0; j < cells; j++) column[j] = state[j * n + i];
      fft.realTransform(spectrum, column);
      shifted[0] = spectrum[0];
      shifted[1] = 0;
      for (let k = 1; k < half; k++) {
        const [re, im] = [spectrum[2 * k], spectrum[2 * k + 1]];
        const [c, s] = [Math.cos(phase * k), Math.sin(phase * k)];
        shifted[2 * k] = re * c - im * s;
        shifted[2 * k + 1] = re * s + im * c;
        shifted[2 * (cells - k)] = shifted[2 * k];
        shifted[2 * (cells - k) + 1] = -shifted[2 * k + 1];
      }
      shifted[2 * half] = spectrum[2 * half] * Math.cos(phase * half);
      shifted[2 * half + 1] = 0;
      fft.inverseTransform(spectrum, shifted);
      for (let j = 0; j < cells; j++) state[j * n + i] = spectrum[2 * j];
    }
  };
}
