/**
 * Cached results of the DNS checks (src/checks): DNS authentication reports and DNS blacklist scans.
 *
 * - Keyed by what was checked (`kind` + `cache_key`: the domain, the IP, the selectors), not by
 *   mailbox or user: the answers are public DNS facts, identical for everyone who asks, and the
 *   mailboxes feature decides who may see which (its rows name the domain and IP).
 * - `report` is the full JSON report; `checked_at` (ISO-8601) decides freshness (30 minutes for
 *   blacklist scans, a day for DNS authentication, see the services).
 */
import type { Kysely } from 'kysely';
import type { DatabaseEngine } from '../../../config.ts';
import { byteText, notNullByteText } from './helpers.ts';

export function checksMigration(engine: DatabaseEngine) {
  const text = notNullByteText(engine);
  const nullableText = byteText(engine);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('check_results')
        .addColumn('kind', 'text', text)
        .addColumn('cache_key', 'text', text)
        .addColumn('domain', 'text', nullableText)
        .addColumn('ip', 'text', nullableText)
        .addColumn('checked_at', 'text', text)
        .addColumn('report', 'text', text)
        .addPrimaryKeyConstraint('check_results_pk', ['kind', 'cache_key'])
        .execute();
      // Housekeeping and "what do we know about this domain" lookups.
      await db.schema.createIndex('check_results_domain_idx').on('check_results').columns(['domain', 'kind']).execute();
    },
  };
}
