/**
 * The Threat API's response convention (CONTRACT.md §1.3): every body is
 * `{success, data | error, meta: {request_id, timestamp}}`, lists add `pagination`; the 429 body is
 * flat, as its seed documents.
 */
import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorDetails } from '../../platform/errors.ts';

export interface Pagination {
  page: number;
  limit: number;
  total: number;
  total_pages: number;
  has_next: boolean;
  has_prev: boolean;
}

export function meta(request: FastifyRequest) {
  return { request_id: request.id, timestamp: new Date().toISOString() };
}

export function sendData(request: FastifyRequest, reply: FastifyReply, data: unknown, status = 200) {
  return reply.code(status).send({ success: true, data, meta: meta(request) });
}

export function sendList(request: FastifyRequest, reply: FastifyReply, data: unknown[], pagination: Pagination) {
  return reply.send({ success: true, data, pagination, meta: meta(request) });
}

export function errorBody(request: FastifyRequest, code: string, message: string, details?: ErrorDetails) {
  return { success: false, error: details === undefined ? { code, message } : { code, message, details }, meta: meta(request) };
}

export function rateLimitBody(retryAfterSeconds: number) {
  return { error: 'rate_limit_exceeded', message: `Rate limit exceeded. Try again in ${retryAfterSeconds} seconds.` };
}

// ---- schemas (validation, serialization and OpenAPI share these) ----

const MetaSchema = Type.Object({ request_id: Type.String(), timestamp: Type.String({ format: 'date-time' }) });

export const PaginationSchema = Type.Object({
  page: Type.Integer(),
  limit: Type.Integer(),
  total: Type.Integer(),
  total_pages: Type.Integer(),
  has_next: Type.Boolean(),
  has_prev: Type.Boolean(),
});

export const ErrorEnvelopeSchema = Type.Object(
  {
    success: Type.Literal(false),
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      details: Type.Optional(Type.Object({}, { additionalProperties: true })),
    }),
    meta: MetaSchema,
  },
  { $id: 'ThreatError', description: 'Error envelope' },
);

export const RateLimitErrorSchema = Type.Object(
  { error: Type.Literal('rate_limit_exceeded'), message: Type.String() },
  { $id: 'ThreatRateLimitError', description: 'Rate limit exceeded (flat body, as documented)' },
);

export function dataEnvelope<T extends TSchema>(data: T) {
  return Type.Object({ success: Type.Literal(true), data, meta: MetaSchema });
}

export function listEnvelope<T extends TSchema>(item: T) {
  return Type.Object({ success: Type.Literal(true), data: Type.Array(item), pagination: PaginationSchema, meta: MetaSchema });
}

/** Response schemas for a Threat API route: the given successes plus every documented error. */
export function threatResponses(success: Record<number, TSchema>) {
  const error = Type.Ref('ThreatError');
  return {
    ...success,
    400: error,
    401: error,
    403: error,
    404: error,
    422: error,
    429: Type.Ref('ThreatRateLimitError'),
    500: error,
  };
}

/** OpenAPI `security` of an authenticated Threat API route: Bearer (key or access token), or ?api_key=. */
export const THREAT_SECURITY: Array<Record<string, string[]>> = [{ bearer: [] }, { apiKeyQuery: [] }];
