/**
 * The steps of a study as it runs: one line per step, "[k/K · s] what" with the wall seconds since
 * the study began, and the wall and CPU seconds each phase took (a phase groups the steps of one
 * kind, e.g. the particle ensembles of every ε, or the solves of (14) at every ε). CPU seconds are
 * the process's user + system time, worker threads included: on a shared machine they measure the
 * work where wall seconds also measure the neighbours.
 *
 * The total K is the sum of what each layer announces before the first step: the study its
 * steps per ε and its fits, the directory writer its figures, the CLI its report.
 *
 * @module
 */

/** The time a phase took: wall seconds, and CPU seconds of the process (every thread). */
export interface PhaseTime {
  wall: number;
  cpu: number;
}

/** Counts and times the steps of a study, and hands each one line of progress. */
export class StudyProgress {
  /** Steps announced so far: the K of "[k/K]". */
  total = 0;
  private done = 0;
  private readonly started = performance.now();
  private current?: { phase: string; since: number; cpu: NodeJS.CpuUsage };
  private readonly seconds: Record<string, PhaseTime> = {};

  /** @param emit - receives each line (e.g. console.error; a no-op for --quiet). */
  constructor(private readonly emit: (line: string) => void = () => {}) {}

  /** Adds `steps` to the total K; call before the first {@link step}. */
  announce(steps: number): void {
    this.total += steps;
  }

  /**
   * Ends the step under way and starts the next: its phase (the key of its time in
   * {@link phaseSeconds}) and the line that says what it does.
   *
   * @example
   * const p = new StudyProgress(console.error);
   * p.announce(2);
   * p.step("particles", "particles ε = 0.4: N = 50000, R = 40") // "[1/2 · 0.0 s] particles ε = 0.4: N = 50000, R = 40"
   */
  step(phase: string, line: string): void {
    this.close();
    this.done += 1;
    this.current = { phase, since: performance.now(), cpu: process.cpuUsage() };
    this.emit(`[${this.done}/${Math.max(this.total, this.done)} · ${this.elapsed().toFixed(1)} s] ${line}`);
  }

  /** Ends the step under way (its time goes to its phase). */
  close(): void {
    if (!this.current) return;
    const { user, system } = process.cpuUsage(this.current.cpu);
    const time = (this.seconds[this.current.phase] ??= { wall: 0, cpu: 0 });
    time.wall += (performance.now() - this.current.since) / 1000;
    time.cpu += (user + system) / 1e6;
    this.current = undefined;
  }

  /** Wall seconds since the progress began. */
  elapsed(): number {
    return (performance.now() - this.started) / 1000;
  }

  /** The wall and CPU seconds of each phase so far (steps ended), in the order the phases began. */
  phaseSeconds(): Record<string, PhaseTime> {
    return Object.fromEntries(Object.entries(this.seconds).map(([phase, time]) => [phase, { ...time }]));
  }

  /**
   * The phases' times in one line, CPU first.
   *
   * @example
   * progress.summary() // "41.2 s wall, 52.0 s CPU: particles 11.8 s CPU (6.1 s wall), first-order 14.0 s CPU (14.1 s wall), …"
   */
  summary(): string {
    const { user, system } = process.cpuUsage();
    const phases = Object.entries(this.seconds).map(([phase, t]) => `${phase} ${t.cpu.toFixed(1)} s CPU (${t.wall.toFixed(1)} s wall)`);
    return `${this.elapsed().toFixed(1)} s wall, ${((user + system) / 1e6).toFixed(1)} s CPU since the process began: ${phases.join(", ")}`;
  }
}
