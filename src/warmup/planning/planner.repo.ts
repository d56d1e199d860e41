/**
 * SQL of the day planner. Not user-scoped: the warm-up network is every mailbox on the server.
 *
 * No mailbox-day is planned twice, with several workers on one PostgreSQL: a batch is read, planned and
 * written in **one transaction**, its mailboxes locked `FOR NO KEY UPDATE SKIP LOCKED` (other workers take other
 * mailboxes and never wait), and `warmup_planned_through` moves forward in that same transaction, so a
 * mailbox is due again only for its next date. On SQLite the transaction holds the only writer, and
 * the batch comes from the run's snapshot of the network, so the advance itself re-checks that each
 * mailbox is still in the network and due (`advance(…, onlyDue)`): a plan is written only for the
 * mailboxes it moved. A one-mailbox re-plan (planner.ts) locks the row the same way (waiting, not skipping).
 */
import { sql, type Expression, type ExpressionBuilder, type Insertable, type Kysely, type SqlBool } from 'kysely';
import type { Db } from '../../platform/db/index.ts';
import type { Database, MailboxesTable, WarmupEmailsTable } from '../../platform/db/schema.ts';
import { idIn } from './id-list.ts';
import { decodeSends } from './planned-sends.ts';
import { PlanStore, type PlanRow } from './plans.repo.ts';
import { chunks } from '../../platform/chunks.ts';

/** Ids per `IN (…)` list. */
const ID_CHUNK = 1000;
/** Ids per one-parameter id list (id-list.ts): a planner batch at once. */
const BATCH_IDS = 10_000;

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

/** A materialised `new` row (planned-sends.ts): exactly the columns written (the rest take their defaults). */
export type NewWarmupRow = Required<Pick<
  Insertable<WarmupEmailsTable>,
  | 'id' | 'user_id' | 'mailbox_id' | 'recipient_mailbox_id' | 'recipient_email' | 'kind' | 'thread_id' | 'content_seed' | 'subject'
  | 'message_id' | 'token' | 'plan_date' | 'status' | 'scheduled_at' | 'created_at' | 'updated_at'
>>;


/** The mailbox's plan stops before its zone's today: it is due for planning (the SQL of notPlannedThrough, in memory). */
export function isDue(m: Pick<PlanMailbox, 'timezone' | 'warmup_planned_through'>, todayByZone: ReadonlyMap<string, string>): boolean {
  const today = todayByZone.get(m.timezone);
  return today !== undefined && (m.warmup_planned_through === null || m.warmup_planned_through < today);
}

/** How one planned mailbox's row changes when its plan commits. */
export interface MailboxAdvance {
  id: string;
  plannedThrough: string;
  /** Set when the day counted (rows were planned): the new warm-up day and its limit. */
  day?: { warmupDay: number; dailyLimit: number };
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

  readonly plans: PlanStore;

  constructor(db: Db) {
    this.db = db;
    this.kysely = db.kysely;
    this.plans = new PlanStore(db);
  }

  /** The time zones of the network's mailboxes (each has its own "today"). */
  async networkZones(): Promise<string[]> {
    const rows = await this.kysely.selectFrom('mailboxes').select('timezone').distinct().where(inNetwork).execute();
    return rows.map((r) => r.timezone);
  }

  /**
   * Those of `ids` that are due network mailboxes, taken inside the caller's transaction and locked
   * as `due` does (skipping those another worker's batch holds).
   */
  async dueAmong(trx: Kysely<Database>, ids: readonly string[], todayByZone: ReadonlyMap<string, string>): Promise<PlanMailbox[]> {
    const out: PlanMailbox[] = [];
    for (const part of chunks(ids, BATCH_IDS)) {
      // By primary key only, the rest checked here: with the network and due conditions in the WHERE,
      // SQLite prefers the (status, warmup_planned_through) index and walks every active mailbox.
      let query = trx.selectFrom('mailboxes').select([...PLAN_COLUMNS, 'status', 'verify_state']).where(idIn(this.db.engine, 'id', part));
      if (this.db.engine === 'postgres') query = query.forNoKeyUpdate().skipLocked();
      for (const { status, verify_state: verifyState, ...m } of await query.execute()) {
        if (status === 'active' && verifyState === 'verified' && isDue(m, todayByZone)) out.push(m);
      }
    }
    return out;
  }

  /** Whether any network mailbox is due (so a run with nothing to do loads nothing else). */
  async anyDue(todayByZone: ReadonlyMap<string, string>): Promise<boolean> {
    if (todayByZone.size === 0) return false;
    const row = await this.kysely.selectFrom('mailboxes').select('id').where(inNetwork).where((eb) => notPlannedThrough(eb, todayByZone)).limit(1).executeTakeFirst();
    return row !== undefined;
  }

  /**
   * Every network mailbox (the recipient pool), with what the planner needs, in storage order: on
   * SQLite by rowid, so that a batch of consecutive mailboxes updates neighbouring table pages (in id
   * order, 5,000 random UUIDs touch most of the table's pages, and each commit rewrites them all).
   */
  network(): Promise<PlanMailbox[]> {
    return this.kysely.selectFrom('mailboxes').select(PLAN_COLUMNS).where(inNetwork)
      .orderBy(this.db.engine === 'sqlite' ? sql`rowid` : sql`id`).execute();
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
   * Cancels a mailbox's planned `new` sends: those still in its plans, and its `new` rows that no sender
   * has claimed (a row being sent right now goes out; the sender settles it). Returns how many.
   */
  async cancelUnsentNew(executor: Kysely<Database>, mailboxId: string, nowIso: string): Promise<number> {
    const dropped = await this.plans.cancelFrom(executor, mailboxId);
    const result = await executor.updateTable('warmup_emails').set({ status: 'cancelled', updated_at: nowIso })
      .where('mailbox_id', '=', mailboxId).where('kind', '=', 'new').where('status', '=', 'scheduled')
      .where((eb) => eb.or([eb('send_claimed_until', 'is', null), eb('send_claimed_until', '<', nowIso)]))
      .executeTakeFirst();
    return dropped + Number(result.numUpdatedRows);
  }

  /**
   * A mailbox's `new` sends of local `date`: `any` > 0 when the date held any (rows, cancelled ones
   * included, or a plan), `live` those not cancelled (rows and sends left in the plan). Also the
   * date's plan row, if any.
   */
  async newRowsOn(executor: Kysely<Database>, mailboxId: string, date: string): Promise<{ any: number; live: number; plan: PlanRow | undefined }> {
    const plan = (await this.plans.ofMailbox(executor, mailboxId, true)).find((p) => p.plan_date === date);
    const inPlan = plan === undefined ? 0 : decodeSends(plan.sends).length;
    const row = await executor.selectFrom('warmup_emails')
      .select([
        (eb) => eb.fn.countAll<number>().as('any'),
        (eb) => eb.fn.sum<number>(eb.case().when('status', '=', 'cancelled').then(0).else(1).end()).as('live'),
      ])
      .where('mailbox_id', '=', mailboxId).where('plan_date', '=', date).where('kind', '=', 'new')
      .executeTakeFirstOrThrow();
    return { any: Number(row.any) + (plan?.planned ?? 0), live: Number(row.live ?? 0) + inPlan, plan };
  }

  /**
   * Messages planned and not yet sent, by recipient: each peer's load before this run. Without
   * `recipientIds` (a planning run), scheduled rows and every plan's sends left; with them (a
   * one-mailbox re-plan's sample of peers), scheduled rows only: reading every plan for a re-plan of
   * a few messages would cost more than the balance it buys.
   */
  async pendingLoads(recipientIds?: readonly string[]): Promise<Map<string, number>> {
    const loads = recipientIds === undefined ? await this.plans.pendingByRecipient() : new Map<string, number>();
    const query = (ids: readonly string[] | null) => {
      let q = this.kysely.selectFrom('warmup_emails').select(['recipient_mailbox_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('status', '=', 'scheduled').where('recipient_mailbox_id', 'is not', null);
      if (ids !== null) q = q.where('recipient_mailbox_id', 'in', ids);
      return q.groupBy('recipient_mailbox_id').execute();
    };
    const parts = recipientIds === undefined ? [null] : chunks(recipientIds, ID_CHUNK);
    for (const part of parts) {
      if (part !== null && part.length === 0) continue;
      for (const row of await query(part)) loads.set(row.recipient_mailbox_id!, (loads.get(row.recipient_mailbox_id!) ?? 0) + Number(row.n));
    }
    return loads;
  }

  /** Recipients each sender started a thread with since `sinceIso` (the pair cooldown): rows and plans. */
  async recentPairs(executor: Kysely<Database>, senderIds: readonly string[], sinceIso: string): Promise<Map<string, Set<string>>> {
    const pairs = new Map<string, Set<string>>();
    const add = (sender: string, recipient: string) => {
      let set = pairs.get(sender);
      if (set === undefined) pairs.set(sender, (set = new Set()));
      set.add(recipient);
    };
    const since = Date.parse(sinceIso) / 1000;
    for (const plan of await this.plans.ofMailboxes(executor, senderIds)) {
      for (const send of decodeSends(plan.sends)) if (send.at >= since) add(plan.mailbox_id, send.recipientId);
    }
    for (const part of chunks(senderIds, BATCH_IDS)) {
      const rows = await executor.selectFrom('warmup_emails').select(['mailbox_id', 'recipient_mailbox_id'])
        .where(idIn(this.db.engine, 'mailbox_id', part)).where('scheduled_at', '>=', sinceIso).where('kind', '=', 'new').where('status', '!=', 'cancelled')
        .where('recipient_mailbox_id', 'is not', null).execute();
      for (const row of rows) add(row.mailbox_id, row.recipient_mailbox_id!);
    }
    return pairs;
  }

  /**
   * Writes the advances, grouped by identical values (a fleet on the same day is a handful of UPDATEs
   * of up to ID_CHUNK ids each, not one per mailbox). Returns the ids updated (a mailbox deleted
   * meanwhile is missing, and its rows must not be inserted). `onlyDue`: only mailboxes still in the
   * network and due for that date are advanced: the check a planning run needs when its batch was
   * not read (and locked) inside the transaction (planner.ts, SQLite).
   */
  async advance(trx: Kysely<Database>, advances: readonly MailboxAdvance[], nowIso: string, onlyDue = false): Promise<Set<string>> {
    const groups = new Map<string, { advance: MailboxAdvance; ids: string[] }>();
    for (const advance of advances) {
      const key = `${advance.plannedThrough}|${advance.day?.warmupDay ?? ''}|${advance.day?.dailyLimit ?? ''}`;
      const group = groups.get(key) ?? { advance, ids: [] };
      group.ids.push(advance.id);
      groups.set(key, group);
    }
    const held = new Set<string>();
    for (const { advance, ids } of groups.values()) {
      for (const part of chunks(ids, BATCH_IDS)) {
        const day = advance.day;
        let query = trx.updateTable('mailboxes')
          .set({
            warmup_planned_through: advance.plannedThrough,
            updated_at: nowIso,
            ...(day === undefined
              ? {}
              : { warmup_day: day.warmupDay, daily_limit: day.dailyLimit, warmup_started_at: sql<string>`coalesce(warmup_started_at, ${nowIso})` }),
          })
          .where(idIn(this.db.engine, 'id', part));
        if (onlyDue) query = query.where(this.stillDue(advance.plannedThrough));
        const updated = await query.returning('id').execute();
        for (const row of updated) held.add(row.id);
      }
    }
    return held;
  }

  /**
   * In the network and not planned through `date`. On SQLite the columns are wrapped (`+column`) so
   * that the query keeps the primary key: with a bare `status = …` SQLite prefers the (status,
   * warmup_planned_through) index and walks every active mailbox.
   */
  private stillDue(date: string) {
    const col = (name: 'status' | 'verify_state' | 'warmup_planned_through') => (this.db.engine === 'sqlite' ? sql`+${sql.ref(name)}` : sql.ref(name));
    return sql<SqlBool>`(${col('status')} = 'active' and ${col('verify_state')} = 'verified' and (${col('warmup_planned_through')} is null or ${col('warmup_planned_through')} < ${date}))`;
  }
}
