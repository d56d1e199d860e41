/**
 * `/v1/api-keys` (CONTRACT.md §3.1): the raw key shown once, edits, regeneration, deletion, validation,
 * the permission ceiling, last_used_at, the audit trail and tenant isolation.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bearer, createTestApp, type TestApp } from '../support/app.ts';

describe('API keys (CONTRACT.md §3.1)', () => {
  let t: TestApp;
  let owner: { id: string; email: string };
  let manager: string;

  before(async () => {
    t = await createTestApp();
    owner = await t.createUser('pro');
    manager = await t.createKey(owner.id, ['keys:manage', 'emails:read', 'honeypots:read', 'users:read']);
  });
  after(() => t.close());

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, key = manager, payload?: unknown) =>
    t.app.inject({ method, url, headers: bearer(key), payload: payload as Record<string, unknown> | undefined });

  async function createKey(body: Record<string, unknown>, key = manager) {
    const res = await call('POST', '/v1/api-keys', key, body);
    assert.equal(res.statusCode, 201, res.body);
    return res.json().data as Record<string, unknown> & { key_id: string; key: string };
  }

  it('creates a key, shows the raw key once, and the key works with exactly its permissions', async () => {
    const created = await createKey({ name: '  reader  ', permissions: ['emails:read'] });
    assert.match(created.key, /^sk_live_[A-Za-z0-9_-]{43}$/);
    assert.match(created.key_id, /^key_/);
    assert.deepEqual(Object.keys(created).sort(), ['created_at', 'key', 'key_id', 'last_used_at', 'name', 'permissions', 'prefix', 'rate_limit']);
    assert.equal(created.name, 'reader');
    assert.equal(created.prefix, created.key.slice(0, 12));
    assert.deepEqual(created.rate_limit, { per_minute: 300, per_hour: 5000, per_day: 50000 }, 'the pro plan\'s limits');
    assert.equal(created.last_used_at, null);

    const fetched = await call('GET', `/v1/api-keys/${created.key_id}`);
    assert.equal(fetched.statusCode, 200);
    assert.equal(fetched.json().data.key, undefined, 'the raw key is never shown again');
    const listed = await call('GET', '/v1/api-keys?limit=100');
    assert.ok(!listed.body.includes(created.key));

    // Its permissions: emails:read only.
    assert.equal((await call('GET', '/v1/users/me', created.key)).statusCode, 403);
  });

  it('lists the caller\'s keys with pagination, sorting and field selection', async () => {
    for (const name of ['list-a', 'list-b', 'list-c']) await createKey({ name, permissions: ['emails:read'] });
    const res = await call('GET', '/v1/api-keys?name=in:list-a,list-b,list-c&sort=name:desc&limit=2&fields=key_id,name');
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.deepEqual(body.data.map((k: { name: string }) => k.name), ['list-c', 'list-b']);
    assert.deepEqual(Object.keys(body.data[0]).sort(), ['key_id', 'name']);
    assert.equal(body.pagination.total, 3);
    assert.equal(body.pagination.has_next, true);
    const bad = await call('GET', '/v1/api-keys?colour=red');
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.details.field, 'colour');
  });

  it('refuses unknown permissions (422 naming them) and limits above the plan (422)', async () => {
    const unknown = await call('POST', '/v1/api-keys', manager, { name: 'x', permissions: ['emails:read', 'root', 'admin:all'] });
    assert.equal(unknown.statusCode, 422);
    assert.equal(unknown.json().error.details.field, 'permissions');
    assert.deepEqual(unknown.json().error.details.value, ['root', 'admin:all']);
    assert.match(unknown.json().error.message, /"root", "admin:all"/);

    const tooFast = await call('POST', '/v1/api-keys', manager, { name: 'x', permissions: ['emails:read'], rate_limit: { per_minute: 301 } });
    assert.equal(tooFast.statusCode, 422);
    assert.equal(tooFast.json().error.details.field, 'rate_limit.per_minute');

    const lower = await createKey({ name: 'slow', permissions: ['emails:read'], rate_limit: { per_minute: 10, per_day: 100 } });
    assert.deepEqual(lower.rate_limit, { per_minute: 10, per_hour: 5000, per_day: 100 });

    for (const [body, field] of [
      [{ name: 'x', permissions: [] }, 'permissions'],
      [{ name: '', permissions: ['emails:read'] }, 'name'],
      [{ permissions: ['emails:read'] }, 'name'],
      [{ name: 'x', permissions: ['emails:read'], rate_limit: { per_minute: 0 } }, 'rate_limit.per_minute'],
      [{ name: 'x', permissions: ['emails:read'], rate_limit: { per_week: 5 } }, 'rate_limit.per_week'],
      [{ name: 'x', permissions: ['emails:read'], owner: 'me' }, 'owner'],
    ] as const) {
      const res = await call('POST', '/v1/api-keys', manager, body);
      assert.equal(res.statusCode, 400, JSON.stringify(body));
      assert.equal(res.json().error.details.field, field, JSON.stringify(body));
    }
  });

  it('lets an enterprise account set any limit, and an unlimited plan shows null', async () => {
    const boss = await t.createUser('enterprise');
    const key = await t.createKey(boss.id, ['keys:manage']);
    const res = await call('POST', '/v1/api-keys', key, { name: 'big', permissions: ['keys:manage'], rate_limit: { per_minute: 100000 } });
    assert.equal(res.statusCode, 201);
    assert.deepEqual(res.json().data.rate_limit, { per_minute: 100000, per_hour: null, per_day: null });
  });

  it('does not let a key grant permissions it lacks (403 naming them)', async () => {
    const res = await call('POST', '/v1/api-keys', manager, { name: 'escalate', permissions: ['emails:read', 'emails:write', 'webhooks:manage'] });
    assert.equal(res.statusCode, 403);
    assert.deepEqual(res.json().error.details.value, ['emails:write', 'webhooks:manage']);
    const target = await createKey({ name: 'patch-escalate', permissions: ['emails:read'] });
    const patch = await call('PATCH', `/v1/api-keys/${target.key_id}`, manager, { permissions: ['write'] });
    assert.equal(patch.statusCode, 403);
  });

  it('updates name, permissions and rate limit; null returns a window to the plan\'s', async () => {
    const created = await createKey({ name: 'editable', permissions: ['emails:read'], rate_limit: { per_hour: 50 } });
    const res = await call('PATCH', `/v1/api-keys/${created.key_id}`, manager, { name: 'edited', permissions: ['honeypots:read'], rate_limit: { per_minute: 5, per_hour: null } });
    assert.equal(res.statusCode, 200);
    const data = res.json().data;
    assert.equal(data.name, 'edited');
    assert.deepEqual(data.permissions, ['honeypots:read']);
    assert.deepEqual(data.rate_limit, { per_minute: 5, per_hour: 5000, per_day: 50000 });
    const reread = await call('GET', `/v1/api-keys/${created.key_id}?fields=name,permissions`);
    assert.deepEqual(reread.json().data, { name: 'edited', permissions: ['honeypots:read'] });
    assert.equal((await call('PATCH', `/v1/api-keys/${created.key_id}`, manager, {})).statusCode, 400);
  });

  it('regenerates: the old key stops working at once, the new one works, settings are kept', async () => {
    const created = await createKey({ name: 'rotating', permissions: ['users:read'] });
    assert.equal((await call('GET', '/v1/users/me', created.key)).statusCode, 200);
    const res = await call('POST', `/v1/api-keys/${created.key_id}/regenerate`);
    assert.equal(res.statusCode, 200);
    const regenerated = res.json().data;
    assert.notEqual(regenerated.key, created.key);
    assert.equal(regenerated.key_id, created.key_id);
    assert.equal(regenerated.name, 'rotating');
    assert.equal(regenerated.prefix, regenerated.key.slice(0, 12));
    assert.equal((await call('GET', '/v1/users/me', created.key)).statusCode, 401);
    assert.equal((await call('GET', '/v1/users/me', regenerated.key)).statusCode, 200);
  });

  it('deletes: the key stops working at once and is gone from the list', async () => {
    const created = await createKey({ name: 'doomed', permissions: ['users:read'] });
    const res = await call('DELETE', `/v1/api-keys/${created.key_id}`);
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json().data, { key_id: created.key_id, deleted: true });
    assert.equal((await call('GET', '/v1/users/me', created.key)).statusCode, 401);
    assert.equal((await call('GET', `/v1/api-keys/${created.key_id}`)).statusCode, 404);
    assert.equal((await call('DELETE', `/v1/api-keys/${created.key_id}`)).statusCode, 404);
  });

  it('shows last_used_at at once and writes it in batches, not per request', async () => {
    const created = await createKey({ name: 'used', permissions: ['users:read'] });
    t.clock.advance(1_000);
    for (let i = 0; i < 5; i++) assert.equal((await call('GET', '/v1/users/me', created.key)).statusCode, 200);
    const stored = await t.testDb.db.kysely.selectFrom('api_keys').select('last_used_at').where('id', '=', created.key_id).executeTakeFirstOrThrow();
    assert.equal(stored.last_used_at, null, 'not written per request');
    const shown = await call('GET', `/v1/api-keys/${created.key_id}`);
    assert.equal(shown.json().data.last_used_at, t.clock.iso());
    await t.services.apiKeys.flushLastUsed();
    const flushed = await t.testDb.db.kysely.selectFrom('api_keys').select('last_used_at').where('id', '=', created.key_id).executeTakeFirstOrThrow();
    assert.equal(flushed.last_used_at, t.clock.iso());
  });

  it('audits key creation, regeneration and deletion with actor and IP', async () => {
    const created = await createKey({ name: 'audited', permissions: ['users:read'] });
    await call('POST', `/v1/api-keys/${created.key_id}/regenerate`);
    await call('DELETE', `/v1/api-keys/${created.key_id}`);
    const res = await call('GET', `/v1/users/me/audit?target_id=${created.key_id}&sort=id:asc`);
    assert.equal(res.statusCode, 200);
    const events = res.json().data;
    assert.deepEqual(events.map((e: { action: string }) => e.action), ['api_key.created', 'api_key.regenerated', 'api_key.deleted']);
    for (const event of events) {
      assert.equal(event.actor_type, 'api_key');
      assert.equal(event.actor_id, owner.id);
      assert.equal(event.ip, '127.0.0.1');
      assert.match(event.api_key_id, /^key_/);
    }
    const fields = await call('GET', '/v1/users/me/audit?fields=action&limit=1');
    assert.deepEqual(Object.keys(fields.json().data[0]), ['action']);
  });

  it('needs keys:manage', async () => {
    const reader = await t.createKey(owner.id, ['users:read']);
    const res = await call('GET', '/v1/api-keys', reader);
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().error.details.required_scope, 'keys:manage');
  });

  it('isolates tenants: another account\'s key id is a 404 on every route, and nothing changes', async () => {
    const victim = await t.createUser('pro');
    const victimKey = await t.createKey(victim.id, ['keys:manage', 'users:read']);
    const victimKeyId = (await call('GET', '/v1/api-keys', victimKey)).json().data[0].key_id as string;
    const attempts: Array<['GET' | 'PATCH' | 'DELETE' | 'POST', string, unknown]> = [
      ['GET', `/v1/api-keys/${victimKeyId}`, undefined],
      ['PATCH', `/v1/api-keys/${victimKeyId}`, { name: 'pwned' }],
      ['POST', `/v1/api-keys/${victimKeyId}/regenerate`, undefined],
      ['DELETE', `/v1/api-keys/${victimKeyId}`, undefined],
    ];
    for (const [method, url, payload] of attempts) {
      const res = await call(method, url, manager, payload);
      assert.equal(res.statusCode, 404, `${method} ${url}`);
      assert.equal(res.json().error.code, 'not_found');
    }
    const listed = await call('GET', '/v1/api-keys?limit=100');
    assert.ok(!listed.json().data.some((k: { key_id: string }) => k.key_id === victimKeyId));
    const still = await call('GET', `/v1/api-keys/${victimKeyId}`, victimKey);
    assert.equal(still.json().data.name, 'test key');
    assert.equal((await call('GET', '/v1/users/me', victimKey)).statusCode, 200, 'the victim\'s key still works');
  });
});
