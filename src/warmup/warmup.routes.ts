/**
 * `GET/POST /api/v1/warmup` and `GET /api/v1/stats` (CONTRACT.md §2): thin — read the request, call the
 * service, return the bare documented object. Auth, plan, permissions and `{"error"}` bodies are the
 * Deliverability surface's.
 */
import type { FastifyPluginAsync } from 'fastify';
import { principalOf } from '../http/types.ts';
import { deliverabilityResponses } from '../mailboxes/mailboxes.routes.ts';
import { StatsQuery, StatsResponse, WarmupActionBody, WarmupActionResponse, WarmupQuery, WarmupStatusSchema } from './warmup.schema.ts';
import type { WarmupService } from './warmup.service.ts';

const SECURITY: Array<Record<string, string[]>> = [{ bearer: [] }];

export function warmupRoutes(warmup: WarmupService): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Querystring: WarmupQuery }>(
      '/warmup',
      {
        schema: {
          tags: ['Deliverability: warm-up'],
          summary: "A mailbox's warm-up status, configuration and recent warm-up mail",
          description: 'recent_emails: the latest 20 messages, planned ones included. Beyond the seed: health {score, confident, reasons}, paused_reason, connection_error.',
          security: SECURITY,
          querystring: WarmupQuery,
          response: deliverabilityResponses({ 200: WarmupStatusSchema }),
        },
      },
      async (request) => warmup.status(principalOf(request).user.id, request.query.mailbox_id),
    );

    app.post<{ Body: WarmupActionBody }>(
      '/warmup',
      {
        schema: {
          tags: ['Deliverability: warm-up'],
          summary: 'Pause, resume, or update warm-up configuration',
          description:
            'Takes effect at once: pause cancels every planned message; resume plans the rest of today; a config change that moves ' +
            "the window, volume or time zone re-plans today's messages not yet sent.",
          security: SECURITY,
          body: WarmupActionBody,
          response: deliverabilityResponses({ 200: WarmupActionResponse }),
        },
      },
      async (request) => warmup.act(principalOf(request).user.id, request.body),
    );

    app.get<{ Querystring: StatsQuery }>(
      '/stats',
      {
        schema: {
          tags: ['Deliverability: warm-up'],
          summary: 'Daily warm-up statistics of a mailbox',
          description: "One row per local date (the mailbox's time zone), oldest first, today included; days without mail show zeros.",
          security: SECURITY,
          querystring: StatsQuery,
          response: deliverabilityResponses({ 200: StatsResponse }),
        },
      },
      async (request) => warmup.stats(principalOf(request).user.id, request.query.mailbox_id, request.query.days),
    );
  };
}
