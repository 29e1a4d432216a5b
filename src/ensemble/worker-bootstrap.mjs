// Entry point of an ensemble worker thread when the pool runs from the TypeScript sources
// (vitest, tsx scripts): registers tsx's loader in this thread (a worker does not inherit the
// main thread's loader hooks), then loads the TypeScript worker. The compiled build starts
// dist/ensemble/worker.js directly.
import { register } from "tsx/esm/api";

register();
await import("./worker.ts");
