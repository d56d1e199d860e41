/**
 * The warm-up engine (Deliverability API, CONTRACT.md §2; glossary in src/warmup/types.ts).
 *
 * - `warmup_emails`: one row per warm-up message, planned ahead as `scheduled` so `recent_emails` shows
 *   what is coming and a restart loses nothing. The row carries three durable jobs, each with its own
 *   claim (a worker's lease, ISO time; a crashed worker's claim lapses):
 *     sending   — `status = 'scheduled'`, due at `scheduled_at`, claimed through `send_claimed_until`;
 *     locating  — sent rows whose `landed_in` is still open, looked for at `next_check_at` in the
 *                 recipient's IMAP, claimed through `receive_claimed_until`;
 *     engaging  — once located: rescue, mark read, flag, reply/continue, file away (the `*_at` columns
 *                 record what was done, so a restart never does a step twice).
 * - `warmup_daily_stats`: one row per mailbox and local date (the mailbox's timezone), rolled up from
 *   the rows above; `health_score` is the score at the end of that day.
 * - Columns added to `mailboxes` for the planner, the health score and the safety rules.
 */
import { sql, type Kysely } from 'kysely';
import type { DatabaseEngine } from '../../../config.ts';
import { byteText, notNullByteText } from './helpers.ts';

export function warmupMigration(engine: DatabaseEngine) {
  const text = notNullByteText(engine);
  const nullableText = byteText(engine);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('warmup_emails')
        .addColumn('id', 'text', (c) => text(c).primaryKey())
        .addColumn('user_id', 'text', (c) => text(c).references('users.id').onDelete('cascade'))
        .addColumn('mailbox_id', 'text', (c) => text(c).references('mailboxes.id').onDelete('cascade'))
        .addColumn('recipient_mailbox_id', 'text', (c) => nullableText(c).references('mailboxes.id').onDelete('set null'))
        .addColumn('recipient_email', 'text', text)
        .addColumn('kind', 'text', text)
        .addColumn('thread_id', 'text', text)
        .addColumn('parent_id', 'text', nullableText)
        .addColumn('thread_depth', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('content_seed', 'integer', (c) => c.notNull())
        .addColumn('subject', 'text', text)
        .addColumn('message_id', 'text', text)
        .addColumn('token', 'text', text)
        .addColumn('plan_date', 'text', text)
        .addColumn('status', 'text', text)
        .addColumn('scheduled_at', 'text', text)
        .addColumn('sent_at', 'text', nullableText)
        .addColumn('send_claimed_until', 'text', nullableText)
        .addColumn('send_attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('smtp_outcome', 'text', nullableText)
        .addColumn('smtp_response', 'text', nullableText)
        .addColumn('bounce_type', 'text', nullableText)
        .addColumn('bounce_category', 'text', nullableText)
        .addColumn('bounce_detail', 'text', nullableText)
        .addColumn('landed_in', 'text', nullableText)
        .addColumn('next_check_at', 'text', nullableText)
        .addColumn('receive_claimed_until', 'text', nullableText)
        .addColumn('receive_attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('located_at', 'text', nullableText)
        .addColumn('located_folder', 'text', nullableText)
        .addColumn('located_uid', 'integer')
        .addColumn('rescued_at', 'text', nullableText)
        .addColumn('opened_at', 'text', nullableText)
        .addColumn('flagged_at', 'text', nullableText)
        .addColumn('replied_at', 'text', nullableText)
        .addColumn('filed_at', 'text', nullableText)
        .addColumn('created_at', 'text', text)
        .addColumn('updated_at', 'text', text)
        .addCheckConstraint('warmup_emails_kind_values', sql`kind in ('new', 'reply', 'continuation')`)
        .addCheckConstraint('warmup_emails_status_values', sql`status in ('scheduled', 'sent', 'failed', 'bounced', 'cancelled')`)
        .addCheckConstraint('warmup_emails_landed_values', sql`landed_in is null or landed_in in ('inbox', 'spam', 'promotions', 'missing')`)
        .addCheckConstraint('warmup_emails_bounce_values', sql`bounce_type is null or bounce_type in ('hard', 'soft')`)
        .execute();
      // The sender's scan for due rows.
      await db.schema.createIndex('warmup_emails_due_idx').on('warmup_emails').columns(['status', 'scheduled_at']).execute();
      // A mailbox's rows by local date: the planner's "already planned today" check, the stats roll-up,
      // recent_emails (a mailbox holds a few thousand rows: sorting them is cheap) and DSN matching by
      // Message-ID or token within the sending mailbox. Few indexes on purpose: the planner inserts
      // hundreds of thousands of rows a day, and every index is paid on each of them. The token is
      // 128 random bits, unique without a constraint.
      await db.schema.createIndex('warmup_emails_mailbox_idx').on('warmup_emails').columns(['mailbox_id', 'plan_date']).execute();
      // The receiving side's scan: sent rows still to locate or engage, per recipient mailbox.
      // Partial (only rows with work left): planned rows have no next_check_at, so inserting a day's plan
      // does not touch these indexes (the planner inserts hundreds of thousands of rows a run).
      await db.schema.createIndex('warmup_emails_receive_idx').on('warmup_emails').columns(['recipient_mailbox_id', 'next_check_at'])
        .where('next_check_at', 'is not', null).execute();
      await db.schema.createIndex('warmup_emails_check_idx').on('warmup_emails').columns(['next_check_at']).where('next_check_at', 'is not', null).execute();
      // The stats roll-up's scan for rows changed since its last run.
      await db.schema.createIndex('warmup_emails_updated_idx').on('warmup_emails').columns(['updated_at']).execute();
      // The answers in a thread (its first row is found by id): partial, so planned `new` rows skip it.
      await db.schema.createIndex('warmup_emails_thread_idx').on('warmup_emails').columns(['thread_id']).where(sql.ref('kind'), '<>', 'new').execute();

      await db.schema
        .createTable('warmup_daily_stats')
        .addColumn('mailbox_id', 'text', (c) => text(c).references('mailboxes.id').onDelete('cascade'))
        .addColumn('date', 'text', text)
        .addColumn('sent', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('delivered', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('opened', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('replied', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('bounced', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('inbox_landed', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('spam_landed', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('promotions_landed', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('missing', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('health_score', 'real')
        .addColumn('updated_at', 'text', text)
        .addPrimaryKeyConstraint('warmup_daily_stats_pk', ['mailbox_id', 'date'])
        .execute();

      await db.schema.alterTable('mailboxes').addColumn('warmup_planned_through', 'text', nullableText).execute();
      await db.schema.alterTable('mailboxes').addColumn('health_reasons', 'text', nullableText).execute();
      await db.schema.alterTable('mailboxes').addColumn('health_confident', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.alterTable('mailboxes').addColumn('auth_failures', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.alterTable('mailboxes').addColumn('last_auth_failure_at', 'text', nullableText).execute();
      await db.schema.alterTable('mailboxes').addColumn('imap_checked_at', 'text', nullableText).execute();
      await db.schema.alterTable('mailboxes').addColumn('imap_claimed_until', 'text', nullableText).execute();
      // The receiving side's DSN intake: `<UIDVALIDITY>:<last INBOX UID examined>`, so each pass reads only new mail.
      await db.schema.alterTable('mailboxes').addColumn('imap_dsn_cursor', 'text', nullableText).execute();
      // The planner's scan: active mailboxes whose plan does not reach today yet.
      await db.schema.createIndex('mailboxes_warmup_plan_idx').on('mailboxes').columns(['status', 'warmup_planned_through']).execute();
    },
  };
}
