/**
 * How `GET /v1/webhooks` and `GET /v1/webhooks/:id/deliveries` plug into the shared list machinery
 * (CONTRACT.md §1.4). Ids are time-ordered, so `sort=id:desc` lists the newest first.
 */
import type { ListResource } from '../http/list-query.ts';
import { DELIVERY_FIELDS, DELIVERY_STATUSES, WEBHOOK_FIELDS, WEBHOOK_STATUSES } from './webhooks.schema.ts';

export const webhooksResource: ListResource = {
  name: 'webhooks',
  table: 'webhooks',
  fields: {
    id: { column: 'id', type: 'string', sortable: true },
    url: { column: 'url', type: 'string', sortable: true },
    status: { column: 'status', type: 'enum', values: WEBHOOK_STATUSES, sortable: true },
    description: { column: 'description', type: 'string', nullable: true },
    failure_count: { column: 'failure_count', type: 'integer', sortable: true },
    last_delivery_at: { column: 'last_delivery_at', type: 'timestamp', sortable: true, nullable: true },
    created_at: { column: 'created_at', type: 'timestamp', sortable: true },
    updated_at: { column: 'updated_at', type: 'timestamp', sortable: true },
  },
  selectable: WEBHOOK_FIELDS,
  timestampField: 'created_at',
};

/** `event_type` lives on the event: the repository's scope joins `events` (see WebhooksRepo.listDeliveries). */
export const deliveriesResource: ListResource = {
  name: 'deliveries',
  table: 'webhook_deliveries',
  fields: {
    id: { column: 'id', type: 'string', sortable: true },
    event_id: { column: 'event_id', type: 'string' },
    event_type: { column: 'events.type', type: 'string', sortable: true },
    status: { column: 'status', type: 'enum', values: DELIVERY_STATUSES, sortable: true },
    attempt: { column: 'attempt', type: 'integer', sortable: true },
    last_status_code: { column: 'last_status_code', type: 'integer', sortable: true, nullable: true },
    last_latency_ms: { column: 'last_latency_ms', type: 'integer', sortable: true, nullable: true },
    last_error: { column: 'last_error', type: 'string', nullable: true },
    next_attempt_at: { column: 'next_attempt_at', type: 'timestamp', sortable: true },
    created_at: { column: 'created_at', type: 'timestamp', sortable: true },
    completed_at: { column: 'completed_at', type: 'timestamp', sortable: true, nullable: true },
  },
  selectable: DELIVERY_FIELDS,
  timestampField: 'created_at',
};
