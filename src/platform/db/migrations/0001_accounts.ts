import type { Kysely } from 'kysely';
import type { DatabaseEngine } from '../../../config.ts';
import { byteText, notNullByteText } from './helpers.ts';

export function accountsMigration(engine: DatabaseEngine) {
  const text = notNullByteText(engine);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => text(c).primaryKey())
        .addColumn('email', 'text', (c) => text(c).unique())
        .addColumn('name', 'text', byteText(engine))
        .addColumn('plan', 'text', text)
        .addColumn('role', 'text', text)
        .addColumn('created_at', 'text', text)
        .addColumn('updated_at', 'text', text)
        .execute();

      await db.schema
        .createTable('api_keys')
        .addColumn('id', 'text', (c) => text(c).primaryKey())
        .addColumn('user_id', 'text', (c) => text(c).references('users.id').onDelete('cascade'))
        .addColumn('name', 'text', text)
        .addColumn('key_hash', 'text', (c) => text(c).unique())
        .addColumn('prefix', 'text', text)
        .addColumn('permissions', 'text', text)
        .addColumn('rate_limit_per_minute', 'integer')
        .addColumn('rate_limit_per_hour', 'integer')
        .addColumn('rate_limit_per_day', 'integer')
        .addColumn('created_at', 'text', text)
        .addColumn('updated_at', 'text', text)
        .addColumn('last_used_at', 'text', byteText(engine))
        .execute();
      await db.schema.createIndex('api_keys_user_id_idx').on('api_keys').columns(['user_id', 'id']).execute();

      await db.schema
        .createTable('rate_limit_counters')
        .addColumn('bucket', 'text', text)
        .addColumn('window_start', 'bigint', (c) => c.notNull())
        .addColumn('hits', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('rate_limit_counters_pk', ['bucket', 'window_start'])
        .execute();
      await db.schema.createIndex('rate_limit_counters_expires_idx').on('rate_limit_counters').column('expires_at').execute();
    },
  };
}
