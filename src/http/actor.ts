/**
 * The audit-log view of a request: who acted (from the authenticated principal) and from where.
 */
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../accounts/actor.ts';

export function actorOf(request: FastifyRequest): Actor {
  const principal = request.principal;
  const userAgent = request.headers['user-agent'] ?? null;
  if (principal === null) return { type: 'system', userId: null, apiKeyId: null, ip: request.ip, userAgent };
  return {
    type: principal.keyId === null ? 'session' : 'api_key',
    userId: principal.user.id,
    apiKeyId: principal.keyId,
    ip: request.ip,
    userAgent,
  };
}
