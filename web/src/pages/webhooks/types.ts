/** Webhook shapes as `/v1/webhooks` returns them, from the SDK's generated types. */
import type * as Sdk from '@mailwarden/sdk';
export type Webhook = Sdk.Webhook;
/** The create response: the only time the signing secret is shown. */
export type WebhookWithSecret = Sdk.WebhookWithSecret;
export type Delivery = Required<Sdk.WebhookDelivery>;

/** The event types a webhook can subscribe to (src/webhooks/outbox.ts EVENT_TYPES), explained. */
export const WEBHOOK_EVENTS = [
  { value: 'email.received', description: 'Every message a honeypot captures.' },
  { value: 'threat.detected', description: "A message scoring at or above its honeypot's alert threshold (default 70)." },
  { value: 'pattern.detected', description: 'A campaign: the same attack seen across several messages or honeypots.' },
  { value: 'system.alert', description: 'Operational alerts, e.g. a webhook disabled after repeated failures.' },
] as const;
