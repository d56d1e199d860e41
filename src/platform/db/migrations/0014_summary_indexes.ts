/**
 * Indexes for the period summary of reports (src/analytics/summary.repo.ts), SQLite only.
 *
 * SQLite has no hash aggregation: a GROUP BY over a period's emails sorts every row (about 1.2 µs a
 * row, ~0.4 s for a month of 345k emails), and each group-by also fetches every row from the table.
 * An index that starts with (user_id, <group key>) and holds the other columns the aggregate reads
 * lets SQLite walk it in group order, filter the period inside the index and aggregate as it goes:
 * no sort, no table lookup (~0.15 s for the same month over 1M stored emails). The walk reads all of
 * the user's entries, so summary.repo.ts takes it only when the period holds a large enough share of
 * the user's mail (WALK_RATIO there) and keeps the (user_id, received_at) range otherwise.
 *
 * - emails_user_sender_idx: top senders, unique senders (lower(from_address); the raw column makes it
 *   covering for the expression).
 * - emails_user_sender_domain_idx: top sender domains (threat counts from classification).
 * - emails_user_origin_ip_idx: top IPs and unique IPs.
 * - emails_user_threat_received_idx: the period's threats only (notable indicators, honeypots hit by
 *   threats without alerts): partial, so ~¼ of the rows, and no lookups of the clean mail.
 *
 * PostgreSQL aggregates by hashing, so the existing (user_id, received_at) range scan is already one
 * pass per figure there; the summary runs its queries concurrently over the pool instead, and no index
 * is added (each would cost every insert and analysis update for nothing).
 */
import { sql, type Kysely } from 'kysely';
import type { DatabaseEngine } from '../../../config.ts';

export const SUMMARY_INDEXES = {
  sender: 'emails_user_sender_idx',
  senderDomain: 'emails_user_sender_domain_idx',
  originIp: 'emails_user_origin_ip_idx',
  threatReceived: 'emails_user_threat_received_idx',
} as const;

export function summaryIndexesMigration(engine: DatabaseEngine) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (engine !== 'sqlite') return;
      await sql`create index ${sql.id(SUMMARY_INDEXES.sender)} on emails (user_id, lower(from_address), received_at, threat_score, from_address)`.execute(db);
      await sql`create index ${sql.id(SUMMARY_INDEXES.senderDomain)} on emails (user_id, sender_domain, received_at, classification)`.execute(db);
      await sql`create index ${sql.id(SUMMARY_INDEXES.originIp)} on emails (user_id, origin_ip, received_at, classification, threat_score)`.execute(db);
      await sql`create index ${sql.id(SUMMARY_INDEXES.threatReceived)} on emails (user_id, received_at) where classification in ('THREAT', 'CRITICAL')`.execute(db);
    },
  };
}
