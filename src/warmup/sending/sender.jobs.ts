/**
 * The warm-up sender (a WarmupJob): claims due `scheduled` rows, writes each message with the
 * ContentWriter, sends it over the sending mailbox's own SMTP (pooled, one connection per mailbox)
 * and records the outcome on the row (src/warmup/types.ts has the life of a row):
 *
 * | outcome (outcome.ts)      | row                                                                     |
 * |---------------------------|-------------------------------------------------------------------------|
 * | accepted                  | `sent`, `sent_at`, `smtp_outcome='accepted'`, `next_check_at` soon      |
 * | rejected (5xx)            | `bounced`, type/category from the code; MailboxEvents.bounced           |
 * | deferred (4xx)            | stays `scheduled`, later `scheduled_at` (doubling); after the last      |
 * |                           | attempt `bounced` soft; MailboxEvents.bounced                           |
 * | uncertain (lost after DATA)| `sent` with `smtp_outcome='uncertain'`: never sent again               |
 * | auth                      | MailboxEvents.loginFailed; the mailbox's due rows move `authRetryMs` on |
 * | connection (before DATA)  | retried later like a 4xx; after the last attempt `failed`              |
 *
 * A claim that lapsed without an outcome (a worker died mid-send) is recorded as uncertain rather
 * than sent again: the message may already be with the server.
 */
import net from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { isoTime, type Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import { BackgroundLoop } from '../../platform/jobs/background-loop.ts';
import type { Logger } from '../../platform/logger.ts';
import { VaultDecryptError, type Vault } from '../../platform/vault.ts';
import { isPublicAddress } from '../../mailboxes/network-policy.ts';
import type { MailboxDns } from '../../mailboxes/verification/verifier.ts';
import { passwordContext } from '../../mailboxes/verification/verifier.ts';
import { classifyBounce } from '../bounces/classify.ts';
import { IdSource } from '../../platform/time-ordered-ids.ts';
import type { ContentWriter, MailboxEvents, WarmupJob } from '../types.ts';
import { BrokenThreadError, composeRow, outgoingMail } from './compose.ts';
import { outcomeOfFailure, type SendOutcome } from './outcome.ts';
import { WarmupSendRepo, type ClaimedSend, type WarmupEmailRow } from './sending.repo.ts';
import { SmtpTransports, type SmtpTarget } from './transports.ts';

export interface WarmupSenderOptions {
  /** Sends in flight at once in this process (WARMUP_SEND_CONCURRENCY). Default 8. */
  concurrency?: number;
  /** Attempts (4xx answers or connection failures) before a row is given up. Default 5. */
  maxAttempts?: number;
  /** Delay before the first retry, in ms; doubles with each attempt, capped at 6 h. Default 10 min. */
  retryBaseMs?: number;
  /** How long a mailbox's sends wait after its server refused the login, in ms. Default 30 min. */
  authRetryMs?: number;
  /** When the recipient side first looks for an accepted message: now + this, in ms. Default 60 s. */
  checkDelayMs?: number;
  /** How long a claim lasts, in ms; must exceed the longest send. Default 4 × the SMTP timeout + 30 s. */
  leaseMs?: number;
  /** How often the worker looks for due rows, in ms. Default 15 s. */
  pollIntervalMs?: number;
  /** SMTP connection settings (the mailboxes' MAILBOX_* settings). */
  smtp: { timeoutMs: number; ca: string[] | undefined; allowPrivateHosts: boolean; idleMs?: number };
}

export interface WarmupSenderDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  vault: Vault;
  /** The project's resolver for SMTP host names. */
  dns: MailboxDns;
  events: MailboxEvents;
  writer: ContentWriter;
}

const MAX_RETRY_MS = 6 * 3_600_000;
/** Real time (ms) to wait before looking again when another worker's claim pass held a due mailbox. */
const CONTENDED_RETRY_MS = 20;

/** The send could not start for a reason that is neither the server's answer nor a login failure. */
class NotAttempted extends Error {}

export class WarmupSender implements WarmupJob {
  private readonly deps: WarmupSenderDeps;
  private readonly repo: WarmupSendRepo;
  /** Message-IDs and tokens of materialised sends (CSPRNG, random.ts). */
  private readonly ids = new IdSource();
  private readonly transports: SmtpTransports;
  private readonly loop: BackgroundLoop<number>;
  private readonly concurrency: number;
  private readonly maxAttempts: number;
  private readonly retryBaseMs: number;
  private readonly authRetryMs: number;
  private readonly checkDelayMs: number;
  private readonly leaseMs: number;
  private readonly allowPrivateHosts: boolean;

  constructor(deps: WarmupSenderDeps, options: WarmupSenderOptions) {
    this.deps = deps;
    this.repo = new WarmupSendRepo(deps.db);
    this.concurrency = options.concurrency ?? 8;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.retryBaseMs = options.retryBaseMs ?? 10 * 60_000;
    this.authRetryMs = options.authRetryMs ?? 30 * 60_000;
    this.checkDelayMs = options.checkDelayMs ?? 60_000;
    this.leaseMs = options.leaseMs ?? options.smtp.timeoutMs * 4 + 30_000;
    this.allowPrivateHosts = options.smtp.allowPrivateHosts;
    this.transports = new SmtpTransports({ timeoutMs: options.smtp.timeoutMs, ca: options.smtp.ca, idleMs: options.smtp.idleMs ?? 60_000, logger: deps.logger });
    this.loop = new BackgroundLoop(() => this.drain(), {
      intervalMs: options.pollIntervalMs ?? 15_000,
      logger: deps.logger,
      failure: 'The warm-up sender failed to run; it will retry on its next tick.',
      combine: (a, b) => a + b,
    });
  }

  start(): void {
    this.loop.start();
  }

  /** Stops polling, waits for sends in progress, closes every SMTP connection. */
  async stop(): Promise<void> {
    await this.loop.stop();
    this.transports.closeAll();
  }

  /** New rows may be due: run now if started. */
  notify(): void {
    this.loop.notify();
  }

  /** Sends everything due now (by the injected clock); resolves with how many rows got an outcome. */
  runDue(): Promise<number> {
    return this.loop.run();
  }

  /** Open SMTP transports (one per mailbox that sent recently). */
  get openTransports(): number {
    return this.transports.size;
  }

  private now(): number {
    return this.deps.clock.now();
  }

  /** Keeps up to `concurrency` sends in flight, claiming more as each finishes, until nothing is due. */
  private async drain(): Promise<number> {
    await this.materialiseDue();
    const cancelled = await this.repo.cancelUnsendable(isoTime(this.now()));
    if (cancelled > 0) this.deps.logger.info({ cancelled }, `Cancelled ${cancelled} warm-up emails whose sender or recipient is paused, failing or deleted.`);
    let handled = 0;
    const inFlight = new Set<Promise<void>>();
    let firstPass = true;
    for (;;) {
      const free = this.concurrency - inFlight.size;
      // Sends coming due while this drain runs (the first pass was materialised above).
      if (free > 0 && !firstPass) await this.materialiseDue();
      firstPass = false;
      const { claims, contended } = free > 0 ? await this.repo.claimDue(isoTime(this.now()), isoTime(this.now() + this.leaseMs), free) : { claims: [], contended: false };
      for (const claim of claims) {
        const task: Promise<void> = this.handle(claim)
          .then((done) => {
            if (done) handled += 1;
          })
          .catch((error: unknown) => this.deps.logger.error({ err: error, warmup_email_id: claim.row.id }, 'Warm-up send failed unexpectedly; the row is retried once its claim lapses.'))
          .finally(() => inFlight.delete(task));
        inFlight.add(task);
      }
      if (inFlight.size === 0) {
        // Another worker held a due mailbox while we looked; it may have found it busy and stopped
        // too, so look again once its pass has committed rather than leave the row to the next poll.
        if (!contended) break;
        await delay(CONTENDED_RETRY_MS);
        continue;
      }
      await Promise.race(inFlight);
    }
    this.transports.closeIdle();
    return handled;
  }

  /** Planned sends due now become `scheduled` rows (plans.repo.ts), which the claims below take. */
  private materialiseDue(): Promise<number> {
    return this.repo.plans.materialiseDue(this.now(), { subjectFor: (seed) => this.deps.writer.subjectFor(seed), ids: this.ids });
  }

  /** Sends one claimed row and records what happened; false when the outcome was not written. */
  private async handle(claim: ClaimedSend): Promise<boolean> {
    const { row, leaseUntil } = claim;
    if (claim.lapsed) {
      this.deps.logger.warn({ warmup_email_id: row.id, mailbox_id: row.mailbox_id }, 'A warm-up send was interrupted (its worker stopped mid-send); it is recorded as uncertain and not sent again.');
      return this.record(row, leaseUntil, { kind: 'uncertain', response: 'the previous send attempt was interrupted; the server may have the message' });
    }
    const mailbox = await this.repo.mailbox(row.mailbox_id);
    if (mailbox === undefined) return false;
    let outcome: SendOutcome;
    try {
      const composed = composeRow(this.deps.writer, row, mailbox.email, await this.repo.thread(row.thread_id));
      const target = await this.targetFor(mailbox);
      const mail = outgoingMail(row, mailbox.email, composed, new Date(this.now()));
      const result = await this.transports.send(target, mail);
      outcome = { kind: 'accepted', response: result.response };
    } catch (error) {
      if (error instanceof NotAttempted) outcome = { kind: 'connection', response: error.message };
      else if (error instanceof BrokenThreadError) return this.cancel(row, leaseUntil, error.message);
      else if (error instanceof VaultDecryptError) outcome = { kind: 'auth', response: `the stored SMTP password cannot be decrypted (${error.message}); delete the mailbox and add it again` };
      else outcome = outcomeOfFailure(error);
    }
    if (outcome.kind === 'auth' || outcome.kind === 'connection') this.transports.close(row.mailbox_id);
    else if (mailbox.auth_failures > 0) await this.deps.events.loginSucceeded(row.mailbox_id);
    return this.record(row, leaseUntil, outcome);
  }

  private async targetFor(mailbox: NonNullable<Awaited<ReturnType<WarmupSendRepo['mailbox']>>>): Promise<SmtpTarget> {
    const pass = this.deps.vault.decrypt(mailbox.smtp_pass, passwordContext(mailbox.id, 'smtp_pass'));
    return {
      mailboxId: mailbox.id,
      host: mailbox.smtp_host,
      address: await this.addressOf(mailbox.smtp_host),
      port: mailbox.smtp_port,
      security: mailbox.smtp_security,
      user: mailbox.smtp_user,
      pass,
    };
  }

  /** The address to connect to, through the project's resolver and the network policy (as verification does). */
  private async addressOf(host: string): Promise<string> {
    let addresses: string[];
    try {
      addresses = net.isIP(host) !== 0 ? [host] : await this.deps.dns.addresses(host);
    } catch (error) {
      throw new NotAttempted(`looking up ${host} failed: ${(error as Error).message}`);
    }
    const address = addresses.find((a) => net.isIPv4(a)) ?? addresses[0];
    if (address === undefined) throw new NotAttempted(`${host} has no address in DNS`);
    if (!this.allowPrivateHosts && !isPublicAddress(address)) {
      throw new NotAttempted(`${host} is ${address}, a loopback, private or reserved address, which this server does not contact for mailboxes (MAILBOX_ALLOW_PRIVATE_HOSTS)`);
    }
    return address;
  }

  private retryDelay(attempt: number): number {
    return Math.min(this.retryBaseMs * 2 ** Math.max(0, attempt - 1), MAX_RETRY_MS);
  }

  private async cancel(row: WarmupEmailRow, leaseUntil: string, reason: string): Promise<boolean> {
    this.deps.logger.warn({ warmup_email_id: row.id, mailbox_id: row.mailbox_id, reason }, 'Warm-up answer cancelled: its thread cannot be rebuilt.');
    return this.repo.finish(row.id, leaseUntil, { status: 'cancelled', smtp_response: reason, updated_at: isoTime(this.now()) });
  }

  /** Writes the outcome on the row (and tells MailboxEvents about bounces and login failures). */
  private async record(row: WarmupEmailRow, leaseUntil: string, outcome: SendOutcome): Promise<boolean> {
    const now = this.now();
    const nowIso = isoTime(now);
    const fields = { warmup_email_id: row.id, mailbox_id: row.mailbox_id, to: row.recipient_email, outcome: outcome.kind, response: outcome.response };
    const attempts = row.send_attempts + 1;
    switch (outcome.kind) {
      case 'accepted':
      case 'uncertain': {
        this.deps.logger.debug(fields, 'Warm-up email sent.');
        return this.repo.finish(row.id, leaseUntil, {
          status: 'sent', sent_at: nowIso, smtp_outcome: outcome.kind, smtp_response: outcome.response,
          next_check_at: isoTime(now + this.checkDelayMs), updated_at: nowIso, countAttempt: true,
        });
      }
      case 'rejected':
        return this.bounce(row, leaseUntil, 'rejected', outcome.code, outcome.response, fields);
      case 'deferred': {
        if (attempts >= this.maxAttempts) return this.bounce(row, leaseUntil, 'deferred', outcome.code, outcome.response, fields);
        this.deps.logger.info(fields, `Warm-up email deferred by the server (attempt ${attempts} of ${this.maxAttempts}); retrying later.`);
        return this.repo.finish(row.id, leaseUntil, {
          smtp_outcome: 'deferred', smtp_response: outcome.response, scheduled_at: isoTime(now + this.retryDelay(attempts)), updated_at: nowIso, countAttempt: true,
        });
      }
      case 'auth': {
        this.deps.logger.warn(fields, 'The SMTP server refused the mailbox\'s login; its warm-up sends wait and the safety rules count the failure.');
        const retryAt = isoTime(now + this.authRetryMs);
        const written = await this.repo.finish(row.id, leaseUntil, { smtp_response: outcome.response, scheduled_at: retryAt, updated_at: nowIso });
        await this.repo.postponeMailbox(row.mailbox_id, nowIso, retryAt);
        await this.deps.events.loginFailed(row.mailbox_id, 'SMTP', outcome.response);
        return written;
      }
      case 'connection': {
        if (attempts >= this.maxAttempts) {
          this.deps.logger.warn(fields, `Warm-up email given up after ${attempts} failed connection attempts.`);
          return this.repo.finish(row.id, leaseUntil, { status: 'failed', smtp_response: outcome.response, updated_at: nowIso, countAttempt: true });
        }
        this.deps.logger.info(fields, `Could not reach the mailbox's SMTP server (attempt ${attempts} of ${this.maxAttempts}); retrying later.`);
        const retryAt = isoTime(now + this.retryDelay(attempts));
        const written = await this.repo.finish(row.id, leaseUntil, { smtp_response: outcome.response, scheduled_at: retryAt, updated_at: nowIso, countAttempt: true });
        await this.repo.postponeMailbox(row.mailbox_id, nowIso, retryAt);
        return written;
      }
    }
  }

  private async bounce(row: WarmupEmailRow, leaseUntil: string, smtpOutcome: 'rejected' | 'deferred', code: number, response: string, fields: Record<string, unknown>): Promise<boolean> {
    const classified = classifyBounce({ code, text: response });
    // A 4xx that never cleared is a soft bounce whatever its wording.
    const type = smtpOutcome === 'deferred' ? 'soft' : classified.type;
    const nowIso = isoTime(this.now());
    this.deps.logger.info({ ...fields, bounce_type: type, bounce_category: classified.category }, 'Warm-up email bounced.');
    const written = await this.repo.finish(row.id, leaseUntil, {
      status: 'bounced', smtp_outcome: smtpOutcome, smtp_response: response, bounce_type: type, bounce_category: classified.category,
      bounce_detail: `${classified.status ?? code} ${response}`.slice(0, 1000), updated_at: nowIso, countAttempt: true,
    });
    if (written) await this.deps.events.bounced(row.mailbox_id);
    return written;
  }
}
