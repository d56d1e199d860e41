/**
 * Connected mailboxes (Deliverability API, CONTRACT.md §2).
 *
 * - One row per mailbox, unique per (user, address): a second connection of the same address is a 409.
 * - Passwords are vault ciphertexts; deleting the row deletes them (nothing else holds a copy).
 * - The login verification is a durable job carried by the row itself: `verify_state = 'verifying'`
 *   until a worker has tried both logins; `verify_lease_until` is a worker's claim, so a worker that
 *   dies mid-check leaves the row to be picked up again when the claim lapses.
 * - `dns_*` hold the SPF/DKIM/DMARC statuses of the last DNS check of the mailbox's domain (for
 *   `dns_status`); `dns_refresh_at` is when the daily refresh last took the mailbox (its claim).
 * - Warm-up settings are stored now with the seed's defaults (balanced mode) so the warm-up engine
 *   finds them; `health_score`, `daily_limit`, `warmup_day` are its to update.
 */
import { sql, type Kysely } from 'kysely';
import type { DatabaseEngine } from '../../../config.ts';
import { byteText, notNullByteText } from './helpers.ts';

export function mailboxesMigration(engine: DatabaseEngine) {
  const text = notNullByteText(engine);
  const nullableText = byteText(engine);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('mailboxes')
        .addColumn('id', 'text', (c) => text(c).primaryKey())
        .addColumn('user_id', 'text', (c) => text(c).references('users.id').onDelete('cascade'))
        .addColumn('email', 'text', text)
        .addColumn('domain', 'text', text)
        .addColumn('provider', 'text', text)
        .addColumn('status', 'text', text)
        .addColumn('health_score', 'real', (c) => c.notNull())
        .addColumn('daily_limit', 'integer', (c) => c.notNull())
        .addColumn('warmup_day', 'integer', (c) => c.notNull())
        .addColumn('warmup_started_at', 'text', nullableText)
        .addColumn('warmup_mode', 'text', text)
        .addColumn('target_daily_limit', 'integer', (c) => c.notNull())
        .addColumn('reply_rate', 'integer', (c) => c.notNull())
        .addColumn('thread_rate', 'integer', (c) => c.notNull())
        .addColumn('weekdays_only', 'integer', (c) => c.notNull())
        .addColumn('send_window_start', 'integer', (c) => c.notNull())
        .addColumn('send_window_end', 'integer', (c) => c.notNull())
        .addColumn('timezone', 'text', text)
        .addColumn('paused_reason', 'text', nullableText)
        .addColumn('smtp_host', 'text', text)
        .addColumn('smtp_port', 'integer', (c) => c.notNull())
        .addColumn('smtp_security', 'text', text)
        .addColumn('smtp_user', 'text', text)
        .addColumn('smtp_pass', 'text', text)
        .addColumn('imap_host', 'text', text)
        .addColumn('imap_port', 'integer', (c) => c.notNull())
        .addColumn('imap_security', 'text', text)
        .addColumn('imap_user', 'text', text)
        .addColumn('imap_pass', 'text', text)
        .addColumn('imap_folders', 'text', nullableText)
        .addColumn('sending_ip', 'text', nullableText)
        .addColumn('connection_error', 'text', nullableText)
        .addColumn('verify_state', 'text', text)
        .addColumn('verify_lease_until', 'text', nullableText)
        .addColumn('verify_attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('verified_at', 'text', nullableText)
        .addColumn('dns_spf', 'text', nullableText)
        .addColumn('dns_dkim', 'text', nullableText)
        .addColumn('dns_dmarc', 'text', nullableText)
        .addColumn('dns_checked_at', 'text', nullableText)
        .addColumn('dns_refresh_at', 'text', nullableText)
        .addColumn('created_at', 'text', text)
        .addColumn('updated_at', 'text', text)
        .addUniqueConstraint('mailboxes_user_email_unique', ['user_id', 'email'])
        .addCheckConstraint('mailboxes_status_values', sql`status in ('active', 'paused', 'error')`)
        .addCheckConstraint('mailboxes_verify_state_values', sql`verify_state in ('verifying', 'verified', 'failed')`)
        .addCheckConstraint('mailboxes_security_values', sql`smtp_security in ('tls', 'starttls') and imap_security in ('tls', 'starttls')`)
        .addCheckConstraint('mailboxes_ports', sql`smtp_port between 1 and 65535 and imap_port between 1 and 65535`)
        .addCheckConstraint('mailboxes_rates', sql`reply_rate between 0 and 100 and thread_rate between 0 and 100`)
        .addCheckConstraint('mailboxes_window', sql`send_window_start between 0 and 23 and send_window_end between 0 and 23 and send_window_start < send_window_end`)
        .execute();
      // The list (GET /mailboxes, newest last) and the worker's scan for pending verifications.
      await db.schema.createIndex('mailboxes_user_created_idx').on('mailboxes').columns(['user_id', 'created_at', 'id']).execute();
      await db.schema.createIndex('mailboxes_verify_idx').on('mailboxes').columns(['verify_state', 'verify_lease_until']).execute();
      // The DNS refresh's scan for mailboxes not refreshed today.
      await db.schema.createIndex('mailboxes_dns_refresh_idx').on('mailboxes').columns(['dns_refresh_at']).execute();
    },
  };
}
