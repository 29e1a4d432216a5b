/**
 * A vitest worker reports to the main process by RPC calls that time out after 60 s. The start of
 * a hook or a test sends one; a computation that then blocks the event loop for longer (a long
 * solve, ensemble or spawnSync, more so on a loaded machine) makes the reply arrive too late, an
 * unhandled error that fails the run although every test passed. Awaiting `settle()` first lets
 * the reply arrive; the runner sends nothing more while the hook or test body runs.
 */

/** Waits `ms` milliseconds, so that the test runner's pending RPC replies are received. */
export function settle(ms = 1000): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
