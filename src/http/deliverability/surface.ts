/**
 * The Deliverability API surface (`/api/v1`): Bearer keys only, Pro/Enterprise plans only, one
 * per-minute limit, `read` for GET and `write` for everything else, and `{"error": "…"}` bodies.
 */
import type { FastifyError, FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Authenticator } from '../../accounts/authenticator.ts';
import { grants } from '../../accounts/permissions.ts';
import { DELIVERABILITY_PER_MINUTE } from '../../accounts/plans.ts';
import { Forbidden, NotFound, RateLimited } from '../../platform/errors.ts';
import { readCredential } from '../credentials.ts';
import type { RateLimiter } from '../rate-limit/limiter.ts';
import { isUnavailable } from '../server-errors.ts';
import { STATUS_BY_CODE } from '../status.ts';
import { FastifyClientError, toClientError } from '../validation.ts';
import '../types.ts';

export interface DeliverabilitySurfaceDeps {
  authenticator: Authenticator;
  limiter: RateLimiter | null;
  routes: FastifyPluginAsync[];
}

async function authorize(deps: DeliverabilitySurfaceDeps, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.routeOptions.config.public === true) return;
  const credential = readCredential(request, false);
  const principal = await deps.authenticator.authenticate(credential.value, credential.source);
  request.principal = principal;
  if (DELIVERABILITY_PER_MINUTE[principal.user.plan] === null) {
    throw new Forbidden('The Deliverability API requires a Pro or Enterprise plan; this account is on the free plan.');
  }
  if (deps.limiter !== null) {
    const decision = await deps.limiter.checkDeliverability(principal);
    if (decision !== null) {
      reply.header('X-RateLimit-Limit', decision.limit);
      reply.header('X-RateLimit-Remaining', decision.remaining);
      if (!decision.allowed) {
        throw new RateLimited(
          `Rate limited — ${decision.description} on the ${principal.user.plan} plan. Try again in ${decision.retryAfterSeconds} seconds.`,
          decision.retryAfterSeconds,
        );
      }
    }
  }
  const needed = request.method === 'GET' || request.method === 'HEAD' ? 'read' : 'write';
  if (!grants(principal.permissions, needed)) {
    throw new Forbidden(`This API key lacks the "${needed}" permission (GET needs read; POST and DELETE need write).`);
  }
}

function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const client = toClientError(error, request);
  if (client instanceof RateLimited) {
    reply.header('Retry-After', client.retryAfterSeconds);
    return reply.code(429).send({ error: client.message });
  }
  if (client instanceof FastifyClientError) return reply.code(client.status).send({ error: client.message });
  if (client !== null) return reply.code(STATUS_BY_CODE[client.code]).send({ error: client.message });
  if (isUnavailable(error)) {
    request.log.error({ err: error }, 'Database unavailable while handling a request');
    return reply.code(503).send({ error: `Service temporarily unavailable; retry shortly (request id ${request.id}).` });
  }
  request.log.error({ err: error }, 'Unhandled error while handling a request');
  return reply.code(500).send({ error: `Internal server error (request id ${request.id}).` });
}

export function deliverabilitySurface(deps: DeliverabilitySurfaceDeps): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    app.setErrorHandler(handleError);
    app.setNotFoundHandler((request) => {
      throw new NotFound(`No route ${request.method} ${request.url.split('?')[0]} on the Deliverability API.`);
    });
    app.addHook('onRequest', (request, reply) => authorize(deps, request, reply));
    for (const routes of deps.routes) await app.register(routes);
  };
}
