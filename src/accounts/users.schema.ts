import { Type } from '@sinclair/typebox';
import { AUDIT_ACTIONS } from './audit.ts';

export const UserSchema = Type.Object(
  {
    id: Type.String({ examples: ['user_01hx9t8m3c4b5d6e7f8g9h0j1k'] }),
    email: Type.String({ format: 'email' }),
    name: Type.Union([Type.String(), Type.Null()]),
    plan: Type.Union([Type.Literal('free'), Type.Literal('pro'), Type.Literal('enterprise')]),
    role: Type.Union([Type.Literal('user'), Type.Literal('admin')]),
    created_at: Type.String({ format: 'date-time' }),
  },
  { $id: 'User' },
);

export const UserPatchSchema = Type.Object(
  {
    name: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
    plan: Type.Optional(Type.String({ description: 'Administrators only.' })),
    role: Type.Optional(Type.String({ description: 'Administrators only.' })),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const UserIdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

const auditEventProperties = {
    id: Type.String(),
    action: Type.Union(AUDIT_ACTIONS.map((a) => Type.Literal(a))),
    actor_type: Type.Union([Type.Literal('session'), Type.Literal('api_key'), Type.Literal('cli'), Type.Literal('system')]),
    actor_id: Type.Union([Type.String(), Type.Null()], { description: 'The user who acted.' }),
    api_key_id: Type.Union([Type.String(), Type.Null()]),
    target_type: Type.Union([Type.String(), Type.Null()]),
    target_id: Type.Union([Type.String(), Type.Null()]),
    ip: Type.Union([Type.String(), Type.Null()]),
    user_agent: Type.Union([Type.String(), Type.Null()]),
    details: Type.Object({}, { additionalProperties: true }),
    created_at: Type.String({ format: 'date-time' }),
};

/** An audit event; only the requested fields when `?fields=` is given. */
export const AuditEventSchema = Type.Partial(Type.Object(auditEventProperties), { $id: 'AuditEvent' });
