/**
 * SQL for the delivery queue (`webhook_deliveries`). Not user-scoped: the worker serves the whole
 * server; every row it touches was claimed by id.
 *
 * Claiming: due pending rows whose lease is free or expired, and — to keep event order per target —
 * only a target's OLDEST pending delivery (no pending row with an earlier (created_at, id) for the same
 * webhook or honeypot). So one target has at most one delivery in flight and a retried delivery holds
 * back the later ones. The claim increments `attempt`; completing requires the same `attempt`, so a
 * worker whose lease ran out (and whose row another worker took) cannot record over the newer attempt.
 * On PostgreSQL `FOR UPDATE SKIP LOCKED` keeps concurrent workers from claiming the same row.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Db, DbExecutor } from '../../platform/db/index.ts';
import type { Database } from '../../platform/db/schema.ts';

export interface ClaimedDelivery {
  id: string;
  user_id: string;
  event_id: string;
  webhook_id: string | null;
  honeypot_id: string | null;
  /** This attempt's number (1 for the first). */
  attempt: number;
  first_attempt_at: string | null;
  created_at: string;
}

export interface DeliveryEvent {
  id: string;
  type: string;
  created_at: string;
  data: string;
}

export interface WebhookTargetRow {
  id: string;
  user_id: string;
  url: string;
  secret_enc: string;
  status: 'active' | 'disabled';
}

export interface HoneypotTargetRow {
  id: string;
  user_id: string;
  alerts_enabled: number;
  alerts_webhook_url: string | null;
  /** Plaintext secret of a row not yet converted (migration 0013). */
  alerts_webhook_secret: string | null;
  alerts_webhook_secret_enc: string | null;
  alerts_webhook_disabled_at: string | null;
}

/** What one attempt left on its delivery row. */
export interface AttemptRecord {
  statusCode: number | null;
  latencyMs: number | null;
  error: string | null;
}

export class DeliveryRepo {
  private readonly db: Db;
  private readonly kysely: Kysely<Database>;
  constructor(db: Db) {
    this.db = db;
    this.kysely = db.kysely;
  }

  transaction<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return this.kysely.transaction().execute(work);
  }

  /** Claims up to `limit` deliveries (see the file comment), earliest due first. */
  async claim(limit: number, nowIso: string, leaseUntilIso: string): Promise<ClaimedDelivery[]> {
    if (limit <= 0) return [];
    const olderPending = (column: 'webhook_id' | 'honeypot_id') =>
      sql<boolean>`(d.${sql.ref(column)} is null or not exists (select 1 from webhook_deliveries o where o.status = 'pending' and o.${sql.ref(column)} = d.${sql.ref(column)} and (o.created_at, o.id) < (d.created_at, d.id)))`;
    let due = this.kysely.selectFrom('webhook_deliveries as d').select('d.id')
      .where('d.status', '=', 'pending')
      .where('d.next_attempt_at', '<=', nowIso)
      .where((eb) => eb.or([eb('d.claimed_until', 'is', null), eb('d.claimed_until', '<', nowIso)]))
      .where(olderPending('webhook_id'))
      .where(olderPending('honeypot_id'))
      .orderBy('d.next_attempt_at').orderBy('d.id').limit(limit);
    if (this.db.engine === 'postgres') due = due.forUpdate().skipLocked();
    const rows = await this.kysely.updateTable('webhook_deliveries')
      .set({ claimed_until: leaseUntilIso, attempt: sql<number>`attempt + 1`, first_attempt_at: sql<string>`coalesce(first_attempt_at, ${nowIso})` })
      .where('id', 'in', due)
      .returning(['id', 'user_id', 'event_id', 'webhook_id', 'honeypot_id', 'attempt', 'first_attempt_at', 'created_at'])
      .execute();
    return rows.sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  async events(ids: readonly string[]): Promise<Map<string, DeliveryEvent>> {
    if (ids.length === 0) return new Map();
    const rows = await this.kysely.selectFrom('events').select(['id', 'type', 'created_at', 'data']).where('id', 'in', [...new Set(ids)]).execute();
    return new Map(rows.map((r) => [r.id, r]));
  }

  async webhooks(ids: readonly string[]): Promise<Map<string, WebhookTargetRow>> {
    if (ids.length === 0) return new Map();
    const rows = await this.kysely.selectFrom('webhooks').select(['id', 'user_id', 'url', 'secret_enc', 'status']).where('id', 'in', [...new Set(ids)]).execute();
    return new Map(rows.map((r) => [r.id, r]));
  }

  async honeypots(ids: readonly string[]): Promise<Map<string, HoneypotTargetRow>> {
    if (ids.length === 0) return new Map();
    const rows = await this.kysely.selectFrom('honeypots')
      .select(['id', 'user_id', 'alerts_enabled', 'alerts_webhook_url', 'alerts_webhook_secret', 'alerts_webhook_secret_enc', 'alerts_webhook_disabled_at'])
      .where('id', 'in', [...new Set(ids)]).execute();
    return new Map(rows.map((r) => [r.id, r]));
  }

  /**
   * Ends or reschedules the claimed attempt. Returns false when the row no longer carries this attempt
   * (the lease ran out and another worker took it, or it was cancelled meanwhile): nothing is written.
   */
  async recordAttempt(
    trx: DbExecutor,
    claimed: ClaimedDelivery,
    attempt: AttemptRecord,
    next: { status: 'succeeded' | 'failed' | 'cancelled'; atIso: string } | { status: 'pending'; nextAttemptAtIso: string },
  ): Promise<boolean> {
    const result = await trx.updateTable('webhook_deliveries').set({
      last_status_code: attempt.statusCode,
      last_latency_ms: attempt.latencyMs,
      last_error: attempt.error,
      claimed_until: null,
      ...(next.status === 'pending' ? { next_attempt_at: next.nextAttemptAtIso } : { status: next.status, completed_at: next.atIso }),
    }).where('id', '=', claimed.id).where('attempt', '=', claimed.attempt).where('status', '=', 'pending').executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async markWebhookDelivered(trx: DbExecutor, webhookId: string, atIso: string): Promise<void> {
    await trx.updateTable('webhooks').set({ failure_count: 0, last_delivery_at: atIso }).where('id', '=', webhookId).execute();
  }

  /** Counts one more consecutive failure; returns the new count and whether the webhook is still active. */
  async countWebhookFailure(trx: DbExecutor, webhookId: string): Promise<{ failureCount: number; active: boolean } | undefined> {
    const row = await trx.updateTable('webhooks').set({ failure_count: sql<number>`failure_count + 1` })
      .where('id', '=', webhookId).returning(['failure_count', 'status']).executeTakeFirst();
    return row === undefined ? undefined : { failureCount: row.failure_count, active: row.status === 'active' };
  }

  async markHoneypotDelivered(trx: DbExecutor, honeypotId: string): Promise<void> {
    await trx.updateTable('honeypots').set({ alerts_failure_count: 0 }).where('id', '=', honeypotId).where('alerts_failure_count', '>', 0).execute();
  }

  /** Counts one more consecutive failure of a honeypot's alert URL; returns the new count and whether the URL is still enabled. */
  async countHoneypotFailure(trx: DbExecutor, honeypotId: string): Promise<{ failureCount: number; active: boolean } | undefined> {
    const row = await trx.updateTable('honeypots').set({ alerts_failure_count: sql<number>`alerts_failure_count + 1` })
      .where('id', '=', honeypotId).returning(['alerts_failure_count', 'alerts_webhook_disabled_at']).executeTakeFirst();
    return row === undefined ? undefined : { failureCount: row.alerts_failure_count, active: row.alerts_webhook_disabled_at === null };
  }

  /** Disables a honeypot's alert URL and cancels its pending deliveries; false when it was already disabled. */
  async disableHoneypotAlertUrl(trx: DbExecutor, honeypotId: string, reason: string, atIso: string): Promise<boolean> {
    const updated = await trx.updateTable('honeypots').set({ alerts_webhook_disabled_at: atIso, alerts_webhook_disabled_reason: reason })
      .where('id', '=', honeypotId).where('alerts_webhook_disabled_at', 'is', null).executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return false;
    await trx.updateTable('webhook_deliveries').set({ status: 'cancelled', completed_at: atIso, claimed_until: null })
      .where('honeypot_id', '=', honeypotId).where('webhook_id', 'is', null).where('status', '=', 'pending').execute();
    return true;
  }

  /** Disables an active webhook and cancels its pending deliveries; false when it was not active. */
  async disableWebhook(trx: DbExecutor, webhookId: string, reason: string, atIso: string): Promise<boolean> {
    const updated = await trx.updateTable('webhooks').set({ status: 'disabled', disabled_reason: reason, updated_at: atIso })
      .where('id', '=', webhookId).where('status', '=', 'active').executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return false;
    await trx.updateTable('webhook_deliveries').set({ status: 'cancelled', completed_at: atIso, claimed_until: null })
      .where('webhook_id', '=', webhookId).where('status', '=', 'pending').execute();
    return true;
  }
}
