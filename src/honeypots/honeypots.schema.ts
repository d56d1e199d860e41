/**
 * Honeypot request and response schemas (CONTRACT.md §3.2, bulk §1.5). They validate requests,
 * serialize responses and feed the OpenAPI document.
 *
 * Request schemas carry no `default` keyword: the validator fills defaults in place, which would make
 * a PATCH reset every field it did not mention. Defaults live in the service and are documented here.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';

export const PURPOSES = ['monitoring', 'leak-detection', 'testing', 'trap'] as const;
export const PRIORITIES = ['low', 'medium', 'high', 'critical'] as const;
export const STATUSES = ['active', 'inactive', 'pending', 'suspended'] as const;

export type Purpose = (typeof PURPOSES)[number];
export type Priority = (typeof PRIORITIES)[number];
export type HoneypotStatus = (typeof STATUSES)[number];

/** Largest bulk request (CONTRACT.md §1.5 decision). */
export const MAX_BULK_ITEMS = 1000;
export const MAX_TAGS = 20;
export const MAX_TAG_LENGTH = 50;
export const MAX_DESCRIPTION_LENGTH = 1000;
export const MAX_CATEGORY_LENGTH = 100;
export const MAX_WEBHOOK_URL_LENGTH = 2048;
export const MIN_WEBHOOK_SECRET_LENGTH = 16;
export const MAX_WEBHOOK_SECRET_LENGTH = 256;

/** A string enum: the validator names the allowed values when one does not match. */
function stringEnum<T extends string>(values: readonly T[], description: string) {
  return Type.Unsafe<T>(Type.String({ enum: [...values], description }));
}

const Purpose = stringEnum(PURPOSES, 'Why the address exists. Default `monitoring`.');
const Priority = stringEnum(PRIORITIES, 'Default `medium`.');
const Status = stringEnum(STATUSES, 'Only `active` honeypots receive mail; `pending` ones are answered 450 (try later). Default `active`.');
const NullableText = (maxLength: number, description: string) =>
  Type.Union([Type.String({ maxLength }), Type.Null()], { description });

const Tags = Type.Array(Type.String({ minLength: 1, maxLength: MAX_TAG_LENGTH }), {
  maxItems: MAX_TAGS,
  description: `Up to ${MAX_TAGS} labels of 1–${MAX_TAG_LENGTH} characters, trimmed; duplicates are dropped. Default [].`,
});

/** Alert settings as sent; on PATCH only the given keys change. */
export const AlertsInputSchema = Type.Object(
  {
    enabled: Type.Optional(Type.Boolean({ description: 'Default true.' })),
    threat_threshold: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 100, description: 'Overall threat score (0–100) at or above which a captured email raises `threat.detected`. Default 70.' }),
    ),
    email_notifications: Type.Optional(Type.Boolean({ description: 'Default false.' })),
    webhook_url: Type.Optional(NullableText(MAX_WEBHOOK_URL_LENGTH, 'http(s) URL alerts are POSTed to. Default null.')),
    webhook_secret: Type.Optional(
      Type.Union([Type.String({ minLength: MIN_WEBHOOK_SECRET_LENGTH, maxLength: MAX_WEBHOOK_SECRET_LENGTH }), Type.Null()], {
        description: `Signing secret for the alert webhook (${MIN_WEBHOOK_SECRET_LENGTH}–${MAX_WEBHOOK_SECRET_LENGTH} characters). Write-only: it is returned in full only in the response that creates the honeypot and masked everywhere else. When a honeypot is created with a webhook_url and no secret, one is generated.`,
      }),
    ),
  },
  { additionalProperties: false },
);

const createProperties = {
  email_address: Type.Optional(
    Type.String({
      maxLength: 254,
      description:
        'The honeypot address; stored trimmed and lower-cased; unique across the server; its domain must be one of the server\'s HONEYPOT_DOMAINS (else 422). When omitted, a random, unguessable address on the first configured domain is generated.',
      examples: ['honeypot1@company.com'],
    }),
  ),
  purpose: Type.Optional(Purpose),
  description: Type.Optional(NullableText(MAX_DESCRIPTION_LENGTH, 'Free text. Default null.')),
  category: Type.Optional(NullableText(MAX_CATEGORY_LENGTH, 'Free-text grouping. Default null.')),
  priority: Type.Optional(Priority),
  tags: Type.Optional(Tags),
  status: Type.Optional(Status),
  alerts: Type.Optional(AlertsInputSchema),
};

export const HoneypotCreateSchema = Type.Object(createProperties, { additionalProperties: false });
export type HoneypotCreateBody = Static<typeof HoneypotCreateSchema>;

/** PATCH /honeypots/:id: any create field; only the given fields change (alerts key by key); `{}` changes nothing. */
export const HoneypotPatchSchema = Type.Object(createProperties, { additionalProperties: false });
export type HoneypotPatchBody = Static<typeof HoneypotPatchSchema>;

/** Bulk updates apply to many honeypots at once, so the (unique) address cannot be among them. */
const { email_address: _address, ...bulkUpdateProperties } = createProperties;
export const HoneypotBulkUpdatesSchema = Type.Object(bulkUpdateProperties, { additionalProperties: false });
export type HoneypotBulkUpdates = Static<typeof HoneypotBulkUpdatesSchema>;

// ---- responses ----

const Timestamp = Type.String({ format: 'date-time' });

export const AlertsSchema = Type.Object({
  enabled: Type.Boolean(),
  threat_threshold: Type.Integer({ minimum: 0, maximum: 100 }),
  email_notifications: Type.Boolean(),
  webhook_url: Type.Union([Type.String(), Type.Null()]),
  webhook_secret: Type.Union([Type.String(), Type.Null()], {
    description: 'Masked (`****` + last 4 characters) except in the response that created the honeypot.',
  }),
  webhook_status: Type.Union([Type.Literal('active'), Type.Literal('disabled'), Type.Null()], {
    description:
      'null without a webhook_url. `disabled` after WEBHOOK_MAX_FAILURES consecutive failed deliveries (a system.alert event says so); setting webhook_url or webhook_secret, or enabling alerts again, makes it active.',
  }),
  webhook_disabled_reason: Type.Union([Type.String(), Type.Null()], { description: 'Why the alert URL was disabled, in words; null while active.' }),
});

const honeypotProperties = {
  id: Type.String({ examples: ['honeypot_01jp2x7k9m3n4p5q6r7s8t9v0w'] }),
  email_address: Type.String(),
  domain: Type.String(),
  purpose: Purpose,
  description: Type.Union([Type.String(), Type.Null()]),
  category: Type.Union([Type.String(), Type.Null()]),
  priority: Priority,
  tags: Type.Array(Type.String()),
  status: Status,
  alerts: AlertsSchema,
  email_count: Type.Integer({ minimum: 0, description: 'Messages captured by this honeypot.' }),
  last_email_at: Type.Union([Timestamp, Type.Null()]),
  created_at: Timestamp,
  updated_at: Timestamp,
};

export const HoneypotSchema = Type.Object(honeypotProperties);
/** What `?fields=` may trim a honeypot to: any subset of its fields. */
export const HoneypotPartialSchema = Type.Partial(Type.Object(honeypotProperties));
export type Honeypot = Static<typeof HoneypotSchema>;

export const HONEYPOT_FIELDS = Object.keys(honeypotProperties) as Array<keyof Honeypot>;

export const ItemErrorSchema = Type.Object({
  code: Type.String(),
  message: Type.String(),
  details: Type.Optional(Type.Object({}, { additionalProperties: true })),
});

function bulkResults(item: TSchema) {
  return Type.Object({ results: Type.Array(item) });
}

export const BulkCreateResultsSchema = bulkResults(
  Type.Object({
    index: Type.Integer({ description: 'Position of the item in the request array (0-based).' }),
    status: Type.Union([Type.Literal('created'), Type.Literal('error')]),
    id: Type.Optional(Type.String()),
    data: Type.Optional(HoneypotSchema),
    error: Type.Optional(ItemErrorSchema),
  }),
);

export const BulkIdResultsSchema = bulkResults(
  Type.Object({
    id: Type.String(),
    status: Type.Union([Type.Literal('updated'), Type.Literal('deleted'), Type.Literal('error')]),
    error: Type.Optional(ItemErrorSchema),
  }),
);

export const DeletedSchema = Type.Object({ id: Type.String(), deleted: Type.Literal(true) });
