/**
 * buildApp(deps) → a ready-to-listen Fastify instance serving both API surfaces.
 * No listening, no connections, no environment reads here: the caller passes everything in.
 */
import { registerDashboard } from './dashboard/dashboard.plugin.ts';
import { randomBytes } from 'node:crypto';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import { apiKeysRoutes } from './accounts/api-keys.routes.ts';
import { ApiKeySchema, ApiKeyWithSecretSchema } from './accounts/api-keys.schema.ts';
import { authRoutes } from './accounts/auth.routes.ts';
import { SessionTokensSchema } from './accounts/auth.schema.ts';
import { usersRoutes } from './accounts/users.routes.ts';
import { AuditEventSchema, UserSchema } from './accounts/users.schema.ts';
import { emailsRoutes } from './emails/emails.routes.ts';
import { healthRoutes } from './health/health.routes.ts';
import { mailboxChecksRoutes } from './mailboxes/mailbox-checks.routes.ts';
import { mailboxesRoutes } from './mailboxes/mailboxes.routes.ts';
import { warmupRoutes } from './warmup/warmup.routes.ts';
import { honeypotsRoutes } from './honeypots/honeypots.routes.ts';
import { campaignsRoutes } from './campaigns/campaigns.routes.ts';
import { reportsRoutes } from './reports/reports.routes.ts';
import { analyticsRoutes } from './analytics/analytics.routes.ts';
import { webhooksRoutes } from './webhooks/webhooks.routes.ts';
import { deliverabilitySurface } from './http/deliverability/surface.ts';
import { ErrorEnvelopeSchema, RateLimitErrorSchema } from './http/threat/envelope.ts';
import { threatSurface } from './http/threat/surface.ts';
import { createValidatorCompiler } from './http/validation.ts';
import { registerMetrics } from './platform/metrics.ts';
import type { CoreDeps, Services } from './services.ts';

export interface AppDeps extends CoreDeps {
  services: Services;
  version: string;
  /** Extra route plugins mounted inside each surface (tests use this to probe the surface rules). */
  extraRoutes?: { threat?: FastifyPluginAsync[]; deliverability?: FastifyPluginAsync[] };
  /** Built dashboard to serve at `/`; default `web/dist` of this checkout; `null` serves none (API-only tests). */
  dashboardDir?: string | null;
}

/**
 * `req_` + 20 hex characters (80 random bits); unique per request, logged with every line about it.
 * Random bytes are drawn 4 KiB at a time: one system call per ~400 requests instead of one each.
 */
function requestIdGenerator(): () => string {
  const ID_BYTES = 10;
  let pool = randomBytes(4096);
  let offset = 0;
  return () => {
    if (offset + ID_BYTES > pool.length) {
      pool = randomBytes(4096);
      offset = 0;
    }
    const id = pool.toString('hex', offset, offset + ID_BYTES);
    offset += ID_BYTES;
    return `req_${id}`;
  };
}

async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Mailwarden API',
        version,
        description:
          'Two surfaces, one account system. Deliverability API under /api/v1 (bare JSON, {"error"} bodies); Threat API under /v1 (success/data/meta envelope).',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'API key sk_live_…' },
          apiKeyQuery: { type: 'apiKey', in: 'query', name: 'api_key', description: 'Threat API only' },
        },
      },
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/v1/swagger' });
  app.get('/v1/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, logger, services } = deps;
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    genReqId: requestIdGenerator(),
    // Fastify's own per-request lines are off: the onResponse hook below writes one compact line.
    logController: new LogController({ requestIdLogLabel: 'request_id', disableRequestLogging: true }),
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    return503OnClosing: true,
  });
  app.setValidatorCompiler(createValidatorCompiler());
  app.decorateRequest('principal', null);
  for (const schema of [UserSchema, AuditEventSchema, SessionTokensSchema, ApiKeySchema, ApiKeyWithSecretSchema]) app.addSchema(schema);
  app.addSchema(ErrorEnvelopeSchema);
  app.addSchema(RateLimitErrorSchema);

  app.addHook('onSend', async (request, reply) => {
    reply.header('X-Request-Id', request.id);
  });
  // One log line per request, after the response: what a person needs to find a request again.
  app.addHook('onResponse', async (request, reply) => {
    const line = { method: request.method, url: request.url.split('?')[0], status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 };
    if (reply.statusCode >= 500) request.log.error(line, 'request failed');
    else request.log.info(line, 'request completed');
  });

  await registerOpenApi(app, deps.version);
  registerMetrics(app);

  await app.register(
    deliverabilitySurface({
      authenticator: services.authenticator,
      limiter: services.limiter,
      routes: [healthRoutes(deps.db, deps.version), mailboxesRoutes(services.mailboxes.service), mailboxChecksRoutes(services.mailboxes.checks), warmupRoutes(services.warmup.service), ...(deps.extraRoutes?.deliverability ?? [])],
    }),
    { prefix: '/api/v1' },
  );
  await app.register(
    threatSurface({
      authenticator: services.authenticator,
      limiter: services.limiter,
      routes: [
        authRoutes(services.sessions),
        usersRoutes(services.users, deps.db),
        apiKeysRoutes(services.apiKeys),
        honeypotsRoutes(services.honeypots),
        emailsRoutes(services.emails),
        campaignsRoutes(services.campaigns, deps.db),
        reportsRoutes(services.reports.service),
        analyticsRoutes(services.analytics.service),
        webhooksRoutes(services.webhooks), ...(deps.extraRoutes?.threat ?? [])],
    }),
    { prefix: '/v1' },
  );
  if (deps.dashboardDir !== null) await registerDashboard(app, deps.dashboardDir);
  return app;
}
