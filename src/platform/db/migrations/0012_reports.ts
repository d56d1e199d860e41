/**
 * Reports (issue 7, CONTRACT.md §3.5).
 *
 * One row per report: its definition (type, format, period, filters, sections, schedule, recipients),
 * its public `status`, the file it last produced (a blob, by SHA-256) and its generation job.
 *
 * The generation job lives on the row itself (one job per report at a time, by construction):
 * - `job_queued_at` not null: a generation was asked for (creation, POST /generate, a schedule firing);
 * - a worker claims it by setting `job_claimed_until` (a lease) and a fresh `job_token`; a crashed
 *   worker's lease lapses and another worker claims the row again (`job_attempts` counts claims);
 * - finishing (ready or failed) clears all three, conditioned on the token so a worker whose lease
 *   lapsed can never overwrite a newer run's result.
 * Schedules: `next_run_at` (indexed) is when the schedule next fires; firing sets the period that just
 * ended and queues a job. `mail_pending` = 1 once a generated file still has to be e-mailed to
 * `recipients` (set in the same transaction as the file, so a crash cannot lose the mail).
 */
import { sql, type Kysely } from 'kysely';
import type { DatabaseEngine } from '../../../config.ts';
import { byteText, notNullByteText } from './helpers.ts';

export function reportsMigration(engine: DatabaseEngine) {
  const text = notNullByteText(engine);
  const nullableText = byteText(engine);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('reports')
        .addColumn('id', 'text', (c) => text(c).primaryKey())
        .addColumn('user_id', 'text', (c) => text(c).references('users.id').onDelete('cascade'))
        .addColumn('name', 'text', text)
        .addColumn('type', 'text', text)
        .addColumn('description', 'text', nullableText)
        .addColumn('format', 'text', text)
        .addColumn('period_start', 'text', text)
        .addColumn('period_end', 'text', text)
        .addColumn('schedule', 'text', nullableText)
        .addColumn('filters', 'text', text)
        .addColumn('sections', 'text', text)
        .addColumn('recipients', 'text', text)
        .addColumn('status', 'text', text)
        .addColumn('error', 'text', nullableText)
        .addColumn('file_sha256', 'text', nullableText)
        .addColumn('file_size', 'integer')
        .addColumn('generated_at', 'text', nullableText)
        .addColumn('generation_ms', 'integer')
        .addColumn('next_run_at', 'text', nullableText)
        .addColumn('job_queued_at', 'text', nullableText)
        .addColumn('job_claimed_until', 'text', nullableText)
        .addColumn('job_token', 'text', nullableText)
        .addColumn('job_attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('mail_pending', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('mail_attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('mail_error', 'text', nullableText)
        .addColumn('created_at', 'text', text)
        .addColumn('updated_at', 'text', text)
        .addCheckConstraint('reports_status', sql`status in ('pending', 'generating', 'ready', 'failed')`)
        .addCheckConstraint('reports_format', sql`format in ('pdf', 'csv', 'json')`)
        .execute();
      await db.schema.createIndex('reports_user_idx').on('reports').columns(['user_id', 'id']).execute();
      await db.schema.createIndex('reports_user_created_idx').on('reports').columns(['user_id', 'created_at', 'id']).execute();
      // The worker's two queues: queued generations and due schedules (partial indexes on both engines).
      await sql`create index reports_job_idx on reports (job_queued_at, id) where job_queued_at is not null`.execute(db);
      await sql`create index reports_next_run_idx on reports (next_run_at, id) where next_run_at is not null`.execute(db);
      await sql`create index reports_mail_idx on reports (id) where mail_pending = 1`.execute(db);
      await db.schema.createIndex('reports_file_idx').on('reports').column('file_sha256').execute();
    },
  };
}
