/**
 * `/api/v1/mailboxes` (CONTRACT.md §2): thin — read the request, call the service, return the bare
 * documented object. Authentication, plan, permission (GET read, POST/DELETE write) and rate limits are
 * the Deliverability surface's; errors become `{"error": "…"}` there.
 */
import type { TSchema } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { principalOf } from '../http/types.ts';
import {
  ErrorSchema,
  MailboxCreatedSchema,
  MailboxCreateSchema,
  MailboxDeletedSchema,
  MailboxDetailSchema,
  MailboxIdParams,
  MailboxListSchema,
  type MailboxCreateBody,
} from './mailboxes.schema.ts';
import type { MailboxesService } from './mailboxes.service.ts';

const TAGS = ['Deliverability: mailboxes'];
const SECURITY: Array<Record<string, string[]>> = [{ bearer: [] }];

/** The documented error statuses, each `{"error": "…"}`. */
export function deliverabilityResponses(success: Record<number, TSchema>, extra: number[] = []): Record<number, TSchema> {
  const responses: Record<number, TSchema> = { ...success };
  for (const status of [400, 401, 403, 404, 429, 500, ...extra]) responses[status] = ErrorSchema;
  return responses;
}

export function mailboxesRoutes(mailboxes: MailboxesService): FastifyPluginAsync {
  return async (app) => {
    app.get(
      '/mailboxes',
      { schema: { tags: TAGS, summary: 'List your connected mailboxes', security: SECURITY, response: deliverabilityResponses({ 200: MailboxListSchema }) } },
      async (request) => mailboxes.list(principalOf(request).user.id),
    );

    app.post<{ Body: MailboxCreateBody }>(
      '/mailboxes',
      {
        schema: {
          tags: TAGS,
          summary: 'Connect a mailbox with its SMTP/IMAP credentials',
          description:
            'Passwords are stored encrypted (AES-256-GCM) and never returned. Both logins are then checked in the background: ' +
            '`verification` goes from `verifying` to `verified`, or to `failed` with `status: "error"` and the reason in `connection_error`. ' +
            'A mailbox already connected to this account is a 409.',
          security: SECURITY,
          body: MailboxCreateSchema,
          response: deliverabilityResponses({ 201: MailboxCreatedSchema }, [409]),
        },
      },
      async (request, reply) => reply.code(201).send(await mailboxes.create(principalOf(request).user.id, request.body)),
    );

    app.get<{ Params: { id: string } }>(
      '/mailboxes/:id',
      {
        schema: {
          tags: TAGS,
          summary: 'One mailbox in detail',
          security: SECURITY,
          params: MailboxIdParams,
          response: deliverabilityResponses({ 200: MailboxDetailSchema }),
        },
      },
      async (request) => mailboxes.get(principalOf(request).user.id, request.params.id),
    );

    app.delete<{ Params: { id: string } }>(
      '/mailboxes/:id',
      {
        schema: {
          tags: TAGS,
          summary: 'Disconnect a mailbox',
          description: 'Stops its warm-up and erases its stored credentials; nothing about it stays readable.',
          security: SECURITY,
          params: MailboxIdParams,
          response: deliverabilityResponses({ 200: MailboxDeletedSchema }),
        },
      },
      async (request) => mailboxes.delete(principalOf(request).user.id, request.params.id),
    );
  };
}
