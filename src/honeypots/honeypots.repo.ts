/**
 * SQL for honeypots. Every query a user's request reaches is filtered by the owning user, so another
 * user's id behaves exactly like an id that does not exist. The two ingest-path functions at the end
 * are deliberately not user-scoped: the SMTP server knows only the recipient address.
 */
import type { Kysely, Transaction, Updateable } from 'kysely';
import { runListQuery, type ListPage, type ParsedListQuery } from '../http/list-query.ts';
import type { Db, DbExecutor } from '../platform/db/index.ts';
import { preparedQuery, preparedWrite } from '../platform/db/prepared.ts';
import type { Database, HoneypotsTable } from '../platform/db/schema.ts';
import { honeypotsResource, tagCondition, type TagFilter } from './honeypots.list.ts';
import type { HoneypotRow } from './honeypots.model.ts';


/** One more email for the honeypot, and its latest time; runs for every captured message (prepared.ts). */
const countReceivedEmail = preparedWrite<[receivedAt: string, sameReceivedAt: string, honeypotId: string]>((db) =>
  db
    .updateTable('honeypots')
    .set((eb) => ({
      // A literal, not a parameter: the parameters are exactly the three above, in that order.
      email_count: eb('email_count', '+', eb.lit(1)),
      last_email_at: eb
        .case()
        .when(eb.or([eb('last_email_at', 'is', null), eb('last_email_at', '<', '$receivedAt')]))
        .then('$receivedAt')
        .else(eb.ref('last_email_at'))
        .end(),
    }))
    .where('id', '=', '$honeypotId'));
export type HoneypotChanges = Omit<Updateable<HoneypotsTable>, 'id' | 'user_id' | 'created_at' | 'email_count' | 'last_email_at'>;

/** What RCPT TO needs to decide: accept (active), try later (pending) or refuse. */
export interface DeliveryTarget {
  id: string;
  user_id: string;
  status: HoneypotRow['status'];
}

/**
 * Rows per multi-row INSERT: 19 columns × 200 rows stays far below both engines' bound-parameter
 * limits (SQLite 32,766; PostgreSQL 65,535).
 */
const INSERT_CHUNK_ROWS = 200;

/**
 * Runs inside the transaction that deletes honeypots, before the rows go (their captured mail goes with
 * them by cascade): queues the files that mail referenced for collection.
 */
export type HoneypotsDeletionHook = (trx: Transaction<Database>, userId: string, honeypotIds: readonly string[]) => Promise<void>;

/**
 * Runs inside the transaction that suspends honeypots, with those that were not suspended before (a
 * `system.alert` event is written there, so the change and its event commit together).
 */
export type HoneypotsSuspensionHook = (trx: Transaction<Database>, userId: string, suspended: ReadonlyArray<{ id: string; email_address: string }>) => Promise<void>;

export interface HoneypotsRepoHooks {
  /** Default none (the orphan sweep would then find the files later). */
  beforeDelete?: HoneypotsDeletionHook;
  /** Default none. */
  onSuspended?: HoneypotsSuspensionHook;
}

export class HoneypotsRepo {
  private readonly db: Db;
  private readonly kysely: Kysely<Database>;
  /** Runs on every RCPT TO: compiled once. */
  private readonly selectDeliveryTarget;
  private readonly beforeDelete: HoneypotsDeletionHook | undefined;
  private readonly onSuspended: HoneypotsSuspensionHook | undefined;

  constructor(db: Db, hooks: HoneypotsRepoHooks = {}) {
    this.db = db;
    this.kysely = db.kysely;
    this.beforeDelete = hooks.beforeDelete;
    this.onSuspended = hooks.onSuspended;
    this.selectDeliveryTarget = preparedQuery<DeliveryTarget, [address: string]>(this.kysely, () =>
      this.kysely.selectFrom('honeypots').select(['id', 'user_id', 'status']).where('email_address', '=', ''),
    );
  }

  /**
   * Inserts the rows whose address is free; returns the ids actually inserted. An address already
   * taken (by anyone, or earlier in the same batch) is skipped rather than failing the statement,
   * so one conflict neither aborts the others nor leaves anything half-written. All rows commit together.
   */
  async insertIfAddressFree(rows: readonly HoneypotRow[]): Promise<Set<string>> {
    const inserted = new Set<string>();
    if (rows.length === 0) return inserted;
    const insertChunks = async (db: Kysely<Database>) => {
      for (let start = 0; start < rows.length; start += INSERT_CHUNK_ROWS) {
        const chunk = rows.slice(start, start + INSERT_CHUNK_ROWS);
        const result = await db
          .insertInto('honeypots')
          .values(chunk)
          .onConflict((oc) => oc.column('email_address').doNothing())
          .returning('id')
          .execute();
        for (const { id } of result) inserted.add(id);
      }
    };
    if (rows.length <= INSERT_CHUNK_ROWS) await insertChunks(this.kysely);
    else await this.kysely.transaction().execute(insertChunks);
    return inserted;
  }

  findById(userId: string, id: string): Promise<HoneypotRow | undefined> {
    return this.kysely.selectFrom('honeypots').selectAll().where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
  }

  /** Which of `ids` are the user's honeypots. */
  async ownedIds(userId: string, ids: readonly string[]): Promise<Set<string>> {
    const rows = await this.kysely.selectFrom('honeypots').select('id').where('user_id', '=', userId).where('id', 'in', ids).execute();
    return new Set(rows.map((r) => r.id));
  }

  /** Rows still holding a plaintext alert secret (written before migration 0013). */
  legacyAlertSecrets(): Promise<Array<{ id: string; user_id: string; alerts_webhook_secret: string }>> {
    return this.kysely.selectFrom('honeypots').select(['id', 'user_id', 'alerts_webhook_secret'])
      .where('alerts_webhook_secret', 'is not', null).execute() as Promise<Array<{ id: string; user_id: string; alerts_webhook_secret: string }>>;
  }

  async replaceLegacyAlertSecret(id: string, sealed: { alerts_webhook_secret_enc: string | null; alerts_webhook_secret_hint: string | null }): Promise<void> {
    await this.kysely.updateTable('honeypots').set({ ...sealed, alerts_webhook_secret: null }).where('id', '=', id).execute();
  }

  /** Undefined when the user has no such honeypot. Throws on a unique-address clash. */
  async update(userId: string, id: string, changes: HoneypotChanges): Promise<HoneypotRow | undefined> {
    return this.withSuspensionEvents(userId, [id], changes, (db) =>
      db.updateTable('honeypots').set(changes).where('user_id', '=', userId).where('id', '=', id).returningAll().executeTakeFirst());
  }

  /** The same changes on many honeypots in one statement; returns the ids that were the user's. */
  async updateMany(userId: string, ids: readonly string[], changes: HoneypotChanges): Promise<Set<string>> {
    const rows = await this.withSuspensionEvents(userId, ids, changes, (db) =>
      db.updateTable('honeypots').set(changes).where('user_id', '=', userId).where('id', 'in', ids).returning('id').execute());
    return new Set(rows.map((r) => r.id));
  }

  /**
   * Runs `update`; when it suspends honeypots and a suspension hook is set, in one transaction with the
   * hook, which receives those of `ids` that were not suspended before.
   */
  private async withSuspensionEvents<T>(userId: string, ids: readonly string[], changes: HoneypotChanges, update: (db: Kysely<Database>) => Promise<T>): Promise<T> {
    const hook = this.onSuspended;
    if (changes.status !== 'suspended' || hook === undefined) return update(this.kysely);
    return this.kysely.transaction().execute(async (trx) => {
      const newly = await trx.selectFrom('honeypots').select(['id', 'email_address'])
        .where('user_id', '=', userId).where('id', 'in', ids).where('status', '<>', 'suspended').execute();
      const result = await update(trx);
      if (newly.length > 0) await hook(trx, userId, newly);
      return result;
    });
  }

  /** Returns the ids deleted (those that were the user's). */
  async deleteMany(userId: string, ids: readonly string[]): Promise<Set<string>> {
    return this.kysely.transaction().execute(async (trx) => {
      await this.beforeDelete?.(trx, userId, ids);
      const rows = await trx.deleteFrom('honeypots').where('user_id', '=', userId).where('id', 'in', ids).returning('id').execute();
      return new Set(rows.map((r) => r.id));
    });
  }

  list(userId: string, parsed: ParsedListQuery, tagFilters: readonly TagFilter[]): Promise<ListPage> {
    const engine = this.db.engine;
    return runListQuery(this.db, honeypotsResource, parsed, (qb) => {
      let scoped = qb.where('honeypots.user_id', '=', userId);
      for (const filter of tagFilters) scoped = scoped.where(tagCondition(engine, filter));
      return scoped;
    });
  }

  // ---- ingest path (SMTP server, HTTP ingest): not user-scoped ----

  /** The honeypot at `address` (normalised here), whoever owns it: one unique-index lookup. */
  async findByAddressForDelivery(address: string): Promise<DeliveryTarget | undefined> {
    const row = (await this.selectDeliveryTarget(address.trim().toLowerCase()))[0];
    return row === undefined ? undefined : { id: row.id, user_id: row.user_id, status: row.status };
  }

  /**
   * Counts a captured message, inside the transaction that stores it. `last_email_at` only moves
   * forward, so messages committed out of order leave the newest time. `updated_at` is left alone:
   * it records changes to the honeypot's settings, not its traffic.
   */
  async recordEmailReceived(trx: DbExecutor, honeypotId: string, receivedAt: string): Promise<void> {
    await countReceivedEmail(trx, receivedAt, receivedAt, honeypotId);
  }
}
