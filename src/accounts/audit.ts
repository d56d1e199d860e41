/**
 * The audit log: security-relevant actions on an account, readable by its owner
 * (`GET /v1/users/me/audit`). Events are written in the same transaction as the action they record,
 * so an action that rolled back leaves no event and a committed action always has one.
 */
import type { Selectable } from 'kysely';
import type { Clock } from '../platform/clock.ts';
import { isoTime } from '../platform/clock.ts';
import type { AuditEventsTable } from '../platform/db/schema.ts';
import { newId } from '../platform/ids.ts';
import type { ListResource } from '../http/list-query.ts';
import type { Actor } from './actor.ts';
import type { DbExecutor } from '../platform/db/index.ts';

export const AUDIT_ACTIONS = [
  'auth.signed_in',
  'auth.signed_out',
  'auth.refresh_token_reused',
  'api_key.created',
  'api_key.updated',
  'api_key.regenerated',
  'api_key.deleted',
  'user.updated',
  'user.plan_changed',
  'user.role_changed',
  'user.deleted',
  'webhook.created',
  'webhook.deleted',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export type AuditEventRow = Selectable<AuditEventsTable>;

export interface AuditEvent {
  /** The account whose log receives the event. */
  userId: string;
  action: AuditAction;
  actor: Actor;
  targetType?: 'user' | 'api_key' | 'session' | 'webhook';
  targetId?: string;
  details?: Record<string, unknown>;
}


export class AuditLog {
  private readonly clock: Clock;
  constructor(clock: Clock) {
    this.clock = clock;
  }

  /** Writes the event through `executor`: pass the transaction of the action being recorded. */
  async record(executor: DbExecutor, event: AuditEvent): Promise<void> {
    const now = this.clock.now();
    await executor
      .insertInto('audit_events')
      .values({
        id: newId('audit', now),
        user_id: event.userId,
        action: event.action,
        actor_type: event.actor.type,
        actor_id: event.actor.userId,
        api_key_id: event.actor.apiKeyId,
        target_type: event.targetType ?? null,
        target_id: event.targetId ?? null,
        ip: event.actor.ip,
        user_agent: event.actor.userAgent === null ? null : event.actor.userAgent.slice(0, 512),
        details: JSON.stringify(event.details ?? {}),
        created_at: isoTime(now),
      })
      .execute();
  }
}

/** `GET /v1/users/me/audit` through the shared list machinery. */
export const auditListResource: ListResource = {
  name: 'audit events',
  table: 'audit_events',
  fields: {
    id: { column: 'id', type: 'string', sortable: true },
    action: { column: 'action', type: 'enum', values: AUDIT_ACTIONS },
    actor_type: { column: 'actor_type', type: 'enum', values: ['session', 'api_key', 'cli', 'system'] },
    actor_id: { column: 'actor_id', type: 'string', nullable: true },
    api_key_id: { column: 'api_key_id', type: 'string', nullable: true },
    target_type: { column: 'target_type', type: 'string', nullable: true },
    target_id: { column: 'target_id', type: 'string', nullable: true },
    ip: { column: 'ip', type: 'string', nullable: true },
    user_agent: { column: 'user_agent', type: 'string', nullable: true },
    details: { column: 'details', type: 'string', filterable: false },
    created_at: { column: 'created_at', type: 'timestamp', sortable: true },
  },
  selectable: ['id', 'action', 'actor_type', 'actor_id', 'api_key_id', 'target_type', 'target_id', 'ip', 'user_agent', 'details', 'created_at'],
  timestampField: 'created_at',
};

/** A stored row → the API object (details parsed back into an object). */
export function toAuditEvent(row: AuditEventRow) {
  return {
    id: row.id,
    action: row.action,
    actor_type: row.actor_type,
    actor_id: row.actor_id,
    api_key_id: row.api_key_id,
    target_type: row.target_type,
    target_id: row.target_id,
    ip: row.ip,
    user_agent: row.user_agent,
    details: JSON.parse(row.details) as Record<string, unknown>,
    created_at: row.created_at,
  };
}
