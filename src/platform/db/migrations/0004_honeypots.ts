/**
 * Honeypots (CONTRACT.md §3.2): the addresses the inbound SMTP server accepts mail for.
 *
 * - `email_address` is unique across the server (stored trimmed and lower-cased), so RCPT TO is one
 *   indexed lookup whoever owns the address.
 * - `alerts` is stored as columns rather than JSON so PATCH can change one setting without a
 *   read-modify-write, and the threshold is checked by the database as well as the API.
 * - Indexes serve the list machinery: `(user_id, <sortable>, id)` for each sortable field so a sorted
 *   page is an index walk, `(user_id, <filter>)` for the common filters.
 */
import { sql, type Kysely } from 'kysely';
import type { DatabaseEngine } from '../../../config.ts';
import { byteText, notNullByteText } from './helpers.ts';

const SORT_INDEXES: Array<[name: string, column: string]> = [
  ['honeypots_user_id_idx', 'id'],
  ['honeypots_user_created_idx', 'created_at'],
  ['honeypots_user_updated_idx', 'updated_at'],
  ['honeypots_user_address_idx', 'email_address'],
  ['honeypots_user_email_count_idx', 'email_count'],
];

const FILTER_INDEXES: Array<[name: string, column: string]> = [
  ['honeypots_user_status_idx', 'status'],
  ['honeypots_user_purpose_idx', 'purpose'],
  ['honeypots_user_priority_idx', 'priority'],
  ['honeypots_user_domain_idx', 'domain'],
];

export function honeypotsMigration(engine: DatabaseEngine) {
  const text = notNullByteText(engine);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('honeypots')
        .addColumn('id', 'text', (c) => text(c).primaryKey())
        .addColumn('user_id', 'text', (c) => text(c).references('users.id').onDelete('cascade'))
        .addColumn('email_address', 'text', (c) => text(c).unique())
        .addColumn('domain', 'text', text)
        .addColumn('purpose', 'text', text)
        .addColumn('description', 'text', byteText(engine))
        .addColumn('category', 'text', byteText(engine))
        .addColumn('priority', 'text', text)
        .addColumn('tags', 'text', (c) => text(c).defaultTo('[]'))
        .addColumn('status', 'text', text)
        .addColumn('alerts_enabled', 'integer', (c) => c.notNull())
        .addColumn('alerts_threat_threshold', 'integer', (c) => c.notNull())
        .addColumn('alerts_email_notifications', 'integer', (c) => c.notNull())
        .addColumn('alerts_webhook_url', 'text', byteText(engine))
        .addColumn('alerts_webhook_secret', 'text', byteText(engine))
        .addColumn('email_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_email_at', 'text', byteText(engine))
        .addColumn('created_at', 'text', text)
        .addColumn('updated_at', 'text', text)
        .addCheckConstraint('honeypots_threshold_range', sql`alerts_threat_threshold between 0 and 100`)
        .addCheckConstraint('honeypots_email_count_positive', sql`email_count >= 0`)
        .execute();

      for (const [name, column] of SORT_INDEXES) {
        await db.schema.createIndex(name).on('honeypots').columns(['user_id', column, 'id']).execute();
      }
      // A nullable sort column: the list orders NULL first ascending (SQLite's native order). PostgreSQL
      // only walks an index for that order when the index says NULLS FIRST; SQLite has no such clause.
      const nullsFirst = engine === 'postgres' ? sql` nulls first` : sql``;
      await sql`create index honeypots_user_last_email_idx on honeypots (user_id, last_email_at${nullsFirst}, id)`.execute(db);
      for (const [name, column] of FILTER_INDEXES) {
        await db.schema.createIndex(name).on('honeypots').columns(['user_id', column]).execute();
      }
    },
  };
}
