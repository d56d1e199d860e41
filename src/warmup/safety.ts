/**
 * The safety rules of the warm-up engine, in one place (`MailboxEvents`, src/warmup/types.ts). The
 * sender and the recipient side report what they see; this decides.
 *
 * - **Logins**: each failed SMTP/IMAP login adds one to `auth_failures`; at `maxAuthFailures` in a row
 *   (WARMUP_MAX_AUTH_FAILURES, default 3) the mailbox gets `status: 'error'` with the server's answer in
 *   `connection_error`, and its planned rows are cancelled — those it would send, and those addressed to
 *   it (nothing could read them, and they would count as `missing` against their senders). A successful
 *   login resets the count. Backing off between attempts is the caller's job.
 * - **Bounces**: after each bounce the bounce rate is taken over the rolling window — the mailbox's last
 *   `windowSends` (200) sends within `windowDays` (7) days. The mailbox is paused, with the reason in
 *   words in `paused_reason` and its planned rows cancelled, when the rate is over its mode's limit AND
 *   the sample is meaningful: at least `minSample` (20) sends, or at least `minBounces` (3) bounces. Below
 *   that one bounce is noise (1 of 10 is "10 %"), and three bounces in a small sample is already a clear
 *   signal. Hard and soft bounces both count (the contract's `bounced`).
 */
import { isoTime, type Clock } from '../platform/clock.ts';
import type { Db } from '../platform/db/index.ts';
import type { Logger } from '../platform/logger.ts';
import { MODES, type MailboxEvents } from './types.ts';
import { WarmupRepo } from './warmup.repo.ts';

const DAY_MS = 86_400_000;

export interface SafetyOptions {
  /** Consecutive login failures that put a mailbox in error (WARMUP_MAX_AUTH_FAILURES). Default 3. */
  maxAuthFailures?: number;
  /** The bounce window: days back. Default 7. */
  windowDays?: number;
  /** The bounce window: most recent sends at most. Default 200. */
  windowSends?: number;
  /** Sends needed before the rate alone can pause. Default 20. */
  minSample?: number;
  /** Bounces that make a smaller sample meaningful. Default 3. */
  minBounces?: number;
}

export interface SafetyDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
}

export interface BounceWindow {
  sends: number;
  bounces: number;
}

export class WarmupSafety implements MailboxEvents {
  private readonly deps: SafetyDeps;
  private readonly repo: WarmupRepo;
  private readonly options: Required<SafetyOptions>;

  constructor(deps: SafetyDeps, options: SafetyOptions = {}) {
    this.deps = deps;
    this.repo = new WarmupRepo(deps.db);
    this.options = {
      maxAuthFailures: options.maxAuthFailures ?? 3,
      windowDays: options.windowDays ?? 7,
      windowSends: options.windowSends ?? 200,
      minSample: options.minSample ?? 20,
      minBounces: options.minBounces ?? 3,
    };
  }

  async loginFailed(mailboxId: string, protocol: 'SMTP' | 'IMAP', message: string): Promise<void> {
    const nowIso = isoTime(this.deps.clock.now());
    const row = await this.deps.db.kysely.updateTable('mailboxes')
      .set((eb) => ({ auth_failures: eb('auth_failures', '+', 1), last_auth_failure_at: nowIso }))
      .where('id', '=', mailboxId)
      .returning(['email', 'status', 'auth_failures'])
      .executeTakeFirst();
    if (row === undefined || row.auth_failures < this.options.maxAuthFailures || row.status === 'error') return;
    const answer = message.trim().slice(0, 500);
    const connectionError =
      `${protocol} login failed ${row.auth_failures} times in a row during warm-up; the server answered: ${answer}. ` +
      'Check the password (Gmail, Outlook, Yahoo and iCloud need an app password), then resume warm-up with POST /api/v1/warmup {"action": "resume"}.';
    const updated = await this.deps.db.kysely.updateTable('mailboxes')
      .set({ status: 'error', connection_error: connectionError, updated_at: nowIso })
      .where('id', '=', mailboxId).where('status', '!=', 'error')
      .executeTakeFirst();
    if (updated.numUpdatedRows !== 1n) return;
    const cancelled = (await this.repo.cancelPlannedFrom(mailboxId, nowIso)) + (await this.repo.cancelPlannedTo(mailboxId, nowIso));
    this.deps.logger.warn(
      { mailbox_id: mailboxId, protocol, auth_failures: row.auth_failures, cancelled },
      `Mailbox ${row.email}: ${protocol} login failed ${row.auth_failures} times in a row; warm-up stopped (status error) and ${cancelled} planned message(s) cancelled.`,
    );
  }

  async loginSucceeded(mailboxId: string): Promise<void> {
    await this.deps.db.kysely.updateTable('mailboxes').set({ auth_failures: 0 }).where('id', '=', mailboxId).where('auth_failures', '>', 0).execute();
  }

  async bounced(mailboxId: string): Promise<void> {
    const nowMs = this.deps.clock.now();
    const mailbox = await this.deps.db.kysely.selectFrom('mailboxes').select(['email', 'status', 'warmup_mode']).where('id', '=', mailboxId).executeTakeFirst();
    if (mailbox === undefined || mailbox.status !== 'active') return;
    const window = await this.bounceWindow(mailboxId, nowMs);
    const limit = MODES[mailbox.warmup_mode].bounceLimit;
    if (!this.crosses(window, limit)) return;
    const nowIso = isoTime(nowMs);
    const rate = (100 * window.bounces) / window.sends;
    const reason =
      `Bounce rate ${rate.toFixed(1)}% (${window.bounces} of the last ${window.sends} warm-up sends within ${this.options.windowDays} days) ` +
      `is over the ${mailbox.warmup_mode} mode's limit of ${(limit * 100).toFixed(1)}%. Check the bounced messages (bounce_category in ` +
      'GET /api/v1/warmup), fix the cause, then resume warm-up.';
    const paused = await this.deps.db.kysely.updateTable('mailboxes')
      .set({ status: 'paused', paused_reason: reason, updated_at: nowIso })
      .where('id', '=', mailboxId).where('status', '=', 'active')
      .executeTakeFirst();
    if (paused.numUpdatedRows !== 1n) return;
    const cancelled = await this.repo.cancelPlannedFrom(mailboxId, nowIso);
    this.deps.logger.warn({ mailbox_id: mailboxId, ...window, cancelled }, `Mailbox ${mailbox.email}: warm-up paused. ${reason}`);
  }

  /** Whether a window's bounce rate crosses `limit` (a fraction) with a meaningful sample (see the header). */
  crosses(window: BounceWindow, limit: number): boolean {
    if (window.sends === 0 || window.bounces / window.sends <= limit) return false;
    return window.sends >= this.options.minSample || window.bounces >= this.options.minBounces;
  }

  /** The mailbox's last sends within the window, and how many of them bounced. */
  async bounceWindow(mailboxId: string, nowMs: number): Promise<BounceWindow> {
    const since = isoTime(nowMs - this.options.windowDays * DAY_MS);
    const rows = await this.deps.db.kysely.selectFrom('warmup_emails')
      .select(['status', 'sent_at', 'scheduled_at'])
      .where('mailbox_id', '=', mailboxId).where('status', 'in', ['sent', 'bounced']).where('scheduled_at', '>=', since)
      .orderBy('scheduled_at', 'desc').limit(this.options.windowSends).execute();
    return { sends: rows.length, bounces: rows.filter((r) => r.status === 'bounced').length };
  }
}
