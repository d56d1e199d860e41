/**
 * SQL of the day plans (`warmup_plans`, migration 0015; send format in planned-sends.ts). Not
 * user-scoped: the warm-up network is every mailbox on the server; the API reaches a plan only through
 * a mailbox the service has already found in the caller's account.
 *
 * Exactly once, with several workers on one PostgreSQL:
 * - a plan is written by the planner in the transaction that moves the mailbox's
 *   `warmup_planned_through` (planner.repo.ts), so no mailbox-day is planned twice;
 * - a send is materialised in the transaction that removes it from its plan, the plan row locked
 *   `FOR UPDATE SKIP LOCKED` (another worker takes other plans), so no send becomes two rows;
 * - cancelling and postponing lock the plan rows they rewrite (waiting, not skipping).
 * SQLite transactions are serialised anyway.
 */
import { CompiledQuery, type Kysely } from 'kysely';
import { isoTime } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import type { Database, WarmupPlansTable } from '../../platform/db/schema.ts';
import { idIn } from './id-list.ts';
import { decodeSends, encodeSends, materialisedRow, sendIdentity, sendTime, type PlannedSend } from './planned-sends.ts';
import type { NewWarmupRow } from './planner.repo.ts';
import type { IdSource } from '../../platform/time-ordered-ids.ts';
import { chunks } from '../../platform/chunks.ts';

export type PlanRow = WarmupPlansTable;

/** Rows per multi-row INSERT: 16 columns × 500 stays far below both engines' parameter limits. */
const INSERT_CHUNK = 500;
/** Plans materialised per transaction. */
const MATERIALISE_BATCH = 500;

const PLAN_COLUMNS = ['mailbox_id', 'plan_date', 'planned_at', 'planned', 'sends', 'next_send_at'] as const;

/** The columns a materialised row is written with (the rest take their defaults). */
const ROW_COLUMNS: ReadonlyArray<keyof NewWarmupRow> = [
  'id', 'user_id', 'mailbox_id', 'recipient_mailbox_id', 'recipient_email', 'kind', 'thread_id', 'content_seed', 'subject',
  'message_id', 'token', 'plan_date', 'status', 'scheduled_at', 'created_at', 'updated_at',
];

/** A planned send as `recent_emails` shows it (the columns it reads of a row). */
export interface PlannedPreview {
  id: string;
  seed: number;
  scheduled_at: string;
}

export interface MaterialiseOptions {
  subjectFor: (seed: number) => string;
  ids: IdSource;
}

export class PlanStore {
  private readonly db: Db;
  private readonly kysely: Kysely<Database>;
  private readonly insertSqlByCount = new Map<string, string>();

  constructor(db: Db) {
    this.db = db;
    this.kysely = db.kysely;
  }

  /**
   * Writes new plans, as SQL written directly (the query builder parses every value: too slow at
   * 100,000 plans): on SQLite multi-row INSERTs whose text depends only on the row count (prepared
   * once), on PostgreSQL one INSERT … SELECT FROM unnest(column arrays).
   */
  async insert(trx: Kysely<Database>, plans: readonly PlanRow[]): Promise<void> {
    if (plans.length === 0) return;
    if (this.db.engine === 'postgres') {
      // One statement per batch: each column as one array parameter, unnested server-side.
      const columns = PLAN_COLUMNS.map((column) => plans.map((plan) => plan[column]));
      await trx.executeQuery(CompiledQuery.raw(
        `insert into "warmup_plans" (${PLAN_COLUMNS.map((c) => `"${c}"`).join(', ')}) select * from unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[])`,
        columns,
      ));
      return;
    }
    for (const part of chunks(plans, INSERT_CHUNK)) {
      const params: unknown[] = new Array(part.length * PLAN_COLUMNS.length);
      let p = 0;
      for (const plan of part) for (const column of PLAN_COLUMNS) params[p++] = plan[column];
      await trx.executeQuery(CompiledQuery.raw(this.multiRowSql('warmup_plans', PLAN_COLUMNS, part.length), params));
    }
  }

  /** A mailbox's plans (every date), locked on PostgreSQL when `lock`. */
  async ofMailbox(executor: Kysely<Database>, mailboxId: string, lock = false): Promise<PlanRow[]> {
    let query = executor.selectFrom('warmup_plans').selectAll().where('mailbox_id', '=', mailboxId);
    if (lock && this.db.engine === 'postgres') query = query.forUpdate();
    return query.execute();
  }

  /** Sends still planned for a mailbox, for `recent_emails` (ids and seeds as their rows will have). */
  async previews(mailboxId: string): Promise<PlannedPreview[]> {
    const out: PlannedPreview[] = [];
    for (const plan of await this.ofMailbox(this.kysely, mailboxId)) {
      for (const send of decodeSends(plan.sends)) {
        out.push({ ...sendIdentity(plan.mailbox_id, plan.planned_at, send.recipientId), scheduled_at: sendTime(send) });
      }
    }
    return out;
  }

  /** Plans of these senders (their recipients count for the pair cooldown). */
  async ofMailboxes(executor: Kysely<Database>, mailboxIds: readonly string[]): Promise<PlanRow[]> {
    const out: PlanRow[] = [];
    for (const part of chunks(mailboxIds, 10_000)) {
      out.push(...(await executor.selectFrom('warmup_plans').selectAll().where(idIn(this.db.engine, 'mailbox_id', part)).where('next_send_at', 'is not', null).execute()));
    }
    return out;
  }

  /** Sends left in every plan, by recipient (part of each peer's load). */
  async pendingByRecipient(): Promise<Map<string, number>> {
    const loads = new Map<string, number>();
    const rows = await this.kysely.selectFrom('warmup_plans').select('sends').where('next_send_at', 'is not', null).execute();
    for (const row of rows) for (const send of decodeSends(row.sends)) loads.set(send.recipientId, (loads.get(send.recipientId) ?? 0) + 1);
    return loads;
  }

  /**
   * Cancels a mailbox's planned sends (all dates): they leave the plan, which stays (emptied) so the
   * day still counts as planned. Returns how many sends were dropped.
   */
  async cancelFrom(executor: Kysely<Database>, mailboxId: string): Promise<number> {
    let dropped = 0;
    for (const plan of await this.ofMailbox(executor, mailboxId, true)) {
      const sends = decodeSends(plan.sends);
      if (sends.length === 0) continue;
      dropped += sends.length;
      await this.rewrite(executor, plan, []);
    }
    return dropped;
  }

  /**
   * Cancels the sends addressed to a mailbox, in every plan (its IMAP side cannot be read, or it was
   * deleted). Rare: the plans are found by a text match on `sends`. Returns how many were dropped.
   */
  async cancelTo(recipientId: string): Promise<number> {
    return this.kysely.transaction().execute(async (trx) => {
      let query = trx.selectFrom('warmup_plans').selectAll().where('next_send_at', 'is not', null).where('sends', 'like', `%"${recipientId}"%`);
      if (this.db.engine === 'postgres') query = query.forUpdate();
      let dropped = 0;
      for (const plan of await query.execute()) {
        const sends = decodeSends(plan.sends);
        const kept = sends.filter((s) => s.recipientId !== recipientId);
        dropped += sends.length - kept.length;
        await this.rewrite(trx, plan, kept);
      }
      return dropped;
    });
  }

  /** Moves a mailbox's planned sends due before `untilIso` to `untilIso` (its server is failing). */
  async postpone(mailboxId: string, untilIso: string): Promise<number> {
    const until = Math.ceil(Date.parse(untilIso) / 1000);
    return this.kysely.transaction().execute(async (trx) => {
      let moved = 0;
      for (const plan of await this.ofMailbox(trx, mailboxId, true)) {
        const sends = decodeSends(plan.sends);
        const early = sends.filter((s) => s.at < until).length;
        if (early === 0) continue;
        moved += early;
        await this.rewrite(trx, plan, sends.map((s) => (s.at < until ? { ...s, at: until } : s)));
      }
      return moved;
    });
  }

  /**
   * Turns every planned send due by `nowMs` into its `scheduled` row (planned-sends.ts), in batches
   * of plans, and removes it from its plan (deleting plans left empty). Returns the rows written.
   */
  async materialiseDue(nowMs: number, options: MaterialiseOptions): Promise<number> {
    let total = 0;
    for (;;) {
      const { plans, rows } = await this.kysely.transaction().execute(async (trx) => {
        let query = trx.selectFrom('warmup_plans').selectAll().where('next_send_at', '<=', isoTime(nowMs)).orderBy('next_send_at').limit(MATERIALISE_BATCH);
        if (this.db.engine === 'postgres') query = query.forUpdate().skipLocked();
        const due = await query.execute();
        if (due.length === 0) return { plans: 0, rows: 0 };
        const split = due.map((plan) => {
          const sends = decodeSends(plan.sends);
          const cut = sends.findIndex((s) => s.at * 1000 > nowMs);
          return { plan, due: cut === -1 ? sends : sends.slice(0, cut), rest: cut === -1 ? [] : sends.slice(cut) };
        });
        const rows = await this.rowsOf(trx, split, options, nowMs);
        await this.insertRows(trx, rows);
        await this.consume(trx, split);
        return { plans: due.length, rows: rows.length };
      });
      total += rows;
      if (plans < MATERIALISE_BATCH) return total;
    }
  }

  private async rowsOf(
    trx: Kysely<Database>, split: ReadonlyArray<{ plan: PlanRow; due: PlannedSend[] }>, options: MaterialiseOptions, nowMs: number,
  ): Promise<NewWarmupRow[]> {
    const senderIds = split.map((s) => s.plan.mailbox_id);
    const recipientIds = [...new Set(split.flatMap((s) => s.due.map((d) => d.recipientId)))];
    const senders = new Map<string, { user_id: string; domain: string }>();
    for (const m of await trx.selectFrom('mailboxes').select(['id', 'user_id', 'domain']).where(idIn(this.db.engine, 'id', senderIds)).execute()) senders.set(m.id, m);
    const emails = new Map<string, string>();
    for (const m of await trx.selectFrom('mailboxes').select(['id', 'email']).where(idIn(this.db.engine, 'id', recipientIds)).execute()) emails.set(m.id, m.email);
    const rows: NewWarmupRow[] = [];
    for (const { plan, due } of split) {
      const sender = senders.get(plan.mailbox_id);
      if (sender === undefined) continue; // deleted meanwhile: its plan goes with it (cascade)
      for (const send of due) rows.push(materialisedRow(plan, sender, send, emails.get(send.recipientId), options.subjectFor, options.ids, nowMs));
    }
    return rows;
  }

  /** Multi-row INSERTs written directly (as `insert`): the query builder parses every value. */
  private async insertRows(trx: Kysely<Database>, rows: readonly NewWarmupRow[]): Promise<void> {
    for (const part of chunks(rows, INSERT_CHUNK)) {
      const params: unknown[] = new Array(part.length * ROW_COLUMNS.length);
      let p = 0;
      for (const row of part) for (const column of ROW_COLUMNS) params[p++] = row[column];
      await trx.executeQuery(CompiledQuery.raw(this.multiRowSql('warmup_emails', ROW_COLUMNS, part.length), params));
    }
  }

  /** Removes the materialised sends from their plans: emptied plans deleted (one statement a date), the others rewritten. */
  private async consume(trx: Kysely<Database>, split: ReadonlyArray<{ plan: PlanRow; rest: PlannedSend[] }>): Promise<void> {
    const emptied = new Map<string, string[]>();
    for (const { plan, rest } of split) {
      if (rest.length > 0) {
        await trx.executeQuery(CompiledQuery.raw(this.rewriteSql, [encodeSends(rest), sendTime(rest[0]!), plan.mailbox_id, plan.plan_date]));
        continue;
      }
      const ids = emptied.get(plan.plan_date) ?? [];
      ids.push(plan.mailbox_id);
      emptied.set(plan.plan_date, ids);
    }
    for (const [date, ids] of emptied) {
      await trx.deleteFrom('warmup_plans').where('plan_date', '=', date).where(idIn(this.db.engine, 'mailbox_id', ids)).execute();
    }
  }

  private get rewriteSql(): string {
    return this.db.engine === 'postgres'
      ? 'update "warmup_plans" set "sends" = $1, "next_send_at" = $2 where "mailbox_id" = $3 and "plan_date" = $4'
      : 'update "warmup_plans" set "sends" = ?, "next_send_at" = ? where "mailbox_id" = ? and "plan_date" = ?';
  }

  /** Stores what is left of a plan; emptied, it stays (its day still counts; the planner prunes it later). */
  private async rewrite(executor: Kysely<Database>, plan: PlanRow, sends: readonly PlannedSend[]): Promise<void> {
    await executor.updateTable('warmup_plans')
      .set({ sends: encodeSends(sends), next_send_at: sends.length === 0 ? null : sendTime(sends[0]!) })
      .where('mailbox_id', '=', plan.mailbox_id).where('plan_date', '=', plan.plan_date).execute();
  }

  /** Deletes one plan (a re-plan replaces it). */
  async remove(executor: Kysely<Database>, mailboxId: string, date: string): Promise<void> {
    await executor.deleteFrom('warmup_plans').where('mailbox_id', '=', mailboxId).where('plan_date', '=', date).execute();
  }

  /** Deletes emptied plans of dates before `beforeDate` (the planner's housekeeping). */
  async pruneEmpty(beforeDate: string): Promise<void> {
    await this.kysely.deleteFrom('warmup_plans').where('next_send_at', 'is', null).where('plan_date', '<', beforeDate).execute();
  }

  private multiRowSql(table: string, columns: readonly string[], count: number): string {
    const cacheKey = `${table}|${count}`;
    let text = this.insertSqlByCount.get(cacheKey);
    if (text === undefined) {
      const width = columns.length;
      const tuple = (row: number) => `(${columns.map((_, c) => (this.db.engine === 'postgres' ? `$${row * width + c + 1}` : '?')).join(', ')})`;
      text = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ${Array.from({ length: count }, (_, row) => tuple(row)).join(', ')}`;
      this.insertSqlByCount.set(cacheKey, text);
    }
    return text;
  }
}
