/**
 * SQL of the receiving side (src/warmup/receiving/). Not user-scoped: the worker serves the whole network.
 *
 * Two claims keep workers apart:
 * - a mailbox's IMAP pass: `mailboxes.imap_claimed_until` (compare-and-set), so one IMAP session per
 *   mailbox at a time across every worker; after a failed connection the same column holds the
 *   back-off (nobody retries it before then);
 * - the rows worked in that pass: `warmup_emails.receive_claimed_until` (on PostgreSQL through
 *   `FOR UPDATE SKIP LOCKED`), so even a stray second session never handles a row twice.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Db } from '../../platform/db/index.ts';
import type { Database, MailboxesTable, WarmupEmailsTable } from '../../platform/db/schema.ts';

export type WarmupEmailRow = Selectable<WarmupEmailsTable>;
export type ReceivingMailbox = Selectable<MailboxesTable>;
type RowPatch = Partial<Omit<WarmupEmailRow, 'id' | 'created_at'>>;

/** Mailbox statuses whose IMAP side is worked: a paused mailbox still reads and files what it received. */
const RECEIVING_STATUSES = ['active', 'paused'] as const;

export interface DueQuery {
  nowIso: string;
  /** Mailboxes not checked since then get a pass for their DSNs alone… */
  dsnCheckBeforeIso: string;
  /** …when they sent warm-up mail since then (bounces arrive within a few days). */
  sentSinceIso: string;
  limit: number;
}

export class ReceivingRepo {
  private readonly db: Db;
  private readonly kysely: Kysely<Database>;

  constructor(db: Db) {
    this.db = db;
    this.kysely = db.kysely;
  }

  /**
   * Mailboxes with IMAP work and no live claim: rows due for checking as recipient, or a DSN pass due
   * as sender. Least recently checked first.
   */
  async dueMailboxes(query: DueQuery): Promise<string[]> {
    const rows = await this.kysely
      .selectFrom('mailboxes as m')
      .select('m.id')
      .where('m.verify_state', '=', 'verified')
      .where('m.status', 'in', [...RECEIVING_STATUSES])
      .where((eb) => eb.or([eb('m.imap_claimed_until', 'is', null), eb('m.imap_claimed_until', '<', query.nowIso)]))
      .where((eb) =>
        eb.or([
          eb.exists(
            eb.selectFrom('warmup_emails as e').select(sql`1`.as('one'))
              .whereRef('e.recipient_mailbox_id', '=', 'm.id')
              .where('e.status', '=', 'sent')
              .where('e.next_check_at', '<=', query.nowIso),
          ),
          eb.and([
            eb.or([eb('m.imap_checked_at', 'is', null), eb('m.imap_checked_at', '<=', query.dsnCheckBeforeIso)]),
            eb.exists(
              eb.selectFrom('warmup_emails as s').select(sql`1`.as('one'))
                .whereRef('s.mailbox_id', '=', 'm.id')
                .where('s.status', '=', 'sent')
                .where('s.sent_at', '>=', query.sentSinceIso),
            ),
          ]),
        ]),
      )
      .orderBy(sql`coalesce(m.imap_checked_at, '')`)
      .orderBy('m.id')
      .limit(query.limit)
      .execute();
    return rows.map((r) => r.id);
  }

  /** Takes the mailbox's IMAP claim until `leaseUntilIso`; undefined when another worker holds it or it left the network. */
  async claimMailbox(id: string, nowIso: string, leaseUntilIso: string): Promise<ReceivingMailbox | undefined> {
    return this.kysely
      .updateTable('mailboxes')
      .set({ imap_claimed_until: leaseUntilIso })
      .where('id', '=', id)
      .where('verify_state', '=', 'verified')
      .where('status', 'in', [...RECEIVING_STATUSES])
      .where((eb) => eb.or([eb('imap_claimed_until', 'is', null), eb('imap_claimed_until', '<', nowIso)]))
      .returningAll()
      .executeTakeFirst();
  }

  /**
   * Ends a pass: records when it ran and holds the claim until `claimUntilIso` (null frees it; a later
   * time is a back-off after a failure). Only while the claim is still ours.
   */
  async finishMailbox(id: string, leaseUntilIso: string, done: { checkedAtIso: string | null; claimUntilIso: string | null; dsnCursor?: string }): Promise<void> {
    await this.kysely
      .updateTable('mailboxes')
      .set({
        imap_claimed_until: done.claimUntilIso,
        ...(done.checkedAtIso === null ? {} : { imap_checked_at: done.checkedAtIso }),
        ...(done.dsnCursor === undefined ? {} : { imap_dsn_cursor: done.dsnCursor }),
      })
      .where('id', '=', id)
      .where('imap_claimed_until', '=', leaseUntilIso)
      .execute();
  }

  /** Claims up to `limit` of the mailbox's rows due for checking, earliest first. */
  async claimRows(recipientId: string, nowIso: string, leaseUntilIso: string, limit: number): Promise<WarmupEmailRow[]> {
    let due = this.kysely
      .selectFrom('warmup_emails')
      .select('id')
      .where('recipient_mailbox_id', '=', recipientId)
      .where('status', '=', 'sent')
      .where('next_check_at', '<=', nowIso)
      .where((eb) => eb.or([eb('receive_claimed_until', 'is', null), eb('receive_claimed_until', '<', nowIso)]))
      .orderBy('next_check_at')
      .orderBy('id')
      .limit(limit);
    if (this.db.engine === 'postgres') due = due.forUpdate().skipLocked();
    const rows = await this.kysely
      .updateTable('warmup_emails')
      .set({ receive_claimed_until: leaseUntilIso, receive_attempts: sql<number>`receive_attempts + 1` })
      .where('id', 'in', due)
      .returningAll()
      .execute();
    return rows.sort((a, b) => (a.next_check_at! < b.next_check_at! ? -1 : a.next_check_at! > b.next_check_at! ? 1 : a.id < b.id ? -1 : 1));
  }

  /** Writes one step of a claimed row (the claim is kept until `release`). False when the row is gone. */
  async updateRow(id: string, patch: RowPatch, nowIso: string): Promise<boolean> {
    const result = await this.kysely.updateTable('warmup_emails').set({ ...patch, updated_at: nowIso }).where('id', '=', id).executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Frees a row's receive claim. */
  async release(id: string, leaseUntilIso: string): Promise<void> {
    await this.kysely.updateTable('warmup_emails').set({ receive_claimed_until: null }).where('id', '=', id).where('receive_claimed_until', '=', leaseUntilIso).execute();
  }

  /** Frees every row claim of a pass cut short. */
  async releaseAll(recipientId: string, leaseUntilIso: string): Promise<void> {
    await this.kysely.updateTable('warmup_emails').set({ receive_claimed_until: null })
      .where('recipient_mailbox_id', '=', recipientId).where('receive_claimed_until', '=', leaseUntilIso).execute();
  }

  /**
   * Schedules an answer: inserts `answer` and stamps the parent's `replied_at`, in one transaction and
   * only when the parent has no answer yet (a restart never schedules two). True when inserted.
   */
  async scheduleAnswer(parentId: string, answer: WarmupEmailRow, nowIso: string): Promise<boolean> {
    return this.kysely.transaction().execute(async (trx) => {
      const stamped = await trx
        .updateTable('warmup_emails')
        .set({ replied_at: nowIso, updated_at: nowIso })
        .where('id', '=', parentId)
        .where('replied_at', 'is', null)
        .executeTakeFirst();
      if (stamped.numUpdatedRows === 0n) return false;
      await trx.insertInto('warmup_emails').values(answer).execute();
      return true;
    });
  }

  /** The mailboxes among `ids` (the other parties of claimed rows). */
  async mailboxes(ids: readonly string[]): Promise<Map<string, ReceivingMailbox>> {
    if (ids.length === 0) return new Map();
    const rows = await this.kysely.selectFrom('mailboxes').selectAll().where('id', 'in', [...new Set(ids)]).execute();
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** A row sent by `mailboxId` with this Message-ID, or with this token (DSN matching). */
  async sentRowOf(mailboxId: string, match: { messageId?: string; token?: string }): Promise<WarmupEmailRow | undefined> {
    if (match.messageId === undefined && match.token === undefined) return undefined;
    let query = this.kysely.selectFrom('warmup_emails').selectAll().where('mailbox_id', '=', mailboxId);
    query = match.messageId !== undefined ? query.where('message_id', '=', match.messageId) : query.where('token', '=', match.token!);
    return query.executeTakeFirst();
  }

  /**
   * Turns a sent row into a bounce; the recipient side stops looking for it. False when it was not
   * `sent` (already bounced at SMTP time, or a second DSN for it).
   */
  async markBounced(id: string, bounce: { type: 'hard' | 'soft'; category: string; detail: string }, nowIso: string): Promise<boolean> {
    const result = await this.kysely
      .updateTable('warmup_emails')
      .set({ status: 'bounced', bounce_type: bounce.type, bounce_category: bounce.category, bounce_detail: bounce.detail, next_check_at: null, updated_at: nowIso })
      .where('id', '=', id)
      .where('status', '=', 'sent')
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /**
   * Rows whose recipient mailbox was deleted (`recipient_mailbox_id` null) can never be checked: they
   * stop waiting, keeping whatever was recorded. Returns how many.
   */
  async dropOrphans(nowIso: string): Promise<number> {
    const result = await this.kysely
      .updateTable('warmup_emails')
      .set({ next_check_at: null, receive_claimed_until: null, updated_at: nowIso })
      .where('recipient_mailbox_id', 'is', null)
      .where('next_check_at', 'is not', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}
