/**
 * Versioned migrations, applied in name order by `migrate()` at start-up and by `mailwarden migrate`.
 * Never edit a migration that has shipped: add a new one.
 */
import type { Migration, MigrationProvider } from 'kysely';
import type { DatabaseEngine } from '../../../config.ts';
import { accountsMigration } from './0001_accounts.ts';
import { sessionsAuditMigration } from './0002_sessions_audit.ts';
import { blobsMigration } from './0003_blobs.ts';
import { honeypotsMigration } from './0004_honeypots.ts';
import { emailsMigration } from './0005_emails.ts';
import { analysisMigration } from './0006_analysis.ts';
import { checksMigration } from './0007_checks.ts';
import { mailboxesMigration } from './0008_mailboxes.ts';
import { webhooksMigration } from './0009_webhooks.ts';
import { warmupMigration } from './0010_warmup.ts';
import { analyticsMigration } from './0011_analytics.ts';
import { honeypotAlertsMigration } from './0013_honeypot_alerts.ts';
import { reportsMigration } from './0012_reports.ts';
import { summaryIndexesMigration } from './0014_summary_indexes.ts';
import { warmupPlansMigration } from './0015_warmup_plans.ts';

export function migrationProvider(engine: DatabaseEngine): MigrationProvider {
  const migrations: Record<string, Migration> = {
    '0001_accounts': accountsMigration(engine),
    '0002_sessions_audit': sessionsAuditMigration(engine),
    '0003_blobs': blobsMigration(engine),
    '0004_honeypots': honeypotsMigration(engine),
    '0005_emails': emailsMigration(engine),
    '0006_analysis': analysisMigration(engine),
    '0007_checks': checksMigration(engine),
    '0008_mailboxes': mailboxesMigration(engine),
    '0009_webhooks': webhooksMigration(engine),
    '0010_warmup': warmupMigration(engine),
    '0011_analytics': analyticsMigration(engine),
    '0012_reports': reportsMigration(engine),
    '0013_honeypot_alerts': honeypotAlertsMigration(engine),
    '0014_summary_indexes': summaryIndexesMigration(engine),
    '0015_warmup_plans': warmupPlansMigration(engine),
  };
  return { getMigrations: async () => migrations };
}
