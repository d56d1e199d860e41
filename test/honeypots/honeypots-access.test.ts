/**
 * Who may touch a honeypot: scopes (403 naming the scope), tenant isolation on every `:id` route and
 * on the bulk routes (another user's id is a 404 / per-item not_found and nothing of theirs changes),
 * the ON DELETE CASCADE from users, and the ingest-path repository functions.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HoneypotsRepo } from '../../src/honeypots/honeypots.repo.ts';
import { callerFor, countHoneypots, honeypotsTestApp, type HoneypotsTestApp } from './support.ts';

describe('honeypot scopes', () => {
  let h: HoneypotsTestApp;
  let id: string;
  before(async () => {
    h = await honeypotsTestApp();
    id = (await h.owner.call('POST', '/v1/honeypots', { email_address: 'scoped@company.com' })).body.data.id;
  });
  after(() => h.t.close());

  const routes = (honeypotId: string): Array<[method: string, url: string, scope: string, payload?: unknown]> => [
    ['GET', '/v1/honeypots', 'honeypots:read'],
    ['GET', '/v1/honeypots/domains', 'honeypots:read'],
    ['GET', `/v1/honeypots/${honeypotId}`, 'honeypots:read'],
    ['POST', '/v1/honeypots', 'honeypots:write', { email_address: 'scope-new@company.com' }],
    ['PATCH', `/v1/honeypots/${honeypotId}`, 'honeypots:write', { priority: 'low' }],
    ['DELETE', `/v1/honeypots/${honeypotId}`, 'honeypots:write'],
    ['POST', '/v1/honeypots/bulk', 'honeypots:write', [{ email_address: 'scope-bulk@company.com' }]],
    ['PATCH', '/v1/honeypots/bulk', 'honeypots:write', { ids: [honeypotId], updates: { priority: 'low' } }],
    ['DELETE', `/v1/honeypots/bulk?ids=${honeypotId}`, 'honeypots:write'],
  ];

  it('lists the domains honeypot addresses may use', async () => {
    const res = await h.owner.call('GET', '/v1/honeypots/domains');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.data, { domains: ['company.com', 'traps.example'] });
  });

  it('answers 403 naming the missing scope on every route, and changes nothing', async () => {
    const user = await h.t.createUser('enterprise');
    const otherScopes = callerFor(h.t, await h.t.createKey(user.id, ['emails:read', 'emails:write', 'reports:write']));
    const readOnly = callerFor(h.t, await h.t.createKey(h.owner.id, ['honeypots:read']));
    for (const [method, url, scope, payload] of routes(id)) {
      for (const call of scope === 'honeypots:write' ? [otherScopes, readOnly] : [otherScopes]) {
        const res = await call(method, url, payload);
        assert.equal(res.status, 403, `${method} ${url}`);
        assert.equal(res.body.error.code, 'forbidden');
        assert.equal(res.body.error.details.required_scope, scope);
        assert.match(res.body.error.message, new RegExp(`"${scope}"`));
      }
    }
    assert.equal(await countHoneypots(h.t), 1);
    assert.equal((await h.owner.call('GET', `/v1/honeypots/${id}`)).body.data.priority, 'medium');
  });

  it('lets honeypots:read read, and the Stekpad-style read/write scopes stand in for both', async () => {
    const readOnly = callerFor(h.t, await h.t.createKey(h.owner.id, ['honeypots:read']));
    assert.equal((await readOnly('GET', '/v1/honeypots')).status, 200);
    assert.equal((await readOnly('GET', `/v1/honeypots/${id}`)).status, 200);
    const generic = callerFor(h.t, await h.t.createKey(h.owner.id, ['read', 'write']));
    assert.equal((await generic('GET', `/v1/honeypots/${id}`)).status, 200);
    assert.equal((await generic('PATCH', `/v1/honeypots/${id}`, { category: 'generic' })).status, 200);
  });

  it('accepts the key as ?api_key= on a get with field selection', async () => {
    const key = await h.t.createKey(h.owner.id, ['honeypots:read']);
    const res = await h.t.app.inject({ method: 'GET', url: `/v1/honeypots/${id}?fields=id&api_key=${key}` });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json().data, { id });
  });
});

describe('honeypot tenant isolation', () => {
  let h: HoneypotsTestApp;
  let theirs: string;
  let mine: string;
  let theirsBefore: unknown;
  before(async () => {
    h = await honeypotsTestApp();
    theirs = (await h.owner.call('POST', '/v1/honeypots', { email_address: 'owned@company.com', tags: ['private'] })).body.data.id;
    mine = (await h.other.call('POST', '/v1/honeypots', { email_address: 'mine@company.com' })).body.data.id;
    theirsBefore = (await h.owner.call('GET', `/v1/honeypots/${theirs}`)).body.data;
  });
  after(() => h.t.close());

  const assertUntouched = async () => {
    assert.deepEqual((await h.owner.call('GET', `/v1/honeypots/${theirs}`)).body.data, theirsBefore);
  };

  it("answers another user's id on GET, PATCH and DELETE exactly like an unknown id", async () => {
    const unknown = 'honeypot_00000000000000000000000000';
    for (const [method, payload] of [['GET'], ['PATCH', { status: 'suspended' }], ['DELETE']] as const) {
      const foreign = await h.other.call(method, `/v1/honeypots/${theirs}`, payload);
      const missing = await h.other.call(method, `/v1/honeypots/${unknown}`, payload);
      assert.equal(foreign.status, 404, method);
      assert.equal(missing.status, 404, method);
      assert.deepEqual(foreign.body.error, { ...missing.body.error, message: missing.body.error.message.replace(unknown, theirs), details: { field: 'id', value: theirs } });
    }
    await assertUntouched();
  });

  it("lists only the caller's honeypots, whatever the filter", async () => {
    const all = await h.other.call('GET', '/v1/honeypots');
    assert.deepEqual(all.body.data.map((x: { id: string }) => x.id), [mine]);
    assert.equal(all.body.pagination.total, 1);
    const probe = await h.other.call('GET', `/v1/honeypots?id=${theirs}`);
    assert.deepEqual(probe.body.data, []);
    const byTag = await h.other.call('GET', '/v1/honeypots?tags=private');
    assert.deepEqual(byTag.body.data, []);
  });

  it("reports another user's ids as not_found in bulk update and delete, and changes nothing of theirs", async () => {
    const updated = await h.other.call('PATCH', '/v1/honeypots/bulk', { ids: [theirs, mine], updates: { status: 'inactive', tags: ['hijacked'] } });
    assert.equal(updated.status, 207);
    assert.deepEqual(updated.body.data.results, [
      { id: theirs, status: 'error', error: { code: 'not_found', message: `No honeypot ${theirs} in this account. List yours with GET /v1/honeypots.`, details: { field: 'id', value: theirs } } },
      { id: mine, status: 'updated' },
    ]);
    const deleted = await h.other.call('DELETE', `/v1/honeypots/bulk?ids=${theirs}`);
    assert.equal(deleted.status, 207);
    assert.equal(deleted.body.data.results[0].error.code, 'not_found');
    await assertUntouched();
    assert.equal(await countHoneypots(h.t, h.owner.id), 1);
  });

  it("cannot take another user's address through bulk create", async () => {
    const res = await h.other.call('POST', '/v1/honeypots/bulk', [{ email_address: 'OWNED@company.com' }]);
    assert.equal(res.status, 207);
    assert.equal(res.body.data.results[0].error.code, 'conflict');
    await assertUntouched();
  });
});

describe('honeypot storage', () => {
  let h: HoneypotsTestApp;
  before(async () => {
    h = await honeypotsTestApp();
  });
  after(() => h.t.close());

  it('deletes a user\'s honeypots when the user row is deleted (ON DELETE CASCADE), and only theirs', async () => {
    const doomed = await h.t.createUser('enterprise');
    const call = callerFor(h.t, await h.t.createKey(doomed.id, ['honeypots:write']));
    const created = await call('POST', '/v1/honeypots/bulk', [{ email_address: 'c1@company.com' }, { email_address: 'c2@company.com' }]);
    assert.equal(created.status, 201);
    await h.owner.call('POST', '/v1/honeypots', { email_address: 'survivor@company.com' });
    assert.equal(await countHoneypots(h.t, doomed.id), 2);
    const before = await countHoneypots(h.t);

    await h.t.testDb.db.kysely.deleteFrom('users').where('id', '=', doomed.id).execute();
    assert.equal(await countHoneypots(h.t, doomed.id), 0);
    assert.equal(await countHoneypots(h.t), before - 2);
    // The addresses are free again.
    assert.equal((await h.owner.call('POST', '/v1/honeypots', { email_address: 'c1@company.com' })).status, 201);
  });

  it('finds the delivery target by normalised address, for any owner, and counts captured mail', async () => {
    const repo = new HoneypotsRepo(h.t.testDb.db);
    const created = (await h.other.call('POST', '/v1/honeypots', { email_address: 'ingest@traps.example', status: 'pending' })).body.data;
    assert.deepEqual(await repo.findByAddressForDelivery(' Ingest@TRAPS.example '), { id: created.id, user_id: h.other.id, status: 'pending' });
    assert.equal(await repo.findByAddressForDelivery('nobody@traps.example'), undefined);

    // Out of order: the later time wins; updated_at (settings) does not move.
    await h.t.testDb.db.kysely.transaction().execute(async (trx) => {
      await repo.recordEmailReceived(trx, created.id, '2026-03-12T15:00:00.000Z');
      await repo.recordEmailReceived(trx, created.id, '2026-03-12T14:59:00.000Z');
    });
    await repo.recordEmailReceived(h.t.testDb.db.kysely, created.id, '2026-03-12T15:00:00.001Z');
    const after = (await h.other.call('GET', `/v1/honeypots/${created.id}`)).body.data;
    assert.equal(after.email_count, 3);
    assert.equal(after.last_email_at, '2026-03-12T15:00:00.001Z');
    assert.equal(after.updated_at, created.updated_at);

    // A rolled-back transaction leaves the count as it was.
    await assert.rejects(
      h.t.testDb.db.kysely.transaction().execute(async (trx) => {
        await repo.recordEmailReceived(trx, created.id, '2026-03-13T00:00:00.000Z');
        throw new Error('storage failed');
      }),
      /storage failed/,
    );
    assert.equal((await h.other.call('GET', `/v1/honeypots/${created.id}`)).body.data.email_count, 3);
  });

  it('enforces the address uniqueness and threshold range in the database itself', async () => {
    const row = {
      id: 'honeypot_raw0000000000000000000000',
      user_id: h.owner.id,
      email_address: 'survivor@company.com',
      domain: 'company.com',
      purpose: 'testing' as const,
      description: null,
      category: null,
      priority: 'low' as const,
      tags: '[]',
      status: 'active' as const,
      alerts_enabled: 1,
      alerts_threat_threshold: 50,
      alerts_email_notifications: 0,
      alerts_webhook_url: null,
      alerts_webhook_secret: null,
      last_email_at: null,
      created_at: '2026-03-12T14:30:15.000Z',
      updated_at: '2026-03-12T14:30:15.000Z',
    };
    const db = h.t.testDb.db.kysely;
    await assert.rejects(db.insertInto('honeypots').values(row).execute());
    await assert.rejects(db.insertInto('honeypots').values({ ...row, email_address: 'fresh@company.com', alerts_threat_threshold: 101 }).execute());
    await db.insertInto('honeypots').values({ ...row, email_address: 'fresh@company.com' }).execute();
    assert.equal((await h.owner.call('GET', `/v1/honeypots/${row.id}`)).body.data.email_count, 0);
  });
});
