/**
 * Threat API webhook routes (CONTRACT.md §3.4; seed: list, create, get, update, delete, test, disable,
 * enable) plus `GET /webhooks/:id/deliveries`. Thin: parse, call the service, shape the envelope.
 * Every route needs the `webhooks:manage` scope.
 */
import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { actorOf } from '../http/actor.ts';
import { filterableFields, parseFieldSelection, parseListQuery, pickFields, type ListResource } from '../http/list-query.ts';
import { dataEnvelope, listEnvelope, sendData, sendList, THREAT_SECURITY, threatResponses } from '../http/threat/envelope.ts';
import { principalOf } from '../http/types.ts';
import { deliveriesResource, webhooksResource } from './webhooks.list.ts';
import {
  DeletedSchema,
  DeliveryPartialSchema,
  TestEventSchema,
  WebhookCreateSchema,
  WebhookPartialSchema,
  WebhookPatchSchema,
  WebhookSchema,
  WebhookWithSecretSchema,
  type WebhookCreateBody,
  type WebhookPatchBody,
} from './webhooks.schema.ts';
import type { WebhooksService } from './webhooks.service.ts';

const TAGS = ['Threat: webhooks'];
const SCOPE = { scope: 'webhooks:manage' as const };

function responses(success: Record<number, TSchema>) {
  return { ...threatResponses(success), 409: Type.Ref('ThreatError'), 503: Type.Ref('ThreatError') };
}

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });
const ApiKeyParam = Type.Optional(Type.String({ description: 'The API key, when not sent as a Bearer header.' }));
const KeyOnlyQuery = Type.Object({ api_key: ApiKeyParam }, { additionalProperties: false });

/** Documents the list parameters; filters stay untyped so they may repeat, parseListQuery validates them. */
function listQuerySchema(resource: ListResource, sortable: string) {
  const filters: Record<string, TSchema> = {};
  for (const name of filterableFields(resource)) {
    filters[name] = Type.Optional(Type.Unknown({ description: `Filter: ${name}=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq).` }));
  }
  return Type.Object(
    {
      page: Type.Optional(Type.String({ description: 'Page number. Default 1.' })),
      limit: Type.Optional(Type.String({ description: 'Items per page, 1–100. Default 25.' })),
      sort: Type.Optional(Type.String({ description: `<field>[:asc|desc]. Default id:asc (ids are time-ordered: id:desc is newest first). Sortable: ${sortable}.` })),
      sort_direction: Type.Optional(Type.String({ description: 'asc or desc. Default asc.' })),
      fields: Type.Optional(Type.String({ description: `Comma-separated fields to return; any of: ${resource.selectable.join(', ')}.` })),
      date_range: Type.Optional(Type.String({ description: 'YYYY-MM-DD:YYYY-MM-DD on created_at, both days inclusive (UTC).' })),
      ...filters,
      api_key: ApiKeyParam,
    },
    { additionalProperties: true },
  );
}

export function webhooksRoutes(service: WebhooksService): FastifyPluginAsync {
  return async (app) => {
    const userIdOf = (request: FastifyRequest) => principalOf(request).user.id;
    const idRoute = (summary: string, success: Record<number, TSchema>, description?: string) => ({
      config: SCOPE,
      schema: { tags: TAGS, summary, description, security: THREAT_SECURITY, params: IdParams, querystring: KeyOnlyQuery, response: responses(success) },
    });

    app.get(
      '/webhooks',
      {
        config: SCOPE,
        schema: {
          tags: TAGS,
          summary: 'List webhooks',
          description: 'Filters, sorting, pagination and field selection per the list conventions. Secrets are never listed.',
          security: THREAT_SECURITY,
          querystring: listQuerySchema(webhooksResource, 'id, url, status, failure_count, last_delivery_at, created_at, updated_at'),
          response: responses({ 200: listEnvelope(WebhookPartialSchema) }),
        },
      },
      async (request, reply) => {
        const parsed = parseListQuery(webhooksResource, request.query as Record<string, unknown>);
        const page = await service.list(userIdOf(request), parsed);
        return sendList(request, reply, page.rows.map((item) => pickFields(item, parsed.fields)), page.pagination);
      },
    );

    app.post<{ Body: WebhookCreateBody }>(
      '/webhooks',
      {
        config: SCOPE,
        schema: {
          tags: TAGS,
          summary: 'Create a webhook',
          description:
            'Deliveries are signed with the secret (X-Webhook-Signature and the Standard Webhooks headers). This response is the only one that shows the secret. 422 for an unknown event type or a URL whose host is a non-public address (unless WEBHOOK_ALLOW_PRIVATE=true); 503 when the host could not be looked up.',
          security: THREAT_SECURITY,
          body: WebhookCreateSchema,
          querystring: KeyOnlyQuery,
          response: responses({ 201: dataEnvelope(WebhookWithSecretSchema) }),
        },
      },
      async (request, reply) => sendData(request, reply, await service.create(userIdOf(request), request.body, actorOf(request)), 201),
    );

    app.get<{ Params: { id: string } }>(
      '/webhooks/:id',
      {
        config: SCOPE,
        schema: {
          tags: TAGS,
          summary: 'Get a webhook',
          security: THREAT_SECURITY,
          params: IdParams,
          querystring: Type.Object({ fields: Type.Optional(Type.String({ description: `Comma-separated fields to return; any of: ${webhooksResource.selectable.join(', ')}.` })), api_key: ApiKeyParam }, { additionalProperties: false }),
          response: responses({ 200: dataEnvelope(WebhookPartialSchema) }),
        },
      },
      async (request, reply) => {
        const fields = parseFieldSelection(webhooksResource, request.query as Record<string, unknown>);
        return sendData(request, reply, pickFields(await service.get(userIdOf(request), request.params.id), fields));
      },
    );

    app.patch<{ Params: { id: string }; Body: WebhookPatchBody }>(
      '/webhooks/:id',
      {
        config: SCOPE,
        schema: {
          tags: TAGS,
          summary: 'Update a webhook',
          description: 'Only the fields given change; a new url is checked like at creation. The secret cannot be changed: create a new webhook to rotate it.',
          security: THREAT_SECURITY,
          params: IdParams,
          querystring: KeyOnlyQuery,
          body: WebhookPatchSchema,
          response: responses({ 200: dataEnvelope(WebhookSchema) }),
        },
      },
      async (request, reply) => sendData(request, reply, await service.update(userIdOf(request), request.params.id, request.body)),
    );

    app.delete<{ Params: { id: string } }>('/webhooks/:id', idRoute('Delete a webhook', { 200: dataEnvelope(DeletedSchema) }, 'Its pending deliveries and delivery history go with it.'), async (request, reply) => {
      await service.delete(userIdOf(request), request.params.id, actorOf(request));
      return sendData(request, reply, { id: request.params.id, deleted: true });
    });

    app.post<{ Params: { id: string } }>(
      '/webhooks/:id/test',
      idRoute('Send a test event', { 202: dataEnvelope(TestEventSchema) }, 'Queues one webhook.test event for this webhook only; follow it in GET /v1/webhooks/:id/deliveries. 409 when the webhook is disabled.'),
      async (request, reply) => sendData(request, reply, await service.sendTest(userIdOf(request), request.params.id), 202),
    );

    app.post<{ Params: { id: string } }>(
      '/webhooks/:id/disable',
      idRoute('Disable a webhook', { 200: dataEnvelope(WebhookSchema) }, 'A disabled webhook receives no deliveries until enabled.'),
      async (request, reply) => sendData(request, reply, await service.disable(userIdOf(request), request.params.id)),
    );

    app.post<{ Params: { id: string } }>(
      '/webhooks/:id/enable',
      idRoute('Enable a webhook', { 200: dataEnvelope(WebhookSchema) }, 'Resets failure_count and disabled_reason.'),
      async (request, reply) => sendData(request, reply, await service.enable(userIdOf(request), request.params.id)),
    );

    app.get<{ Params: { id: string } }>(
      '/webhooks/:id/deliveries',
      {
        config: SCOPE,
        schema: {
          tags: TAGS,
          summary: 'List a webhook\'s deliveries',
          description: 'Recent deliveries with their outcome (status code, latency, attempt, next retry, error); sort=id:desc for the newest first.',
          security: THREAT_SECURITY,
          params: IdParams,
          querystring: listQuerySchema(deliveriesResource, 'id, event_type, status, attempt, last_status_code, last_latency_ms, next_attempt_at, created_at, completed_at'),
          response: responses({ 200: listEnvelope(DeliveryPartialSchema) }),
        },
      },
      async (request, reply) => {
        const parsed = parseListQuery(deliveriesResource, request.query as Record<string, unknown>);
        const page = await service.listDeliveries(userIdOf(request), request.params.id, parsed);
        return sendList(request, reply, page.rows.map((item) => pickFields(item, parsed.fields)), page.pagination);
      },
    );
  };
}
