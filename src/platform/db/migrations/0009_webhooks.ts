/**
 * Webhooks, the event outbox, deliveries and campaigns (issue 6).
 *
 * - `events`: the outbox. An event row is written in the same transaction as the change that caused it
 *   (an analysis, a campaign crossing its threshold, a webhook disabled), together with one
 *   `webhook_deliveries` row per target (see webhooks/outbox.ts), so an event exists exactly when its
 *   cause does and no delivery can be forgotten by a crash.
 * - `webhook_deliveries`: durable delivery jobs. A target is a webhook endpoint (`webhook_id`) or a
 *   honeypot's own alert URL (`honeypot_id`, URL and secret read from the honeypot at delivery time).
 *   Claimed with a lease (`claimed_until`); retried at `next_attempt_at`; `status` pending → succeeded |
 *   failed (final) | cancelled (target deleted or disabled).
 * - `campaigns`: clusters of captured mail; `emails.campaign_id` (0006) points here.
 */
import { sql, type Kysely } from 'kysely';
import type { DatabaseEngine } from '../../../config.ts';
import { byteText, notNullByteText } from './helpers.ts';

export function webhooksMigration(engine: DatabaseEngine) {
  const text = notNullByteText(engine);
  const nullableText = byteText(engine);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('webhooks')
        .addColumn('id', 'text', (c) => text(c).primaryKey())
        .addColumn('user_id', 'text', (c) => text(c).references('users.id').onDelete('cascade'))
        .addColumn('url', 'text', text)
        .addColumn('events', 'text', text)
        .addColumn('secret_enc', 'text', text)
        .addColumn('status', 'text', text)
        .addColumn('description', 'text', nullableText)
        .addColumn('failure_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('disabled_reason', 'text', nullableText)
        .addColumn('last_delivery_at', 'text', nullableText)
        .addColumn('created_at', 'text', text)
        .addColumn('updated_at', 'text', text)
        .addCheckConstraint('webhooks_status', sql`status in ('active', 'disabled')`)
        .execute();
      await db.schema.createIndex('webhooks_user_idx').on('webhooks').columns(['user_id', 'id']).execute();

      await db.schema
        .createTable('events')
        .addColumn('id', 'text', (c) => text(c).primaryKey())
        .addColumn('user_id', 'text', (c) => text(c).references('users.id').onDelete('cascade'))
        .addColumn('type', 'text', text)
        .addColumn('honeypot_id', 'text', nullableText)
        .addColumn('data', 'text', text)
        .addColumn('created_at', 'text', text)
        .execute();
      await db.schema.createIndex('events_user_idx').on('events').columns(['user_id', 'created_at', 'id']).execute();

      await db.schema
        .createTable('webhook_deliveries')
        .addColumn('id', 'text', (c) => text(c).primaryKey())
        .addColumn('user_id', 'text', (c) => text(c).references('users.id').onDelete('cascade'))
        .addColumn('event_id', 'text', (c) => text(c).references('events.id').onDelete('cascade'))
        .addColumn('webhook_id', 'text', (c) => nullableText(c).references('webhooks.id').onDelete('cascade'))
        .addColumn('honeypot_id', 'text', (c) => nullableText(c).references('honeypots.id').onDelete('cascade'))
        .addColumn('status', 'text', text)
        .addColumn('attempt', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'text', text)
        .addColumn('claimed_until', 'text', nullableText)
        .addColumn('last_status_code', 'integer')
        .addColumn('last_error', 'text', nullableText)
        .addColumn('last_latency_ms', 'integer')
        .addColumn('created_at', 'text', text)
        .addColumn('completed_at', 'text', nullableText)
        // When the first attempt was made: retries continue for 24 h from here (not from created_at, since a
        // delivery may wait behind an older one to the same target).
        .addColumn('first_attempt_at', 'text', nullableText)
        .addCheckConstraint('webhook_deliveries_status', sql`status in ('pending', 'succeeded', 'failed', 'cancelled')`)
        .addCheckConstraint('webhook_deliveries_target', sql`(webhook_id is null) <> (honeypot_id is null)`)
        .execute();
      // The delivery queue: due pending rows, oldest event first (partial index on both engines).
      await sql`create index webhook_deliveries_due_idx on webhook_deliveries (next_attempt_at, id) where status = 'pending'`.execute(db);
      // Order per target: a delivery is claimable only when no older pending one exists for its target;
      // these partial indexes answer that NOT EXISTS without reading the target's delivered history.
      await sql`create index webhook_deliveries_webhook_pending_idx on webhook_deliveries (webhook_id, created_at, id) where status = 'pending'`.execute(db);
      await sql`create index webhook_deliveries_honeypot_pending_idx on webhook_deliveries (honeypot_id, created_at, id) where status = 'pending'`.execute(db);
      await db.schema.createIndex('webhook_deliveries_webhook_idx').on('webhook_deliveries').columns(['webhook_id', 'created_at', 'id']).execute();
      await db.schema.createIndex('webhook_deliveries_honeypot_idx').on('webhook_deliveries').columns(['honeypot_id', 'created_at', 'id']).execute();
      await db.schema.createIndex('webhook_deliveries_user_idx').on('webhook_deliveries').columns(['user_id', 'created_at', 'id']).execute();
      await db.schema.createIndex('webhook_deliveries_event_idx').on('webhook_deliveries').column('event_id').execute();

      await db.schema
        .createTable('campaigns')
        .addColumn('id', 'text', (c) => text(c).primaryKey())
        .addColumn('user_id', 'text', (c) => text(c).references('users.id').onDelete('cascade'))
        .addColumn('representative_subject', 'text', nullableText)
        .addColumn('body_simhash', 'text', nullableText)
        .addColumn('url_set', 'text', nullableText)
        .addColumn('sender_domain', 'text', nullableText)
        .addColumn('origin_network', 'text', nullableText)
        .addColumn('attachment_hashes', 'text', text)
        .addColumn('shared_iocs', 'text', text)
        .addColumn('message_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('honeypot_ids', 'text', text)
        .addColumn('honeypot_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('max_threat_score', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('first_seen_at', 'text', text)
        .addColumn('last_seen_at', 'text', text)
        .addColumn('pattern_notified_at', 'text', nullableText)
        // IOCs seen in one message so far (JSON like shared_iocs, capped): a second sighting promotes one to shared_iocs.
        .addColumn('seen_iocs', 'text', text)
        // The representative SimHash cut into four 16-bit bands (0–65535), null without a body: two hashes
        // within Hamming distance 3 always share a band, so an indexed equality finds the candidates (campaigns/clustering.ts).
        .addColumn('simhash_band0', 'integer')
        .addColumn('simhash_band1', 'integer')
        .addColumn('simhash_band2', 'integer')
        .addColumn('simhash_band3', 'integer')
        .execute();
      for (const band of [0, 1, 2, 3]) {
        await db.schema.createIndex(`campaigns_user_band${band}_idx`).on('campaigns').columns(['user_id', `simhash_band${band}`]).execute();
      }
      for (const column of ['last_seen_at', 'first_seen_at', 'message_count', 'max_threat_score']) {
        await sql`create index ${sql.id(`campaigns_user_${column}_idx`)} on campaigns (user_id, ${sql.id(column)}, id)`.execute(db);
      }
      await db.schema.createIndex('campaigns_user_url_set_idx').on('campaigns').columns(['user_id', 'url_set']).execute();
      await db.schema.createIndex('campaigns_user_sender_idx').on('campaigns').columns(['user_id', 'sender_domain']).execute();
    },
  };
}
