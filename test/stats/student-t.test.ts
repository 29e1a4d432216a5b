import { describe, expect, it } from "vitest";
import { regularizedIncompleteBeta, studentTCdf, studentTQuantile } from "../../src/stats/distributions.js";

// Reference values: scipy.stats.t.ppf(0.975, df) (SciPy, agrees with R's qt(0.975, df)).
const QT975: [number, number][] = [
  [1, 12.706204736174694],
  [2, 4.302652729749462],
  [3, 3.1824463052837078],
  [4, 2.7764451051977934],
  [5, 2.5705818356363146],
  [9, 2.262157162798205],
  [10, 2.228138851986274],
  [30, 2.0422724563012378],
  [100, 1.9839715185235518],
  [1000, 1.9623390808264083],
];

describe("studentTQuantile", () => {
  it.each(QT975)("t_{0.975, %i} matches R's qt to 1e-12 relative", (df, expected) => {
    expect(Math.abs(studentTQuantile(0.975, df) / expected - 1)).toBeLessThan(1e-12);
  });

  it("is odd about p = 1/2 and inverts the CDF", () => {
    for (const df of [1.5, 3, 7, 25]) {
      for (const p of [0.01, 0.2, 0.5, 0.9, 0.999]) {
        const t = studentTQuantile(p, df);
        expect(studentTQuantile(1 - p, df)).toBeCloseTo(-t, 12);
        expect(studentTCdf(t, df)).toBeCloseTo(p, 13);
      }
    }
  });

  it("tends to the normal quantile 1.959964 as df grows", () => {
    expect(studentTQuantile(0.975, 1e6)).toBeCloseTo(1.959963984540054, 5);
  });

  it("returns NaN off the domain", () => {
    expect(studentTQuantile(0, 3)).toBeNaN();
    expect(studentTQuantile(1, 3)).toBeNaN();
    expect(studentTQuantile(0.5, 0)).toBeNaN();
    expect(studentTQuantile(0.975, Number.POSITIVE_INFINITY)).toBeNaN();
  });
});

describe("regularizedIncompleteBeta", () => {
  it("matches closed forms: I_x(1, 1) = x, I_x(2, 2) = 3x² − 2x³, I_x(a, 1) = x^a", () => {
    for (const x of [0.1, 0.37, 0.5, 0.92]) {
      expect(regularizedIncompleteBeta(x, 1, 1)).toBeCloseTo(x, 14);
      expect(regularizedIncompleteBeta(x, 2, 2)).toBeCloseTo(3 * x * x - 2 * x ** 3, 14);
      expect(regularizedIncompleteBeta(x, 3.5, 1)).toBeCloseTo(x ** 3.5, 14);
    }
  });
});
