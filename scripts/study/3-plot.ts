/**
 * Reference ε-study, step 3: re-render the figures (SVG and PNG) and the report (report.html) of a
 * study directory from its study.json, without running anything again: the convergence plot from
 * the distances and fits; the moments and f₁ figures at the largest and the smallest ε from the
 * merged particle runs that step 1 keeps (PARTICLES/eps-<ε>/summary.json, not committed), with the
 * kinetic descriptions solved again on their configs (a minute or so). An ε whose particle run is
 * not there is left out, and said so.
 *
 *   npx tsx scripts/study/3-plot.ts [DIR] [PARTICLES]
 *
 * DIR defaults to results/reference/study-epsilon, PARTICLES to results/runs/reference-study-particles.
 *
 * @module
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type KineticModelName, solveKinetic } from "../../src/kinetic/index.js";
import { readRunOutput } from "../../src/output/files.js";
import { renderFigures } from "../../src/plot/render.js";
import { writeFigures } from "../../src/plot/write.js";
import { writeReport } from "../../src/report/html.js";
import { type EpsilonStudy, REFERENCE } from "../../src/study/epsilon.js";
import { type EpsilonSnapshot, studyFigures } from "../../src/study/figures.js";

const dir = process.argv[2] ?? "results/reference/study-epsilon";
const particlesDir = process.argv[3] ?? "results/runs/reference-study-particles";
const study: EpsilonStudy = JSON.parse(readFileSync(join(dir, "study.json"), "utf8"));

const snapshots: EpsilonSnapshot[] = [];
for (const epsilon of [Math.max(...study.epsilons), Math.min(...study.epsilons)]) {
  const run = join(particlesDir, `eps-${epsilon}`);
  if (!existsSync(join(run, "summary.json"))) {
    console.error(`no particle run at ${run}: the figures at ε = ${epsilon} are left out`);
    continue;
  }
  const particles = readRunOutput(run);
  const { config } = particles.summary;
  const kinetic: EpsilonSnapshot["kinetic"] = {};
  for (const name of Object.keys(study.descriptions) as KineticModelName[]) kinetic[name] = solveKinetic(name, config);
  snapshots.push({ epsilon, particles, exact: solveKinetic(REFERENCE, config), kinetic });
}

const figures = writeFigures(dir, await renderFigures(studyFigures(study, snapshots)));
console.log(`wrote ${figures.length} figures (SVG and PNG) into ${join(dir, "figures")}`);
const { path } = await writeReport(dir);
console.log(`wrote ${path}`);
