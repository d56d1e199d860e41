/**
 * Threat analysis results (issue 5) on captured email.
 *
 * - `emails.analysis_status`: `pending` → `complete` (scores filled) or `failed` (after
 *   ANALYSIS_MAX_ATTEMPTS; `analysis_error` says why). A pending row is the analysis job: a worker
 *   claims it by setting `analysis_claimed_until` (a lease) and `analysis_attempts`; a crashed worker's
 *   lease simply runs out and another worker takes the row.
 * - JSON columns: `indicators` [{type, description, weight}], `iocs` {urls, domains, ips, hashes}
 *   (refanged), `auth_results` {spf, dkim, dkim_domain, dmarc, dmarc_policy, arc}, `fingerprint`
 *   (see analysis/fingerprint.ts). `body_simhash` and `sender_domain` are copied out of the
 *   fingerprint for campaign clustering queries; `campaign_id` is set by campaign detection.
 * - Attachments gain their hashes and the malware verdict.
 */
import { sql, type Kysely } from 'kysely';
import type { DatabaseEngine } from '../../../config.ts';
import { byteText } from './helpers.ts';

export function analysisMigration(engine: DatabaseEngine) {
  const text = byteText(engine);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const emailColumns: Array<[string, 'text' | 'integer']> = [
        ['indicators', 'text'], ['iocs', 'text'], ['auth_results', 'text'], ['fingerprint', 'text'],
        ['body_simhash', 'text'], ['sender_domain', 'text'], ['campaign_id', 'text'],
        ['analysis_claimed_until', 'text'], ['analyzed_at', 'text'], ['analysis_error', 'text'],
      ];
      for (const [name, type] of emailColumns) {
        await db.schema.alterTable('emails').addColumn(name, type, type === 'text' ? text : (c) => c).execute();
      }
      await db.schema.alterTable('emails').addColumn('analysis_attempts', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      // The analysis queue: only pending rows, oldest first (partial index on both engines).
      await sql`create index emails_analysis_queue_idx on emails (received_at, id) where analysis_status = 'pending'`.execute(db);
      await db.schema.createIndex('emails_user_campaign_idx').on('emails').columns(['user_id', 'campaign_id']).execute();
      await db.schema.createIndex('emails_simhash_idx').on('emails').columns(['user_id', 'body_simhash']).execute();

      for (const name of ['sha1', 'md5', 'threat_name']) {
        await db.schema.alterTable('email_attachments').addColumn(name, 'text', text).execute();
      }
      await db.schema.alterTable('email_attachments').addColumn('malware_detected', 'integer').execute();
    },
  };
}
