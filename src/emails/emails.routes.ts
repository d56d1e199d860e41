/**
 * Threat API captured-email routes (CONTRACT.md §3.3). Thin: parse, call the service, shape the
 * envelope or stream the bytes. Downloads carry headers that stop a browser from rendering hostile
 * content: `Content-Disposition: attachment`, `X-Content-Type-Options: nosniff`, `Content-Security-Policy: sandbox`.
 */
import type { IncomingMessage } from 'node:http';
import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { filterableFields, parseFieldSelection, parseListQuery, pickFields } from '../http/list-query.ts';
import { dataEnvelope, listEnvelope, sendData, sendList, THREAT_SECURITY, threatResponses } from '../http/threat/envelope.ts';
import { principalOf } from '../http/types.ts';
import { BlobTooLarge } from '../platform/blobs/index.ts';
import { emailDetailResource, emailsResource } from './emails.list.ts';
import { AttachmentSchema, DeletedSchema, EmailDetailPartialSchema, EmailListItemPartialSchema, IngestResultSchema } from './emails.schema.ts';
import type { EmailsService } from './emails.service.ts';

const TAGS = ['Threat: emails'];
/** Largest message `POST /v1/emails` accepts: 25 MiB, the SMTP server's default limit. */
export const HTTP_INGEST_MAX_BYTES = 25 * 1024 * 1024;

const ApiKeyParam = Type.Optional(Type.String({ description: 'The API key, when not sent as a Bearer header.' }));
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });
const AttachmentParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }), attachment_id: Type.String({ minLength: 1, maxLength: 100 }) });
const Binary = (description: string) => Type.Unsafe<unknown>({ type: 'string', format: 'binary', description });
const NoQuery = Type.Object({ api_key: ApiKeyParam }, { additionalProperties: false });

/** A framework-level client error (415, 413): the surface's error handler keeps its status. */
class HttpClientError extends Error {
  readonly statusCode: number;
  constructor(statusCode: number, message: string) {
    super(message);
    this.statusCode = statusCode;
  }
}

function listQuerySchema(resource = emailsResource) {
  const filters: Record<string, TSchema> = {};
  for (const name of filterableFields(resource)) {
    filters[name] = Type.Optional(Type.Unknown({ description: `Filter: ${name}=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq).` }));
  }
  return Type.Object(
    {
      page: Type.Optional(Type.String({ description: 'Page number. Default 1.' })),
      limit: Type.Optional(Type.String({ description: 'Items per page, 1–100. Default 25.' })),
      sort: Type.Optional(Type.String({ description: '<field>[:asc|desc]. Default id:asc. Every list field is sortable; received_at, the scores, subject and size use an index.' })),
      sort_direction: Type.Optional(Type.String({ description: 'asc or desc. Default asc.' })),
      fields: Type.Optional(Type.String({ description: `Comma-separated fields to return; any of: ${resource.selectable.join(', ')}.` })),
      date_range: Type.Optional(Type.String({ description: 'YYYY-MM-DD:YYYY-MM-DD on received_at, both days inclusive (UTC).' })),
      ...filters,
      api_key: ApiKeyParam,
    },
    { additionalProperties: true },
  );
}

/**
 * A file name safe for `filename*=UTF-8''…`: no directories, no control characters, at most 200
 * characters; the attachment id when nothing usable is left.
 */
export function safeFilename(name: string | null, fallback: string): string {
  const base = (name ?? '').split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const cleaned = base.replace(/[\u0000-\u001f\u007f"]/g, '').replace(/^[.\s]+/, '').trim().slice(0, 200);
  return cleaned === '' ? fallback : cleaned;
}

function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/[\\%]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

function sendDownload(reply: FastifyReply, contentType: string, filename: string, size: number, stream: NodeJS.ReadableStream) {
  return reply
    .header('Content-Type', contentType)
    .header('Content-Disposition', contentDisposition(filename))
    .header('Content-Length', size)
    .header('X-Content-Type-Options', 'nosniff')
    .header('Content-Security-Policy', 'sandbox')
    .header('Cache-Control', 'private, no-store')
    .send(stream);
}

/**
 * Only `message/rfc822` bodies, handed over as the request stream (never buffered whole); any other
 * content type is a 415. Scoped to this plugin: the rest of the API keeps its JSON parser.
 */
function registerRawMessageParser(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('message/rfc822', (_request: FastifyRequest, payload: IncomingMessage, done: (err: Error | null, body?: unknown) => void) => {
    const declared = Number(payload.headers['content-length']);
    if (Number.isFinite(declared) && declared > HTTP_INGEST_MAX_BYTES) {
      done(new HttpClientError(413, `The message is ${declared} bytes; POST /v1/emails accepts at most ${HTTP_INGEST_MAX_BYTES} bytes.`));
      return;
    }
    done(null, payload);
  });
  app.addContentTypeParser('*', (request: FastifyRequest, _payload: IncomingMessage, done: (err: Error | null, body?: unknown) => void) => {
    done(new HttpClientError(415, `Unsupported Content-Type '${request.headers['content-type'] ?? ''}'; send the raw message as message/rfc822.`));
  });
}

export function emailsRoutes(service: EmailsService): FastifyPluginAsync {
  return async (app) => {
    registerRawMessageParser(app);
    const userIdOf = (request: FastifyRequest) => principalOf(request).user.id;

    app.get('/emails', {
      config: { scope: 'emails:read' },
      schema: {
        tags: TAGS, summary: 'List captured emails', security: THREAT_SECURITY,
        description: 'Filters, sorting, pagination and field selection per the list conventions; date_range applies to received_at. Scores and classification are null while analysis_status is pending.',
        querystring: listQuerySchema(), response: threatResponses({ 200: listEnvelope(EmailListItemPartialSchema) }),
      },
    }, async (request, reply) => {
      const parsed = parseListQuery(emailsResource, request.query as Record<string, unknown>);
      const page = await service.list(userIdOf(request), parsed);
      return sendList(request, reply, page.rows.map((item) => pickFields(item, parsed.fields)), page.pagination);
    });

    app.post<{ Querystring: { honeypot_id?: string } }>('/emails', {
      config: { scope: 'emails:write' },
      schema: {
        tags: TAGS, summary: 'Ingest a raw message (for forwarding services)', security: THREAT_SECURITY,
        description: `Body: the raw RFC 5322 message, Content-Type message/rfc822, at most ${HTTP_INGEST_MAX_BYTES} bytes (413 beyond). Filed under ?honeypot_id=, or else under each of your active honeypots among the message's To, Cc and Delivered-To recipients (422 when none).`,
        querystring: Type.Object({ honeypot_id: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })), api_key: ApiKeyParam }, { additionalProperties: false }),
        response: { ...threatResponses({ 201: dataEnvelope(IngestResultSchema) }), 413: Type.Ref('ThreatError'), 415: Type.Ref('ThreatError') },
      },
    }, async (request, reply) => {
      if (request.body === undefined || request.body === null) {
        throw new HttpClientError(415, 'Send the raw message as the request body with Content-Type: message/rfc822.');
      }
      try {
        const result = await service.ingestForUser({
          userId: userIdOf(request),
          source: request.body as IncomingMessage,
          ...(request.query.honeypot_id === undefined ? {} : { honeypotId: request.query.honeypot_id }),
          clientIp: request.ip,
          clientPort: request.socket.remotePort ?? null,
          tls: request.protocol === 'https',
          maxBytes: HTTP_INGEST_MAX_BYTES,
        });
        return await sendData(request, reply, { ids: result.emailIds, sha256: result.rawSha256, size: result.size }, 201);
      } catch (error) {
        if (error instanceof BlobTooLarge) throw new HttpClientError(413, `The message is larger than ${error.limitBytes} bytes, the most POST /v1/emails accepts; nothing was stored.`);
        throw error;
      }
    });

    app.get<{ Params: { id: string } }>('/emails/:id', {
      config: { scope: 'emails:read' },
      schema: {
        tags: TAGS, summary: 'Get a captured email', security: THREAT_SECURITY, params: IdParams,
        querystring: Type.Object({ fields: Type.Optional(Type.String({ description: `Comma-separated fields to return; any of: ${emailDetailResource.selectable.join(', ')}.` })), api_key: ApiKeyParam }, { additionalProperties: false }),
        response: threatResponses({ 200: dataEnvelope(EmailDetailPartialSchema) }),
      },
    }, async (request, reply) => {
      const fields = parseFieldSelection(emailDetailResource, request.query as Record<string, unknown>);
      return sendData(request, reply, pickFields(await service.get(userIdOf(request), request.params.id), fields));
    });

    app.delete<{ Params: { id: string } }>('/emails/:id', {
      config: { scope: 'emails:write' },
      schema: {
        tags: TAGS, summary: 'Delete a captured email', description: 'Its raw message and attachments are deleted unless another email holds identical bytes.',
        security: THREAT_SECURITY, params: IdParams, querystring: NoQuery, response: threatResponses({ 200: dataEnvelope(DeletedSchema) }),
      },
    }, async (request, reply) => {
      await service.delete(userIdOf(request), request.params.id);
      return sendData(request, reply, { id: request.params.id, deleted: true });
    });

    app.get<{ Params: { id: string } }>('/emails/:id/raw', {
      config: { scope: 'emails:read' },
      schema: {
        tags: TAGS, summary: 'Download the original message', security: THREAT_SECURITY, params: IdParams, querystring: NoQuery,
        response: { ...threatResponses({}), 200: Binary('The raw message (message/rfc822), exactly as received.') },
      },
    }, async (request, reply) => {
      const { id } = request.params;
      const raw = await service.openRaw(userIdOf(request), id);
      return sendDownload(reply, 'message/rfc822', `${id}.eml`, raw.size, raw.stream);
    });

    app.get<{ Params: { id: string } }>('/emails/:id/attachments', {
      config: { scope: 'emails:read' },
      schema: {
        tags: TAGS, summary: 'List an email\'s attachments', security: THREAT_SECURITY, params: IdParams, querystring: NoQuery,
        response: threatResponses({ 200: dataEnvelope(Type.Array(AttachmentSchema)) }),
      },
    }, async (request, reply) => sendData(request, reply, await service.listAttachments(userIdOf(request), request.params.id)));

    app.get<{ Params: { id: string; attachment_id: string } }>('/emails/:id/attachments/:attachment_id', {
      config: { scope: 'emails:read' },
      schema: {
        tags: TAGS, summary: 'Download an attachment', security: THREAT_SECURITY, params: AttachmentParams, querystring: NoQuery,
        description: 'Served with the type sniffed from its bytes (not the one the message declared), as an attachment, with nosniff and a sandbox CSP.',
        response: { ...threatResponses({}), 200: Binary('The attachment\'s bytes.') },
      },
    }, async (request, reply) => {
      const { row, stream } = await service.openAttachment(userIdOf(request), request.params.id, request.params.attachment_id);
      return sendDownload(reply, row.sniffed_content_type, safeFilename(row.filename, row.id), Number(row.size), stream);
    });
  };
}
