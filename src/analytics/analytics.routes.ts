/**
 * Threat API analytics routes (CONTRACT.md §3.6), scope `analytics:read` (granted by `read` too):
 * overview, threat distribution and geography of the caller's own mail. Thin: parse, call the
 * service, shape the envelope. Geography comes from offline databases (DB-IP, RouteViews; CC BY 4.0).
 */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { dataEnvelope, sendData, THREAT_SECURITY, threatResponses } from '../http/threat/envelope.ts';
import { principalOf } from '../http/types.ts';
import type { AnalyticsService } from './analytics.service.ts';
import { GeographicSchema, OverviewSchema, PeriodQuerySchema, ThreatDistributionSchema } from './analytics.schema.ts';

const TAGS = ['Threat: analytics'];
const SCOPE = 'analytics:read';

type Query = Record<string, string | undefined>;

export function analyticsRoutes(service: AnalyticsService): FastifyPluginAsync {
  return async (app) => {
    const userIdOf = (request: FastifyRequest) => principalOf(request).user.id;

    app.get('/analytics/overview', {
      config: { scope: SCOPE },
      schema: {
        tags: TAGS, summary: 'Overview of a period', security: THREAT_SECURITY,
        description: 'Totals, classification, threat types and a time series (hourly up to 48 h, daily beyond) of the mail your honeypots received in the period; with compare=true also the previous period of the same length and the change of each total. Bad periods are 422 naming the field.',
        querystring: Type.Object({ ...PeriodQuerySchema, compare: Type.Optional(Type.String({ description: 'true or false. Default false.' })) }, { additionalProperties: false }),
        response: threatResponses({ 200: dataEnvelope(OverviewSchema) }),
      },
    }, async (request, reply) => sendData(request, reply, await service.overview(userIdOf(request), request.query as Query)));

    app.get('/analytics/threat-distribution', {
      config: { scope: SCOPE },
      schema: {
        tags: TAGS, summary: 'Threat distribution of a period', security: THREAT_SECURITY,
        description: 'Analysed emails of the period by threat type (malware, phishing, spam, clean), by threat_score in tens, or by classification (severity).',
        querystring: Type.Object({ ...PeriodQuerySchema, group_by: Type.Optional(Type.String({ description: 'type, score or severity. Default type.' })) }, { additionalProperties: false }),
        response: threatResponses({ 200: dataEnvelope(ThreatDistributionSchema) }),
      },
    }, async (request, reply) => sendData(request, reply, await service.threatDistribution(userIdOf(request), request.query as Query)));

    app.get('/analytics/geographic', {
      config: { scope: SCOPE },
      schema: {
        tags: TAGS, summary: 'Where the mail of a period came from', security: THREAT_SECURITY,
        description: 'Top origin countries and autonomous systems of the period\'s analysed mail (origin: the SMTP client, or for mail posted over HTTP the oldest public address of its Received chain). Offline databases: IP Geolocation by DB-IP (https://db-ip.com), RouteViews and NRO, CC BY 4.0.',
        querystring: Type.Object({ ...PeriodQuerySchema, limit: Type.Optional(Type.String({ description: 'Rows in each list, 1–100. Default 10.' })) }, { additionalProperties: false }),
        response: threatResponses({ 200: dataEnvelope(GeographicSchema) }),
      },
    }, async (request, reply) => sendData(request, reply, await service.geographic(userIdOf(request), request.query as Query)));
  };
}
