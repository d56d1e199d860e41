import { Type } from '@sinclair/typebox';

const limitValue = Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]);

export const RateLimitInput = Type.Object(
  { per_minute: Type.Optional(limitValue), per_hour: Type.Optional(limitValue), per_day: Type.Optional(limitValue) },
  { additionalProperties: false, description: "The key's own limits; each at most the plan's, null = the plan's." },
);

const apiKeyProperties = {
    key_id: Type.String({ examples: ['key_01hx9t8m3c4b5d6e7f8g9h0j1k'] }),
    name: Type.String(),
    permissions: Type.Array(Type.String()),
    rate_limit: Type.Object(
      { per_minute: Type.Union([Type.Integer(), Type.Null()]), per_hour: Type.Union([Type.Integer(), Type.Null()]), per_day: Type.Union([Type.Integer(), Type.Null()]) },
      { description: 'Limits this key gets on /v1: its own where set, else the plan\'s; null = unlimited.' },
    ),
    created_at: Type.String({ format: 'date-time' }),
    last_used_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    prefix: Type.String({ description: 'The first characters of the key, to tell keys apart.' }),
};

export const ApiKeySchema = Type.Object(apiKeyProperties, { $id: 'ApiKey' });

/** What list and get return: every field, unless `?fields=` picked some. */
export const ApiKeySelection = Type.Partial(Type.Object(apiKeyProperties), { description: 'An API key; only the requested fields when ?fields= is given.' });

export const ApiKeyWithSecretSchema = Type.Object(
  { ...apiKeyProperties, key: Type.String({ description: 'The raw key. Shown only in this response: store it now.' }) },
  { $id: 'ApiKeyWithSecret' },
);

export const CreateApiKeyBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    permissions: Type.Array(Type.String({ maxLength: 50 }), { minItems: 1, maxItems: 20 }),
    rate_limit: Type.Optional(RateLimitInput),
  },
  { additionalProperties: false },
);

export const UpdateApiKeyBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    permissions: Type.Optional(Type.Array(Type.String({ maxLength: 50 }), { minItems: 1, maxItems: 20 })),
    rate_limit: Type.Optional(RateLimitInput),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const ApiKeyIdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });
