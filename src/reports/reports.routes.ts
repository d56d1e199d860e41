/**
 * Threat API report routes (CONTRACT.md §3.5; seed: list, create, get, download, delete, generate).
 * Scopes: `reports:read` to read and download, `reports:write` to create, delete and generate.
 * Thin: parse, call the service, shape the envelope or stream the file.
 */
import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { filterableFields, parseFieldSelection, parseListQuery, pickFields } from '../http/list-query.ts';
import { dataEnvelope, listEnvelope, sendData, sendList, THREAT_SECURITY, threatResponses } from '../http/threat/envelope.ts';
import { principalOf } from '../http/types.ts';
import { reportsResource } from './reports.list.ts';
import { DeletedSchema, GenerateAcceptedSchema, ReportCreateSchema, ReportPartialSchema, ReportSchema, type ReportCreateBody } from './reports.schema.ts';
import type { ReportsService } from './reports.service.ts';

const TAGS = ['Threat: reports'];
const READ = { scope: 'reports:read' as const };
const WRITE = { scope: 'reports:write' as const };

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });
const ApiKeyParam = Type.Optional(Type.String({ description: 'The API key, when not sent as a Bearer header.' }));
const KeyOnlyQuery = Type.Object({ api_key: ApiKeyParam }, { additionalProperties: false });

function responses(success: Record<number, TSchema>) {
  return { ...threatResponses(success), 409: Type.Ref('ThreatError') };
}

function listQuerySchema() {
  const filters: Record<string, TSchema> = {};
  for (const name of filterableFields(reportsResource)) {
    filters[name] = Type.Optional(Type.Unknown({ description: `Filter: ${name}=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq).` }));
  }
  return Type.Object(
    {
      page: Type.Optional(Type.String({ description: 'Page number. Default 1.' })),
      limit: Type.Optional(Type.String({ description: 'Items per page, 1–100. Default 25.' })),
      sort: Type.Optional(Type.String({ description: '<field>[:asc|desc]. Default id:asc (ids are time-ordered: id:desc is newest first). Sortable: id, name, type, format, status, file_size, generated_at, next_run_at, created_at, updated_at.' })),
      sort_direction: Type.Optional(Type.String({ description: 'asc or desc. Default asc.' })),
      fields: Type.Optional(Type.String({ description: `Comma-separated fields to return; any of: ${reportsResource.selectable.join(', ')}.` })),
      date_range: Type.Optional(Type.String({ description: 'YYYY-MM-DD:YYYY-MM-DD on created_at, both days inclusive (UTC).' })),
      ...filters,
      api_key: ApiKeyParam,
    },
    { additionalProperties: true },
  );
}

export function reportsRoutes(service: ReportsService): FastifyPluginAsync {
  return async (app) => {
    const userIdOf = (request: FastifyRequest) => principalOf(request).user.id;

    app.get('/reports', {
      config: READ,
      schema: {
        tags: TAGS, summary: 'List reports', security: THREAT_SECURITY,
        description: 'Filters, sorting, pagination and field selection per the list conventions.',
        querystring: listQuerySchema(), response: responses({ 200: listEnvelope(ReportPartialSchema) }),
      },
    }, async (request, reply) => {
      const parsed = parseListQuery(reportsResource, request.query as Record<string, unknown>);
      const page = await service.list(userIdOf(request), parsed);
      return sendList(request, reply, page.rows.map((item) => pickFields(item, parsed.fields)), page.pagination);
    });

    app.post<{ Body: ReportCreateBody }>('/reports', {
      config: WRITE,
      schema: {
        tags: TAGS, summary: 'Create a report', security: THREAT_SECURITY, body: ReportCreateSchema, querystring: KeyOnlyQuery,
        description: 'Without a schedule the report is generated once, in the background: follow `status` (pending → generating → ready or failed). With a schedule it is generated at each run for the period that just ended. 422 naming the field for an unknown type, format or section, a bad period (end not after start, over 366 days), time zone, schedule day or time, or a honeypot that is not yours.',
        response: responses({ 201: dataEnvelope(ReportSchema) }),
      },
    }, async (request, reply) => sendData(request, reply, await service.create(userIdOf(request), request.body), 201));

    app.get<{ Params: { id: string } }>('/reports/:id', {
      config: READ,
      schema: {
        tags: TAGS, summary: 'Get a report', security: THREAT_SECURITY, params: IdParams,
        querystring: Type.Object({ fields: Type.Optional(Type.String({ description: `Comma-separated fields to return; any of: ${reportsResource.selectable.join(', ')}.` })), api_key: ApiKeyParam }, { additionalProperties: false }),
        response: responses({ 200: dataEnvelope(ReportPartialSchema) }),
      },
    }, async (request, reply) => {
      const fields = parseFieldSelection(reportsResource, request.query as Record<string, unknown>);
      return sendData(request, reply, pickFields(await service.get(userIdOf(request), request.params.id), fields));
    });

    app.delete<{ Params: { id: string } }>('/reports/:id', {
      config: WRITE,
      schema: {
        tags: TAGS, summary: 'Delete a report', security: THREAT_SECURITY, params: IdParams, querystring: KeyOnlyQuery,
        description: 'Its schedule stops and its file is deleted.', response: responses({ 200: dataEnvelope(DeletedSchema) }),
      },
    }, async (request, reply) => {
      await service.delete(userIdOf(request), request.params.id);
      return sendData(request, reply, { id: request.params.id, deleted: true });
    });

    app.post<{ Params: { id: string } }>('/reports/:id/generate', {
      config: WRITE,
      schema: {
        tags: TAGS, summary: 'Generate a report now', security: THREAT_SECURITY, params: IdParams, querystring: KeyOnlyQuery,
        description: 'Queues a generation for the report\'s period (a retry after a failure, or a refresh). One generation per report runs at a time: asking again while one is queued or running returns its estimate. The previous file stays stored until the new one is ready, but cannot be downloaded meanwhile (409).',
        response: responses({ 202: dataEnvelope(GenerateAcceptedSchema) }),
      },
    }, async (request, reply) => sendData(request, reply, await service.generate(userIdOf(request), request.params.id), 202));

    app.get<{ Params: { id: string } }>('/reports/:id/download', {
      config: READ,
      schema: {
        tags: TAGS, summary: 'Download a report', security: THREAT_SECURITY, params: IdParams, querystring: KeyOnlyQuery,
        description: 'The file: application/pdf, text/csv or application/json, as an attachment. 409 while the report is not ready (pending, generating or failed).',
        response: { ...responses({}), 200: Type.Unsafe<unknown>({ type: 'string', format: 'binary', description: 'The report file.' }) },
      },
    }, async (request, reply) => {
      const file = await service.download(userIdOf(request), request.params.id);
      return reply
        .header('Content-Type', file.contentType)
        .header('Content-Disposition', `attachment; filename="${file.filename}"`)
        .header('Content-Length', file.size)
        .header('X-Content-Type-Options', 'nosniff')
        .header('Cache-Control', 'private, no-store')
        .send(file.stream);
    });
  };
}
