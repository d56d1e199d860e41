/**
 * Captured email (CONTRACT.md §3.3): one `emails` row per (message, receiving honeypot) and one
 * `email_attachments` row per attachment of that row. Raw messages and attachment bytes live in the
 * blob store under their SHA-256; these rows only name them.
 *
 * - Scores and `classification` stay NULL while `analysis_status` is `pending` (the analysis issue fills them).
 * - The parsed detail (header subset, text and HTML bodies) is stored so a detail read never re-parses the raw message.
 * - Indexes serve the list machinery: `(user_id, <sortable>, id)` so a sorted page is an index walk and
 *   a range filter on a sortable column is an index-only count; nullable sort columns are declared
 *   NULLS FIRST on PostgreSQL (the list orders NULL smallest, see list-query/types.ts).
 * - `raw_sha256` and `email_attachments.sha256` are indexed for the blob collector's reference checks.
 */
import { sql, type Kysely } from 'kysely';
import type { DatabaseEngine } from '../../../config.ts';
import { byteText, notNullByteText } from './helpers.ts';

const SORT_INDEXES: Array<[name: string, column: string, nullable: boolean]> = [
  ['emails_user_id_idx', 'id', false],
  ['emails_user_received_idx', 'received_at', false],
  ['emails_user_threat_idx', 'threat_score', true],
  ['emails_user_malware_idx', 'malware_score', true],
  ['emails_user_spam_idx', 'spam_score', true],
  ['emails_user_phishing_idx', 'phishing_score', true],
  ['emails_user_subject_idx', 'subject', true],
  ['emails_user_size_idx', 'size', false],
];

const FILTER_INDEXES: Array<[name: string, column: string]> = [
  ['emails_user_honeypot_idx', 'honeypot_id'],
  ['emails_user_classification_idx', 'classification'],
];

export function emailsMigration(engine: DatabaseEngine) {
  const text = notNullByteText(engine);
  const nullableText = byteText(engine);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('emails')
        .addColumn('id', 'text', (c) => text(c).primaryKey())
        .addColumn('user_id', 'text', (c) => text(c).references('users.id').onDelete('cascade'))
        .addColumn('honeypot_id', 'text', (c) => text(c).references('honeypots.id').onDelete('cascade'))
        .addColumn('received_at', 'text', text)
        .addColumn('from_address', 'text', nullableText)
        .addColumn('from_name', 'text', nullableText)
        .addColumn('to_addresses', 'text', text)
        .addColumn('subject', 'text', nullableText)
        .addColumn('message_id', 'text', nullableText)
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('threat_score', 'integer')
        .addColumn('malware_score', 'integer')
        .addColumn('spam_score', 'integer')
        .addColumn('phishing_score', 'integer')
        .addColumn('reputation_score', 'integer')
        .addColumn('classification', 'text', nullableText)
        .addColumn('analysis_status', 'text', text)
        .addColumn('attachment_count', 'integer', (c) => c.notNull())
        .addColumn('raw_sha256', 'text', text)
        .addColumn('headers', 'text', text)
        .addColumn('body_text', 'text', nullableText)
        .addColumn('body_html', 'text', nullableText)
        .addColumn('parse_warnings', 'text', text)
        .addColumn('transport', 'text', text)
        .addColumn('smtp_server', 'text', text)
        .addColumn('smtp_ip', 'text', nullableText)
        .addColumn('smtp_port', 'integer')
        .addColumn('smtp_helo', 'text', nullableText)
        .addColumn('smtp_tls', 'integer', (c) => c.notNull())
        .addColumn('smtp_mail_from', 'text', nullableText)
        .addCheckConstraint('emails_transport', sql`transport in ('smtp', 'http')`)
        .execute();

      const nullsFirst = engine === 'postgres' ? sql` nulls first` : sql``;
      for (const [name, column, nullable] of SORT_INDEXES) {
        await sql`create index ${sql.id(name)} on emails (user_id, ${sql.id(column)}${nullable ? nullsFirst : sql``}, id)`.execute(db);
      }
      for (const [name, column] of FILTER_INDEXES) {
        await db.schema.createIndex(name).on('emails').columns(['user_id', column]).execute();
      }
      await db.schema.createIndex('emails_raw_sha256_idx').on('emails').column('raw_sha256').execute();
      // Retention deletes the oldest mail of every user.
      await db.schema.createIndex('emails_received_idx').on('emails').columns(['received_at', 'id']).execute();
      // Honeypot deletion cascades here.
      await db.schema.createIndex('emails_honeypot_idx').on('emails').column('honeypot_id').execute();

      await db.schema
        .createTable('email_attachments')
        .addColumn('id', 'text', (c) => text(c).primaryKey())
        .addColumn('email_id', 'text', (c) => text(c).references('emails.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => text(c).references('users.id').onDelete('cascade'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('filename', 'text', nullableText)
        .addColumn('declared_content_type', 'text', nullableText)
        .addColumn('sniffed_content_type', 'text', text)
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('sha256', 'text', text)
        .addColumn('disposition', 'text', text)
        .addColumn('content_id', 'text', nullableText)
        .execute();
      await db.schema.createIndex('email_attachments_email_idx').on('email_attachments').columns(['email_id', 'position']).execute();
      await db.schema.createIndex('email_attachments_user_idx').on('email_attachments').column('user_id').execute();
      await db.schema.createIndex('email_attachments_sha256_idx').on('email_attachments').column('sha256').execute();
    },
  };
}
