/**
 * The webhook endpoints API (CONTRACT.md §3.4): create (secret shown once, stored encrypted), get,
 * list through the list machinery, update (URL re-checked), delete (deliveries cascade), test (one
 * queued webhook.test delivery), disable/enable, the delivery history, URL safety with and without
 * WEBHOOK_ALLOW_PRIVATE, the webhooks:manage scope, tenant isolation and the audit trail.
 * IP-literal URLs only, so no DNS is needed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { Webhook } from 'standardwebhooks';
import { bearer, createTestApp, type TestApp } from '../support/app.ts';
import { webhookSecretContext } from '../../src/webhooks/webhooks.service.ts';

interface Response {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
  body: any;
  raw: LightMyRequestResponse;
}
type Caller = (method: string, url: string, payload?: unknown) => Promise<Response>;

function callerFor(t: TestApp, key: string): Caller {
  return async (method, url, payload) => {
    const raw = await t.app.inject({ method: method as 'GET', url, headers: bearer(key), ...(payload === undefined ? {} : { payload: payload as object }) });
    return { status: raw.statusCode, body: raw.body === '' ? undefined : raw.json(), raw };
  };
}

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const LOOPBACK = 'http://127.0.0.1:9/hook';
const PUBLIC = 'https://93.184.216.34/mailwarden';

/** The vault needs a configured key in PostgreSQL mode (several processes share the database). */
const SECRET = 'webhooks-api-test-secret-0123456789abcdef0123456789';

async function setUp(env: Record<string, string>) {
  const t = await createTestApp({ env: { MAILWARDEN_SECRET: SECRET, ...env } });
  const owner = await t.createUser('enterprise');
  const other = await t.createUser('enterprise');
  return {
    t,
    owner: { id: owner.id, call: callerFor(t, await t.createKey(owner.id, ['webhooks:manage'])) },
    other: { id: other.id, call: callerFor(t, await t.createKey(other.id, ['webhooks:manage'])) },
  };
}

describe('webhooks API (WEBHOOK_ALLOW_PRIVATE=true)', () => {
  let h: Awaited<ReturnType<typeof setUp>>;
  before(async () => {
    h = await setUp({ WEBHOOK_ALLOW_PRIVATE: 'true' });
  });
  after(() => h.t.close());

  it('creates a webhook, shows a generated whsec_ secret once, and stores it encrypted', async () => {
    const res = await h.owner.call('POST', '/v1/webhooks', { url: LOOPBACK, events: ['email.received', 'threat.detected', 'email.received'], description: 'SOC' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const data = res.body.data;
    assert.match(data.id, /^webhook_[0-9a-z]{26}$/);
    assert.equal(data.webhook_id, data.id);
    assert.equal(data.url, LOOPBACK);
    assert.deepEqual(data.events, ['email.received', 'threat.detected']);
    assert.equal(data.status, 'active');
    assert.equal(data.description, 'SOC');
    assert.equal(data.failure_count, 0);
    assert.equal(data.last_delivery_at, null);
    assert.equal(data.disabled_reason, null);
    assert.match(data.created_at, ISO);
    assert.match(data.secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
    // The secret is a valid Standard Webhooks key: a standard verifier accepts what it signs.
    const wh = new Webhook(data.secret);
    const headers = { 'webhook-id': 'msg_1', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)) };
    const body = '{"a":1}';
    assert.deepEqual(wh.verify(body, { ...headers, 'webhook-signature': wh.sign('msg_1', new Date(), body) }), { a: 1 });

    const row = await h.t.testDb.db.kysely.selectFrom('webhooks').selectAll().where('id', '=', data.id).executeTakeFirstOrThrow();
    assert.ok(!row.secret_enc.includes(data.secret.slice(6)), 'stored in the clear');
    assert.equal(h.t.services.vault.decrypt(row.secret_enc, webhookSecretContext(data.id)), data.secret);

    const got = await h.owner.call('GET', `/v1/webhooks/${data.id}`);
    assert.equal(got.status, 200);
    assert.equal(got.body.data.secret, undefined);
    const { secret: _secret, ...withoutSecret } = data;
    assert.deepEqual(got.body.data, withoutSecret);
    const listed = await h.owner.call('GET', '/v1/webhooks');
    assert.ok(listed.body.data.every((w: Record<string, unknown>) => !('secret' in w)));
    assert.ok(!listed.raw.body.includes(data.secret));
  });

  it('keeps a secret the client chose, and refuses a whsec_ secret that is not base64 of 24–64 bytes', async () => {
    const chosen = 'my-own-secret-of-some-length';
    const res = await h.owner.call('POST', '/v1/webhooks', { url: LOOPBACK, events: ['system.alert'], secret: chosen });
    assert.equal(res.status, 201);
    assert.equal(res.body.data.secret, chosen);
    const bad = await h.owner.call('POST', '/v1/webhooks', { url: LOOPBACK, events: ['system.alert'], secret: 'whsec_not-base64-at-all!' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.details.field, 'secret');
    assert.ok(!bad.raw.body.includes('not-base64-at-all'), 'the refused secret is not echoed');
  });

  it('answers 422 naming an unknown event type, and 400 for a bad body', async () => {
    const res = await h.owner.call('POST', '/v1/webhooks', { url: LOOPBACK, events: ['email.received', 'email.exploded'] });
    assert.equal(res.status, 422);
    assert.equal(res.body.error.code, 'unprocessable');
    assert.equal(res.body.error.details.field, 'events');
    assert.equal(res.body.error.details.value, 'email.exploded');
    assert.match(res.body.error.message, /email\.exploded/);
    for (const body of [{ url: LOOPBACK }, { url: LOOPBACK, events: [] }, { events: ['system.alert'] }, { url: LOOPBACK, events: ['system.alert'], extra: 1 }]) {
      assert.equal((await h.owner.call('POST', '/v1/webhooks', body)).status, 400, JSON.stringify(body));
    }
    const ftp = await h.owner.call('POST', '/v1/webhooks', { url: 'ftp://127.0.0.1/', events: ['system.alert'] });
    assert.equal(ftp.status, 400);
    assert.equal(ftp.body.error.details.field, 'url');
    const creds = await h.owner.call('POST', '/v1/webhooks', { url: 'http://u:p@127.0.0.1/', events: ['system.alert'] });
    assert.equal(creds.status, 400);
    assert.match(creds.body.error.message, /user name or password/);
  });

  it('updates url, events and description; only the given fields change', async () => {
    const id = (await h.owner.call('POST', '/v1/webhooks', { url: LOOPBACK, events: ['email.received'], description: 'before' })).body.data.id;
    h.t.clock.advance(1000);
    const res = await h.owner.call('PATCH', `/v1/webhooks/${id}`, { events: ['pattern.detected'], url: 'http://[::1]:8080/x' });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.data.events, ['pattern.detected']);
    assert.equal(res.body.data.url, 'http://[::1]:8080/x');
    assert.equal(res.body.data.description, 'before');
    assert.notEqual(res.body.data.updated_at, res.body.data.created_at);
    assert.equal((await h.owner.call('PATCH', `/v1/webhooks/${id}`, { description: null })).body.data.description, null);
    assert.equal((await h.owner.call('PATCH', `/v1/webhooks/${id}`, {})).status, 200);
    assert.equal((await h.owner.call('PATCH', `/v1/webhooks/${id}`, { events: ['nope'] })).status, 422);
    assert.equal((await h.owner.call('PATCH', `/v1/webhooks/${id}`, { secret: 'x'.repeat(20) })).status, 400);
  });

  it('disables and enables; enable resets failure_count and disabled_reason', async () => {
    const id = (await h.owner.call('POST', '/v1/webhooks', { url: LOOPBACK, events: ['email.received'] })).body.data.id;
    const disabled = await h.owner.call('POST', `/v1/webhooks/${id}/disable`);
    assert.equal(disabled.status, 200);
    assert.equal(disabled.body.data.status, 'disabled');
    assert.match(disabled.body.data.disabled_reason, /API/);
    // As the delivery engine leaves it after repeated failures.
    await h.t.testDb.db.kysely.updateTable('webhooks').set({ failure_count: 12, disabled_reason: 'Disabled after 12 consecutive failures.' }).where('id', '=', id).execute();
    assert.equal((await h.owner.call('GET', `/v1/webhooks/${id}`)).body.data.failure_count, 12);
    const again = await h.owner.call('POST', `/v1/webhooks/${id}/disable`);
    assert.equal(again.body.data.disabled_reason, 'Disabled after 12 consecutive failures.', 'a second disable keeps the reason');
    const enabled = await h.owner.call('POST', `/v1/webhooks/${id}/enable`);
    assert.equal(enabled.status, 200);
    assert.equal(enabled.body.data.status, 'active');
    assert.equal(enabled.body.data.failure_count, 0);
    assert.equal(enabled.body.data.disabled_reason, null);
  });

  it('queues one webhook.test delivery for that webhook only and lists it among its deliveries; 409 when disabled', async () => {
    const id = (await h.owner.call('POST', '/v1/webhooks', { url: LOOPBACK, events: ['email.received'] })).body.data.id;
    const bystander = (await h.owner.call('POST', '/v1/webhooks', { url: LOOPBACK, events: ['email.received', 'system.alert'] })).body.data.id;
    const res = await h.owner.call('POST', `/v1/webhooks/${id}/test`);
    assert.equal(res.status, 202, JSON.stringify(res.body));
    assert.match(res.body.data.event_id, /^evt_/);
    assert.equal(res.body.data.type, 'webhook.test');
    assert.equal(res.body.data.deliveries, 1);

    const deliveries = await h.owner.call('GET', `/v1/webhooks/${id}/deliveries`);
    assert.equal(deliveries.status, 200);
    assert.equal(deliveries.body.pagination.total, 1);
    const [delivery] = deliveries.body.data;
    assert.match(delivery.id, /^dlv_/);
    assert.equal(delivery.event_id, res.body.data.event_id);
    assert.equal(delivery.event_type, 'webhook.test');
    assert.equal(delivery.status, 'pending');
    assert.equal(delivery.attempt, 0);
    assert.equal(delivery.last_status_code, null);
    assert.match(delivery.next_attempt_at, ISO);
    assert.equal(delivery.completed_at, null);
    assert.equal((await h.owner.call('GET', `/v1/webhooks/${bystander}/deliveries`)).body.pagination.total, 0);

    // The list machinery applies: filters (joined event type too), field selection, unknown fields refused.
    assert.equal((await h.owner.call('GET', `/v1/webhooks/${id}/deliveries?event_type=webhook.test&status=pending`)).body.pagination.total, 1);
    assert.equal((await h.owner.call('GET', `/v1/webhooks/${id}/deliveries?event_type=email.received`)).body.pagination.total, 0);
    assert.deepEqual((await h.owner.call('GET', `/v1/webhooks/${id}/deliveries?fields=id,event_type`)).body.data, [{ id: delivery.id, event_type: 'webhook.test' }]);
    assert.equal((await h.owner.call('GET', `/v1/webhooks/${id}/deliveries?sort=event_type:desc`)).status, 200);
    assert.equal((await h.owner.call('GET', `/v1/webhooks/${id}/deliveries?bogus=1`)).status, 400);

    await h.owner.call('POST', `/v1/webhooks/${id}/disable`);
    const refused = await h.owner.call('POST', `/v1/webhooks/${id}/test`);
    assert.equal(refused.status, 409);
    assert.match(refused.body.error.message, /enable/);
  });

  it('deletes a webhook with its deliveries', async () => {
    const id = (await h.owner.call('POST', '/v1/webhooks', { url: LOOPBACK, events: ['email.received'] })).body.data.id;
    await h.owner.call('POST', `/v1/webhooks/${id}/test`);
    const res = await h.owner.call('DELETE', `/v1/webhooks/${id}`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.data, { id, deleted: true });
    assert.equal((await h.owner.call('GET', `/v1/webhooks/${id}`)).status, 404);
    assert.equal((await h.owner.call('DELETE', `/v1/webhooks/${id}`)).status, 404);
    const left = await h.t.testDb.db.kysely.selectFrom('webhook_deliveries').select('id').where('webhook_id', '=', id).execute();
    assert.equal(left.length, 0);
  });

  it('records webhook creation (secret shown) and deletion in the audit log', async () => {
    const id = (await h.owner.call('POST', '/v1/webhooks', { url: LOOPBACK, events: ['email.received'] })).body.data.id;
    await h.owner.call('DELETE', `/v1/webhooks/${id}`);
    const rows = await h.t.testDb.db.kysely.selectFrom('audit_events').selectAll().where('target_id', '=', id).orderBy('id').execute();
    assert.deepEqual(rows.map((r) => r.action), ['webhook.created', 'webhook.deleted']);
    assert.equal(rows[0]!.actor_type, 'api_key');
    assert.equal(rows[0]!.target_type, 'webhook');
    assert.equal(JSON.parse(rows[0]!.details).secret_shown, true);
  });

  it('lists through the list machinery: filters, sorting, field selection', async () => {
    const t = await setUp({ WEBHOOK_ALLOW_PRIVATE: 'true' });
    try {
      const ids: string[] = [];
      for (const port of [1001, 1002, 1003]) {
        ids.push((await t.owner.call('POST', '/v1/webhooks', { url: `http://127.0.0.1:${port}/`, events: ['email.received'] })).body.data.id);
        t.t.clock.advance(1000);
      }
      await t.owner.call('POST', `/v1/webhooks/${ids[1]}/disable`);
      await t.t.testDb.db.kysely.updateTable('webhooks').set({ failure_count: 7 }).where('id', '=', ids[2]!).execute();
      const call = async (query: string) => (await t.owner.call('GET', `/v1/webhooks?${query}`)).body;
      assert.deepEqual((await call('status=disabled')).data.map((w: { id: string }) => w.id), [ids[1]]);
      assert.deepEqual((await call('sort=failure_count:desc&fields=id')).data[0], { id: ids[2] });
      assert.deepEqual((await call('url=contains::1002')).data.map((w: { id: string }) => w.id), [ids[1]]);
      assert.deepEqual((await call('sort=created_at:desc&limit=2')).data.map((w: { id: string }) => w.id), [ids[2], ids[1]]);
      assert.equal((await call('sort=created_at:desc&limit=2')).pagination.total, 3);
      assert.equal((await call('last_delivery_at=lt:2030-01-01')).pagination.total, 0);
      const bad = await t.owner.call('GET', '/v1/webhooks?secret=x');
      assert.equal(bad.status, 400);
      assert.equal(bad.body.error.code, 'validation_error');
      assert.equal((await t.owner.call('GET', '/v1/webhooks?status=paused')).status, 400);
    } finally {
      await t.t.close();
    }
  });

  it('isolates tenants: another user\'s webhook is a 404 on every route and never listed', async () => {
    const id = (await h.owner.call('POST', '/v1/webhooks', { url: LOOPBACK, events: ['email.received'], description: 'mine' })).body.data.id;
    const before = (await h.owner.call('GET', `/v1/webhooks/${id}`)).body.data;
    for (const [method, url, payload] of [
      ['GET', `/v1/webhooks/${id}`],
      ['PATCH', `/v1/webhooks/${id}`, { description: 'theirs now' }],
      ['PATCH', `/v1/webhooks/${id}`, { url: LOOPBACK }],
      ['DELETE', `/v1/webhooks/${id}`],
      ['POST', `/v1/webhooks/${id}/test`],
      ['POST', `/v1/webhooks/${id}/disable`],
      ['POST', `/v1/webhooks/${id}/enable`],
      ['GET', `/v1/webhooks/${id}/deliveries`],
    ] as const) {
      const res = await h.other.call(method, url, payload);
      assert.equal(res.status, 404, `${method} ${url}`);
      assert.equal(res.body.error.code, 'not_found');
    }
    assert.equal((await h.other.call('GET', '/v1/webhooks')).body.pagination.total, 0);
    assert.deepEqual((await h.owner.call('GET', `/v1/webhooks/${id}`)).body.data, before);
    const events = await h.t.testDb.db.kysely.selectFrom('events').select('id').where('user_id', '=', h.other.id).execute();
    assert.equal(events.length, 0);
  });

  it('needs the webhooks:manage scope (403 naming it); write implies it', async () => {
    const user = await h.t.createUser('enterprise');
    const readOnly = callerFor(h.t, await h.t.createKey(user.id, ['emails:read', 'honeypots:write', 'read']));
    for (const [method, url] of [['GET', '/v1/webhooks'], ['POST', '/v1/webhooks'], ['GET', '/v1/webhooks/webhook_x'], ['POST', '/v1/webhooks/webhook_x/test']] as const) {
      const res = await readOnly(method, url, method === 'POST' && url === '/v1/webhooks' ? { url: LOOPBACK, events: ['email.received'] } : undefined);
      assert.equal(res.status, 403, `${method} ${url}`);
      assert.equal(res.body.error.details.required_scope, 'webhooks:manage');
    }
    const writer = callerFor(h.t, await h.t.createKey(user.id, ['write']));
    assert.equal((await writer('GET', '/v1/webhooks')).status, 200);
  });

  it('documents the routes in OpenAPI', async () => {
    const doc = (await h.t.app.inject({ method: 'GET', url: '/v1/openapi.json' })).json();
    for (const path of ['/v1/webhooks', '/v1/webhooks/{id}', '/v1/webhooks/{id}/test', '/v1/webhooks/{id}/disable', '/v1/webhooks/{id}/enable', '/v1/webhooks/{id}/deliveries']) {
      assert.ok(doc.paths[path], path);
    }
  });
});

describe('webhooks API URL safety (default: private targets refused)', () => {
  let h: Awaited<ReturnType<typeof setUp>>;
  before(async () => {
    h = await setUp({});
  });
  after(() => h.t.close());

  for (const url of [LOOPBACK, 'http://169.254.169.254/latest/meta-data/', 'http://10.0.0.5/', 'http://[::1]/', 'http://[::ffff:127.0.0.1]/', 'http://localhost:8080/']) {
    it(`refuses ${url} at creation with 422 naming the address and WEBHOOK_ALLOW_PRIVATE`, async () => {
      const res = await h.owner.call('POST', '/v1/webhooks', { url, events: ['email.received'] });
      assert.equal(res.status, 422, JSON.stringify(res.body));
      assert.equal(res.body.error.details.field, 'url');
      assert.equal(res.body.error.details.value, url);
      assert.ok(res.body.error.message.includes(res.body.error.details.address));
      assert.match(res.body.error.message, /WEBHOOK_ALLOW_PRIVATE=true/);
    });
  }

  it('accepts a public address, and refuses an update to a private one, leaving the webhook unchanged', async () => {
    const created = await h.owner.call('POST', '/v1/webhooks', { url: PUBLIC, events: ['email.received'] });
    assert.equal(created.status, 201);
    const id = created.body.data.id;
    const res = await h.owner.call('PATCH', `/v1/webhooks/${id}`, { url: 'http://169.254.169.254/', description: 'x' });
    assert.equal(res.status, 422);
    assert.equal(res.body.error.details.address, '169.254.169.254');
    const now = (await h.owner.call('GET', `/v1/webhooks/${id}`)).body.data;
    assert.equal(now.url, PUBLIC);
    assert.equal(now.description, null);
    const rows = await h.t.testDb.db.kysely.selectFrom('webhooks').select('id').where('user_id', '=', h.owner.id).execute();
    assert.equal(rows.length, 1);
  });
});
