/**
 * Bad input, one row each: every command (`run`, `kinetic`, `study`, `merge`, `verify`, `compare`,
 * `report`) exits with status 2 and one line on stderr that names the offending field, option or
 * file, and the library throws an AlignsimError with its stable code; neither writes anything.
 * Each row runs in a fresh temporary directory (outputs pointed inside it) whose whole tree must be
 * unchanged afterwards. The CLI runs in this process (src/cli/index.ts `main`).
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compareRuns } from "../../src/compare/compare.js";
import { AlignsimError } from "../../src/errors.js";
import { mergeRunDirs } from "../../src/ensemble/merge.js";
import { replicaFilePath } from "../../src/ensemble/replica-file.js";
import { runEnsemble } from "../../src/ensemble/run-ensemble.js";
import { verifyRunDir } from "../../src/ensemble/verify.js";
import { solveKinetic } from "../../src/kinetic/index.js";
import { parseConfig, readConfigFile, validateConfig, type ConfigInput } from "../../src/model/config.js";
import { readRunOutput } from "../../src/output/files.js";
import { writeReport } from "../../src/report/html.js";
import { alignsimInProcess, tree } from "./harness.js";

/** Fixtures shared by the rows, copied into a row's directory by its `setup`. */
interface Fixtures {
  /** An ensemble run directory: run.json, 4 replica files, summary.json, f1.csv, f2.csv. */
  run: string;
  /** The same ensemble on other times (`times` [0, 2]): incompatible with `run`. */
  other: string;
}

interface BadInput {
  /** What is wrong. */
  name: string;
  /** The command line (CLI rows), given the row's directory and the fixtures. */
  args?: (dir: string, fx: Fixtures) => string[];
  /** The library call (library rows); `code` is the AlignsimError code it must throw. */
  call?: (dir: string, fx: Fixtures) => unknown;
  code?: string;
  /** What the error line must contain: the field, option or file it names. */
  names: string | ((dir: string) => string);
  /** What the error line must not contain (wording of a library underneath). */
  not?: string;
  /** Files the row needs, written into its directory before the snapshot. */
  setup?: (dir: string, fx: Fixtures) => void;
}

const RUN_FIXTURE: ConfigInput = { N: 100, replicas: 4, times: [0, 1], seed: 3 };

const out = (dir: string) => join(dir, "out");
/** `args` after the defaults `base`, each option given once (a repeated option is a row of its own). */
const withDefaults = (base: string[], args: string[]) => {
  const given = new Set(args.filter((a) => a.startsWith("--")).map((a) => a.split("=")[0]));
  const kept: string[] = [];
  for (let i = 0; i < base.length; i += 2) if (!given.has(base[i])) kept.push(base[i], base[i + 1]);
  return [...kept, ...args];
};
/** `run` with a small config, output inside the row's directory. */
const run = (...args: string[]) => (dir: string) => ["run", "--quiet", ...withDefaults(["--N", "100", "--replicas", "2", "--times", "0,1", "--out", out(dir)], args)];
const kinetic = (...args: string[]) => (dir: string) => ["kinetic", ...withDefaults(["--times", "0,1", "--out", out(dir)], args)];
const study = (name: string, ...args: string[]) => (dir: string) => ["study", name, ...withDefaults(["--N", "100", "--replicas", "2", "--out", out(dir)], args)];
const file = (name: string, content: string) => (dir: string) => writeFileSync(join(dir, name), content);
const copyRun = (dir: string, fx: Fixtures) => cpSync(fx.run, join(dir, "run"), { recursive: true });
const copyBoth = (dir: string, fx: Fixtures) => {
  copyRun(dir, fx);
  cpSync(fx.other, join(dir, "other"), { recursive: true });
};
/** A copy of the run with replica 1's file damaged by `damage`. */
const damagedRun = (damage: (bytes: Buffer) => Buffer) => (dir: string, fx: Fixtures) => {
  copyRun(dir, fx);
  const path = replicaFilePath(join(dir, "run"), 1);
  writeFileSync(path, damage(readFileSync(path)));
};
const flipped = (bytes: Buffer) => (bytes.writeUInt8(bytes[bytes.length - 40] ^ 0xff, bytes.length - 40), bytes);
const truncated = (bytes: Buffer) => bytes.subarray(0, bytes.length - 100);

const ROWS: BadInput[] = [
  // run: config fields given as overrides
  { name: "run --N -5 (negative N)", args: run("--N", "-5"), names: "`N`" },
  { name: "run --N 2.5 (non-integer N)", args: run("--N", "2.5"), names: "`N`" },
  { name: "run --N abc (N a word)", args: run("--N", "abc"), names: "`N`" },
  { name: 'run --N \'"100"\' (N a JSON string)', args: run("--N", '"100"'), names: "`N`" },
  { name: "run --N 2e9 (N above 1e9)", args: run("--N", "2e9"), names: "`N`" },
  { name: "run --epsilon 0", args: run("--epsilon", "0"), names: "`epsilon`" },
  { name: "run --epsilon -0.1", args: run("--epsilon", "-0.1"), names: "`epsilon`" },
  { name: "run --epsilon Infinity", args: run("--epsilon", "Infinity"), names: "`epsilon`" },
  { name: "run --mass 0", args: run("--mass", "0"), names: "`mass`" },
  { name: "run --kmax 0", args: run("--kmax", "0"), names: "`kmax`" },
  { name: "run --kmax 1.5", args: run("--kmax", "1.5"), names: "`kmax`" },
  { name: "run --lambda -1 (negative rate)", args: run("--lambda", "-1"), names: "`lambda`" },
  { name: 'run --mu \'{"1,1":-1}\' (negative rate in a table)', args: run("--mu", '{"1,1":-1}'), names: "`mu" },
  { name: 'run --lambda \'{"2,1":1}\' (key with i > j)', args: run("--lambda", '{"2,1":1}'), names: "`lambda" },
  { name: "run --replicas 0", args: run("--replicas", "0"), names: "`replicas`" },
  { name: "run --replicas 1.5", args: run("--replicas", "1.5"), names: "`replicas`" },
  { name: "run --seed -1", args: run("--seed=-1"), names: "`seed`" },
  { name: "run --seed 0.5", args: run("--seed", "0.5"), names: "`seed`" },
  { name: "run --times 1,0 (decreasing)", args: run("--times", "1,0"), names: "`times" },
  { name: "run --times=-1,0,1 (negative time)", args: run("--times=-1,0,1"), names: "`times" },
  { name: "run --times 0,,1 (empty entry)", args: run("--times", "0,,1"), names: "`times" },
  { name: "run --times [] (no time)", args: run("--times", "[]"), names: "`times`" },
  { name: "run --times abc", args: run("--times", "abc"), names: "`times" },
  { name: 'run --histogram \'{"min":1,"max":0}\'', args: run("--histogram", '{"min":1,"max":0}'), names: "`histogram.max`" },
  { name: "run --histogram.bins 0", args: run("--histogram.bins", "0"), names: "`histogram.bins`" },
  { name: "run --histogram with an unknown key", args: run("--histogram", '{"bins":10,"binz":1}'), names: "`histogram.binz`" },
  { name: "run --initial with an unknown distribution", args: run("--initial", '{"distribution":"gauss"}'), names: "`initial" },
  { name: "run --initial with pairedFraction 2", args: run("--initial", '{"distribution":"normal","pairedFraction":2}'), names: "`initial.pairedFraction`" },
  { name: "run --initial samples with no values", args: run("--initial", '{"distribution":"samples","values":[]}'), names: "`initial.values`" },
  { name: "run --initial file that does not exist", args: (dir) => run("--initial", JSON.stringify({ distribution: "file", path: join(dir, "none.txt") }))(dir), names: (dir) => join(dir, "none.txt") },
  {
    name: "run --initial file with a histogram row hi < lo",
    setup: file("states.txt", "0,1,1\n2,1,1\n"),
    args: (dir) => run("--initial", JSON.stringify({ distribution: "file", path: join(dir, "states.txt") }))(dir),
    names: (dir) => join(dir, "states.txt"),
  },
  { name: "run --dimension 4", args: run("--dimension", "4"), names: "`dimension`" },
  { name: "run --dimension 2 without a space box", args: run("--dimension", "2"), names: "`space`" },
  { name: "run --space with length 0", args: run("--space", '{"length":0,"cells":4}'), names: "`space.length`" },
  { name: "run --initial with a position law but no space box", args: run("--initial", '{"distribution":"normal","position":{"distribution":"uniform"}}'), names: "`initial.position`" },
  // run: the config file
  { name: "run --config with an unknown key (suggests the closest)", setup: file("c.json", '{"replica": 3}'), args: (dir) => run("--config", join(dir, "c.json"))(dir), names: "`replica`" },
  { name: "run --config with malformed JSON", setup: file("c.json", '{"N": 100,'), args: (dir) => run("--config", join(dir, "c.json"))(dir), names: (dir) => join(dir, "c.json") },
  { name: "run --config that does not exist", args: (dir) => run("--config", join(dir, "none.json"))(dir), names: (dir) => join(dir, "none.json") },
  { name: "run --config holding a JSON list", setup: file("c.json", "[1, 2]"), args: (dir) => run("--config", join(dir, "c.json"))(dir), names: (dir) => join(dir, "c.json") },
  { name: "run --config with a negative rate", setup: file("c.json", '{"lambda": {"1,1": -2}}'), args: (dir) => run("--config", join(dir, "c.json"))(dir), names: "`lambda" },
  // run: options of the command
  { name: "run with an unknown option --replica", args: run("--replica", "3"), names: "replica" },
  { name: "run --workers 0", args: run("--workers", "0"), names: "`--workers`" },
  { name: "run --workers 1.5", args: run("--workers", "1.5"), names: "`--workers`" },
  { name: "run --shard 3/2", args: run("--shard", "3/2"), names: "shard" },
  { name: "run --shard x", args: run("--shard", "x"), names: "shard" },
  { name: "run --resume without --out", args: () => ["run", "--N", "100", "--replicas", "2", "--resume"], names: "`--out`" },
  { name: "run --progress-interval 0", args: run("--progress-interval", "0"), names: "`--progress-interval`" },
  { name: "run --target-stderr at a time not observed", args: run("--target-stderr", "V1@9=0.1"), names: "--target-stderr" },
  { name: "run --budget without --target-stderr", args: run("--budget", "10"), names: "`--target-stderr`" },
  { name: "run --control-variates with 2 replicas", args: run("--control-variates"), names: "--control-variates" },
  { name: "run --out that is a file", setup: file("out", "x"), args: run(), names: (dir) => out(dir) },
  { name: "run --out holding a run of another config", setup: (dir, fx) => cpSync(fx.run, out(dir), { recursive: true }), args: run("--N", "101", "--replicas", "4", "--seed", "3"), names: "`N`" },
  {
    name: "run --out holding finished replicas, without --resume",
    setup: (dir, fx) => cpSync(fx.run, out(dir), { recursive: true }),
    args: (dir) => ["run", "--N", "100", "--replicas", "4", "--times", "0,1", "--seed", "3", "--quiet", "--out", out(dir)],
    names: "--resume",
  },
  {
    name: "run --resume with fewer replicas than recorded",
    setup: (dir, fx) => cpSync(fx.run, out(dir), { recursive: true }),
    args: (dir) => ["run", "--N", "100", "--replicas", "2", "--times", "0,1", "--seed", "3", "--quiet", "--resume", "--out", out(dir)],
    names: "`replicas`",
  },
  // kinetic
  { name: "kinetic --model nope (unknown kinetic model)", args: kinetic("--model", "nope"), names: "model" },
  { name: "kinetic without --model", args: kinetic(), names: "model" },
  { name: "kinetic --degree 1", args: kinetic("--model", "moments-exact", "--degree", "1"), names: "`degree`" },
  { name: "kinetic --initial-datum with a model that takes none", args: kinetic("--model", "moments", "--initial-datum", "printed"), names: "`--initial-datum`" },
  { name: "kinetic --second-moments xyz", args: kinetic("--model", "moments", "--second-moments", "xyz"), names: "second-moments" },
  { name: "kinetic --epsilon 0", args: kinetic("--model", "moments", "--epsilon", "0"), names: "`epsilon`" },
  // study
  { name: "study epsilon --epsilons 0.1,-1", args: study("epsilon", "--epsilons", "0.1,-1"), names: "`epsilons`" },
  { name: "study epsilon --compare-times abc", args: study("epsilon", "--compare-times", "abc"), names: "`compare-times`" },
  { name: "study epsilon --max-relative-error 0", args: study("epsilon", "--max-relative-error", "0"), names: "`max-relative-error`" },
  { name: "study epsilon --budget without --target-relative-error", args: study("epsilon", "--budget", "5"), names: "`--target-relative-error`" },
  { name: "study epsilon --target-relative-error -1", args: study("epsilon", "--target-relative-error=-1"), names: "`--target-relative-error`" },
  { name: "study epsilon --N 0", args: study("epsilon", "--N", "0"), names: "`N`" },
  { name: "study n --grid 100x1 (one replica)", args: study("n", "--grid", "100x1"), names: "`grid`" },
  { name: "study n --t=-1", args: study("n", "--t=-1"), names: "`t`" },
  { name: "study space --cells 4,2.5", args: study("space", "--cells", "4,2.5"), names: "`cells`" },
  { name: "study without a study name", args: () => ["study"], names: "epsilon, n, space or coverage" },
  // merge
  { name: "merge of incompatible shards (other times)", setup: copyBoth, args: (dir) => ["merge", join(dir, "run"), join(dir, "other"), "--out", out(dir)], names: "different configs" },
  { name: "merge of a directory that is not a run", setup: (dir) => mkdirSync(join(dir, "empty")), args: (dir) => ["merge", join(dir, "empty"), "--out", out(dir)], names: (dir) => join(dir, "empty") },
  { name: "merge of a directory that does not exist", args: (dir) => ["merge", join(dir, "none"), "--out", out(dir)], names: (dir) => join(dir, "none") },
  { name: "merge --replicas 0", setup: copyRun, args: (dir) => ["merge", join(dir, "run"), "--replicas", "0", "--out", out(dir)], names: "`--replicas`" },
  { name: "merge --replicas 9 (more than there are files)", setup: copyRun, args: (dir) => ["merge", join(dir, "run"), "--replicas", "9", "--out", out(dir)], names: "replica 4" },
  { name: "merge without --out", setup: copyRun, args: (dir) => ["merge", join(dir, "run")], names: "out" },
  { name: "merge into a directory holding another run", setup: copyBoth, args: (dir) => ["merge", join(dir, "run"), "--out", join(dir, "other")], names: "`times`" },
  // verify
  { name: "verify of a directory that does not exist", args: (dir) => ["verify", join(dir, "none"), "--workers", "1"], names: (dir) => join(dir, "none") },
  { name: "verify --seed -1", setup: copyRun, args: (dir) => ["verify", join(dir, "run"), "--seed=-1", "--workers", "1"], names: "`--seed`" },
  { name: "verify --workers 0", setup: copyRun, args: (dir) => ["verify", join(dir, "run"), "--workers", "0"], names: "`--workers`" },
  { name: "verify --sample 0", setup: copyRun, args: (dir) => ["verify", join(dir, "run"), "--sample", "0", "--workers", "1"], names: "`--sample`" },
  // compare
  { name: "compare with a missing run directory", setup: copyRun, args: (dir) => ["compare", join(dir, "run"), join(dir, "none"), "--out", out(dir)], names: (dir) => join(dir, "none") },
  { name: "compare with a malformed summary.json", setup: (dir, fx) => (copyRun(dir, fx), file("run/summary.json", "{")(dir)), args: (dir) => ["compare", join(dir, "run"), join(dir, "run"), "--out", out(dir)], names: "summary.json" },
  { name: "compare of results on different times", setup: copyBoth, args: (dir) => ["compare", join(dir, "run"), join(dir, "other"), "--out", out(dir)], names: "`times`" },
  { name: "compare with one directory", setup: copyRun, args: (dir) => ["compare", join(dir, "run"), "--out", out(dir)], names: "arguments" },
  // report
  { name: "report of a directory that does not exist", args: (dir) => ["report", join(dir, "none")], names: (dir) => join(dir, "none") },
  { name: "report of a directory with no result in it", setup: (dir) => mkdirSync(join(dir, "empty")), args: (dir) => ["report", join(dir, "empty")], names: (dir) => join(dir, "empty") },
  { name: "an unknown command (suggests the closest)", args: () => ["rnu"], names: "Did you mean run?" },

  // damaged replica files through merge and verify (resume heals them: test/ensemble/verify.test.ts)
  { name: "merge of a run with a flipped byte in a replica file", setup: damagedRun(flipped), args: (dir) => ["merge", join(dir, "run"), "--out", out(dir)], names: (dir) => replicaFilePath(join(dir, "run"), 1) },
  { name: "merge of a run with a truncated replica file", setup: damagedRun(truncated), args: (dir) => ["merge", join(dir, "run"), "--out", out(dir)], names: (dir) => replicaFilePath(join(dir, "run"), 1) },
  {
    name: "merge of a run with a foreign replica file (replica 1 of another run)",
    setup: (dir, fx) => (copyRun(dir, fx), cpSync(replicaFilePath(fx.other, 1), replicaFilePath(join(dir, "run"), 1))),
    args: (dir) => ["merge", join(dir, "run"), "--out", out(dir)],
    names: (dir) => replicaFilePath(join(dir, "run"), 1),
  },
  {
    name: "merge of a run with replica 2's file renamed to replica 1's",
    setup: (dir, fx) => (copyRun(dir, fx), cpSync(replicaFilePath(fx.run, 2), replicaFilePath(join(dir, "run"), 1))),
    args: (dir) => ["merge", join(dir, "run"), "--out", out(dir)],
    names: (dir) => replicaFilePath(join(dir, "run"), 1),
  },
  {
    name: "merge of a run with replica 1's file missing",
    setup: (dir, fx) => (copyRun(dir, fx), rmSync(replicaFilePath(join(dir, "run"), 1))),
    args: (dir) => ["merge", join(dir, "run"), "--out", out(dir)],
    names: "(replica 1)",
  },
  {
    name: "merge of a run with replica 1's file missing, into a new nested --out (every folder it made is removed)",
    setup: (dir, fx) => (copyRun(dir, fx), rmSync(replicaFilePath(join(dir, "run"), 1))),
    args: (dir) => ["merge", join(dir, "run"), "--out", join(dir, "a", "b", "c")],
    names: "(replica 1)",
  },
  {
    name: "verify of a run with a foreign replica file (replica 1 of another run)",
    setup: (dir, fx) => (copyRun(dir, fx), cpSync(replicaFilePath(fx.other, 1), replicaFilePath(join(dir, "run"), 1))),
    args: (dir) => ["verify", join(dir, "run"), "--sample", "1", "--seed", "1", "--workers", "1"],
    names: "replica 1",
  },
  { name: "verify of a run with a flipped byte in a replica file", setup: damagedRun(flipped), args: (dir) => ["verify", join(dir, "run"), "--sample", "1", "--seed", "1", "--workers", "1"], names: "replica 1" },
  { name: "verify of a run with a truncated replica file", setup: damagedRun(truncated), args: (dir) => ["verify", join(dir, "run"), "--sample", "1", "--seed", "1", "--workers", "1"], names: "replica 1" },
  {
    name: "run --resume over a foreign replica file (an intact file of another run)",
    setup: (dir, fx) => (cpSync(fx.run, out(dir), { recursive: true }), cpSync(replicaFilePath(fx.other, 1), replicaFilePath(out(dir), 1))),
    args: (dir) => ["run", "--N", "100", "--replicas", "4", "--times", "0,1", "--seed", "3", "--workers", "1", "--quiet", "--resume", "--out", out(dir)],
    names: (dir) => replicaFilePath(out(dir), 1),
  },

  // the library
  { name: "validateConfig({ N: '100' }) (N a string)", call: () => validateConfig({ N: "100" }), code: "E_CONFIG", names: "`N`" },
  { name: "parseConfig({ epsilon: 0 })", call: () => parseConfig({ epsilon: 0 }), code: "E_CONFIG", names: "`epsilon`" },
  { name: "parseConfig({ replicas: 0 })", call: () => parseConfig({ replicas: 0 }), code: "E_CONFIG", names: "`replicas`" },
  { name: "parseConfig({ kmax: 0 })", call: () => parseConfig({ kmax: 0 }), code: "E_CONFIG", names: "`kmax`" },
  { name: "parseConfig({ lambda: { '1,1': -1 } })", call: () => parseConfig({ lambda: { "1,1": -1 } }), code: "E_CONFIG", names: "`lambda" },
  { name: "validateConfig({ replica: 3 }) (unknown key)", call: () => validateConfig({ replica: 3 }), code: "E_CONFIG", names: "`replica`" },
  { name: "validateConfig(null)", call: () => validateConfig(null), code: "E_CONFIG", names: "config" },
  { name: "readConfigFile of a missing file", call: (dir) => readConfigFile(join(dir, "none.json")), code: "E_IO", names: (dir) => join(dir, "none.json") },
  { name: "readConfigFile of malformed JSON", setup: file("c.json", "{"), call: (dir) => readConfigFile(join(dir, "c.json")), code: "E_CONFIG", names: (dir) => join(dir, "c.json") },
  { name: "runEnsemble with workers: 0", call: (dir) => runEnsemble({ config: parseConfig(RUN_FIXTURE), outDir: out(dir), workers: 0 }), code: "E_CONFIG", names: "`--workers`" },
  {
    name: "runEnsemble into a directory holding a run of another config",
    setup: copyRun,
    call: (dir) => runEnsemble({ config: parseConfig({ ...RUN_FIXTURE, N: 101 }), outDir: join(dir, "run"), workers: 1, resume: true }),
    code: "E_MISMATCH",
    names: "`N`",
  },
  { name: "mergeRunDirs([])", call: () => mergeRunDirs([]), code: "E_USAGE", names: "run directory" },
  { name: "mergeRunDirs of incompatible shards", setup: copyBoth, call: (dir) => mergeRunDirs([join(dir, "run"), join(dir, "other")]), code: "E_MISMATCH", names: "different configs" },
  { name: "verifyRunDir of a missing directory", call: (dir) => verifyRunDir(join(dir, "none"), { seed: 1, workers: 1 }), code: "E_IO", names: (dir) => join(dir, "none") },
  { name: "solveKinetic('moments') with μ₁₁ = 0 while λ₁₁ > 0", call: () => solveKinetic("moments", parseConfig({ mu: { "1,1": 0, "1,2": 1 }, times: [0, 1] })), code: "E_CONFIG", names: "mu" },
  { name: "compareRuns of results on different times", call: (_, fx) => compareRuns(readRunOutput(fx.run), readRunOutput(fx.other)), code: "E_INCOMPARABLE", names: "`times`" },
  { name: "readRunOutput of a missing directory", call: (dir) => readRunOutput(join(dir, "none")), code: "E_IO", names: (dir) => join(dir, "none") },
  { name: "writeReport of a missing directory", call: (dir) => writeReport(join(dir, "none")), code: "E_IO", names: (dir) => join(dir, "none") },

  // known defects, fixed on branch `defects`
  {
    name: "run --config with a relative initial.path resolves it against the config's folder",
   
    setup: (dir) => (mkdirSync(join(dir, "cfg")), file("cfg/c.json", '{"initial": {"distribution": "file", "path": "missing.txt"}}')(dir)),
    args: (dir) => run("--config", join(dir, "cfg", "c.json"))(dir),
    names: (dir) => join(dir, "cfg", "missing.txt"),
  },
  { name: 'study epsilon --mu \'{"1,1":0,"1,2":1}\' fails before simulating', args: study("epsilon", "--mu", '{"1,1":0,"1,2":1}'), names: "mu" },
  { name: "kinetic with μ₁₁ = 0 leaves no empty output directory", args: kinetic("--model", "moments", "--mu", '{"1,1":0,"1,2":1}'), names: "mu" },
  {
    name: "verify of a run with a missing replica file",
   
    setup: (dir, fx) => (copyRun(dir, fx), rmSync(replicaFilePath(join(dir, "run"), 1))),
    args: (dir) => ["verify", join(dir, "run"), "--workers", "1"],
    names: "replica 1",
  },
  { name: "run --N 100 --initial.sd -2 (a dotted override without a config)", args: run("--initial.sd=-2"), names: "`initial.sd`" },
  { name: "run --out a --out b (a repeated option)", args: (dir) => [...run()(dir), "--out", join(dir, "b")], names: "--out" },
  { name: "run --initial.pairedFraction 2 without a config names `initial.pairedFraction`", args: run("--initial.pairedFraction", "2"), names: "`initial.pairedFraction`" },
  { name: "run --times -1,0,1 names `times`, not 'Unknown argument: 1'", args: run("--times", "-1,0,1"), names: "`times" },
  { name: "run --workers abc echoes abc, not null", args: run("--workers", "abc"), names: "`abc`" },
  { name: "run --histogram 3 says what `histogram` must be, in alignsim's words", args: run("--histogram", "3"), names: "`histogram`", not: "Expected" },
  { name: "run --workers 1e9 is refused", args: run("--workers", "1e9"), names: "`--workers`" },
  { name: "kinetic with conflicting options (--second-moments with --model moments-exact) is refused", args: kinetic("--model", "moments-exact", "--second-moments", "printed29"), names: "second-moments" },
];

describe("bad input: exit 2, one line naming the field, nothing written", () => {
  const fx: Fixtures = { run: "", other: "" };
  beforeAll(async () => {
    const base = mkdtempSync(join(tmpdir(), "alignsim-faults-"));
    fx.run = join(base, "run");
    fx.other = join(base, "other");
    await runEnsemble({ config: parseConfig(RUN_FIXTURE), outDir: fx.run, workers: 1 });
    await runEnsemble({ config: parseConfig({ ...RUN_FIXTURE, times: [0, 2] }), outDir: fx.other, workers: 1 });
  }, 60_000);

  it(`the table has at least 60 rows (${ROWS.length})`, () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(60);
  });

  for (const row of ROWS) {
    it(row.name, async () => {
      const dir = mkdtempSync(join(tmpdir(), "alignsim-bad-"));
      row.setup?.(dir, fx);
      const before = tree(dir);
      const names = typeof row.names === "function" ? row.names(dir) : row.names;
      if (row.args) {
        const result = await alignsimInProcess(row.args(dir, fx));
        expect(result.code, result.stderr).toBe(2);
        expect(result.stderr).toMatch(/^alignsim: [^\n]+\n$/);
        expect(result.stderr).toContain(names);
        if (row.not) expect(result.stderr).not.toContain(row.not);
        expect(result.stdout).toBe("");
      } else {
        let error: unknown;
        try {
          await row.call!(dir, fx);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(AlignsimError);
        expect((error as AlignsimError).code).toBe(row.code);
        expect((error as Error).message).toContain(names);
        if (row.not) expect((error as Error).message).not.toContain(row.not);
        expect((error as Error).message).not.toContain("\n");
      }
      expect(tree(dir)).toEqual(before);
    });
  }
});
