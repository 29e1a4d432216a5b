#!/usr/bin/env node
// Entry point of the `alignsim` command: runs the TypeScript sources through tsx's loader,
// so that `npx alignsim …` works straight after `npm ci`, with no build step.
import { register } from "tsx/esm/api";

register();
await import("../src/cli/index.ts");
