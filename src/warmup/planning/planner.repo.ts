/**
 * SQL of the day planner. Not user-scoped: the warm-up network is every mailbox on the server.
 *
 * No mailbox-day is planned twice, with several workers on one PostgreSQL: a batch is read, planned and
 * written in **one transaction**, its mailboxes locked `FOR NO KEY UPDATE SKIP LOCKED` (other workers take other
 * mailboxes and never wait), and `warmup_planned_through` moves forward in that same transaction, so a
 * mailbox is due again only for its next date. On SQLite the transaction holds the only writer. A
 * one-mailbox re-plan (planner.ts) locks the row the same way (waiting, not skipping).
 */
import { CompiledQuery, sql, type Expression, type ExpressionBuilder, type Insertable, type Kysely, type SqlBool } from 'kysely';
import type { Db } from '../../platform/db/index.ts';
import type { Database, MailboxesTable, WarmupEmailsTable } from '../../platform/db/schema.ts';

/** Rows per multi-row INSERT: 16 columns × 500 stays far below both engines' parameter limits. */
const INSERT_CHUNK = 500;
/** Ids per `IN (…)` list. */
const ID_CHUNK = 1000;

/** What the planner reads of a mailbox (as a sender and as a peer). */
export type PlanMailbox = Pick<
  MailboxesTable,
  | 'id' | 'user_id' | 'email' | 'domain' | 'provider' | 'warmup_mode' | 'warmup_day' | 'target_daily_limit' | 'weekdays_only'
  | 'send_window_start' | 'send_window_end' | 'timezone' | 'warmup_planned_through' | 'warmup_started_at'
>;

const PLAN_COLUMNS = [
  'id', 'user_id', 'email', 'domain', 'provider', 'warmup_mode', 'warmup_day', 'target_daily_limit', 'weekdays_only',
  'send_window_start', 'send_window_end', 'timezone', 'warmup_planned_through', 'warmup_started_at',
] as const;

/** A planned `new` row: exactly the columns the planner writes (the rest take their defaults). */
export type NewWarmupRow = Required<Pick<
  Insertable<WarmupEmailsTable>,
  | 'id' | 'user_id' | 'mailbox_id' | 'recipient_mailbox_id' | 'recipient_email' | 'kind' | 'thread_id' | 'content_seed' | 'subject'
  | 'message_id' | 'token' | 'plan_date' | 'status' | 'scheduled_at' | 'created_at' | 'updated_at'
>>;

const ROW_COLUMNS: ReadonlyArray<keyof NewWarmupRow> = [
  'id', 'user_id', 'mailbox_id', 'recipient_mailbox_id', 'recipient_email', 'kind', 'thread_id', 'content_seed', 'subject',
  'message_id', 'token', 'plan_date', 'status', 'scheduled_at', 'created_at', 'updated_at',
];

/** How one planned mailbox's row changes when its plan commits. */
export interface MailboxAdvance {
  id: string;
  plannedThrough: string;
  /** Set when the day counted (rows were planned): the new warm-up day and its limit. */
  day?: { warmupDay: number; dailyLimit: number };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

type MailboxFilter = ExpressionBuilder<Database, 'mailboxes'>;

/** The mailbox's plan stops before its zone's today. */
function notPlannedThrough(eb: MailboxFilter, todayByZone: ReadonlyMap<string, string>): Expression<SqlBool> {
  return eb.or(
    [...todayByZone].map(([zone, today]) =>
      eb.and([eb('timezone', '=', zone), eb.or([eb('warmup_planned_through', 'is', null), eb('warmup_planned_through', '<', today)])]),
    ),
  );
}

/** Only active, verified mailboxes take part in the network. */
function inNetwork(eb: MailboxFilter) {
  return eb.and([eb('status', '=', 'active'), eb('verify_state', '=', 'verified')]);
}

export class PlannerRepo {
  private readonly db: Db;
  private readonly kysely: Kysely<Database>;

  constructor(db: Db) {
    this.db = db;
    this.kysely = db.kysely;
  }

  /** The time zones of the network's mailboxes (each has its own "today"). */
  async networkZones(): Promise<string[]> {
    const rows = await this.kysely.selectFrom('mailboxes').select('timezone').distinct().where(inNetwork).execute();
    return rows.map((r) => r.timezone);
  }

  /**
   * Up to `limit` network mailboxes whose plan does not reach their local today (`todayByZone`), taken
   * inside the caller's transaction: on PostgreSQL locked `FOR UPDATE SKIP LOCKED` (another worker's
   * transaction skips them until this one commits); SQLite has one writer at a time.
   */
  due(trx: Kysely<Database>, todayByZone: ReadonlyMap<string, string>, limit: number): Promise<PlanMailbox[]> {
    if (todayByZone.size === 0) return Promise.resolve([]);
    let query = trx
      .selectFrom('mailboxes')
      .select(PLAN_COLUMNS)
      .where(inNetwork)
      .where((eb) => notPlannedThrough(eb, todayByZone))
      .limit(limit);
    // NO KEY UPDATE, not UPDATE: the rows inserted reference other batches' mailboxes, and the foreign-key
    // check's KEY SHARE lock must not wait on (and deadlock with) another worker's batch.
    if (this.db.engine === 'postgres') query = query.forNoKeyUpdate().skipLocked();
    return query.execute();
  }

  /** Whether any network mailbox is due (so a run with nothing to do loads nothing else). */
  async anyDue(todayByZone: ReadonlyMap<string, string>): Promise<boolean> {
    if (todayByZone.size === 0) return false;
    const row = await this.kysely.selectFrom('mailboxes').select('id').where(inNetwork).where((eb) => notPlannedThrough(eb, todayByZone)).limit(1).executeTakeFirst();
    return row !== undefined;
  }

  /** Every network mailbox (the recipient pool), with what the planner needs. */
  network(): Promise<PlanMailbox[]> {
    return this.kysely.selectFrom('mailboxes').select(PLAN_COLUMNS).where(inNetwork).execute();
  }

  /** Up to `limit` network mailboxes in random order, outside `domain` (a one-mailbox re-plan's pool). */
  networkSample(excludeDomain: string, limit: number): Promise<PlanMailbox[]> {
    return this.kysely.selectFrom('mailboxes').select(PLAN_COLUMNS).where(inNetwork).where('domain', '!=', excludeDomain)
      .orderBy(sql`random()`).limit(limit).execute();
  }

  /** One mailbox as the planner reads it; `inNetwork` only when active and verified; `lock` (PostgreSQL) locks the row. */
  async mailbox(executor: Kysely<Database>, id: string, options: { lock?: boolean; inNetwork?: boolean } = {}): Promise<PlanMailbox | undefined> {
    let query = executor.selectFrom('mailboxes').select(PLAN_COLUMNS).where('id', '=', id);
    if (options.inNetwork === true) query = query.where(inNetwork);
    if (options.lock === true) query = query.forNoKeyUpdate();
    return query.executeTakeFirst();
  }

  /**
   * Cancels a mailbox's planned `new` rows that no sender has claimed (a row being sent right now goes
   * out; the sender settles it). Returns how many.
   */
  async cancelUnsentNew(executor: Kysely<Database>, mailboxId: string, nowIso: string): Promise<number> {
    const result = await executor.updateTable('warmup_emails').set({ status: 'cancelled', updated_at: nowIso })
      .where('mailbox_id', '=', mailboxId).where('kind', '=', 'new').where('status', '=', 'scheduled')
      .where((eb) => eb.or([eb('send_claimed_until', 'is', null), eb('send_claimed_until', '<', nowIso)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** A mailbox's `new` rows of local `date`: all of them (`any`), and those not cancelled (`live`). */
  async newRowsOn(executor: Kysely<Database>, mailboxId: string, date: string): Promise<{ any: number; live: number }> {
    const row = await executor.selectFrom('warmup_emails')
      .select([
        (eb) => eb.fn.countAll<number>().as('any'),
        (eb) => eb.fn.sum<number>(eb.case().when('status', '=', 'cancelled').then(0).else(1).end()).as('live'),
      ])
      .where('mailbox_id', '=', mailboxId).where('plan_date', '=', date).where('kind', '=', 'new')
      .executeTakeFirstOrThrow();
    return { any: Number(row.any), live: Number(row.live ?? 0) };
  }

  /** Messages planned and not yet sent, by recipient: each peer's load before this run. */
  async pendingLoads(recipientIds?: readonly string[]): Promise<Map<string, number>> {
    const loads = new Map<string, number>();
    const query = (ids: readonly string[] | null) => {
      let q = this.kysely.selectFrom('warmup_emails').select(['recipient_mailbox_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('status', '=', 'scheduled').where('recipient_mailbox_id', 'is not', null);
      if (ids !== null) q = q.where('recipient_mailbox_id', 'in', ids);
      return q.groupBy('recipient_mailbox_id').execute();
    };
    const parts = recipientIds === undefined ? [null] : chunks(recipientIds, ID_CHUNK);
    for (const part of parts) {
      if (part !== null && part.length === 0) continue;
      for (const row of await query(part)) loads.set(row.recipient_mailbox_id!, Number(row.n));
    }
    return loads;
  }

  /** Recipients each sender started a thread with since `sinceIso` (the pair cooldown). */
  async recentPairs(executor: Kysely<Database>, senderIds: readonly string[], sinceIso: string): Promise<Map<string, Set<string>>> {
    const pairs = new Map<string, Set<string>>();
    for (const part of chunks(senderIds, ID_CHUNK)) {
      const rows = await executor.selectFrom('warmup_emails').select(['mailbox_id', 'recipient_mailbox_id'])
        .where('mailbox_id', 'in', part).where('scheduled_at', '>=', sinceIso).where('kind', '=', 'new').where('status', '!=', 'cancelled')
        .where('recipient_mailbox_id', 'is not', null).execute();
      for (const row of rows) {
        let set = pairs.get(row.mailbox_id);
        if (set === undefined) pairs.set(row.mailbox_id, (set = new Set()));
        set.add(row.recipient_mailbox_id!);
      }
    }
    return pairs;
  }

  /**
   * Writes the advances, grouped by identical values (a fleet on the same day is a handful of UPDATEs
   * of up to ID_CHUNK ids each, not one per mailbox). Returns the ids updated (a mailbox deleted
   * meanwhile is missing, and its rows must not be inserted).
   */
  async advance(trx: Kysely<Database>, advances: readonly MailboxAdvance[], nowIso: string): Promise<Set<string>> {
    const groups = new Map<string, { advance: MailboxAdvance; ids: string[] }>();
    for (const advance of advances) {
      const key = `${advance.plannedThrough}|${advance.day?.warmupDay ?? ''}|${advance.day?.dailyLimit ?? ''}`;
      const group = groups.get(key) ?? { advance, ids: [] };
      group.ids.push(advance.id);
      groups.set(key, group);
    }
    const held = new Set<string>();
    for (const { advance, ids } of groups.values()) {
      for (const part of chunks(ids, ID_CHUNK)) {
        const day = advance.day;
        const updated = await trx.updateTable('mailboxes')
          .set({
            warmup_planned_through: advance.plannedThrough,
            updated_at: nowIso,
            ...(day === undefined
              ? {}
              : { warmup_day: day.warmupDay, daily_limit: day.dailyLimit, warmup_started_at: sql<string>`coalesce(warmup_started_at, ${nowIso})` }),
          })
          .where('id', 'in', part)
          .returning('id')
          .execute();
        for (const row of updated) held.add(row.id);
      }
    }
    return held;
  }

  /**
   * Multi-row INSERTs written directly: building them through Kysely's query builder costs ~2.5 ms a
   * statement (it parses every value), which at 1,000 statements is most of the planner's budget. The SQL
   * text depends only on the row count, so SQLite's statement cache prepares it once.
   */
  async insertRows(trx: Kysely<Database>, rows: readonly NewWarmupRow[]): Promise<void> {
    for (const part of chunks(rows, INSERT_CHUNK)) {
      const params: unknown[] = new Array(part.length * ROW_COLUMNS.length);
      let p = 0;
      for (const row of part) for (const column of ROW_COLUMNS) params[p++] = row[column];
      await trx.executeQuery(CompiledQuery.raw(this.insertSql(part.length), params));
    }
  }

  private readonly insertSqlByCount = new Map<number, string>();

  private insertSql(count: number): string {
    let text = this.insertSqlByCount.get(count);
    if (text === undefined) {
      const width = ROW_COLUMNS.length;
      const tuple = (row: number) =>
        `(${ROW_COLUMNS.map((_, c) => (this.db.engine === 'postgres' ? `$${row * width + c + 1}` : '?')).join(', ')})`;
      const values = Array.from({ length: count }, (_, row) => tuple(row)).join(', ');
      text = `insert into "warmup_emails" (${ROW_COLUMNS.map((c) => `"${c}"`).join(', ')}) values ${values}`;
      this.insertSqlByCount.set(count, text);
    }
    return text;
  }
}
