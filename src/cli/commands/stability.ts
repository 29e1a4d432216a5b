/**
 * `alignsim stability`: Lemma 3.1 checked numerically — the largest real part of the
 * eigenvalues of the limit matrix of the second-moment system, (29) as printed and derived,
 * over a parameter sweep.
 *
 * @module
 */
import type { Argv } from "yargs";
import type { CommandBody } from "../commands.js";
import { ConfigError } from "../../errors.js";
import { stabilitySweep, type SweepResult } from "../../kinetic/equations/stability.js";
import { provenance, writeAtomic } from "../../output/files.js";
import { jsonFile } from "../../output/json-codec.js";

export const stabilityCommand: CommandBody = {
  builder: (yargs: Argv) =>
    yargs
      .option("points", { type: "number", default: 7, describe: "grid points per parameter axis (log-spaced; points⁵ samples)" })
      .option("out", { type: "string", describe: "also write the result as JSON to this file, with the command, the sweep, the version and the git commit" }),
  handler: (argv) => {
    const points = Number(argv.points);
    if (!Number.isInteger(points) || points < 2) throw new ConfigError("points", argv.points, "an integer ≥ 2");
    const result = stabilitySweep({ pointsPerAxis: points });
    const row = (name: string, r: SweepResult) =>
      `${name.padEnd(14)}${r.maxRealPart.toExponential(4).padStart(13)}${String(r.samples).padStart(9)}   ` +
      Object.entries(r.argmax)
        .map(([k, v]) => `${k}=${+v.toPrecision(3)}`)
        .join(" ");
    console.log(`${"system".padEnd(14)}${"max Re λ".padStart(13)}${"samples".padStart(9)}   argmax`);
    console.log(row("printed (29)", result.printed));
    console.log(row("derived", result.derived));
    const verdict = (r: SweepResult) => (r.maxRealPart < 0 ? "Hurwitz on the whole sweep" : "NOT Hurwitz somewhere on the sweep");
    console.log(`printed (29): ${verdict(result.printed)}; derived: ${verdict(result.derived)}`);
    if (!argv.out) return;
    const record = {
      kind: "stability",
      command: ["alignsim", ...process.argv.slice(2)].join(" "),
      config: { pointsPerAxis: points, rates: [0.1, 10], epsilon: [1e-3, 1], spacing: "log" },
      provenance: provenance(),
      pointsPerAxis: points,
      ...result,
    };
    writeAtomic(String(argv.out), jsonFile(record));
  },
};
