/** Webhook shapes as `/v1/webhooks` returns them (src/webhooks/webhooks.schema.ts). */
export interface Webhook {
  id: string;
  url: string;
  events: string[];
  status: 'active' | 'disabled';
  description: string | null;
  created_at: string;
  updated_at: string;
  last_delivery_at: string | null;
  failure_count: number;
  disabled_reason: string | null;
}

/** The create response: the only time the signing secret is shown. */
export interface WebhookWithSecret extends Webhook {
  secret: string;
}

export interface Delivery {
  id: string;
  event_id: string;
  event_type: string;
  status: 'pending' | 'succeeded' | 'failed' | 'cancelled';
  attempt: number;
  last_status_code: number | null;
  last_latency_ms: number | null;
  last_error: string | null;
  next_attempt_at: string | null;
  created_at: string;
  completed_at: string | null;
}

/** The event types a webhook can subscribe to (src/webhooks/outbox.ts EVENT_TYPES), explained. */
export const WEBHOOK_EVENTS = [
  { value: 'email.received', description: 'Every message a honeypot captures.' },
  { value: 'threat.detected', description: "A message scoring at or above its honeypot's alert threshold (default 70)." },
  { value: 'pattern.detected', description: 'A campaign: the same attack seen across several messages or honeypots.' },
  { value: 'system.alert', description: 'Operational alerts, e.g. a webhook disabled after repeated failures.' },
] as const;
