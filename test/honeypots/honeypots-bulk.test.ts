/**
 * Bulk create / update / delete (CONTRACT.md §1.5): per-item results, 200/201 when all succeed, 207
 * when any fails, at most 1,000 items, and a failed item leaves nothing behind.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { countHoneypots, HONEYPOT_ID, honeypotsTestApp, type HoneypotsTestApp } from './support.ts';

const addresses = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i}@company.com`);

describe('bulk honeypot operations', () => {
  let h: HoneypotsTestApp;
  before(async () => {
    h = await honeypotsTestApp();
  });
  after(() => h.t.close());

  const createMany = async (prefix: string, count: number): Promise<string[]> => {
    const res = await h.owner.call('POST', '/v1/honeypots/bulk', addresses(prefix, count).map((email_address) => ({ email_address })));
    assert.equal(res.status, 201);
    return res.body.data.results.map((r: { id: string }) => r.id);
  };

  describe('POST /honeypots/bulk', () => {
    it('creates every item and answers 201 with one created result per index, carrying the honeypot', async () => {
      const res = await h.owner.call('POST', '/v1/honeypots/bulk', [
        { email_address: 'honeypot1@company.com', purpose: 'monitoring' },
        { email_address: 'honeypot2@company.com', purpose: 'leak-detection', alerts: { webhook_url: 'https://h.example.net/' } },
      ]);
      assert.equal(res.status, 201);
      const results = res.body.data.results;
      assert.deepEqual(results.map((r: { index: number; status: string }) => [r.index, r.status]), [[0, 'created'], [1, 'created']]);
      for (const result of results) {
        assert.match(result.id, HONEYPOT_ID);
        assert.equal(result.data.id, result.id);
        assert.equal(result.error, undefined);
        const got = await h.owner.call('GET', `/v1/honeypots/${result.id}`);
        assert.equal(got.body.data.email_address, result.data.email_address);
      }
      assert.equal(results[1].data.purpose, 'leak-detection');
      // Created by bulk is still "created": the generated secret is shown in full here, masked afterwards.
      assert.match(results[1].data.alerts.webhook_secret, /^whsec_/);
    });

    it('answers 207 for a mix, each failure with its own error, and writes only the good items', async () => {
      await h.owner.call('POST', '/v1/honeypots', { email_address: 'existing@company.com' });
      const before = await countHoneypots(h.t);
      const res = await h.owner.call('POST', '/v1/honeypots/bulk', [
        { email_address: 'good-a@company.com', tags: ['x'] },
        { email_address: 'bad-enum@company.com', purpose: 'spying' },
        { email_address: 'x@elsewhere.org' },
        { email_address: 'EXISTING@company.com' },
        { email_address: 'twice@company.com' },
        { email_address: 'twice@company.com' },
        { email_address: 'extra@company.com', colour: 'red' },
        'not-an-object',
        { email_address: 'threshold@company.com', alerts: { threat_threshold: 101 } },
        { email_address: 'good-b@traps.example' },
      ]);
      assert.equal(res.status, 207);
      const results = res.body.data.results as Array<{ index: number; status: string; id?: string; error?: { code: string; details?: { field?: string } } }>;
      assert.deepEqual(
        results.map((r) => [r.index, r.status, r.error?.code ?? null, r.error?.details?.field ?? null]),
        [
          [0, 'created', null, null],
          [1, 'error', 'validation_error', 'purpose'],
          [2, 'error', 'unprocessable', 'email_address'],
          [3, 'error', 'conflict', 'email_address'],
          [4, 'created', null, null],
          [5, 'error', 'conflict', 'email_address'],
          [6, 'error', 'validation_error', 'colour'],
          [7, 'error', 'validation_error', 'body'],
          [8, 'error', 'validation_error', 'alerts.threat_threshold'],
          [9, 'created', null, null],
        ],
      );
      assert.equal(await countHoneypots(h.t), before + 3);
      const listed = await h.owner.call('GET', '/v1/honeypots?email_address=in:good-a@company.com,twice@company.com,good-b@traps.example,bad-enum@company.com,extra@company.com,threshold@company.com&fields=email_address');
      assert.deepEqual(listed.body.data.map((x: { email_address: string }) => x.email_address).sort(), ['good-a@company.com', 'good-b@traps.example', 'twice@company.com']);
    });

    it('answers 207 even when every item fails', async () => {
      const res = await h.owner.call('POST', '/v1/honeypots/bulk', [{ email_address: 'x@elsewhere.org' }]);
      assert.equal(res.status, 207);
      assert.equal(res.body.data.results[0].status, 'error');
    });

    it('creates 1,000 items in one request and refuses 1,001 or none with 400, writing nothing', async () => {
      const before = await countHoneypots(h.t);
      const started = performance.now();
      const ids = await createMany('thousand', 1000);
      const ms = performance.now() - started;
      assert.equal(new Set(ids).size, 1000);
      assert.equal(await countHoneypots(h.t), before + 1000);
      console.log(`# bulk create of 1000 honeypots: ${ms.toFixed(0)} ms`);

      const tooMany = await h.owner.call('POST', '/v1/honeypots/bulk', addresses('over', 1001).map((email_address) => ({ email_address })));
      assert.equal(tooMany.status, 400);
      assert.equal(tooMany.body.error.code, 'validation_error');
      assert.match(tooMany.body.error.message, /1000/);
      const none = await h.owner.call('POST', '/v1/honeypots/bulk', []);
      assert.equal(none.status, 400);
      const notArray = await h.owner.call('POST', '/v1/honeypots/bulk', { email_address: 'single@company.com' });
      assert.equal(notArray.status, 400);
      assert.equal(await countHoneypots(h.t), before + 1000);
    });
  });

  describe('PATCH /honeypots/bulk', () => {
    it('applies the updates to every id, merging alerts key by key, and answers 200', async () => {
      const ids = await createMany('upd', 3);
      h.t.clock.advance(5_000);
      const res = await h.owner.call('PATCH', '/v1/honeypots/bulk', { ids: ids.slice(0, 2), updates: { status: 'inactive', alerts: { threat_threshold: 90 } } });
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.data, { results: [{ id: ids[0], status: 'updated' }, { id: ids[1], status: 'updated' }] });
      for (const [i, id] of ids.entries()) {
        const got = (await h.owner.call('GET', `/v1/honeypots/${id}`)).body.data;
        const changed = i < 2;
        assert.equal(got.status, changed ? 'inactive' : 'active');
        assert.deepEqual(got.alerts, { enabled: true, threat_threshold: changed ? 90 : 70, email_notifications: false, webhook_url: null, webhook_secret: null, webhook_status: null, webhook_disabled_reason: null });
        assert.equal(got.updated_at > got.created_at, changed);
      }
    });

    it('answers 207 with not_found for ids that do not exist', async () => {
      const [id] = await createMany('upd207-', 1);
      const res = await h.owner.call('PATCH', '/v1/honeypots/bulk', { ids: [id, 'honeypot_missing'], updates: { priority: 'low' } });
      assert.equal(res.status, 207);
      assert.deepEqual(res.body.data.results[0], { id, status: 'updated' });
      assert.equal(res.body.data.results[1].status, 'error');
      assert.equal(res.body.data.results[1].error.code, 'not_found');
    });

    it('rejects the whole request (400, nothing changed) for bad updates, addresses, repeated or too many ids', async () => {
      const ids = await createMany('upd400-', 2);
      const cases: Array<[unknown, string]> = [
        [{ ids, updates: { status: 'archived' } }, 'updates.status'],
        [{ ids, updates: { alerts: { threat_threshold: 101 } } }, 'updates.alerts.threat_threshold'],
        [{ ids, updates: { email_address: 'same@company.com' } }, 'updates.email_address'],
        [{ ids, updates: { nickname: 'x' } }, 'updates.nickname'],
        [{ ids: [ids[0], ids[0]], updates: { priority: 'low' } }, 'ids'],
        [{ ids: [], updates: { priority: 'low' } }, 'ids'],
        [{ ids: Array.from({ length: 1001 }, (_, i) => `honeypot_${i}`), updates: { priority: 'low' } }, 'ids'],
        [{ ids }, 'updates'],
        [{ ids, updates: { priority: 'low' }, force: true }, 'force'],
      ];
      for (const [body, field] of cases) {
        const res = await h.owner.call('PATCH', '/v1/honeypots/bulk', body);
        assert.equal(res.status, 400, field);
        assert.equal(res.body.error.details.field, field);
      }
      for (const id of ids) assert.equal((await h.owner.call('GET', `/v1/honeypots/${id}`)).body.data.priority, 'medium');
    });

    it('updates 1,000 ids in one request', async () => {
      const ids = await createMany('upd1000-', 1000);
      const res = await h.owner.call('PATCH', '/v1/honeypots/bulk', { ids, updates: { category: 'bulk-1000' } });
      assert.equal(res.status, 200);
      assert.equal(res.body.data.results.filter((r: { status: string }) => r.status === 'updated').length, 1000);
      const listed = await h.owner.call('GET', '/v1/honeypots?category=bulk-1000&limit=1');
      assert.equal(listed.body.pagination.total, 1000);
    });
  });

  describe('DELETE /honeypots/bulk', () => {
    it('deletes the ids in ?ids= and answers 200', async () => {
      const ids = await createMany('del', 3);
      const res = await h.owner.call('DELETE', `/v1/honeypots/bulk?ids=${ids[0]},${ids[1]}`);
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.data, { results: [{ id: ids[0], status: 'deleted' }, { id: ids[1], status: 'deleted' }] });
      assert.equal((await h.owner.call('GET', `/v1/honeypots/${ids[0]}`)).status, 404);
      assert.equal((await h.owner.call('GET', `/v1/honeypots/${ids[2]}`)).status, 200);
    });

    it('answers 207 when some ids do not exist (for example, already deleted)', async () => {
      const ids = await createMany('del207-', 2);
      await h.owner.call('DELETE', `/v1/honeypots/${ids[0]}`);
      const res = await h.owner.call('DELETE', `/v1/honeypots/bulk?ids=${ids.join(',')}`);
      assert.equal(res.status, 207);
      assert.equal(res.body.data.results[0].error.code, 'not_found');
      assert.deepEqual(res.body.data.results[1], { id: ids[1], status: 'deleted' });
    });

    it('takes 1,000 ids in a JSON body (too long for a URL) and refuses 1,001', async () => {
      const ids = await createMany('del1000-', 1000);
      const tooMany = await h.owner.call('DELETE', '/v1/honeypots/bulk', { ids: [...ids, 'honeypot_extra'] });
      assert.equal(tooMany.status, 400);
      assert.equal(tooMany.body.error.details.field, 'ids');
      const before = await countHoneypots(h.t);
      const res = await h.owner.call('DELETE', '/v1/honeypots/bulk', { ids });
      assert.equal(res.status, 200);
      assert.equal(res.body.data.results.length, 1000);
      assert.equal(await countHoneypots(h.t), before - 1000);
    });

    it('refuses a request naming no ids, both forms at once, repeats, or 1,001 ids in the query', async () => {
      const [id] = await createMany('del400-', 1);
      const cases: Array<[string, unknown]> = [
        ['/v1/honeypots/bulk', undefined],
        [`/v1/honeypots/bulk?ids=${id}`, { ids: [id] }],
        [`/v1/honeypots/bulk?ids=${id},${id}`, undefined],
        ['/v1/honeypots/bulk?ids=', undefined],
        [`/v1/honeypots/bulk?ids=${Array.from({ length: 1001 }, (_, i) => `h${i}`).join(',')}`, undefined],
        ['/v1/honeypots/bulk', { ids: [id], extra: 1 }],
        ['/v1/honeypots/bulk', {}],
        ['/v1/honeypots/bulk', [id]],
      ];
      for (const [url, body] of cases) {
        const res = await h.owner.call('DELETE', url, body);
        assert.equal(res.status, 400, `${url} ${JSON.stringify(body)}`);
        assert.equal(res.body.error.code, 'validation_error');
      }
      assert.equal((await h.owner.call('GET', `/v1/honeypots/${id}`)).status, 200);
    });
  });
});
