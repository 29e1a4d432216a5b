/**
 * The reference results of the spatial model shown in docs/space.md, regenerated from scratch:
 *
 * 1. `results/reference/space-beams/`: two counter-streaming beams (states ±1, sd 0.25) over a
 *    density wave (1 + 0.8·cos(πx) on [0, 2)), ε = 0.025, d = 1, 32 cells: the particle ensemble
 *    and the kinetic reference (33) in space at 21 times, as summary.json and fields.csv of each,
 *    the figures (density profiles at four times, space–time maps, f₁(x, v) at t = 1) and
 *    particles/report.html (not committed).
 * 2. `results/reference/study-space/`: `alignsim study space` on its built-in config, with the
 *    same N and R as the example (more than the built-in 2·10⁴ × 16, to resolve smaller distances).
 *
 * Replica files and f1xv.csv (bulk) stay under results/runs/, which is not committed.
 *
 *   npx tsx scripts/space/reference.ts [--N 50000 --replicas 40 --workers 2] [--resume]
 *
 * @module
 */
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { runEnsemble } from "../../src/ensemble/run-ensemble.js";
import { solveKinetic } from "../../src/kinetic/index.js";
import { parseConfig } from "../../src/model/config.js";
import { writeRunOutput } from "../../src/output/files.js";
import { modelCaption, particleCaption } from "../../src/plot/caption.js";
import { renderFigures } from "../../src/plot/render.js";
import { densityProfilesFigure, phaseSpaceFigure, spaceTimeFigure } from "../../src/plot/space-figures.js";
import { writeFigures } from "../../src/plot/write.js";
import { writeReport } from "../../src/report/html.js";
import { formatSpaceStudy, markdownSpaceStudy, SPACE_STUDY_CONFIG_PATH, spaceStudyToDir } from "../../src/study/space-dir.js";

const argv = await yargs(hideBin(process.argv))
  .option("N", { type: "number", default: 50_000 })
  .option("replicas", { type: "number", default: 40 })
  .option("workers", { type: "number", default: 2 })
  .option("skip-study", { type: "boolean", default: false })
  .option("resume", { type: "boolean", default: false, describe: "reuse the replica files under results/runs/ (they reproduce bit for bit)" })
  .parseAsync();

const base = JSON.parse(readFileSync(SPACE_STUDY_CONFIG_PATH, "utf8"));
const beams = parseConfig({ ...base, N: argv.N, replicas: argv.replicas, epsilon: 0.025, times: Array.from({ length: 21 }, (_, i) => i / 10) });
const out = "results/reference/space-beams";
const runs = "results/runs/space-beams";
if (!argv.resume) rmSync(runs, { recursive: true, force: true });
const particles = (await runEnsemble({ config: beams, outDir: join(runs, "particles"), workers: argv.workers, resume: argv.resume })).output!;
const kinetic = solveKinetic("instantaneous", beams);
writeRunOutput(join(runs, "kinetic"), kinetic);
for (const [name, output] of [["particles", particles], ["kinetic", kinetic]] as const) {
  mkdirSync(join(out, name), { recursive: true });
  writeRunOutput(join(out, name), { summary: output.summary, fields: output.fields });
  rmSync(join(out, name, "f1xv.csv"), { force: true });
}
const caption = `${modelCaption(beams)}; ${particleCaption(beams)}; kinetic reference: (33) in space.`;
const series = [
  { label: `particles (N = ${beams.N}, R = ${beams.replicas})`, output: particles },
  { label: "kinetic reference (33) in space", output: kinetic },
];
const shown = [0, 0.5, 1, 2];
const figures = await renderFigures([
  densityProfilesFigure(series, caption, shown),
  spaceTimeFigure(series, caption),
  phaseSpaceFigure(series, caption, [1]),
]);
writeFigures(out, figures);
console.log(`report: ${(await writeReport(join(out, "particles"))).path}`);

if (!argv["skip-study"]) {
  const config = parseConfig({ ...base, N: argv.N, replicas: argv.replicas });
  const study = await spaceStudyToDir(config, "results/reference/study-space", { particlesDir: "results/runs/space-study-particles", workers: argv.workers, resume: argv.resume, onProgress: (m) => console.error(m) });
  console.log(formatSpaceStudy(study));
  console.log(`\n${markdownSpaceStudy(study)}`);
  console.log(`report: ${(await writeReport("results/reference/study-space")).path}`);
}
