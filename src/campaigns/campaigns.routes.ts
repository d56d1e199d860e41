/**
 * Threat API campaign routes: `GET /v1/campaigns` and `GET /v1/campaigns/:id`, scope `emails:read`
 * (campaigns are a view of captured email). Thin: parse, call the service, shape the envelope.
 */
import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { filterableFields, parseFieldSelection, parseListQuery, pickFields } from '../http/list-query.ts';
import { dataEnvelope, listEnvelope, sendData, sendList, THREAT_SECURITY, threatResponses } from '../http/threat/envelope.ts';
import { principalOf } from '../http/types.ts';
import type { Db } from '../platform/db/index.ts';
import { campaignsResource, MIN_LISTED_MESSAGES } from './campaigns.list.ts';
import { CampaignDetailPartialSchema, CampaignPartialSchema } from './campaigns.schema.ts';
import type { CampaignsService } from './campaigns.service.ts';

const TAGS = ['Threat: campaigns'];
const ApiKeyParam = Type.Optional(Type.String({ description: 'The API key, when not sent as a Bearer header.' }));
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });
const DETAIL_FIELDS = [...campaignsResource.selectable, 'latest_email_ids'];

function listQuerySchema() {
  const filters: Record<string, TSchema> = {};
  for (const name of filterableFields(campaignsResource)) {
    filters[name] = Type.Optional(Type.Unknown({ description: `Filter: ${name}=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq).` }));
  }
  return Type.Object(
    {
      page: Type.Optional(Type.String({ description: 'Page number. Default 1.' })),
      limit: Type.Optional(Type.String({ description: 'Items per page, 1–100. Default 25.' })),
      sort: Type.Optional(Type.String({ description: '<field>[:asc|desc]. Default id:asc. Sortable: id, first_seen_at, last_seen_at, message_count, honeypot_count, max_threat_score.' })),
      sort_direction: Type.Optional(Type.String({ description: 'asc or desc. Default asc.' })),
      fields: Type.Optional(Type.String({ description: `Comma-separated fields to return; any of: ${campaignsResource.selectable.join(', ')}.` })),
      date_range: Type.Optional(Type.String({ description: 'YYYY-MM-DD:YYYY-MM-DD on first_seen_at, both days inclusive (UTC).' })),
      ...filters,
      api_key: ApiKeyParam,
    },
    { additionalProperties: true },
  );
}

export function campaignsRoutes(service: CampaignsService, db: Db): FastifyPluginAsync {
  return async (app) => {
    const userIdOf = (request: FastifyRequest) => principalOf(request).user.id;

    app.get('/campaigns', {
      config: { scope: 'emails:read' },
      schema: {
        tags: TAGS, summary: 'List campaigns', security: THREAT_SECURITY,
        description: `Clusters of captured mail (similar body, shared links or attachments, same sending infrastructure), across honeypots and over time. Only campaigns of at least ${MIN_LISTED_MESSAGES} messages are listed. Filters, sorting, pagination and field selection per the list conventions; date_range applies to first_seen_at.`,
        querystring: listQuerySchema(), response: threatResponses({ 200: listEnvelope(CampaignPartialSchema) }),
      },
    }, async (request, reply) => {
      const parsed = parseListQuery(campaignsResource, request.query as Record<string, unknown>);
      const page = await service.list(userIdOf(request), parsed);
      return sendList(request, reply, page.rows.map((item) => pickFields(item, parsed.fields)), page.pagination);
    });

    app.get<{ Params: { id: string } }>('/campaigns/:id', {
      config: { scope: 'emails:read' },
      schema: {
        tags: TAGS, summary: 'Get a campaign', security: THREAT_SECURITY, params: IdParams,
        description: 'Any campaign an email\'s campaign_id names, including one of a single message (which the list leaves out).',
        querystring: Type.Object({ fields: Type.Optional(Type.String({ description: `Comma-separated fields to return; any of: ${DETAIL_FIELDS.join(', ')}.` })), api_key: ApiKeyParam }, { additionalProperties: false }),
        response: threatResponses({ 200: dataEnvelope(CampaignDetailPartialSchema) }),
      },
    }, async (request, reply) => {
      const fields = parseFieldSelection({ ...campaignsResource, selectable: DETAIL_FIELDS }, request.query as Record<string, unknown>);
      return sendData(request, reply, pickFields(await service.get(db.kysely, userIdOf(request), request.params.id), fields));
    });
  };
}
