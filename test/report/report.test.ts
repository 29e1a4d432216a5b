import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { compareRuns } from "../../src/compare/compare.js";
import { writeComparison } from "../../src/compare/write.js";
import { simulateEnsemble } from "../../src/ensemble/simulate-ensemble.js";
import { solveMomentsExact } from "../../src/kinetic/moment-closure/exact-hierarchy-2.js";
import { parseConfig } from "../../src/model/config.js";
import { writeRunOutput } from "../../src/output/files.js";
import { writeReport } from "../../src/report/html.js";
import { epsilonStudyToDir } from "../../src/study/run-study.js";
import { QUICK_KINETIC_OPTIONS } from "../../src/study/quick-study.js";

/** Debian's chromium, or another headless Chromium on the PATH. */
function findChromium(): string | null {
  for (const name of ["chromium", "chromium-browser", "google-chrome"]) {
    try {
      return execFileSync("which", [name], { stdio: ["ignore", "pipe", "ignore"] }).toString().trim() || null;
    } catch {
      /* next */
    }
  }
  return null;
}
const chromium = findChromium();
if (!chromium && !process.env.CI) console.warn("report test skipped: no chromium binary on the PATH (apt-get install chromium); in CI it is required");

function headless(args: string[]): string {
  const profile = mkdtempSync(join(tmpdir(), "alignsim-chromium-"));
  return execFileSync(
    chromium!,
    ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", `--user-data-dir=${profile}`, ...args],
    { stdio: ["ignore", "pipe", "ignore"], timeout: 90_000, maxBuffer: 256 * 1024 * 1024 },
  ).toString();
}

/** Opens a report, checks every figure rendered with axes and marks, and takes a screenshot. */
function checkInChromium(report: string, expectedFigures: number): void {
  const dom = headless(["--virtual-time-budget=5000", "--dump-dom", pathToFileURL(report).href]);
  const check = /<pre id="render-check"[^>]*>([^<]*)<\/pre>/.exec(dom);
  expect(check, "render-check element filled by the page's script").not.toBeNull();
  const figures: { id: string; width: number; height: number; axes: number; marks: number }[] = JSON.parse(check![1]);
  expect(figures.length).toBe(expectedFigures);
  for (const f of figures) {
    expect(f.width, `${f.id} width`).toBeGreaterThan(100);
    expect(f.height, `${f.id} height`).toBeGreaterThan(100);
    expect(f.axes, `${f.id} axes`).toBeGreaterThanOrEqual(2);
    expect(f.marks, `${f.id} marks`).toBeGreaterThan(10);
  }
  const shot = report.replace(/\.html$/, ".png");
  headless([`--screenshot=${shot}`, "--window-size=1280,2400", "--hide-scrollbars", pathToFileURL(report).href]);
  expect(existsSync(shot)).toBe(true);
  expect(statSync(shot).size).toBeGreaterThan(20_000);
}

describe.skipIf(!chromium && !process.env.CI)("report in headless Chromium", () => {
  const config = parseConfig({ N: 2000, replicas: 6, epsilon: 0.1, times: [0, 0.5, 1, 2], histogram: { min: -4, max: 4, bins: 32, pairBins: 16 } });
  const dir = mkdtempSync(join(tmpdir(), "alignsim-report-"));

  it("a run report renders with all plots present", async () => {
    const run = join(dir, "run");
    writeRunOutput(run, simulateEnsemble(config));
    const { path, figures } = await writeReport(run);
    expect(figures).toBe(3); // moments, f1, f2
    expect(readFileSync(path, "utf8")).not.toMatch(/(src|href)="https?:/); // no network
    checkInChromium(path, 3);
  });

  it("a comparison report renders with all plots present", async () => {
    const a = simulateEnsemble(config);
    const b = solveMomentsExact(config);
    const out = join(dir, "compare");
    await writeComparison(out, compareRuns(a, b), a, b);
    const { path, figures } = await writeReport(out);
    expect(figures).toBe(2); // moments, f1 (the hierarchy has no f2)
    checkInChromium(path, 2);
  });

  it("a study report renders with all plots present", async () => {
    // the quick study's grids (h = 0.2, on histograms they tile): this test is about the report, not the accuracy
    const base = parseConfig({ ...config, N: 1000, replicas: 4, mu: { "1,1": 8, "1,2": 8 }, histogram: { min: -3.2, max: 4, bins: 36, pairBins: 18 } });
    const study = await epsilonStudyToDir(base, join(dir, "study"), { epsilons: [0.4, 0.2], kineticOptions: QUICK_KINETIC_OPTIONS });
    const { path: report } = await writeReport(join(dir, "study"));
    const html = readFileSync(report, "utf8");
    const count = (html.match(/<figure class="plot"/g) ?? []).length;
    expect(count).toBeGreaterThanOrEqual(5); // convergence; moments and f1 at the largest and smallest ε; f2
    // the answer first: the verdict, its notes counted and collapsed, the convergence figure, the orders; every fit and distance last
    expect(html).toMatch(/<h1>ε-convergence: particles \(N = 1000, R = 4\) against 5 kinetic descriptions<\/h1>\s*<p class="verdict" id="verdict">ε ∈ \{0.4, 0.2\}, particles N = 1000, R = 4\./);
    expect(html).toContain(`${study.warnings.length} notes, listed under Notes.`);
    expect(html).toMatch(new RegExp(`<details id="notes"><summary>Notes — ${study.warnings.length} notes: `));
    expect(html.indexOf('id="notes"')).toBeLessThan(html.indexOf('id="figure-1" data-name="convergence"'));
    expect(html.indexOf('id="figure-1" data-name="convergence"')).toBeLessThan(html.indexOf('id="key-table"'));
    expect(html.indexOf("<caption>All fits")).toBeGreaterThan(html.indexOf('id="methods"'));
    expect(html.indexOf("<caption>All distances")).toBeGreaterThan(html.indexOf("<caption>All fits"));
    checkInChromium(report, count);
  }, 300_000);
});
