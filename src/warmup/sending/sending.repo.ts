/**
 * SQL of the warm-up sender. Not user-scoped: the worker serves every mailbox on the server.
 *
 * Claims: a due row is taken with a lease (`send_claimed_until`); a mailbox with a row under an
 * unexpired lease is busy, so at most one message per sending mailbox is in flight across every
 * worker. On PostgreSQL the claim locks the sender's `mailboxes` row (FOR NO KEY UPDATE SKIP LOCKED)
 * while it checks "not busy" and takes a row, so two workers cannot both pass the check; SQLite
 * transactions are serialised anyway. Every outcome is written compare-and-set on the lease, so a
 * worker whose lease lapsed (and was taken over) cannot overwrite the newer outcome.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Db } from '../../platform/db/index.ts';
import type { Database, WarmupEmailsTable } from '../../platform/db/schema.ts';
import { PlanStore } from '../planning/plans.repo.ts';

export type WarmupEmailRow = Selectable<WarmupEmailsTable>;

export interface ClaimedSend {
  row: WarmupEmailRow;
  /** The lease this claim holds (outcomes are written only while it is still the row's). */
  leaseUntil: string;
  /** True when an earlier claim lapsed without an outcome (a worker died mid-send). */
  lapsed: boolean;
}

/** What one claim pass took, and whether another worker's claim pass held a candidate mailbox. */
export interface ClaimPass {
  claims: ClaimedSend[];
  /**
   * True when a due mailbox was skipped because another worker was claiming from it at that moment
   * (PostgreSQL SKIP LOCKED). That worker may have found it busy and stopped, so an empty pass with
   * this set does not prove that nothing is due: the caller retries shortly.
   */
  contended: boolean;
}

/** One message of a thread, as needed to rewrite it for quoting. */
export interface ThreadMessage {
  id: string;
  parent_id: string | null;
  kind: WarmupEmailRow['kind'];
  content_seed: number;
  subject: string;
  message_id: string;
  recipient_email: string;
  sent_at: string | null;
  scheduled_at: string;
  /** The sending mailbox's address; null if that mailbox is gone. */
  sender_email: string | null;
}

export class WarmupSendRepo {
  private readonly db: Db;
  private readonly kysely: Kysely<Database>;

  /** The day plans: planned sends become rows here when due (plans.repo.ts). */
  readonly plans: PlanStore;

  constructor(db: Db) {
    this.db = db;
    this.kysely = db.kysely;
    this.plans = new PlanStore(db);
  }

  /**
   * Cancels due rows that can no longer be sent: recipient mailbox deleted, or sender/recipient not
   * active (paused, error). Rows planned for later are left to the planner and the safety rules.
   */
  async cancelUnsendable(nowIso: string): Promise<number> {
    const inactive = this.kysely.selectFrom('mailboxes').select('id').where('status', '!=', 'active');
    const result = await this.kysely
      .updateTable('warmup_emails')
      .set({ status: 'cancelled', send_claimed_until: null, updated_at: nowIso })
      .where('status', '=', 'scheduled')
      .where('scheduled_at', '<=', nowIso)
      .where((eb) => eb.or([eb('send_claimed_until', 'is', null), eb('send_claimed_until', '<', nowIso)]))
      .where((eb) => eb.or([eb('recipient_mailbox_id', 'is', null), eb('mailbox_id', 'in', inactive), eb('recipient_mailbox_id', 'in', inactive)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /**
   * Claims up to `limit` due rows, at most one per sending mailbox and none of a busy mailbox, the
   * earliest due first. Only active, verified senders are considered.
   */
  async claimDue(nowIso: string, leaseUntil: string, limit: number): Promise<ClaimPass> {
    return this.kysely.transaction().execute(async (trx) => {
      const candidates = await trx
        .selectFrom('warmup_emails as e')
        .innerJoin('mailboxes as m', 'm.id', 'e.mailbox_id')
        .select('e.mailbox_id')
        .where('e.status', '=', 'scheduled')
        .where('e.scheduled_at', '<=', nowIso)
        .where((eb) => eb.or([eb('e.send_claimed_until', 'is', null), eb('e.send_claimed_until', '<', nowIso)]))
        .where('m.status', '=', 'active')
        .where('m.verify_state', '=', 'verified')
        .groupBy('e.mailbox_id')
        .orderBy(sql`min(e.scheduled_at)`)
        .limit(limit * 2)
        .execute();
      let mailboxIds = candidates.map((c) => c.mailbox_id);
      if (mailboxIds.length === 0) return { claims: [], contended: false };
      let contended = false;
      if (this.db.engine === 'postgres') {
        const locked = await trx.selectFrom('mailboxes').select('id').where('id', 'in', mailboxIds).forNoKeyUpdate().skipLocked().execute();
        const lockedIds = new Set(locked.map((m) => m.id));
        contended = lockedIds.size < mailboxIds.length;
        mailboxIds = mailboxIds.filter((id) => lockedIds.has(id));
      }
      const claimed: ClaimedSend[] = [];
      for (const mailboxId of mailboxIds) {
        if (claimed.length >= limit) break;
        const busy = await trx
          .selectFrom('warmup_emails')
          .select('id')
          .where('mailbox_id', '=', mailboxId)
          .where('status', '=', 'scheduled')
          .where('send_claimed_until', '>=', nowIso)
          .limit(1)
          .executeTakeFirst();
        if (busy !== undefined) continue;
        const next = await trx
          .selectFrom('warmup_emails')
          .selectAll()
          .where('mailbox_id', '=', mailboxId)
          .where('status', '=', 'scheduled')
          .where('scheduled_at', '<=', nowIso)
          .orderBy('scheduled_at')
          .orderBy('id')
          .limit(1)
          .executeTakeFirst();
        if (next === undefined) continue;
        await trx.updateTable('warmup_emails').set({ send_claimed_until: leaseUntil, updated_at: nowIso }).where('id', '=', next.id).execute();
        claimed.push({ row: { ...next, send_claimed_until: leaseUntil }, leaseUntil, lapsed: next.send_claimed_until !== null });
      }
      return { claims: claimed, contended };
    });
  }

  /** Writes an outcome while the lease is still ours; false when it was taken over (or the row deleted). */
  async finish(id: string, leaseUntil: string, values: Partial<Omit<WarmupEmailRow, 'id' | 'send_attempts'>> & { countAttempt?: boolean }): Promise<boolean> {
    const { countAttempt, ...columns } = values;
    const result = await this.kysely
      .updateTable('warmup_emails')
      .set({ ...columns, send_claimed_until: null, ...(countAttempt === true ? { send_attempts: sql<number>`send_attempts + 1` } : {}) })
      .where('id', '=', id)
      .where('send_claimed_until', '=', leaseUntil)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /**
   * Moves a mailbox's due (and soon due) unclaimed rows, and its planned sends, to `untilIso`, so a
   * failing server is not retried row by row.
   */
  async postponeMailbox(mailboxId: string, nowIso: string, untilIso: string): Promise<number> {
    const planned = await this.plans.postpone(mailboxId, untilIso);
    const result = await this.kysely
      .updateTable('warmup_emails')
      .set({ scheduled_at: untilIso, updated_at: nowIso })
      .where('mailbox_id', '=', mailboxId)
      .where('status', '=', 'scheduled')
      .where('scheduled_at', '<', untilIso)
      .where((eb) => eb.or([eb('send_claimed_until', 'is', null), eb('send_claimed_until', '<', nowIso)]))
      .executeTakeFirst();
    return planned + Number(result.numUpdatedRows);
  }

  /**
   * Every message of a thread with its sender's address (threads are a handful of rows): the first by
   * its id (= thread_id), the answers through the partial thread index (`kind <> 'new'`).
   */
  async thread(threadId: string): Promise<ThreadMessage[]> {
    const select = () => this.kysely
      .selectFrom('warmup_emails as e')
      .leftJoin('mailboxes as m', 'm.id', 'e.mailbox_id')
      .select(['e.id', 'e.parent_id', 'e.kind', 'e.content_seed', 'e.subject', 'e.message_id', 'e.recipient_email', 'e.sent_at', 'e.scheduled_at', 'm.email as sender_email']);
    const [first, answers] = await Promise.all([
      select().where('e.id', '=', threadId).execute(),
      select().where('e.thread_id', '=', threadId).where('e.kind', '<>', 'new').execute(),
    ]);
    return [...first, ...answers];
  }

  async mailbox(id: string) {
    return this.kysely.selectFrom('mailboxes').selectAll().where('id', '=', id).executeTakeFirst();
  }
}
