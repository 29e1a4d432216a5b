/**
 * A vitest worker reports to the main process by RPC calls that time out after 60 s. A hook's
 * start sends one; a fixture that then blocks the event loop for longer (a long solve or ensemble,
 * more so on a loaded machine) makes the reply arrive too late, an unhandled error that fails the
 * run. Awaiting `settle()` first lets the reply arrive; the hook sends nothing more while it runs.
 */

/** Waits `ms` milliseconds, so that the test runner's pending RPC replies are received. */
export function settle(ms = 1000): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
