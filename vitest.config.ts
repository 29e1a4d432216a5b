import { availableParallelism } from "node:os";
import { configDefaults, defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The statistical tier: Monte Carlo tests of the engine, the ensembles and the studies against
 * exact results, with tolerances from the runs' own standard errors (and coverage studies over
 * many ensembles). Everything else is the fast tier: unit tests, exact and deterministic checks,
 * the CLI and the package. `npm test` runs both; `npm run test:fast` and `npm run test:statistical`
 * run one.
 */
const STATISTICAL = [
  "test/cli/study-quick.test.ts",
  "test/compare/compare.test.ts",
  "test/compare/goodness-of-fit.test.ts",
  "test/compare/verdict.test.ts",
  "test/compare/distances.test.ts",
  "test/engine/mean-field.test.ts",
  "test/engine/pairs-stationary.test.ts",
  "test/engine/small-epsilon.test.ts",
  "test/engine/two-particles.test.ts",
  "test/engine/space/free-transport.test.ts",
  "test/engine/space/local-rates.test.ts",
  "test/engine/space/uniform-cells.test.ts",
  "test/ensemble/control-variates.test.ts",
  "test/ensemble/field-statistics.test.ts",
  "test/ensemble/honest-stderr.test.ts",
  "test/kinetic/moments-vs-particles.test.ts",
  "test/kinetic/moment-closure/particle-hierarchy.test.ts",
  "test/model/position-law.test.ts",
  "test/rng.test.ts",
  "test/stats/hotelling.test.ts",
  "test/stats/joint-test.test.ts",
  "test/study/coverage.test.ts",
  "test/study/distance-stderr.test.ts",
  "test/study/epsilon.test.ts",
  "test/study/quick-study.test.ts",
  "test/study/resolve-particles.test.ts",
  "test/study/space.test.ts",
  "test/study/validation.test.ts",
];

/**
 * The longest files (CPU-bound solves and ensembles, or many spawned processes), started first so
 * that the workers do not end on one of them alone. Without a timing cache (a clean clone) vitest
 * would order the files by size.
 */
const LONGEST = [
  "test/study/epsilon.test.ts",
  "test/kinetic/limit-33.test.ts",
  "test/api/examples.test.ts",
  "test/cli/ensemble-cli.test.ts",
  "test/kinetic/error-estimate.test.ts",
  "test/cli/space.test.ts",
  "test/kinetic/first-order-14.test.ts",
  "test/study/space.test.ts",
  "test/engine/mean-field.test.ts",
  "test/study/resolve-particles.test.ts",
  "test/kinetic/contracting-lattice.test.ts",
  "test/package/install.test.ts",
  "test/kinetic/scalar-49.test.ts",
];

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification) => {
      const i = LONGEST.findIndex((name) => f.moduleId.endsWith(name));
      return i < 0 ? LONGEST.length : i;
    };
    return (await super.sort(files)).map((f, i) => ({ f, i })).sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i).map(({ f }) => f);
  }
}

export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // vitest's default is one worker less than the cores, a single worker on 2 cores; the test
    // files are independent processes, so use every core.
    maxWorkers: availableParallelism(),
    sequence: { sequencer: LongestFirst },
    // In CI, also write a JSON report (both tiers), from which .ci/run prints the plain "N passed, N failed" line.
    reporters: process.env.CI ? ["default", "json"] : ["default"],
    outputFile: { json: ".ci/vitest-report.json" },
    projects: [
      { extends: true, test: { name: "fast", include: ["test/**/*.test.ts"], exclude: [...configDefaults.exclude, ...STATISTICAL] } },
      { extends: true, test: { name: "statistical", include: STATISTICAL } },
    ],
  },
});
