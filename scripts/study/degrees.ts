/**
 * The orders at every degree on the reference study's configuration, without particles: the
 * `byDegree` orders of an ε-study are fits of exact-hierarchy distances, so they do not depend on
 * the particle runs. Runs the study with the exact hierarchy standing in for the particles, on
 * the built-in study config (ε ∈ {0.4, …, 0.025}, t ∈ {1, 2}) and, with --weight, on the same
 * config with a skewed bimodal law (unequal weights, so that C1_3 ≠ 0). The descriptions are
 * (33), (14) through their moment solutions (as the study reports them) and (49), slip-corrected and
 * as printed, with its grid
 * solver, for its positivity.
 *
 *   npx tsx scripts/study/degrees.ts [--weight 0.5] [--out FILE.json]
 *
 * @module
 */
import { readFileSync } from "node:fs";
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { jsonFile } from "../../src/output/json-codec.js";
import { solveKinetic } from "../../src/kinetic/index.js";
import { parseConfig } from "../../src/model/config.js";
import { writeAtomic } from "../../src/output/files.js";
import { REFERENCE, runEpsilonStudy } from "../../src/study/epsilon.js";
import { STUDY_DEFAULT_CONFIG_PATH } from "../../src/study/run-study.js";
import { markdownOrdersByDegree } from "../../src/study/write.js";

const argv = await yargs(hideBin(process.argv))
  .option("weight", { type: "number", default: 0.5, describe: "weight of the first mode of the bimodal initial law" })
  .option("out", { type: "string" })
  .parseAsync();
const base = JSON.parse(readFileSync(STUDY_DEFAULT_CONFIG_PATH, "utf8"));
const config = parseConfig({ ...base, initial: { ...base.initial, weight: argv.weight } });
const study = await runEpsilonStudy(config, {
  epsilons: [0.4, 0.2, 0.1, 0.05, 0.025],
  compareTimes: [1, 2],
  descriptions: ["instantaneous-moments", "first-order-moments", "scalar", "scalar-printed"],
  runParticles: (c) => solveKinetic(REFERENCE, c),
  onProgress: (m) => console.error(m),
});
console.log(markdownOrdersByDegree(study));
for (const [name, o] of Object.entries(study.orders)) {
  for (const [r, d] of Object.entries(o.byDegree)) {
    const kind = { "2": "momentsExact", "3": "momentsExact3", "4": "momentsExact4" }[r] as "momentsExact";
    console.log(`${name} degree ${r}: p = ${d.p.toFixed(3)} [${d.ci95[0].toFixed(3)}, ${d.ci95[1].toFixed(3)}]; local ${study.fits[name][kind]!.localOrders.map((x) => x.toFixed(2)).join(" ")}; D = ${study.distances[name][kind]!.values.map((x) => x.toExponential(2)).join(" ")}`);
  }
}
for (const w of study.warnings) console.log(`note: ${w}`);
if (argv.out) writeAtomic(argv.out, jsonFile({ weight: argv.weight, epsilons: study.epsilons, orders: study.orders, distances: study.distances, positivity: study.positivity, warnings: study.warnings }));
