#!/usr/bin/env node
// Entry point of the `alignsim` command: the compiled CLI in dist/ (built by `npm run build`,
// which `npm ci` runs through `prepare`).
import { existsSync } from "node:fs";
import { hideBin } from "yargs/helpers";

const cli = new URL("../dist/cli/index.js", import.meta.url);
if (!existsSync(cli)) {
  console.error("alignsim: the compiled build is missing (dist/cli/index.js); run `npm run build` first");
  process.exit(2);
}
const { main } = await import(cli.href);
await main(hideBin(process.argv));
