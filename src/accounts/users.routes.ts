/**
 * `/v1/users/*` (CONTRACT.md §3.1): the caller's profile and audit log; other accounts for admins.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { Db } from '../platform/db/index.ts';
import { actorOf } from '../http/actor.ts';
import { parseListQuery, pickFields, runListQuery } from '../http/list-query.ts';
import { dataEnvelope, listEnvelope, sendData, sendList, THREAT_SECURITY, threatResponses } from '../http/threat/envelope.ts';
import { principalOf } from '../http/types.ts';
import { auditListResource, toAuditEvent, type AuditEventRow } from './audit.ts';
import { UserIdParams, UserPatchSchema } from './users.schema.ts';
import type { UserRow } from './users.repo.ts';
import type { UsersService } from './users.service.ts';

const TAGS = ['Threat: users'];
const userData = dataEnvelope(Type.Ref('User'));

export function toUser(row: Omit<UserRow, 'updated_at'>) {
  return { id: row.id, email: row.email, name: row.name, plan: row.plan, role: row.role, created_at: row.created_at };
}

export function usersRoutes(users: UsersService, db: Db): FastifyPluginAsync {
  return async (app) => {
    app.get(
      '/users/me',
      {
        config: { scope: 'users:read' },
        schema: { tags: TAGS, summary: 'The signed-in user (owner of the API key)', security: THREAT_SECURITY, response: threatResponses({ 200: userData }) },
      },
      // The profile was read with the key in the same query: no second lookup.
      async (request, reply) => sendData(request, reply, toUser(principalOf(request).user)),
    );

    app.patch<{ Body: Static<typeof UserPatchSchema> }>(
      '/users/me',
      {
        config: { scope: 'users:write' },
        schema: {
          tags: TAGS,
          summary: 'Update the signed-in user',
          description: 'name is editable; plan and role only by an administrator (403 otherwise).',
          security: THREAT_SECURITY,
          body: UserPatchSchema,
          response: threatResponses({ 200: userData }),
        },
      },
      async (request, reply) => {
        const principal = principalOf(request);
        const updated = await users.update(principal, principal.user.id, request.body, actorOf(request));
        return sendData(request, reply, toUser(updated));
      },
    );

    app.get(
      '/users/me/audit',
      {
        config: { scope: 'users:read' },
        schema: {
          tags: TAGS,
          summary: "The signed-in user's audit log",
          description:
            'Security-relevant actions on this account: sign-ins, refresh-token reuse, API keys created/updated/regenerated/deleted, profile, plan and role changes. Lists support page, limit, filters, date_range (created_at), sort and fields.',
          security: THREAT_SECURITY,
          response: threatResponses({ 200: listEnvelope(Type.Ref('AuditEvent')) }),
        },
      },
      async (request, reply) => {
        const userId = principalOf(request).user.id;
        const parsed = parseListQuery(auditListResource, request.query as Record<string, unknown>);
        const page = await runListQuery(db, auditListResource, parsed, (qb) => qb.where('user_id', '=', userId));
        const data = page.rows.map((row) => pickFields(toAuditEvent(row as unknown as AuditEventRow), parsed.fields));
        return sendList(request, reply, data, page.pagination);
      },
    );

    app.get<{ Params: Static<typeof UserIdParams> }>(
      '/users/:id',
      {
        config: { scope: 'users:read' },
        schema: {
          tags: TAGS,
          summary: 'A user: yourself, or anyone when you are an administrator',
          description: 'Another user\'s id is a 404 unless the caller is an administrator.',
          security: THREAT_SECURITY,
          params: UserIdParams,
          response: threatResponses({ 200: userData }),
        },
      },
      async (request, reply) => sendData(request, reply, toUser(await users.getVisible(principalOf(request), request.params.id))),
    );

    app.patch<{ Params: Static<typeof UserIdParams>; Body: Static<typeof UserPatchSchema> }>(
      '/users/:id',
      {
        config: { scope: 'users:write' },
        schema: {
          tags: TAGS,
          summary: 'Update a user: yourself, or anyone when you are an administrator',
          description: 'Administrators change plan and role here; each change is written to that account\'s audit log.',
          security: THREAT_SECURITY,
          params: UserIdParams,
          body: UserPatchSchema,
          response: threatResponses({ 200: userData }),
        },
      },
      async (request, reply) => {
        const updated = await users.update(principalOf(request), request.params.id, request.body, actorOf(request));
        return sendData(request, reply, toUser(updated));
      },
    );

    app.delete<{ Params: Static<typeof UserIdParams> }>(
      '/users/:id',
      {
        config: { scope: 'users:write' },
        schema: {
          tags: TAGS,
          summary: 'Delete an account and everything it owns',
          description:
            'Yourself, or anyone when you are an administrator. Removes every row and stored file of the account (keys, sessions, audit log, honeypots, captured mail and attachments, webhooks, reports, mailboxes, credentials) in one transaction; files shared with other accounts\' mail are kept for them.',
          security: THREAT_SECURITY,
          params: UserIdParams,
          response: threatResponses({ 200: dataEnvelope(Type.Object({ id: Type.String(), deleted: Type.Boolean() })) }),
        },
      },
      async (request, reply) => {
        await users.delete(principalOf(request), request.params.id, actorOf(request));
        return sendData(request, reply, { id: request.params.id, deleted: true });
      },
    );
  };
}
