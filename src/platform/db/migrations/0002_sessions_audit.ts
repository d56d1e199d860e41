/**
 * Magic-link sign-in, sessions (refresh-token families with their access tokens) and the audit log.
 * Every token column holds a SHA-256 hex digest, never the token.
 */
import type { Kysely } from 'kysely';
import type { DatabaseEngine } from '../../../config.ts';
import { byteText, notNullByteText } from './helpers.ts';

export function sessionsAuditMigration(engine: DatabaseEngine) {
  const text = notNullByteText(engine);
  const nullableText = byteText(engine);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('login_tokens')
        .addColumn('id', 'text', (c) => text(c).primaryKey())
        .addColumn('token_hash', 'text', (c) => text(c).unique())
        .addColumn('email', 'text', text)
        .addColumn('user_id', 'text', (c) => nullableText(c).references('users.id').onDelete('cascade'))
        .addColumn('requested_ip', 'text', nullableText)
        .addColumn('created_at', 'text', text)
        .addColumn('expires_at', 'text', text)
        .addColumn('used_at', 'text', nullableText)
        .execute();
      await db.schema.createIndex('login_tokens_expires_idx').on('login_tokens').column('expires_at').execute();
      await db.schema.createIndex('login_tokens_user_idx').on('login_tokens').column('user_id').execute();

      await db.schema
        .createTable('session_families')
        .addColumn('id', 'text', (c) => text(c).primaryKey())
        .addColumn('user_id', 'text', (c) => text(c).references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'text', text)
        .addColumn('expires_at', 'text', text)
        .addColumn('revoked_at', 'text', nullableText)
        .addColumn('revoked_reason', 'text', nullableText)
        .addColumn('client_ip', 'text', nullableText)
        .execute();
      await db.schema.createIndex('session_families_user_idx').on('session_families').column('user_id').execute();
      await db.schema.createIndex('session_families_expires_idx').on('session_families').column('expires_at').execute();

      await db.schema
        .createTable('refresh_tokens')
        .addColumn('id', 'text', (c) => text(c).primaryKey())
        .addColumn('family_id', 'text', (c) => text(c).references('session_families.id').onDelete('cascade'))
        .addColumn('token_hash', 'text', (c) => text(c).unique())
        .addColumn('created_at', 'text', text)
        .addColumn('expires_at', 'text', text)
        .addColumn('rotated_at', 'text', nullableText)
        .execute();
      await db.schema.createIndex('refresh_tokens_family_idx').on('refresh_tokens').column('family_id').execute();

      await db.schema
        .createTable('access_tokens')
        .addColumn('token_hash', 'text', (c) => text(c).primaryKey())
        .addColumn('family_id', 'text', (c) => text(c).references('session_families.id').onDelete('cascade'))
        .addColumn('created_at', 'text', text)
        .addColumn('expires_at', 'text', text)
        .execute();
      await db.schema.createIndex('access_tokens_family_idx').on('access_tokens').column('family_id').execute();
      await db.schema.createIndex('access_tokens_expires_idx').on('access_tokens').column('expires_at').execute();

      await db.schema
        .createTable('audit_events')
        .addColumn('id', 'text', (c) => text(c).primaryKey())
        .addColumn('user_id', 'text', (c) => text(c).references('users.id').onDelete('cascade'))
        .addColumn('action', 'text', text)
        .addColumn('actor_type', 'text', text)
        .addColumn('actor_id', 'text', nullableText)
        .addColumn('api_key_id', 'text', nullableText)
        .addColumn('target_type', 'text', nullableText)
        .addColumn('target_id', 'text', nullableText)
        .addColumn('ip', 'text', nullableText)
        .addColumn('user_agent', 'text', nullableText)
        .addColumn('details', 'text', text)
        .addColumn('created_at', 'text', text)
        .execute();
      // The list machinery sorts by (col, id) within one user and filters by (user_id, col).
      await db.schema.createIndex('audit_events_user_created_idx').on('audit_events').columns(['user_id', 'created_at', 'id']).execute();
      await db.schema.createIndex('audit_events_user_id_idx').on('audit_events').columns(['user_id', 'id']).execute();
      await db.schema.createIndex('audit_events_user_action_idx').on('audit_events').columns(['user_id', 'action']).execute();
    },
  };
}
