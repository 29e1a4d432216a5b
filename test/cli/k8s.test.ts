/**
 * The Kubernetes recipe (scripts/k8s/) without a cluster: the manifests are valid batch/v1 Jobs
 * (the kubernetes-models JSON schemas for types and enums, and TypeScript's excess-property check
 * of the models' types for misspelt fields), their shard contract holds (Indexed, completions =
 * parallelism = --shard-count, the merge reads the directory the shards write), and the
 * containers' command lines, run here once per JOB_COMPLETION_INDEX and merged, give the bytes
 * of the same ensemble run in one process.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Job } from "kubernetes-models/batch/v1/Job";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { outputBytes, tempDir } from "../ensemble/helpers.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const TSC = join(ROOT, "node_modules/typescript/bin/tsc");
const read = (name: string) => parse(readFileSync(join(ROOT, "scripts/k8s", name), "utf8"));
const shardJob = read("ensemble-job.yaml");
const mergeJob = read("ensemble-merge.yaml");
const container = (job: typeof shardJob) => job.spec.template.spec.containers[0] as { command: string[]; args?: string[]; workingDir: string };

/** The value of `--name=value` in a list of arguments. */
const option = (args: string[], name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

/** `args` with the values of the named options replaced. */
const withOptions = (args: string[], values: Record<string, string>) => args.map((a) => Object.entries(values).reduce((arg, [name, value]) => (arg.startsWith(`--${name}=`) ? `--${name}=${value}` : arg), a));

/** Runs a container's command line from the repository root (its workingDir /data/alignsim), with `node` this Node. */
function runContainer(command: string[], env: Record<string, string> = {}) {
  const [node, ...rest] = command;
  expect(node).toBe("node");
  return spawnSync(process.execPath, rest, { cwd: ROOT, env: { ...process.env, ...env }, encoding: "utf8" });
}

describe("the Kubernetes manifests (scripts/k8s), offline", () => {
  it("are valid batch/v1 Jobs by the Kubernetes JSON schema", () => {
    for (const job of [shardJob, mergeJob]) {
      expect(job.apiVersion).toBe("batch/v1");
      expect(job.kind).toBe("Job");
      expect(() => new Job(job).validate()).not.toThrow();
    }
    const broken = structuredClone(shardJob);
    broken.spec.completionMode = "Indexd";
    expect(() => new Job(broken).validate()).toThrow(/completionMode/);
  });

  it("have no field the Kubernetes types do not know (TypeScript excess-property check)", () => {
    const dir = mkdtempSync(join(tmpdir(), "alignsim-k8s-"));
    const models = join(ROOT, "node_modules/kubernetes-models/batch/v1/Job.js");
    const source = (jobs: unknown[]) => `import type { IJob } from ${JSON.stringify(models)};\n${jobs.map((j, i) => `export const job${i}: IJob = ${JSON.stringify(j)};`).join("\n")}\n`;
    const misspelt = structuredClone(shardJob);
    misspelt.spec.backoffLimitPerIndx = 2;
    writeFileSync(join(dir, "manifests.ts"), source([shardJob, mergeJob]));
    writeFileSync(join(dir, "misspelt.ts"), source([misspelt])); // the control: the check does catch a misspelt field
    const files = [join(dir, "manifests.ts"), join(dir, "misspelt.ts")];
    const tsc = spawnSync(process.execPath, [TSC, "--noEmit", "--strict", "--module", "NodeNext", "--moduleResolution", "NodeNext", "--target", "ES2022", "--skipLibCheck", ...files], { encoding: "utf8" });
    const errors = tsc.stdout.split("\n").filter((line) => /error TS/.test(line));
    expect(errors.filter((line) => line.includes("manifests.ts")), tsc.stdout).toEqual([]);
    expect(errors.filter((line) => line.includes("misspelt.ts")).join("\n")).toMatch(/backoffLimitPerIndx/);
  });

  it("keep the shard contract: Indexed, completions = parallelism = --shard-count, the merge reads what the shards write", () => {
    const args = container(shardJob).args!;
    expect(shardJob.spec.completionMode).toBe("Indexed");
    expect(Number(option(args, "shard-count"))).toBe(shardJob.spec.completions);
    expect(shardJob.spec.parallelism).toBe(shardJob.spec.completions);
    expect(args).toContain("--resume");
    expect(option(args, "shard")).toBeUndefined(); // the shard comes from JOB_COMPLETION_INDEX
    const merge = container(mergeJob).command;
    expect(merge.slice(0, 4)).toEqual(["node", "bin/alignsim.mjs", "merge", option(args, "out")]);
    expect(container(shardJob).workingDir).toBe(container(mergeJob).workingDir);
  });

  it("every JOB_COMPLETION_INDEX run locally, then the merge, gives the bytes of one local run", () => {
    const K = 3;
    const out = tempDir();
    const reference = tempDir();
    const small = { N: "300", replicas: "6", workers: "1", "shard-count": String(K), out };
    const { command, args } = container(shardJob);
    const shardArgs = withOptions(args!, small);
    for (let index = 0; index < K; index++) {
      const shard = runContainer([...command, ...shardArgs], { JOB_COMPLETION_INDEX: String(index) });
      expect(shard.status, shard.stderr).toBe(0);
      expect(shard.stdout).toMatch(new RegExp(`^shard ${index}/${K}: 2 replicas`));
    }
    const merged = runContainer(container(mergeJob).command.map((a) => a.replace(option(args!, "out")!, out)));
    expect(merged.status, merged.stderr).toBe(0);
    const local = runContainer([...command, ...withOptions(shardArgs, { out: reference }).filter((a) => a !== "--resume" && !a.startsWith("--shard-count="))]);
    expect(local.status, local.stderr).toBe(0);
    expect(outputBytes(out)).toEqual(outputBytes(reference));
  }, 60_000);
});
