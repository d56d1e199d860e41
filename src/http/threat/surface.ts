/**
 * The Threat API surface (`/v1`): authentication (Bearer or ?api_key=), per-plan minute/hour/day
 * limits, per-route scopes, and the envelope error mapper. Feature routes are registered inside it.
 */
import type { FastifyError, FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Authenticator } from '../../accounts/authenticator.ts';
import { grants } from '../../accounts/permissions.ts';
import { Forbidden, NotFound, RateLimited } from '../../platform/errors.ts';
import { readCredential } from '../credentials.ts';
import type { RateLimiter } from '../rate-limit/limiter.ts';
import { isUnavailable } from '../server-errors.ts';
import { STATUS_BY_CODE } from '../status.ts';
import { FastifyClientError, toClientError } from '../validation.ts';
import { errorBody, rateLimitBody } from './envelope.ts';
import '../types.ts';

export interface ThreatSurfaceDeps {
  authenticator: Authenticator;
  /** null when rate limiting is switched off (RATE_LIMIT_ENABLED=false). */
  limiter: RateLimiter | null;
  routes: FastifyPluginAsync[];
}

async function authorize(deps: ThreatSurfaceDeps, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const config = request.routeOptions.config;
  if (config.public === true) return;
  const credential = readCredential(request, true);
  const principal = await deps.authenticator.authenticate(credential.value, credential.source);
  request.principal = principal;

  if (deps.limiter !== null) {
    const decision = await deps.limiter.checkThreat(principal);
    if (decision !== null) {
      reply.header('X-RateLimit-Limit', decision.limit);
      reply.header('X-RateLimit-Remaining', decision.remaining);
      reply.header('X-RateLimit-Reset', decision.resetAt);
      if (!decision.allowed) {
        throw new RateLimited(`Rate limit exceeded (${decision.description}).`, decision.retryAfterSeconds);
      }
    }
  }

  const scope = config.scope;
  if (scope !== undefined && !grants(principal.permissions, scope)) {
    throw new Forbidden(`This API key lacks the "${scope}" permission needed here.`, { required_scope: scope });
  }
}

function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const client = toClientError(error, request);
  if (client instanceof RateLimited) {
    reply.header('Retry-After', client.retryAfterSeconds);
    return reply.code(429).send(rateLimitBody(client.retryAfterSeconds));
  }
  if (client instanceof FastifyClientError) {
    return reply.code(client.status).send(errorBody(request, client.code, client.message, { field: 'body' }));
  }
  if (client !== null) {
    return reply.code(STATUS_BY_CODE[client.code]).send(errorBody(request, client.code, client.message, client.details));
  }
  if (isUnavailable(error)) {
    request.log.error({ err: error }, 'Database unavailable while handling a request');
    return reply
      .code(503)
      .send(errorBody(request, 'service_unavailable', `The service is temporarily unavailable; retry shortly. Request id: ${request.id}.`));
  }
  request.log.error({ err: error }, 'Unhandled error while handling a request');
  return reply
    .code(500)
    .send(errorBody(request, 'internal_error', `Something went wrong on our side. Quote request id ${request.id} if you report it.`));
}

export function threatSurface(deps: ThreatSurfaceDeps): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    app.setErrorHandler(handleError);
    app.setNotFoundHandler((request) => {
      throw new NotFound(`No route ${request.method} ${request.url.split('?')[0]} on the Threat API.`);
    });
    app.addHook('onRequest', (request, reply) => authorize(deps, request, reply));
    for (const routes of deps.routes) await app.register(routes);
  };
}
