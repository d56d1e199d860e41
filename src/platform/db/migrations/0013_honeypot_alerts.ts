/**
 * Honeypot alert URLs get what webhooks have:
 * - the signing secret stored encrypted by the vault (`alerts_webhook_secret_enc`, context
 *   `honeypot-alerts:<user id>`) with its last four characters kept apart for masking
 *   (`alerts_webhook_secret_hint`). The old plaintext column stays for rows written before this
 *   migration; the server encrypts those at start (HoneypotsService.encryptLegacyAlertSecrets) and
 *   empties it. Nothing writes it any more.
 * - a count of consecutive failed deliveries, and the time and reason the URL was disabled after
 *   WEBHOOK_MAX_FAILURES of them (changing the URL or secret, or enabling alerts again, re-enables it).
 */
import type { Kysely } from 'kysely';
import type { DatabaseEngine } from '../../../config.ts';
import { byteText } from './helpers.ts';

export function honeypotAlertsMigration(engine: DatabaseEngine) {
  const nullableText = byteText(engine);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('honeypots').addColumn('alerts_webhook_secret_enc', 'text', nullableText).execute();
      await db.schema.alterTable('honeypots').addColumn('alerts_webhook_secret_hint', 'text', nullableText).execute();
      await db.schema.alterTable('honeypots').addColumn('alerts_failure_count', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.alterTable('honeypots').addColumn('alerts_webhook_disabled_at', 'text', nullableText).execute();
      await db.schema.alterTable('honeypots').addColumn('alerts_webhook_disabled_reason', 'text', nullableText).execute();
    },
  };
}
