/**
 * Reference ε-study, step 2: results/reference/study-epsilon/summary.md (headline orders, orders at
 * every degree, positivity of (49)) from study.json, which README.md and docs/studies.md quote
 * (`npm run docs:tables`); prints every headline order with its source and local orders.
 *
 *   npx tsx scripts/study/2-process.ts [DIR]
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { writeAtomic } from "../../src/output/files.js";
import { parseJson } from "../../src/output/json-codec.js";
import type { EpsilonStudy } from "../../src/study/epsilon.js";
import { summaryMarkdown } from "../../src/study/write.js";

const dir = process.argv[2] ?? "results/reference/study-epsilon";
const study: EpsilonStudy = parseJson(readFileSync(join(dir, "study.json"), "utf8"));
const summary = summaryMarkdown(study);
writeAtomic(join(dir, "summary.md"), summary);
console.log(summary);
for (const [name, o] of Object.entries(study.orders)) {
  console.log(`${name}: p = ${o.p.toFixed(3)} [${o.ci95[0].toFixed(3)}, ${o.ci95[1].toFixed(3)}] from ${o.source}; 3 smallest ε: ${o.smallest3.p.toFixed(3)}; local ${o.localOrders.map((x) => x.toFixed(2)).join(" ")}`);
  // study.json writes a missing order (NaN) as the string "NaN"
  const f = (x: number | string) => Number(x).toFixed(3);
  for (const [r, d] of Object.entries(o.byDegree)) console.log(`  degree ${r}: p = ${f(d.p)} [${f(d.ci95[0])}, ${f(d.ci95[1])}] from ${d.source}`);
}
