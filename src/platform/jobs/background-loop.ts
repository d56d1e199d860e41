/**
 * Runs a piece of work in the background: every `intervalMs` once started, and at once on `notify()`.
 * Never two runs at a time in one process: a call while a run is in progress joins it and asks for one
 * more run after it (work that arrived meanwhile is not missed). The durable state lives in the
 * database; this is only the process's timer.
 */
import type { Logger } from '../logger.ts';

export class BackgroundLoop<T> {
  private readonly work: () => Promise<T>;
  private readonly intervalMs: number;
  private readonly logger: Logger;
  private readonly failure: string;
  private readonly combine: (earlier: T, later: T) => T;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<T> | null = null;
  private again = false;

  /**
   * `failure`: the warning logged when a background run throws (it is retried on the next tick).
   * `combine`: how the results of a run and its follow-up runs add up. Default: the last one counts.
   */
  constructor(work: () => Promise<T>, options: { intervalMs: number; logger: Logger; failure: string; combine?: (earlier: T, later: T) => T }) {
    this.work = work;
    this.intervalMs = options.intervalMs;
    this.logger = options.logger;
    this.failure = options.failure;
    this.combine = options.combine ?? ((_earlier, later) => later);
  }

  get started(): boolean {
    return this.timer !== null;
  }

  start(): void {
    if (this.timer !== null) return;
    this.timer = setInterval(() => this.notify(), this.intervalMs);
    this.timer.unref();
    this.notify();
  }

  /** Stops the timer and waits for a run in progress. */
  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.again = false;
    await this.running?.catch(() => undefined);
  }

  /** Runs soon when started; does nothing otherwise (another process's worker will get to it). */
  notify(): void {
    if (this.timer === null) return;
    this.run().catch((error: unknown) => this.logger.warn({ err: error }, this.failure));
  }

  /** Runs now (or joins the run in progress, which then runs once more); resolves with the combined results. */
  run(): Promise<T> {
    if (this.running !== null) {
      this.again = true;
      return this.running;
    }
    const loop = async (): Promise<T> => {
      this.again = false;
      let result: T = await this.work();
      while (this.again) {
        this.again = false;
        result = this.combine(result, await this.work());
      }
      return result;
    };
    this.running = loop().finally(() => {
      this.running = null;
    });
    return this.running;
  }
}
