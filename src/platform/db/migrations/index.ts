/**
 * Versioned migrations, applied in name order by `migrate()` at start-up and by `mailwarden migrate`.
 * Never edit a migration that has shipped: add a new one.
 */
import type { Migration, MigrationProvider } from 'kysely';
import type { DatabaseEngine } from '../../../config.ts';
import { accountsMigration } from './0001_accounts.ts';

export function migrationProvider(engine: DatabaseEngine): MigrationProvider {
  const migrations: Record<string, Migration> = {
    '0001_accounts': accountsMigration(engine),
  };
  return { getMigrations: async () => migrations };
}
