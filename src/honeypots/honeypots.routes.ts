/**
 * Threat API honeypot routes (CONTRACT.md §3.2, bulk §1.5). Thin: parse, call the service, shape the
 * envelope. `/honeypots/bulk` is a static path, so Fastify's router matches it before `/honeypots/:id`
 * whatever the registration order (a GET of `/honeypots/bulk` is an id lookup and answers 404).
 */
import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { filterableFields, parseFieldSelection, parseListQuery, pickFields } from '../http/list-query.ts';
import { dataEnvelope, listEnvelope, sendData, sendList, threatResponses } from '../http/threat/envelope.ts';
import { principalOf } from '../http/types.ts';
import { createValidatorCompiler, toClientError } from '../http/validation.ts';
import { DomainError, InvalidInput } from '../platform/errors.ts';
import { HONEYPOT_RESERVED_PARAMS, honeypotsResource, parseTagFilters } from './honeypots.list.ts';
import {
  BulkCreateResultsSchema,
  BulkIdResultsSchema,
  DeletedSchema,
  HoneypotBulkUpdatesSchema,
  HoneypotCreateSchema,
  HoneypotPartialSchema,
  HoneypotPatchSchema,
  HoneypotSchema,
  MAX_BULK_ITEMS,
  type HoneypotBulkUpdates,
  type HoneypotCreateBody,
  type HoneypotPatchBody,
} from './honeypots.schema.ts';
import type { BulkCreateItem, HoneypotsService } from './honeypots.service.ts';

const TAGS = ['Threat: honeypots'];
const SECURITY: Array<Record<string, string[]>> = [{ bearer: [] }, { apiKeyQuery: [] }];

function responses(success: Record<number, TSchema>) {
  return { ...threatResponses(success), 409: Type.Ref('ThreatError'), 422: Type.Ref('ThreatError') };
}

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });
const ApiKeyParam = Type.Optional(Type.String({ description: 'The API key, when not sent as a Bearer header.' }));

const FIELDS_DESCRIPTION = `Comma-separated fields to return; any of: ${honeypotsResource.selectable.join(', ')}.`;

/**
 * Documents the list parameters. Filters stay untyped so they may repeat (`x=gte:1&x=lt:5`); parseListQuery
 * validates every value.
 */
function listQuerySchema() {
  const filters: Record<string, TSchema> = {};
  for (const name of filterableFields(honeypotsResource)) {
    filters[name] = Type.Optional(Type.Unknown({ description: `Filter: ${name}=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq).` }));
  }
  return Type.Object(
    {
      page: Type.Optional(Type.String({ description: 'Page number. Default 1.' })),
      limit: Type.Optional(Type.String({ description: 'Items per page, 1–100. Default 25.' })),
      sort: Type.Optional(
        Type.String({ description: `<field>[:asc|desc]. Default id:asc. Sortable: id, email_address, email_count, last_email_at, created_at, updated_at.` }),
      ),
      sort_direction: Type.Optional(Type.String({ description: 'asc or desc. Default asc.' })),
      fields: Type.Optional(Type.String({ description: FIELDS_DESCRIPTION })),
      date_range: Type.Optional(Type.String({ description: 'YYYY-MM-DD:YYYY-MM-DD on created_at, both days inclusive (UTC).' })),
      tags: Type.Optional(
        Type.Unknown({ description: 'Whole-tag membership: tags=x or contains:x (has x), ne:x, in:a,b (any of), nin:a,b (none of).' }),
      ),
      ...filters,
      api_key: ApiKeyParam,
    },
    { additionalProperties: true },
  );
}

const BulkCreateBody = Type.Array(Type.Unknown(), {
  minItems: 1,
  maxItems: MAX_BULK_ITEMS,
  description: `1–${MAX_BULK_ITEMS} honeypot create bodies (the same fields as POST /v1/honeypots). Each item succeeds or fails on its own.`,
});
const BulkIds = Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: MAX_BULK_ITEMS });
const BulkUpdateBody = Type.Object({ ids: BulkIds, updates: HoneypotBulkUpdatesSchema }, { additionalProperties: false });
const BulkDeleteQuery = Type.Object(
  {
    ids: Type.Optional(
      Type.String({
        description: `Comma-separated honeypot ids (1–${MAX_BULK_ITEMS}). A long list may not fit in a URL (servers limit request lines, Node to 16 KiB by default): send {"ids": [...]} as the JSON body instead.`,
      }),
    ),
    api_key: ApiKeyParam,
  },
  { additionalProperties: false },
);
/**
 * Optional JSON body `{ids}`. No `type: object` and no `required` on purpose: a request without a body
 * must pass, and OpenAPI would otherwise mark the body required. `bulkDeleteIds` checks the rest.
 */
const BulkDeleteBody = Type.Unsafe<{ ids: string[] } | undefined>({
  properties: { ids: BulkIds },
  additionalProperties: false,
  description: 'Optional: {"ids": [...]} instead of ?ids= for long lists.',
});

/** 200/201 when every item succeeded, 207 when any failed (CONTRACT.md §1.5). */
function bulkStatus(results: ReadonlyArray<{ status: string }>, allOk: number): number {
  return results.some((r) => r.status === 'error') ? 207 : allOk;
}

/** DELETE /honeypots/bulk takes ids from `?ids=a,b` (seed) or a JSON body `{ids}`, not both. */
function bulkDeleteIds(query: { ids?: string }, body: unknown): string[] {
  if (query.ids !== undefined && body !== undefined) {
    throw new InvalidInput('Give the ids once: either ?ids=a,b or a JSON body {"ids": [...]}, not both.', { field: 'ids', value: query.ids });
  }
  if (body !== undefined) {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new InvalidInput('The request body must be a JSON object {"ids": [...]}.', { field: 'body', value: body });
    }
    // The schema has already checked `ids` when present.
    const { ids } = body as { ids?: string[] };
    if (ids === undefined) throw new InvalidInput('The request body needs "ids": [...].', { field: 'ids', value: null });
    return ids;
  }
  if (query.ids === undefined) {
    throw new InvalidInput('Say which honeypots to delete: ?ids=a,b or a JSON body {"ids": [...]}.', { field: 'ids', value: null });
  }
  return query.ids.split(',').map((id) => id.trim());
}

export function honeypotsRoutes(service: HoneypotsService): FastifyPluginAsync {
  return async (app) => {
    // Bulk-create items are checked one by one, with the same strict rules as a single create body,
    // so one bad item is that item's error rather than the whole request's.
    const checkCreateItem = createValidatorCompiler()({ schema: HoneypotCreateSchema, method: 'POST', url: '/honeypots/bulk', httpPart: 'body' }) as ((
      data: unknown,
    ) => boolean) & { errors?: unknown[] | null };
    const toBulkItem = (item: unknown): BulkCreateItem => {
      if (checkCreateItem(item)) return item as HoneypotCreateBody;
      const error = toClientError({ validation: checkCreateItem.errors, validationContext: 'body' }, { body: item });
      return error instanceof DomainError ? error : new InvalidInput('This item is not a valid honeypot.', { value: item });
    };
    const userIdOf = (request: FastifyRequest) => principalOf(request).user.id;

    app.get(
      '/honeypots',
      {
        config: { scope: 'honeypots:read' },
        schema: {
          tags: TAGS,
          summary: 'List honeypots',
          description: 'Filters, sorting, pagination and field selection per the list conventions. alerts.webhook_secret is masked.',
          security: SECURITY,
          querystring: listQuerySchema(),
          response: responses({ 200: listEnvelope(HoneypotPartialSchema) }),
        },
      },
      async (request, reply) => {
        const query = request.query as Record<string, unknown>;
        const parsed = parseListQuery(honeypotsResource, query, { reserved: HONEYPOT_RESERVED_PARAMS });
        const page = await service.list(userIdOf(request), parsed, parseTagFilters(query.tags));
        return sendList(request, reply, page.rows.map((item) => pickFields(item, parsed.fields)), page.pagination);
      },
    );

    app.get(
      '/honeypots/domains',
      {
        config: { scope: 'honeypots:read' },
        schema: {
          tags: TAGS,
          summary: 'Domains honeypots may use',
          description: 'The domains this server receives mail for (HONEYPOT_DOMAINS): a honeypot address must be on one of them. Empty until the operator configures one.',
          security: SECURITY,
          response: responses({ 200: dataEnvelope(Type.Object({ domains: Type.Array(Type.String(), { description: 'Lower-case domain names, in configuration order.' }) })) }),
        },
      },
      async (request, reply) => sendData(request, reply, { domains: service.acceptedDomains() }),
    );

    app.post<{ Body: HoneypotCreateBody }>(
      '/honeypots',
      {
        config: { scope: 'honeypots:write' },
        schema: {
          tags: TAGS,
          summary: 'Create a honeypot',
          description:
            'The address must be on one of the server\'s HONEYPOT_DOMAINS (422 otherwise) and unused on this server (409 otherwise). This response is the only one that shows alerts.webhook_secret in full.',
          security: SECURITY,
          body: HoneypotCreateSchema,
          response: responses({ 201: dataEnvelope(HoneypotSchema) }),
        },
      },
      async (request, reply) => sendData(request, reply, await service.create(userIdOf(request), request.body), 201),
    );

    app.get<{ Params: { id: string } }>(
      '/honeypots/:id',
      {
        config: { scope: 'honeypots:read' },
        schema: {
          tags: TAGS,
          summary: 'Get a honeypot',
          description: 'alerts.webhook_secret is masked.',
          security: SECURITY,
          params: IdParams,
          querystring: Type.Object({ fields: Type.Optional(Type.String({ description: FIELDS_DESCRIPTION })), api_key: ApiKeyParam }, { additionalProperties: false }),
          response: responses({ 200: dataEnvelope(HoneypotPartialSchema) }),
        },
      },
      async (request, reply) => {
        const fields = parseFieldSelection(honeypotsResource, request.query as Record<string, unknown>);
        const honeypot = await service.get(userIdOf(request), request.params.id);
        return sendData(request, reply, pickFields(honeypot, fields));
      },
    );

    app.patch<{ Params: { id: string }; Body: HoneypotPatchBody }>(
      '/honeypots/:id',
      {
        config: { scope: 'honeypots:write' },
        schema: {
          tags: TAGS,
          summary: 'Update a honeypot',
          description: 'Only the fields given change; within alerts, only the keys given change. alerts.webhook_secret is masked in the response.',
          security: SECURITY,
          params: IdParams,
          body: HoneypotPatchSchema,
          response: responses({ 200: dataEnvelope(HoneypotSchema) }),
        },
      },
      async (request, reply) => sendData(request, reply, await service.update(userIdOf(request), request.params.id, request.body)),
    );

    app.delete<{ Params: { id: string } }>(
      '/honeypots/:id',
      {
        config: { scope: 'honeypots:write' },
        schema: { tags: TAGS, summary: 'Delete a honeypot', security: SECURITY, params: IdParams, response: responses({ 200: dataEnvelope(DeletedSchema) }) },
      },
      async (request, reply) => {
        await service.delete(userIdOf(request), request.params.id);
        return sendData(request, reply, { id: request.params.id, deleted: true });
      },
    );

    registerBulkRoutes(app, service, toBulkItem, userIdOf);
  };
}

function registerBulkRoutes(
  app: Parameters<FastifyPluginAsync>[0],
  service: HoneypotsService,
  toBulkItem: (item: unknown) => BulkCreateItem,
  userIdOf: (request: FastifyRequest) => string,
): void {
  const send = (request: FastifyRequest, reply: FastifyReply, results: ReadonlyArray<{ status: string }>, allOk: number) =>
    sendData(request, reply, { results }, bulkStatus(results, allOk));
  const bulkDescription = `At most ${MAX_BULK_ITEMS} items. Every item reports its own outcome; 207 when any item failed. An item is applied whole or not at all.`;

  app.post<{ Body: unknown[] }>(
    '/honeypots/bulk',
    {
      config: { scope: 'honeypots:write' },
      schema: {
        tags: TAGS,
        summary: 'Create honeypots in bulk',
        description: `${bulkDescription} Created items carry the new honeypot (with its webhook secret in full, the only time it is shown).`,
        security: SECURITY,
        body: BulkCreateBody,
        response: responses({ 201: dataEnvelope(BulkCreateResultsSchema), 207: dataEnvelope(BulkCreateResultsSchema) }),
      },
    },
    async (request, reply) => send(request, reply, await service.bulkCreate(userIdOf(request), request.body.map(toBulkItem)), 201),
  );

  app.patch<{ Body: { ids: string[]; updates: HoneypotBulkUpdates } }>(
    '/honeypots/bulk',
    {
      config: { scope: 'honeypots:write' },
      schema: {
        tags: TAGS,
        summary: 'Update honeypots in bulk',
        description: `${bulkDescription} The same updates apply to every id; email_address cannot be bulk-updated (addresses are unique).`,
        security: SECURITY,
        body: BulkUpdateBody,
        response: responses({ 200: dataEnvelope(BulkIdResultsSchema), 207: dataEnvelope(BulkIdResultsSchema) }),
      },
    },
    async (request, reply) => send(request, reply, await service.bulkUpdate(userIdOf(request), request.body.ids, request.body.updates), 200),
  );

  app.delete<{ Querystring: { ids?: string }; Body: unknown }>(
    '/honeypots/bulk',
    {
      config: { scope: 'honeypots:write' },
      schema: {
        tags: TAGS,
        summary: 'Delete honeypots in bulk',
        description: bulkDescription,
        security: SECURITY,
        querystring: BulkDeleteQuery,
        body: BulkDeleteBody,
        response: responses({ 200: dataEnvelope(BulkIdResultsSchema), 207: dataEnvelope(BulkIdResultsSchema) }),
      },
    },
    async (request, reply) => send(request, reply, await service.bulkDelete(userIdOf(request), bulkDeleteIds(request.query, request.body)), 200),
  );
}
