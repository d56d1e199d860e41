import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bearer, createTestApp, type TestApp } from '../support/app.ts';

describe('authentication and permissions (CONTRACT.md §1.1)', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('401s a request without a key on both surfaces, in each surface\'s shape', async () => {
    const threat = await t.app.inject({ method: 'GET', url: '/v1/users/me' });
    assert.equal(threat.statusCode, 401);
    const body = threat.json();
    assert.equal(body.success, false);
    assert.equal(body.error.code, 'unauthorized');
    assert.match(body.meta.request_id, /^req_[0-9a-f]{20}$/);

    const deliverability = await t.app.inject({ method: 'GET', url: '/api/v1/mailboxes' });
    assert.equal(deliverability.statusCode, 401);
    assert.deepEqual(Object.keys(deliverability.json()), ['error']);
  });

  it('401s a malformed key and an unknown well-formed key', async () => {
    for (const authorization of ['Bearer nope', 'Bearer sk_live_short', 'Basic abc', `Bearer sk_live_${'A'.repeat(43)}`]) {
      const res = await t.app.inject({ method: 'GET', url: '/v1/users/me', headers: { authorization } });
      assert.equal(res.statusCode, 401, authorization);
      assert.equal(res.json().error.code, 'unauthorized');
    }
  });

  it('accepts a Bearer key on /v1 and returns the key owner', async () => {
    const user = await t.createUser('pro');
    const key = await t.createKey(user.id, ['users:read']);
    assert.match(key, /^sk_live_[A-Za-z0-9_-]{43}$/);
    const res = await t.app.inject({ method: 'GET', url: '/v1/users/me', headers: bearer(key) });
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.equal(body.success, true);
    assert.equal(body.data.id, user.id);
    assert.equal(body.data.email, user.email);
    assert.equal(body.data.plan, 'pro');
    assert.equal(body.data.role, 'user');
  });

  it('accepts ?api_key= on /v1 but not on /api/v1', async () => {
    const user = await t.createUser('pro');
    const key = await t.createKey(user.id, ['read', 'write']);
    const threat = await t.app.inject({ method: 'GET', url: `/v1/users/me?api_key=${key}` });
    assert.equal(threat.statusCode, 200);
    const deliverability = await t.app.inject({ method: 'GET', url: `/api/v1/mailboxes?api_key=${key}` });
    assert.equal(deliverability.statusCode, 401);
  });

  it('stores only the SHA-256 of a key', async () => {
    const user = await t.createUser('pro');
    const key = await t.createKey(user.id, ['read']);
    const rows = await t.testDb.db.kysely.selectFrom('api_keys').selectAll().where('user_id', '=', user.id).execute();
    assert.equal(rows.length, 1);
    const row = rows[0]!;
    assert.match(row.key_hash, /^[0-9a-f]{64}$/);
    assert.ok(!JSON.stringify(row).includes(key.slice(8)), 'raw key material must not be stored');
    assert.equal(row.prefix, key.slice(0, 12));
  });

  it('403s a key without the scope and names the missing scope', async () => {
    const user = await t.createUser('pro');
    const key = await t.createKey(user.id, ['emails:read']);
    const res = await t.app.inject({ method: 'GET', url: '/v1/users/me', headers: bearer(key) });
    assert.equal(res.statusCode, 403);
    const body = res.json();
    assert.equal(body.error.code, 'forbidden');
    assert.equal(body.error.details.required_scope, 'users:read');
    assert.match(body.error.message, /users:read/);
  });

  it('lets `read` imply every *:read scope', async () => {
    const user = await t.createUser('pro');
    const key = await t.createKey(user.id, ['read']);
    const res = await t.app.inject({ method: 'GET', url: '/v1/users/me', headers: bearer(key) });
    assert.equal(res.statusCode, 200);
  });

  it('does not let `write` imply reads, nor a Threat scope imply `read` on /api/v1', async () => {
    const user = await t.createUser('pro');
    const writeOnly = await t.createKey(user.id, ['write']);
    assert.equal((await t.app.inject({ method: 'GET', url: '/v1/users/me', headers: bearer(writeOnly) })).statusCode, 403);
    const threatOnly = await t.createKey(user.id, ['users:read', 'emails:read']);
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/mailboxes', headers: bearer(threatOnly) });
    assert.equal(res.statusCode, 403);
    assert.match(res.json().error, /"read" permission/);
  });

  it('requires write for POST and DELETE on /api/v1', async () => {
    const user = await t.createUser('pro');
    const readOnly = await t.createKey(user.id, ['read']);
    for (const method of ['POST', 'DELETE'] as const) {
      const res = await t.app.inject({ method, url: '/api/v1/mailboxes', headers: bearer(readOnly) });
      assert.equal(res.statusCode, 403, method);
      assert.match(res.json().error, /"write" permission/);
    }
  });

  it('403s the free plan on /api/v1 but serves it on /v1', async () => {
    const user = await t.createUser('free');
    const key = await t.createKey(user.id, ['read', 'write']);
    const deliverability = await t.app.inject({ method: 'GET', url: '/api/v1/mailboxes', headers: bearer(key) });
    assert.equal(deliverability.statusCode, 403);
    assert.match(deliverability.json().error, /Pro or Enterprise/);
    const threat = await t.app.inject({ method: 'GET', url: '/v1/users/me', headers: bearer(key) });
    assert.equal(threat.statusCode, 200);
  });

  it('records last_used_at in throttled batches, not a write per request', async () => {
    const user = await t.createUser('pro');
    const key = await t.createKey(user.id, ['read']);
    const lastUsed = async () =>
      (await t.testDb.db.kysely.selectFrom('api_keys').select('last_used_at').where('user_id', '=', user.id).executeTakeFirstOrThrow()).last_used_at;
    assert.equal(await lastUsed(), null);
    await t.app.inject({ method: 'GET', url: '/v1/users/me', headers: bearer(key) });
    assert.equal(await lastUsed(), null, 'nothing written on the request path');
    await t.services.apiKeys.flushLastUsed();
    const first = await lastUsed();
    assert.equal(first, new Date(t.clock.now()).toISOString());
    t.clock.advance(10_000); // within the write interval: no new write
    await t.app.inject({ method: 'GET', url: '/v1/users/me', headers: bearer(key) });
    await t.services.apiKeys.flushLastUsed();
    assert.equal(await lastUsed(), first);
    t.clock.advance(60_000); // past it: written again
    await t.app.inject({ method: 'GET', url: '/v1/users/me', headers: bearer(key) });
    await t.services.apiKeys.flushLastUsed();
    assert.equal(await lastUsed(), new Date(t.clock.now()).toISOString());
  });
});
