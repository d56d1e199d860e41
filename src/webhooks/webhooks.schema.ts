/**
 * Webhook endpoint request and response schemas (CONTRACT.md §3.4). They validate requests, serialize
 * responses and feed the OpenAPI document.
 *
 * `events` items are plain strings here, not an enum: an unknown event type is a 422 from the service
 * that names it (the issue asks for that), rather than a generic schema 400.
 * Request schemas carry no `default` keyword (the validator would fill them into a PATCH); defaults
 * live in the service and are documented here.
 */
import { Type, type Static } from '@sinclair/typebox';
import { EVENT_TYPES } from './outbox.ts';
import { MAX_WEBHOOK_URL_LENGTH } from './url-safety.ts';

export const WEBHOOK_STATUSES = ['active', 'disabled'] as const;
export type WebhookStatus = (typeof WEBHOOK_STATUSES)[number];

export const MAX_DESCRIPTION_LENGTH = 1000;
/** A secret the client chooses: 16–256 characters (a `whsec_` one must carry base64 of 24–64 bytes). */
export const MIN_SECRET_LENGTH = 16;
export const MAX_SECRET_LENGTH = 256;
export const MAX_EVENTS = 20;

const Url = Type.String({
  minLength: 1,
  maxLength: MAX_WEBHOOK_URL_LENGTH,
  description:
    'http:// or https:// URL deliveries are POSTed to; no user name or password in it. Its host must resolve to public addresses only, unless the server sets WEBHOOK_ALLOW_PRIVATE=true (422 otherwise).',
  examples: ['https://your-server.com/webhook'],
});
const Events = Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
  minItems: 1,
  maxItems: MAX_EVENTS,
  description: `Event types to receive, any of: ${EVENT_TYPES.join(', ')} (422 naming an unknown one). Duplicates are dropped.`,
});
const Description = Type.Union([Type.String({ maxLength: MAX_DESCRIPTION_LENGTH }), Type.Null()], { description: 'Free text. Default null.' });

export const WebhookCreateSchema = Type.Object(
  {
    url: Url,
    events: Events,
    description: Type.Optional(Description),
    secret: Type.Optional(
      Type.String({
        minLength: MIN_SECRET_LENGTH,
        maxLength: MAX_SECRET_LENGTH,
        description:
          'Signing secret. Default: a generated `whsec_` + base64 of 32 random bytes (Standard Webhooks format). Returned only in this response, never again. A `whsec_` secret must carry base64 of 24–64 bytes; any other secret is used as its UTF-8 bytes.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type WebhookCreateBody = Static<typeof WebhookCreateSchema>;

/** PATCH: only the given fields change; `{}` changes nothing. The secret cannot be changed (create a new webhook). */
export const WebhookPatchSchema = Type.Object(
  { url: Type.Optional(Url), events: Type.Optional(Events), description: Type.Optional(Description) },
  { additionalProperties: false },
);
export type WebhookPatchBody = Static<typeof WebhookPatchSchema>;

// ---- responses ----

const Timestamp = Type.String({ format: 'date-time' });
const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);

const webhookProperties = {
  id: Type.String({ examples: ['webhook_01jp2x7k9m3n4p5q6r7s8t9v0w'] }),
  webhook_id: Type.String({ description: 'The same as id (the name the API overview example uses).' }),
  url: Type.String(),
  events: Type.Array(Type.String()),
  status: Type.Unsafe<WebhookStatus>(Type.String({ enum: [...WEBHOOK_STATUSES], description: 'Only active webhooks receive deliveries.' })),
  description: Type.Union([Type.String(), Type.Null()]),
  created_at: Timestamp,
  updated_at: Timestamp,
  last_delivery_at: Type.Union([Timestamp, Type.Null()], { description: 'When a delivery last succeeded.' }),
  failure_count: Type.Integer({ minimum: 0, description: 'Consecutive failed delivery attempts; reset by a success or by enabling.' }),
  disabled_reason: Type.Union([Type.String(), Type.Null()], { description: 'Why the webhook was disabled (by a person or after repeated failures), or null.' }),
};

export const WebhookSchema = Type.Object(webhookProperties);
export const WebhookPartialSchema = Type.Partial(Type.Object(webhookProperties));
export type Webhook = Static<typeof WebhookSchema>;
export const WEBHOOK_FIELDS = Object.keys(webhookProperties) as Array<keyof Webhook>;

/** The create response: the webhook plus its secret, the only time the secret is shown. */
export const WebhookWithSecretSchema = Type.Object({
  ...webhookProperties,
  secret: Type.String({ description: 'The signing secret. Store it now: it is never shown again.' }),
});
export type WebhookWithSecret = Static<typeof WebhookWithSecretSchema>;

export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed', 'cancelled'] as const;

const deliveryProperties = {
  id: Type.String({ examples: ['dlv_01jp2x7k9m3n4p5q6r7s8t9v0w'] }),
  event_id: Type.String(),
  event_type: Type.String(),
  status: Type.Unsafe<(typeof DELIVERY_STATUSES)[number]>(
    Type.String({ enum: [...DELIVERY_STATUSES], description: 'pending (waiting or retrying), succeeded, failed (final), cancelled.' }),
  ),
  attempt: Type.Integer({ minimum: 0, description: 'Attempts made so far.' }),
  last_status_code: Type.Union([Type.Integer(), Type.Null()], { description: 'HTTP status of the last attempt, null when none answered.' }),
  last_latency_ms: Type.Union([Type.Integer(), Type.Null()], { description: 'Duration of the last attempt, in milliseconds.' }),
  last_error: Type.Union([Type.String(), Type.Null()]),
  next_attempt_at: NullableTimestamp,
  created_at: Timestamp,
  completed_at: NullableTimestamp,
};

export const DeliverySchema = Type.Object(deliveryProperties);
export const DeliveryPartialSchema = Type.Partial(Type.Object(deliveryProperties));
export type Delivery = Static<typeof DeliverySchema>;
export const DELIVERY_FIELDS = Object.keys(deliveryProperties) as Array<keyof Delivery>;

export const TestEventSchema = Type.Object({
  event_id: Type.String(),
  type: Type.Literal('webhook.test'),
  deliveries: Type.Integer({ description: 'Deliveries queued (1).' }),
});

export const DeletedSchema = Type.Object({ id: Type.String(), deleted: Type.Literal(true) });
