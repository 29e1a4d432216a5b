// Entry point of an ensemble worker thread: registers tsx's loader in this thread (a worker
// does not inherit the main thread's loader hooks), then loads the TypeScript worker. Used both
// by the CLI (bin/alignsim.mjs) and inside vitest.
import { register } from "tsx/esm/api";

register();
await import("./worker.ts");
