/**
 * The login-verification job. Durable: the work list is the mailboxes rows in `verify_state =
 * 'verifying'`, so a restart loses nothing. Any number of workers (processes) may run it: each claims a
 * row with a lease (compare-and-set), and a row whose worker died is claimed again once the lease lapses.
 *
 * The worker role polls every `pollIntervalMs`; a mailbox created in the same process is picked up at
 * once through `notify()`.
 */
import { isoTime, type Clock } from '../../platform/clock.ts';
import type { Logger } from '../../platform/logger.ts';
import { BackgroundLoop } from '../../platform/jobs/background-loop.ts';
import type { MailboxesRepo } from '../mailboxes.repo.ts';
import type { MailboxVerifier } from './verifier.ts';

export interface VerificationJobsOptions {
  /** Verifications run at once per process. Default 4. */
  concurrency?: number;
  /** How long a claim lasts, in ms; must exceed the longest verification (each probe is capped at 2× the connect timeout). */
  leaseMs: number;
  /** How often the worker looks for pending verifications, in ms. Default 5000. */
  pollIntervalMs?: number;
}

export interface VerificationJobsDeps {
  repo: MailboxesRepo;
  verifier: MailboxVerifier;
  clock: Clock;
  logger: Logger;
  /** Called after a run that verified at least one mailbox (the DNS refresh then picks them up). */
  onFinished?: () => void;
}

export class MailboxVerificationJobs {
  private readonly deps: VerificationJobsDeps;
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private readonly loop: BackgroundLoop<number>;

  constructor(deps: VerificationJobsDeps, options: VerificationJobsOptions) {
    this.deps = deps;
    this.concurrency = options.concurrency ?? 4;
    this.leaseMs = options.leaseMs;
    this.loop = new BackgroundLoop(() => this.drain(), {
      intervalMs: options.pollIntervalMs ?? 5_000,
      logger: deps.logger,
      failure: 'Mailbox login verification failed to run; will retry.',
      combine: (a, b) => a + b,
    });
  }

  /** Starts polling (worker role). */
  start(): void {
    this.loop.start();
  }

  /** Stops polling and waits for verifications in progress. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** A mailbox was created: run now if this process is a worker (otherwise a worker's poll finds it). */
  notify(): void {
    this.loop.notify();
  }

  /**
   * Verifies every pending mailbox (those created while this runs included); resolves with how many
   * this process verified. Concurrent calls share one run.
   */
  runDue(): Promise<number> {
    return this.loop.run();
  }

  private async drain(): Promise<number> {
    let done = 0;
    for (;;) {
      const ids = await this.deps.repo.dueForVerification(isoTime(this.deps.clock.now()), this.concurrency * 4);
      if (ids.length === 0) break;
      const queue = [...ids];
      const lanes = Array.from({ length: Math.min(this.concurrency, queue.length) }, async () => {
        for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
          if (await this.verifyOne(id)) done += 1;
        }
      });
      await Promise.all(lanes);
      // Rows another worker claimed are skipped; loop until nothing is due.
      if (ids.length < this.concurrency * 4) break;
    }
    if (done > 0) this.deps.onFinished?.();
    return done;
  }

  private async verifyOne(id: string): Promise<boolean> {
    const now = this.deps.clock.now();
    const leaseUntil = isoTime(now + this.leaseMs);
    const row = await this.deps.repo.claimVerification(id, isoTime(now), leaseUntil);
    if (row === undefined) return false;
    const started = Date.now();
    const outcome = await this.deps.verifier.verify(row, isoTime(this.deps.clock.now()));
    const recorded = await this.deps.repo.finishVerification(id, leaseUntil, outcome, isoTime(this.deps.clock.now()));
    const fields = { mailbox_id: id, user_id: row.user_id, verification: outcome.verify_state, ms: Date.now() - started };
    if (!recorded) this.deps.logger.info(fields, 'Mailbox deleted (or re-claimed) during its login check; result discarded.');
    else if (outcome.verify_state === 'verified') this.deps.logger.info(fields, `Mailbox ${row.email}: SMTP and IMAP logins verified.`);
    else this.deps.logger.info({ ...fields, connection_error: outcome.connection_error }, `Mailbox ${row.email}: login check failed.`);
    return recorded;
  }
}
