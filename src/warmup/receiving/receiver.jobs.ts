/**
 * The receiving side of the warm-up network (WarmupJob on a BackgroundLoop). Each pass takes the
 * mailboxes with IMAP work — sent rows due for checking as recipient, or a DSN check due as sender —
 * and gives each one IMAP session (claimed through `mailboxes.imap_claimed_until`, so one session per
 * mailbox at a time across every worker):
 *
 *   login → DSN intake in INBOX (src/warmup/receiving/dsn-intake.ts) → claim at most `rowsPerPass` due
 *   rows → find them by token (INBOX, spam, Gmail Promotions, the filing folder) → engage each found
 *   one (src/warmup/receiving/engagement.ts), re-schedule or mark `missing` the others → logout.
 *
 * Failures stay with their mailbox: a refused login is reported to MailboxEvents (which turns repeated
 * ones into `status: error`) and the mailbox is left alone for a back-off that grows with its
 * consecutive failures (the claim is simply kept that long); a server that is down gets the same
 * back-off; a folder that disappeared is skipped; one row's failure re-schedules that row only.
 */
import type { WarmupConfig } from '../../config.ts';
import { isoTime, type Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import { BackgroundLoop } from '../../platform/jobs/background-loop.ts';
import type { Logger } from '../../platform/logger.ts';
import type { ContentWriter, MailboxEvents, WarmupJob } from '../types.ts';
import { takeDsns, type DsnReader } from './dsn-intake.ts';
import { builtinDsnReader } from './dsn-reader.ts';
import { engage, notFound, place, type Timing } from './engagement.ts';
import { ImapConnectError, openImapSession, type ImapConnectDeps, type ImapSession } from './imap-session.ts';
import { locate, placementFolders } from './placement.ts';
import { ReceivingRepo, type ReceivingMailbox, type WarmupEmailRow } from './receiving.repo.ts';

const MINUTE_MS = 60_000;

export interface ReceiverOptions extends Partial<Timing> {
  /** WARMUP_FOLDER: where warm-up mail (and its DSNs) is filed out of the inbox. Default `Warmup`. */
  folder?: string;
  /** Most rows handled per mailbox per pass (the rest wait for the next). Default 50. */
  rowsPerPass?: number;
  /** Mailbox sessions at once per process. Default 4. */
  concurrency?: number;
  /** A mailbox that sent warm-up mail gets a DSN check at least this often, in minutes. Default 15. */
  dsnIntervalMinutes?: number;
  /** …for this many hours after its last sent message. Default 72. */
  dsnWindowHours?: number;
  /** Most DSN candidates examined per pass. Default 50. */
  dsnPerPass?: number;
  /** Percentage of received messages flagged important. Default 10. */
  flagPercent?: number;
  /** First back-off after a failed connection, in minutes; doubles per consecutive login failure, up to 8×. Default 5. */
  retryMinutes?: number;
  /** How long a mailbox claim lasts, in ms (must outlast a pass). Default 10 minutes. */
  leaseMs?: number;
  /** How often the worker looks for due work, in ms (real time). Default 30000. */
  pollIntervalMs?: number;
}

export interface ReceiverDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** Vault, resolver and TLS settings for the IMAP connection (as the verifier uses). */
  imap: ImapConnectDeps;
  writer: ContentWriter;
  events: MailboxEvents;
  /** Default: the parser and classifier of src/warmup/bounces/. */
  dsn?: DsnReader;
}

/** Defaults of ReceiverOptions (documented there). */
export const RECEIVER_DEFAULTS = {
  folder: 'Warmup',
  rowsPerPass: 50,
  concurrency: 4,
  dsnIntervalMinutes: 15,
  dsnWindowHours: 72,
  dsnPerPass: 50,
  flagPercent: 10,
  retryMinutes: 5,
  leaseMs: 10 * MINUTE_MS,
  pollIntervalMs: 30_000,
  placementDeadlineMinutes: 60,
  recheckMinutes: 5,
  lateArrivalHours: 24,
} as const;

/** The options from the configuration (WARMUP_* in src/config.ts). */
export function receiverOptionsFrom(config: WarmupConfig): ReceiverOptions {
  return {
    placementDeadlineMinutes: config.placementDeadlineMinutes,
    lateArrivalHours: config.lateArrivalHours,
    folder: config.folder,
    rowsPerPass: config.receiveBatch,
    concurrency: config.receiveConcurrency,
    dsnIntervalMinutes: config.dsnIntervalMinutes,
  };
}

/** DSNs quoting a warm-up message are a few KiB; anything larger is not read. */
const DSN_MAX_BYTES = 1_048_576;

export class WarmupReceiver implements WarmupJob {
  private readonly deps: ReceiverDeps;
  private readonly options: Required<ReceiverOptions>;
  private readonly repo: ReceivingRepo;
  private readonly loop: BackgroundLoop<number>;

  constructor(deps: ReceiverDeps, options: ReceiverOptions = {}) {
    this.deps = deps;
    this.options = { ...RECEIVER_DEFAULTS, ...withoutUndefined(options) };
    this.repo = new ReceivingRepo(deps.db);
    this.loop = new BackgroundLoop(() => this.drain(), {
      intervalMs: this.options.pollIntervalMs,
      logger: deps.logger,
      failure: 'The warm-up receiving side failed to run; will retry.',
      combine: (a, b) => a + b,
    });
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** New sent mail to check: run soon if this process is a worker. */
  notify(): void {
    this.loop.notify();
  }

  /** Runs every mailbox pass due now; resolves with the rows handled (located, re-scheduled or bounced). */
  runDue(): Promise<number> {
    return this.loop.run();
  }

  private async drain(): Promise<number> {
    const nowMs = this.deps.clock.now();
    await this.repo.dropOrphans(isoTime(nowMs));
    const batch = this.options.concurrency * 4;
    let handled = 0;
    // Each pass moves its mailbox's checks into the future or holds its claim, so a second round only
    // finds mailboxes that were not reached; bounded to a few rounds anyway.
    for (let round = 0; round < 10; round++) {
      const ids = await this.repo.dueMailboxes({
        nowIso: isoTime(nowMs),
        dsnCheckBeforeIso: isoTime(nowMs - this.options.dsnIntervalMinutes * MINUTE_MS),
        sentSinceIso: isoTime(nowMs - this.options.dsnWindowHours * 60 * MINUTE_MS),
        limit: batch,
      });
      if (ids.length === 0) break;
      const queue = [...ids];
      const lanes = Array.from({ length: Math.min(this.options.concurrency, queue.length) }, async () => {
        for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
          // Not `handled += await …`: that reads `handled` before the await, and the lanes run at once,
          // so a pass finishing after another would overwrite its count.
          const count = await this.passOne(id);
          handled += count;
        }
      });
      await Promise.all(lanes);
      if (ids.length < batch) break;
    }
    return handled;
  }

  /** One IMAP session on one mailbox; never throws (its failures stay with it). */
  private async passOne(id: string): Promise<number> {
    const nowMs = this.deps.clock.now();
    const leaseIso = isoTime(nowMs + this.options.leaseMs);
    const mailbox = await this.repo.claimMailbox(id, isoTime(nowMs), leaseIso);
    if (mailbox === undefined) return 0;
    const fields = { mailbox_id: mailbox.id, user_id: mailbox.user_id };
    let session: ImapSession;
    try {
      session = await openImapSession(mailbox, this.deps.imap);
    } catch (error) {
      await this.connectFailed(mailbox, leaseIso, error, nowMs);
      return 0;
    }
    try {
      // Only a mailbox with failures on record has a count to reset.
      if (mailbox.auth_failures > 0) await this.deps.events.loginSucceeded(mailbox.id);
      const folders = await placementFolders(session, mailbox, this.options.folder);
      let handled = 0;
      let dsnCursor: string | undefined;
      try {
        const dsns = await takeDsns({
          session, repo: this.repo, mailbox, inbox: folders.inbox, filing: folders.filing, reader: this.deps.dsn ?? builtinDsnReader, events: this.deps.events,
          logger: this.deps.logger, nowIso: isoTime(nowMs), limit: this.options.dsnPerPass, maxBytes: DSN_MAX_BYTES,
        });
        dsnCursor = dsns.cursor;
        handled += dsns.bounced;
      } catch (error) {
        this.deps.logger.warn({ ...fields, err: error }, `DSN check of ${mailbox.email} failed; bounces will be read on a later pass.`);
      }
      handled += await this.checkRows(session, mailbox, folders, leaseIso, nowMs);
      await this.repo.finishMailbox(mailbox.id, leaseIso, { checkedAtIso: isoTime(nowMs), claimUntilIso: null, dsnCursor });
      return handled;
    } catch (error) {
      this.deps.logger.warn({ ...fields, err: error }, `Warm-up IMAP pass on ${mailbox.email} failed: ${(error as Error).message} Retrying in ${this.options.retryMinutes} min.`);
      await this.repo.releaseAll(mailbox.id, leaseIso);
      await this.repo.finishMailbox(mailbox.id, leaseIso, { checkedAtIso: null, claimUntilIso: isoTime(nowMs + this.options.retryMinutes * MINUTE_MS) });
      return 0;
    } finally {
      await session.close();
    }
  }

  /** The session did not start: report a refused login, and leave the mailbox alone for the back-off. */
  private async connectFailed(mailbox: ReceivingMailbox, leaseIso: string, error: unknown, nowMs: number): Promise<void> {
    const message = error instanceof ImapConnectError ? error.message : `IMAP connection failed: ${(error as Error).message}`;
    const authFailed = error instanceof ImapConnectError && error.authFailed;
    const failures = authFailed ? mailbox.auth_failures + 1 : 0;
    const backoffMinutes = this.options.retryMinutes * 2 ** Math.min(failures, 3);
    this.deps.logger.warn(
      { mailbox_id: mailbox.id, user_id: mailbox.user_id, auth_failed: authFailed },
      `Warm-up IMAP session on ${mailbox.email} could not start: ${message} Next attempt in ${backoffMinutes} min.`,
    );
    try {
      if (authFailed) await this.deps.events.loginFailed(mailbox.id, 'IMAP', message);
    } finally {
      await this.repo.finishMailbox(mailbox.id, leaseIso, { checkedAtIso: null, claimUntilIso: isoTime(nowMs + backoffMinutes * MINUTE_MS) });
    }
  }

  /** Finds and engages this mailbox's due rows; returns how many were handled. */
  private async checkRows(session: ImapSession, mailbox: ReceivingMailbox, folders: Awaited<ReturnType<typeof placementFolders>>, leaseIso: string, nowMs: number): Promise<number> {
    const rows = await this.repo.claimRows(mailbox.id, isoTime(nowMs), leaseIso, this.options.rowsPerPass);
    if (rows.length === 0) return 0;
    const fields = { mailbox_id: mailbox.id, user_id: mailbox.user_id };
    const placedTokens = new Set(rows.filter((r) => r.located_at !== null).map((r) => r.token));
    const { found, promotions } = await locate(session, folders, rows.map((r) => r.token), placedTokens, (folder, error) =>
      this.deps.logger.warn({ ...fields, folder, err: error }, `Searching ${folder} of ${mailbox.email} failed; it is skipped this pass.`),
    );
    const peers = await this.repo.mailboxes(rows.map((r) => r.mailbox_id));
    const ctx = { repo: this.repo, session, folders, mailbox, peers, writer: this.deps.writer, logger: this.deps.logger, nowMs, flagPercent: this.options.flagPercent };
    // Placements first (cheap writes), so every message found this pass counts even if engaging one fails.
    const placed = new Map<string, WarmupEmailRow>();
    for (const row of rows) {
      const at = found.get(row.token);
      if (at !== undefined) placed.set(row.id, await place(ctx, row, at, promotions.has(row.token)));
    }
    for (const row of rows) {
      try {
        const at = found.get(row.token);
        if (at === undefined) await notFound(this.repo, row, this.timing(), nowMs);
        else await engage(ctx, placed.get(row.id)!, at);
      } catch (error) {
        await this.rowFailed(row, error, nowMs, fields);
        if (!session.client.usable) throw new Error(`the IMAP connection to ${mailbox.imap_host} was lost.`, { cause: error });
      } finally {
        await this.repo.release(row.id, leaseIso);
      }
    }
    return rows.length;
  }

  private async rowFailed(row: WarmupEmailRow, error: unknown, nowMs: number, fields: Record<string, string>): Promise<void> {
    this.deps.logger.warn({ ...fields, warmup_email_id: row.id, err: error }, `Handling warm-up message ${row.id} failed: ${(error as Error).message} It is retried in ${this.options.recheckMinutes} min.`);
    await this.repo.updateRow(row.id, { next_check_at: isoTime(nowMs + this.options.recheckMinutes * MINUTE_MS) }, isoTime(nowMs)).catch(() => false);
  }

  private timing(): Timing {
    const { placementDeadlineMinutes, recheckMinutes, lateArrivalHours } = this.options;
    return { placementDeadlineMinutes, recheckMinutes, lateArrivalHours };
  }
}

function withoutUndefined<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
