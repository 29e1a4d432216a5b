/**
 * Reference ε-study, step 3: re-render the report (report.html) of the reference directory from
 * its study.json and figures (step 1 renders the figures; this step only rebuilds the page).
 *
 *   npx tsx scripts/study/3-plot.ts [DIR]
 *
 * @module
 */
import { writeReport } from "../../src/report/html.js";

const dir = process.argv[2] ?? "results/reference/study-epsilon";
const { path, figures } = await writeReport(dir);
console.log(`wrote ${path} (${figures} figures)`);
