/**
 * SQL of the warm-up API and the safety rules: recent rows, daily stats, config updates, and cancelling
 * planned rows. Reads a user's request reaches are scoped by the owning user (through the mailbox,
 * which the service has already found in the caller's account); the cancel functions serve the worker.
 *
 * Cancelling never touches a row a sender holds a claim on (`send_claimed_until` in the future): that
 * message is being handed to the server right now and the sender settles it.
 */
import type { Kysely, Updateable } from 'kysely';
import type { Db } from '../platform/db/index.ts';
import type { Database, MailboxesTable } from '../platform/db/schema.ts';
import { PlanStore } from './planning/plans.repo.ts';

export type MailboxUpdate = Updateable<MailboxesTable>;

export class WarmupRepo {
  private readonly kysely: Kysely<Database>;

  /** The day plans (planning/plans.repo.ts): sends planned and not yet turned into rows. */
  readonly plans: PlanStore;

  constructor(db: Db) {
    this.kysely = db.kysely;
    this.plans = new PlanStore(db);
  }

  /**
   * The latest `limit` rows sent by the mailbox (planned ones included, cancelled ones not), newest
   * first. Sends still in the day plan are not rows yet: the service merges them in (`plans.previews`).
   */
  recentEmails(userId: string, mailboxId: string, limit: number) {
    return this.kysely.selectFrom('warmup_emails')
      .select(['id', 'status', 'landed_in', 'subject', 'scheduled_at', 'sent_at', 'bounce_type', 'bounce_category'])
      .where('user_id', '=', userId).where('mailbox_id', '=', mailboxId).where('status', '!=', 'cancelled')
      .orderBy('scheduled_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  }

  /** Stored daily rows of a mailbox (already found in the caller's account) between two dates, inclusive. */
  daily(mailboxId: string, fromDate: string, toDate: string) {
    return this.kysely.selectFrom('warmup_daily_stats').selectAll()
      .where('mailbox_id', '=', mailboxId).where('date', '>=', fromDate).where('date', '<=', toDate).orderBy('date').execute();
  }

  /** The last stored health score before `date`, for days of the period without a row. */
  async scoreBefore(mailboxId: string, date: string): Promise<number | null> {
    const row = await this.kysely.selectFrom('warmup_daily_stats').select('health_score')
      .where('mailbox_id', '=', mailboxId).where('date', '<', date).where('health_score', 'is not', null)
      .orderBy('date', 'desc').limit(1).executeTakeFirst();
    return row?.health_score ?? null;
  }

  async updateMailbox(userId: string, id: string, changes: MailboxUpdate): Promise<boolean> {
    const result = await this.kysely.updateTable('mailboxes').set(changes).where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  /** Cancels every planned send and row the mailbox would send (all kinds). Returns how many. */
  async cancelPlannedFrom(mailboxId: string, nowIso: string): Promise<number> {
    const dropped = await this.kysely.transaction().execute((trx) => this.plans.cancelFrom(trx, mailboxId));
    const result = await this.kysely.updateTable('warmup_emails').set({ status: 'cancelled', updated_at: nowIso })
      .where('mailbox_id', '=', mailboxId).where('status', '=', 'scheduled')
      .where((eb) => eb.or([eb('send_claimed_until', 'is', null), eb('send_claimed_until', '<', nowIso)]))
      .executeTakeFirst();
    return dropped + Number(result.numUpdatedRows);
  }

  /** Cancels planned sends and rows addressed to the mailbox (its IMAP side cannot be read). Returns how many. */
  async cancelPlannedTo(mailboxId: string, nowIso: string): Promise<number> {
    const dropped = await this.plans.cancelTo(mailboxId);
    const result = await this.kysely.updateTable('warmup_emails').set({ status: 'cancelled', updated_at: nowIso })
      .where('recipient_mailbox_id', '=', mailboxId).where('status', '=', 'scheduled')
      .where((eb) => eb.or([eb('send_claimed_until', 'is', null), eb('send_claimed_until', '<', nowIso)]))
      .executeTakeFirst();
    return dropped + Number(result.numUpdatedRows);
  }

  /**
   * Cancels planned rows whose recipient mailbox was deleted (`recipient_mailbox_id` set null), and the
   * planned sends to `deletedId` when given. Returns how many.
   */
  async cancelOrphans(nowIso: string, deletedId?: string): Promise<number> {
    const dropped = deletedId === undefined ? 0 : await this.plans.cancelTo(deletedId);
    const result = await this.kysely.updateTable('warmup_emails').set({ status: 'cancelled', updated_at: nowIso })
      .where('recipient_mailbox_id', 'is', null).where('status', '=', 'scheduled')
      .where((eb) => eb.or([eb('send_claimed_until', 'is', null), eb('send_claimed_until', '<', nowIso)]))
      .executeTakeFirst();
    return dropped + Number(result.numUpdatedRows);
  }
}
