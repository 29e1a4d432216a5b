/**
 * Progress of an ensemble run, on stderr: a cli-progress bar on a terminal (replicas done,
 * events per second, ETA), one plain line every few seconds elsewhere (CI, pipes, job logs),
 * nothing in quiet mode.
 *
 * @module
 */
import cliProgress from "cli-progress";
import type { ReplicaDone } from "./pool.js";

/** Receives each finished replica; `stop` ends the display. */
export interface Progress {
  tick(done: ReplicaDone): void;
  stop(): void;
}

/** How to show progress. */
export type ProgressMode = "bar" | "lines" | "none";

/**
 * Where progress is written (process.stderr by default): a stream that may be a terminal. Typed
 * structurally, so that the package's declarations need no Node types.
 */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): boolean;
}

/** "bar" on a terminal, "lines" elsewhere, "none" when quiet. */
export function progressMode(quiet: boolean, stream: ProgressStream = process.stderr): ProgressMode {
  if (quiet) return "none";
  return stream.isTTY ? "bar" : "lines";
}

/** Seconds as "1h 02m", "3m 05s" or "12s". */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  const s = Math.round(seconds);
  if (s >= 3600) return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s`;
  return `${s}s`;
}

/**
 * Starts a progress display.
 *
 * @param total - replicas this run is responsible for (its shard).
 * @param already - of which already finished (resume).
 * @param intervalMs - period of the plain lines (default 5 s).
 */
export function startProgress(mode: ProgressMode, total: number, already: number, intervalMs = 5000, stream: ProgressStream = process.stderr): Progress {
  const start = performance.now();
  let done = already;
  let events = 0;
  const rate = () => events / Math.max((performance.now() - start) / 1000, 1e-9);
  if (mode === "none") {
    return { tick: () => undefined, stop: () => undefined };
  }
  if (mode === "bar") {
    const bar = new cliProgress.SingleBar(
      { stream: stream as NodeJS.WritableStream, format: "replicas {bar} {value}/{total} | {rate} events/s | ETA {eta_formatted}", hideCursor: true, etaBuffer: 20 },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, done, { rate: "–" });
    return {
      tick(d) {
        done++;
        events += d.eventCount;
        bar.update(done, { rate: rate().toExponential(2) });
      },
      stop: () => bar.stop(),
    };
  }
  const line = () => {
    const elapsed = (performance.now() - start) / 1000;
    const ran = done - already;
    const eta = ran > 0 ? ((total - done) * elapsed) / ran : Number.NaN;
    stream.write(`alignsim: ${done}/${total} replicas, ${ran > 0 ? rate().toExponential(2) : "–"} events/s, elapsed ${formatSeconds(elapsed)}, ETA ${formatSeconds(eta)}\n`);
  };
  const timer = setInterval(line, intervalMs);
  timer.unref();
  return {
    tick(d) {
      done++;
      events += d.eventCount;
    },
    stop: () => clearInterval(timer),
  };
}
