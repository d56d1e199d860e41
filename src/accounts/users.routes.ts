/**
 * Threat API user routes. (The rest of §3.1 — PATCH, other users, deletion — builds on this.)
 */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { principalOf } from '../http/types.ts';
import { dataEnvelope, sendData, threatResponses } from '../http/threat/envelope.ts';
import type { UserRow } from './users.repo.ts';

function toUser(row: Omit<UserRow, 'updated_at'>) {
  return { id: row.id, email: row.email, name: row.name, plan: row.plan, role: row.role, created_at: row.created_at };
}

export function usersRoutes(): FastifyPluginAsync {
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
      // The profile was read with the key in the same query: no second lookup.
      async (request, reply) => sendData(request, reply, toUser(principalOf(request).user)),
    );
  };
}
