/**
 * Threat API user routes. (The rest of §3.1 — PATCH, other users, deletion — builds on this.)
 */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { NotFound } from '../platform/errors.ts';
import { principalOf } from '../http/types.ts';
import { dataEnvelope, sendData, threatResponses } from '../http/threat/envelope.ts';
import type { UserRow } from './users.repo.ts';
import type { UsersService } from './users.service.ts';

function toUser(row: UserRow) {
  return { id: row.id, email: row.email, name: row.name, plan: row.plan, role: row.role, created_at: row.created_at };
}

export function usersRoutes(users: UsersService): FastifyPluginAsync {
  return async (app) => {
    app.get(
      '/users/me',
      {
        config: { scope: 'users:read' },
        schema: {
          tags: ['Threat: users'],
          summary: 'The signed-in user (owner of the API key)',
          security: [{ bearer: [] }, { apiKeyQuery: [] }],
          response: threatResponses({ 200: dataEnvelope(Type.Ref('User')) }),
        },
      },
      async (request, reply) => {
        const user = await users.findById(principalOf(request).userId);
        if (user === undefined) throw new NotFound('This key belongs to a user that no longer exists.');
        return sendData(request, reply, toUser(user));
      },
    );
  };
}
