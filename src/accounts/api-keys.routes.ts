/**
 * `/v1/api-keys/*` (CONTRACT.md §3.1). Every route needs `keys:manage` and sees only the caller's keys.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { actorOf } from '../http/actor.ts';
import { parseFieldSelection, parseListQuery, pickFields } from '../http/list-query.ts';
import { dataEnvelope, listEnvelope, sendData, sendList, THREAT_SECURITY, threatResponses } from '../http/threat/envelope.ts';
import { principalOf } from '../http/types.ts';
import type { Plan } from '../platform/db/schema.ts';
import type { ApiKeyRow } from './api-keys.repo.ts';
import { apiKeysListResource } from './api-keys.repo.ts';
import type { RateLimitInput } from './api-keys.schema.ts';
import { ApiKeyIdParams, ApiKeySelection, CreateApiKeyBody, UpdateApiKeyBody } from './api-keys.schema.ts';
import type { ApiKeysService, KeyRequest } from './api-keys.service.ts';
import type { ThreatLimits } from './plans.ts';

const TAGS = ['Threat: API keys'];

function toLimits(input: Static<typeof RateLimitInput> | undefined): Partial<ThreatLimits> | undefined {
  if (input === undefined) return undefined;
  return { perMinute: input.per_minute, perHour: input.per_hour, perDay: input.per_day };
}

export function apiKeysRoutes(apiKeys: ApiKeysService): FastifyPluginAsync {
  function toApiKey(plan: Plan, row: ApiKeyRow) {
    const limits = apiKeys.effectiveLimits(plan, row);
    return {
      key_id: row.id,
      name: row.name,
      permissions: JSON.parse(row.permissions) as string[],
      rate_limit: { per_minute: limits.perMinute, per_hour: limits.perHour, per_day: limits.perDay },
      created_at: row.created_at,
      last_used_at: row.last_used_at,
      prefix: row.prefix,
    };
  }

  function keyRequest(request: FastifyRequest): KeyRequest {
    return { grantor: principalOf(request).permissions, actor: actorOf(request) };
  }

  return async (app) => {
    app.get(
      '/api-keys',
      {
        config: { scope: 'keys:manage' },
        schema: {
          tags: TAGS,
          summary: "List the caller's API keys",
          description: 'Never includes the raw keys. Supports page, limit, filters, date_range (created_at), sort and fields.',
          security: THREAT_SECURITY,
          response: threatResponses({ 200: listEnvelope(ApiKeySelection) }),
        },
      },
      async (request, reply) => {
        const principal = principalOf(request);
        const parsed = parseListQuery(apiKeysListResource, request.query as Record<string, unknown>);
        const page = await apiKeys.list(principal.user.id, parsed);
        const data = page.rows.map((row) => pickFields(toApiKey(principal.user.plan, row), parsed.fields));
        return sendList(request, reply, data, page.pagination);
      },
    );

    app.post<{ Body: Static<typeof CreateApiKeyBody> }>(
      '/api-keys',
      {
        config: { scope: 'keys:manage' },
        schema: {
          tags: TAGS,
          summary: 'Create an API key',
          description:
            'The raw key is in this response only. Permissions must be known scopes (422 naming the unknown ones) that the caller holds itself (403); rate_limit may only lower the plan\'s limits (422).',
          security: THREAT_SECURITY,
          body: CreateApiKeyBody,
          response: threatResponses({ 201: dataEnvelope(Type.Ref('ApiKeyWithSecret')) }),
        },
      },
      async (request, reply) => {
        const user = principalOf(request).user;
        const { name, permissions, rate_limit } = request.body;
        const { key, row } = await apiKeys.create(user, { name, permissions, rateLimit: toLimits(rate_limit) }, keyRequest(request));
        return sendData(request, reply, { ...toApiKey(user.plan, row), key }, 201);
      },
    );

    app.get<{ Params: Static<typeof ApiKeyIdParams> }>(
      '/api-keys/:id',
      {
        config: { scope: 'keys:manage' },
        schema: { tags: TAGS, summary: 'An API key', security: THREAT_SECURITY, params: ApiKeyIdParams, response: threatResponses({ 200: dataEnvelope(ApiKeySelection) }) },
      },
      async (request, reply) => {
        const user = principalOf(request).user;
        const fields = parseFieldSelection(apiKeysListResource, request.query as Record<string, unknown>);
        const row = await apiKeys.get(user.id, request.params.id);
        return sendData(request, reply, pickFields(toApiKey(user.plan, row), fields));
      },
    );

    app.patch<{ Params: Static<typeof ApiKeyIdParams>; Body: Static<typeof UpdateApiKeyBody> }>(
      '/api-keys/:id',
      {
        config: { scope: 'keys:manage' },
        schema: {
          tags: TAGS,
          summary: "Update an API key's name, permissions or rate limit",
          security: THREAT_SECURITY,
          params: ApiKeyIdParams,
          body: UpdateApiKeyBody,
          response: threatResponses({ 200: dataEnvelope(Type.Ref('ApiKey')) }),
        },
      },
      async (request, reply) => {
        const user = principalOf(request).user;
        const { name, permissions, rate_limit } = request.body;
        const row = await apiKeys.update(user, request.params.id, { name, permissions, rateLimit: toLimits(rate_limit) }, keyRequest(request));
        return sendData(request, reply, toApiKey(user.plan, row));
      },
    );

    app.delete<{ Params: Static<typeof ApiKeyIdParams> }>(
      '/api-keys/:id',
      {
        config: { scope: 'keys:manage' },
        schema: {
          tags: TAGS,
          summary: 'Delete an API key (it stops working at once)',
          security: THREAT_SECURITY,
          params: ApiKeyIdParams,
          response: threatResponses({ 200: dataEnvelope(Type.Object({ key_id: Type.String(), deleted: Type.Boolean() })) }),
        },
      },
      async (request, reply) => {
        await apiKeys.delete(principalOf(request).user.id, request.params.id, actorOf(request));
        return sendData(request, reply, { key_id: request.params.id, deleted: true });
      },
    );

    app.post<{ Params: Static<typeof ApiKeyIdParams> }>(
      '/api-keys/:id/regenerate',
      {
        config: { scope: 'keys:manage' },
        schema: {
          tags: TAGS,
          summary: 'Replace the secret of an API key',
          description: 'The old key stops working at once; the new raw key is in this response only. Name, permissions and limits are kept.',
          security: THREAT_SECURITY,
          params: ApiKeyIdParams,
          response: threatResponses({ 200: dataEnvelope(Type.Ref('ApiKeyWithSecret')) }),
        },
      },
      async (request, reply) => {
        const user = principalOf(request).user;
        const { key, row } = await apiKeys.regenerate(user.id, request.params.id, actorOf(request));
        return sendData(request, reply, { ...toApiKey(user.plan, row), key });
      },
    );
  };
}
