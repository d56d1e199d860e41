/**
 * GET /api/v1/health (no key, not rate-limited): `ok`, or `degraded` with 503 when the database does
 * not answer.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { databaseIsReachable, type Db } from '../platform/db/index.ts';

const HealthSchema = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  version: Type.String(),
  timestamp: Type.String({ format: 'date-time' }),
});

export function healthRoutes(db: Db, version: string): FastifyPluginAsync {
  return async (app) => {
    app.get(
      '/health',
      {
        config: { public: true },
        schema: { tags: ['Deliverability: health'], summary: 'Check the API is operational', response: { 200: HealthSchema, 503: HealthSchema } },
      },
      async (_request, reply) => {
        const reachable = await databaseIsReachable(db);
        return reply.code(reachable ? 200 : 503).send({
          status: reachable ? 'ok' : 'degraded',
          version,
          timestamp: new Date().toISOString(),
        });
      },
    );
  };
}
