/**
 * Honeypot CRUD (CONTRACT.md §3.2) through HTTP: exact response shapes, the webhook secret shown only
 * on create, every validation error, and routing of /honeypots/bulk versus /honeypots/:id.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { countHoneypots, HONEYPOT_ID, honeypotsTestApp, type HoneypotsTestApp } from './support.ts';

const NOW = '2026-03-12T14:30:15.000Z';

describe('honeypots CRUD', () => {
  let h: HoneypotsTestApp;
  before(async () => {
    h = await honeypotsTestApp();
  });
  after(() => h.t.close());

  describe('create', () => {
    it('creates with defaults, normalising the address and deriving the domain', async () => {
      const res = await h.owner.call('POST', '/v1/honeypots', { email_address: '  Trap.One@Company.COM ', purpose: 'monitoring' });
      assert.equal(res.status, 201);
      assert.equal(res.body.success, true);
      assert.match(res.body.data.id, HONEYPOT_ID);
      assert.deepEqual(res.body.data, {
        id: res.body.data.id,
        email_address: 'trap.one@company.com',
        domain: 'company.com',
        purpose: 'monitoring',
        description: null,
        category: null,
        priority: 'medium',
        tags: [],
        status: 'active',
        alerts: { enabled: true, threat_threshold: 70, email_notifications: false, webhook_url: null, webhook_secret: null, webhook_status: null, webhook_disabled_reason: null },
        email_count: 0,
        last_email_at: null,
        created_at: NOW,
        updated_at: NOW,
      });
      assert.deepEqual(Object.keys(res.body.meta), ['request_id', 'timestamp']);
    });

    it('stores every field given; the webhook secret is shown in full only in the create response', async () => {
      const secret = 'a-long-shared-secret-9f3k';
      const body = {
        email_address: 'full@traps.example',
        purpose: 'leak-detection',
        description: 'Planted in the 2026 vendor list',
        category: 'vendors',
        priority: 'critical',
        tags: [' leak ', 'vendor', 'leak'],
        status: 'pending',
        alerts: { enabled: false, threat_threshold: 55, email_notifications: true, webhook_url: 'https://hooks.example.net/mw', webhook_secret: secret },
      };
      const created = await h.owner.call('POST', '/v1/honeypots', body);
      assert.equal(created.status, 201);
      const expected = {
        id: created.body.data.id,
        email_address: 'full@traps.example',
        domain: 'traps.example',
        purpose: 'leak-detection',
        description: 'Planted in the 2026 vendor list',
        category: 'vendors',
        priority: 'critical',
        tags: ['leak', 'vendor'],
        status: 'pending',
        alerts: { enabled: false, threat_threshold: 55, email_notifications: true, webhook_url: 'https://hooks.example.net/mw', webhook_secret: secret, webhook_status: 'active', webhook_disabled_reason: null },
        email_count: 0,
        last_email_at: null,
        created_at: NOW,
        updated_at: NOW,
      };
      assert.deepEqual(created.body.data, expected);

      const masked = { ...expected, alerts: { ...expected.alerts, webhook_secret: '****9f3k' } };
      const got = await h.owner.call('GET', `/v1/honeypots/${expected.id}`);
      assert.equal(got.status, 200);
      assert.deepEqual(got.body.data, masked);
      const listed = await h.owner.call('GET', `/v1/honeypots?id=${expected.id}`);
      assert.deepEqual(listed.body.data, [masked]);
      const patched = await h.owner.call('PATCH', `/v1/honeypots/${expected.id}`, { alerts: { webhook_secret: 'another-secret-value-1234' } });
      assert.equal(patched.body.data.alerts.webhook_secret, '****1234');
      assert.ok(!JSON.stringify([got.body, listed.body, patched.body]).includes(secret));
      // At rest the secret is vault ciphertext, never the plaintext.
      const stored = await h.t.testDb.db.kysely.selectFrom('honeypots').selectAll().where('id', '=', expected.id).executeTakeFirstOrThrow();
      assert.equal(stored.alerts_webhook_secret, null);
      assert.ok(stored.alerts_webhook_secret_enc !== null && !stored.alerts_webhook_secret_enc.includes('another-secret'));
      assert.ok(!JSON.stringify(stored).includes('another-secret-value') && !JSON.stringify(stored).includes(secret));
    });

    it('encrypts alert secrets stored in plaintext before migration 0013 and keeps them usable', async () => {
      const created = await h.owner.call('POST', '/v1/honeypots', { email_address: 'legacy@company.com', alerts: { webhook_url: 'https://hooks.example.net/l' } });
      const id = created.body.data.id as string;
      const legacy = 'legacy-plaintext-secret-abcd';
      await h.t.testDb.db.kysely.updateTable('honeypots')
        .set({ alerts_webhook_secret: legacy, alerts_webhook_secret_enc: null, alerts_webhook_secret_hint: null }).where('id', '=', id).execute();
      assert.equal(await h.t.services.honeypots.encryptLegacyAlertSecrets(), 1);
      const stored = await h.t.testDb.db.kysely.selectFrom('honeypots').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(stored.alerts_webhook_secret, null);
      assert.equal(h.t.services.vault.decrypt(stored.alerts_webhook_secret_enc!, `honeypot-alerts:${stored.user_id}`), legacy);
      assert.equal((await h.owner.call('GET', `/v1/honeypots/${id}`)).body.data.alerts.webhook_secret, '****abcd');
      assert.equal(await h.t.services.honeypots.encryptLegacyAlertSecrets(), 0);
    });

    it('generates a webhook secret when a webhook URL comes without one', async () => {
      const res = await h.owner.call('POST', '/v1/honeypots', { email_address: 'hooked@company.com', alerts: { webhook_url: 'http://hooks.example.net/x' } });
      assert.equal(res.status, 201);
      const secret = res.body.data.alerts.webhook_secret as string;
      assert.match(secret, /^whsec_[A-Za-z0-9+/]{43}=$/, "standard base64 of 32 bytes, as Standard Webhooks verifiers expect");
      const got = await h.owner.call('GET', `/v1/honeypots/${res.body.data.id}`);
      assert.equal(got.body.data.alerts.webhook_secret, `****${secret.slice(-4)}`);
    });

    it('generates a random, unguessable address on the first configured domain when none is given', async () => {
      const first = await h.owner.call('POST', '/v1/honeypots', { purpose: 'trap' });
      const second = await h.owner.call('POST', '/v1/honeypots', {});
      assert.equal(first.status, 201);
      assert.equal(second.status, 201);
      assert.match(first.body.data.email_address, /^[a-z2-7]{20}@company\.com$/);
      assert.equal(first.body.data.domain, 'company.com');
      assert.notEqual(first.body.data.email_address, second.body.data.email_address);
    });

    it('returns 409 for an address that exists, whatever its case and whoever owns it', async () => {
      await h.owner.call('POST', '/v1/honeypots', { email_address: 'dup@company.com' });
      const before = await countHoneypots(h.t);
      for (const [call, address] of [
        [h.owner.call, 'DUP@company.com'],
        [h.other.call, ' dup@Company.com'],
      ] as const) {
        const res = await call('POST', '/v1/honeypots', { email_address: address });
        assert.equal(res.status, 409);
        assert.equal(res.body.success, false);
        assert.equal(res.body.error.code, 'conflict');
        assert.equal(res.body.error.details.field, 'email_address');
        assert.match(res.body.error.message, /dup@company\.com already exists/);
      }
      assert.equal(await countHoneypots(h.t), before);
    });
  });

  describe('validation', () => {
    const invalid: Array<[name: string, body: unknown, status: number, code: string, field: string, message?: RegExp]> = [
      ['bad purpose', { email_address: 'v1@company.com', purpose: 'spying' }, 400, 'validation_error', 'purpose', /purpose must be one of/],
      ['bad priority', { email_address: 'v1@company.com', priority: 'urgent' }, 400, 'validation_error', 'priority'],
      ['bad status', { email_address: 'v1@company.com', status: 'deleted' }, 400, 'validation_error', 'status'],
      ['threshold 101', { email_address: 'v1@company.com', alerts: { threat_threshold: 101 } }, 400, 'validation_error', 'alerts.threat_threshold', /<= 100/],
      ['threshold -1', { email_address: 'v1@company.com', alerts: { threat_threshold: -1 } }, 400, 'validation_error', 'alerts.threat_threshold'],
      ['threshold 50.5', { email_address: 'v1@company.com', alerts: { threat_threshold: 50.5 } }, 400, 'validation_error', 'alerts.threat_threshold'],
      ['threshold as text', { email_address: 'v1@company.com', alerts: { threat_threshold: '80' } }, 400, 'validation_error', 'alerts.threat_threshold'],
      ['unknown field', { email_address: 'v1@company.com', colour: 'red' }, 400, 'validation_error', 'colour', /colour is not a recognised field/],
      ['unknown alerts field', { email_address: 'v1@company.com', alerts: { sms: true } }, 400, 'validation_error', 'alerts.sms'],
      ['read-only email_count', { email_address: 'v1@company.com', email_count: 5 }, 400, 'validation_error', 'email_count'],
      ['read-only domain', { email_address: 'v1@company.com', domain: 'company.com' }, 400, 'validation_error', 'domain'],
      ['malformed address', { email_address: 'not an address' }, 400, 'validation_error', 'email_address', /not an email address/],
      ['address without local part', { email_address: '@company.com' }, 400, 'validation_error', 'email_address'],
      ['domain not accepted', { email_address: 'x@elsewhere.org' }, 422, 'unprocessable', 'email_address', /accepted domains: company\.com, traps\.example/],
      ['subdomain not accepted', { email_address: 'x@mail.company.com' }, 422, 'unprocessable', 'email_address'],
      ['webhook not http', { email_address: 'v1@company.com', alerts: { webhook_url: 'ftp://files.example.net/' } }, 400, 'validation_error', 'alerts.webhook_url'],
      ['short webhook secret', { email_address: 'v1@company.com', alerts: { webhook_secret: 'short' } }, 400, 'validation_error', 'alerts.webhook_secret'],
      ['blank tag', { email_address: 'v1@company.com', tags: ['ok', '   '] }, 400, 'validation_error', 'tags'],
      ['too many tags', { email_address: 'v1@company.com', tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, 400, 'validation_error', 'tags'],
      ['tags not a list', { email_address: 'v1@company.com', tags: 'a,b' }, 400, 'validation_error', 'tags'],
      ['body not an object', ['v1@company.com'], 400, 'validation_error', 'body'],
    ];
    for (const [name, body, status, code, field, message] of invalid) {
      it(`rejects ${name} with ${status} naming ${field}`, async () => {
        const before = await countHoneypots(h.t);
        const res = await h.owner.call('POST', '/v1/honeypots', body);
        assert.equal(res.status, status, JSON.stringify(res.body));
        assert.equal(res.body.success, false);
        assert.equal(res.body.error.code, code);
        assert.equal(res.body.error.details.field, field);
        if (message !== undefined) assert.match(res.body.error.message, message);
        assert.equal(await countHoneypots(h.t), before);
      });
    }

    it('echoes the offending value and lists the accepted domains for a 422', async () => {
      const res = await h.owner.call('POST', '/v1/honeypots', { email_address: 'Someone@Elsewhere.org' });
      assert.equal(res.status, 422);
      assert.deepEqual(res.body.error.details, { field: 'email_address', value: 'Someone@Elsewhere.org', accepted_domains: ['company.com', 'traps.example'] });
    });
  });

  describe('read, update, delete', () => {
    let id: string;
    before(async () => {
      const res = await h.owner.call('POST', '/v1/honeypots', { email_address: 'rud@company.com', tags: ['a'], alerts: { webhook_url: 'https://h.example.net/' } });
      id = res.body.data.id;
    });

    it('selects fields on a single get', async () => {
      const res = await h.owner.call('GET', `/v1/honeypots/${id}?fields=status,id,alerts`);
      assert.equal(res.status, 200);
      assert.deepEqual(Object.keys(res.body.data).sort(), ['alerts', 'id', 'status']);
      assert.equal(res.body.data.id, id);
      assert.match(res.body.data.alerts.webhook_secret, /^\*\*\*\*.{4}$/);
    });

    it('rejects an unknown selected field and unknown query parameters', async () => {
      const bad = await h.owner.call('GET', `/v1/honeypots/${id}?fields=id,secret`);
      assert.equal(bad.status, 400);
      assert.equal(bad.body.error.details.field, 'fields');
      assert.match(bad.body.error.message, /unknown field 'secret'/);
      const extra = await h.owner.call('GET', `/v1/honeypots/${id}?colour=red`);
      assert.equal(extra.status, 400);
      assert.equal(extra.body.error.details.field, 'colour');
    });

    it('changes only the given fields and alert keys, and moves updated_at', async () => {
      const before = (await h.owner.call('GET', `/v1/honeypots/${id}`)).body.data;
      h.t.clock.advance(60_000);
      const res = await h.owner.call('PATCH', `/v1/honeypots/${id}`, { priority: 'high', description: 'now watched', alerts: { threat_threshold: 85 } });
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.data, {
        ...before,
        priority: 'high',
        description: 'now watched',
        alerts: { ...before.alerts, threat_threshold: 85 },
        updated_at: '2026-03-12T14:31:15.000Z',
      });
      assert.deepEqual((await h.owner.call('GET', `/v1/honeypots/${id}`)).body.data, res.body.data);
    });

    it('moves the address to another accepted domain, clears nullable fields, and {} changes nothing', async () => {
      const res = await h.owner.call('PATCH', `/v1/honeypots/${id}`, { email_address: 'RUD@traps.example', description: null, alerts: { webhook_url: null } });
      assert.equal(res.status, 200);
      assert.equal(res.body.data.email_address, 'rud@traps.example');
      assert.equal(res.body.data.domain, 'traps.example');
      assert.equal(res.body.data.description, null);
      assert.equal(res.body.data.alerts.webhook_url, null);
      h.t.clock.advance(1000);
      const same = await h.owner.call('PATCH', `/v1/honeypots/${id}`, {});
      assert.equal(same.status, 200);
      assert.deepEqual(same.body.data, res.body.data);
    });

    it('validates a patch like a create: enum, threshold, domain, duplicate, unknown and read-only fields', async () => {
      await h.owner.call('POST', '/v1/honeypots', { email_address: 'taken@company.com' });
      const before = (await h.owner.call('GET', `/v1/honeypots/${id}`)).body.data;
      const cases: Array<[unknown, number, string]> = [
        [{ status: 'archived' }, 400, 'status'],
        [{ alerts: { threat_threshold: 101 } }, 400, 'alerts.threat_threshold'],
        [{ email_address: 'x@elsewhere.org' }, 422, 'email_address'],
        [{ email_address: 'Taken@Company.com' }, 409, 'email_address'],
        [{ id: 'honeypot_x' }, 400, 'id'],
        [{ last_email_at: null }, 400, 'last_email_at'],
        [{ nickname: 'x' }, 400, 'nickname'],
      ];
      for (const [body, status, field] of cases) {
        const res = await h.owner.call('PATCH', `/v1/honeypots/${id}`, body);
        assert.equal(res.status, status, JSON.stringify(body));
        assert.equal(res.body.error.details.field, field);
      }
      assert.deepEqual((await h.owner.call('GET', `/v1/honeypots/${id}`)).body.data, before);
    });

    it('deletes, then answers 404 to every route for that id', async () => {
      const res = await h.owner.call('DELETE', `/v1/honeypots/${id}`);
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.data, { id, deleted: true });
      for (const [method, payload] of [['GET'], ['PATCH', { status: 'inactive' }], ['DELETE']] as const) {
        const gone = await h.owner.call(method, `/v1/honeypots/${id}`, payload);
        assert.equal(gone.status, 404, method);
        assert.equal(gone.body.error.code, 'not_found');
      }
    });
  });

  describe('routing of /honeypots/bulk', () => {
    it('sends PATCH and DELETE /honeypots/bulk to the bulk handlers, not to /honeypots/:id', async () => {
      const created = await h.owner.call('POST', '/v1/honeypots', { email_address: 'route@company.com' });
      const id = created.body.data.id as string;
      const patched = await h.owner.call('PATCH', '/v1/honeypots/bulk', { ids: [id], updates: { status: 'inactive' } });
      assert.equal(patched.status, 200);
      assert.deepEqual(patched.body.data, { results: [{ id, status: 'updated' }] });
      const deleted = await h.owner.call('DELETE', `/v1/honeypots/bulk?ids=${id}`);
      assert.equal(deleted.status, 200);
      assert.deepEqual(deleted.body.data, { results: [{ id, status: 'deleted' }] });
    });

    it('treats GET /honeypots/bulk as a lookup of an id that does not exist', async () => {
      const res = await h.owner.call('GET', '/v1/honeypots/bulk');
      assert.equal(res.status, 404);
      assert.equal(res.body.error.code, 'not_found');
      assert.match(res.body.error.message, /No honeypot bulk/);
    });
  });
});

describe('honeypots in the OpenAPI document', () => {
  let h: HoneypotsTestApp;
  before(async () => {
    h = await honeypotsTestApp();
  });
  after(() => h.t.close());

  it('documents every route, the write-only webhook secret and the optional bulk-delete body', async () => {
    const res = await h.t.app.inject({ method: 'GET', url: '/v1/openapi.json' });
    assert.equal(res.statusCode, 200);
    const doc = res.json();
    assert.deepEqual(Object.keys(doc.paths['/v1/honeypots']).sort(), ['get', 'post']);
    assert.deepEqual(Object.keys(doc.paths['/v1/honeypots/{id}']).sort(), ['delete', 'get', 'patch']);
    assert.deepEqual(Object.keys(doc.paths['/v1/honeypots/bulk']).sort(), ['delete', 'patch', 'post']);
    const created = doc.paths['/v1/honeypots'].post.responses['201'].content['application/json'].schema;
    assert.match(created.properties.data.properties.alerts.properties.webhook_secret.description, /Masked/);
    // @fastify/swagger always marks a body "required"; the description says it is optional.
    assert.match(doc.paths['/v1/honeypots/bulk'].delete.requestBody.description, /^Optional/);
    const params = doc.paths['/v1/honeypots'].get.parameters.map((p: { name: string }) => p.name);
    for (const name of ['page', 'limit', 'sort', 'fields', 'tags', 'status', 'email_count']) assert.ok(params.includes(name), name);
  });
});

describe('honeypots when HONEYPOT_DOMAINS is empty', () => {
  let h: HoneypotsTestApp;
  before(async () => {
    h = await honeypotsTestApp({ HONEYPOT_DOMAINS: '' });
  });
  after(() => h.t.close());

  it('refuses a given address and a generated one with 422 telling the operator to set HONEYPOT_DOMAINS', async () => {
    for (const body of [{ email_address: 'x@company.com' }, {}]) {
      const res = await h.owner.call('POST', '/v1/honeypots', body);
      assert.equal(res.status, 422);
      assert.equal(res.body.error.code, 'unprocessable');
      assert.equal(res.body.error.details.field, 'email_address');
      assert.match(res.body.error.message, /operator must set HONEYPOT_DOMAINS/);
    }
  });
});
