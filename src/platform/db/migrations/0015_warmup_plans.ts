/**
 * The warm-up day plan as one row per mailbox and local date (src/warmup/planning/plans.repo.ts).
 *
 * Planning a day for 100,000 mailboxes wrote ~500,000 full `warmup_emails` rows (ids, Message-IDs,
 * tokens, subjects, six indexes) in one run: ~20 s on SQLite. A plan row holds the day's sends compactly
 * (`sends`: JSON `[[epoch seconds, recipient mailbox id], …]`, sorted by time) and is durable like the
 * rows were; the sender turns each send into its full `warmup_emails` row when it comes due
 * ("materialises" it), so the planner writes 100,000 short rows with two small indexes instead.
 *
 * - `planned_at`: when the plan was made; with the mailbox and the recipient it derives each send's
 *   stable row id and content seed (a re-plan is a new `planned_at`, hence new ids).
 * - `planned`: how many sends the plan held when written (cancelled sends leave `sends` but stay
 *   counted: a day that held a plan has counted as a warm-up day).
 * - `next_send_at`: the earliest send not materialised yet; null when none is left (the sender deletes
 *   a plan it has emptied; a cancelled plan stays, emptied, until the planner prunes it).
 */
import type { Kysely } from 'kysely';
import type { DatabaseEngine } from '../../../config.ts';
import { byteText, notNullByteText } from './helpers.ts';

export function warmupPlansMigration(engine: DatabaseEngine) {
  const text = notNullByteText(engine);
  const nullableText = byteText(engine);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('warmup_plans')
        .addColumn('mailbox_id', 'text', (c) => text(c).references('mailboxes.id').onDelete('cascade'))
        .addColumn('plan_date', 'text', text)
        .addColumn('planned_at', 'text', text)
        .addColumn('planned', 'integer', (c) => c.notNull())
        .addColumn('sends', 'text', text)
        .addColumn('next_send_at', 'text', nullableText)
        .addPrimaryKeyConstraint('warmup_plans_pk', ['mailbox_id', 'plan_date'])
        .execute();
      // The sender's scan for sends coming due; partial, so emptied plans are not in it.
      await db.schema.createIndex('warmup_plans_next_idx').on('warmup_plans').column('next_send_at').where('next_send_at', 'is not', null).execute();
    },
  };
}
