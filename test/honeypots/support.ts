/**
 * Shared set-up for the honeypot tests: an app that receives mail for two domains, and a caller per
 * key that sends JSON and returns status + parsed body.
 */
import type { LightMyRequestResponse } from 'fastify';
import { bearer, createTestApp, type TestApp } from '../support/app.ts';

export const DOMAINS = 'company.com,traps.example';
export const READ_WRITE = ['honeypots:read', 'honeypots:write'];
/** Timestamps are ISO-8601 UTC with milliseconds. */
export const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
export const HONEYPOT_ID = /^honeypot_[0-9a-z]{26}$/;

export interface Response {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
  body: any;
  raw: LightMyRequestResponse;
}

export type Caller = (method: string, url: string, payload?: unknown) => Promise<Response>;

export function callerFor(t: TestApp, key: string): Caller {
  return async (method, url, payload) => {
    const raw = await t.app.inject({
      method: method as 'GET',
      url,
      headers: bearer(key),
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    return { status: raw.statusCode, body: raw.body === '' ? undefined : raw.json(), raw };
  };
}

export interface HoneypotsTestApp {
  t: TestApp;
  /** An enterprise user (no plan rate limits) holding honeypots:read + honeypots:write. */
  owner: { id: string; call: Caller };
  /** A second user with the same permissions: the other tenant. */
  other: { id: string; call: Caller };
}

export async function honeypotsTestApp(env: Record<string, string> = {}): Promise<HoneypotsTestApp> {
  const t = await createTestApp({ env: { HONEYPOT_DOMAINS: DOMAINS, ...env } });
  const ownerUser = await t.createUser('enterprise');
  const otherUser = await t.createUser('enterprise');
  return {
    t,
    owner: { id: ownerUser.id, call: callerFor(t, await t.createKey(ownerUser.id, READ_WRITE)) },
    other: { id: otherUser.id, call: callerFor(t, await t.createKey(otherUser.id, READ_WRITE)) },
  };
}

/** Number of honeypot rows in the database (all users), or one user's. */
export async function countHoneypots(t: TestApp, userId?: string): Promise<number> {
  let query = t.testDb.db.kysely.selectFrom('honeypots').select((eb) => eb.fn.countAll<number | string>().as('n'));
  if (userId !== undefined) query = query.where('user_id', '=', userId);
  return Number((await query.executeTakeFirstOrThrow()).n);
}
