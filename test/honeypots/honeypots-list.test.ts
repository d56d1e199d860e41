/**
 * GET /v1/honeypots through the shared list machinery (CONTRACT.md §1.4): filters on every scalar
 * field, whole-tag filters, sorting, field selection and pagination, on whichever engine the run uses.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HoneypotsRepo } from '../../src/honeypots/honeypots.repo.ts';
import { honeypotsTestApp, type HoneypotsTestApp } from './support.ts';

/** address, purpose, priority, status, tags, category, description */
const SEED: Array<[string, string, string, string, string[], string | null, string | null]> = [
  ['alpha@company.com', 'monitoring', 'low', 'active', ['phishing', 'finance'], 'finance', 'Finance team list'],
  ['beta@company.com', 'leak-detection', 'medium', 'inactive', ['leak'], null, null],
  ['gamma@traps.example', 'testing', 'high', 'pending', [], 'qa', 'QA only'],
  ['delta@traps.example', 'trap', 'critical', 'suspended', ['phishing'], null, 'Spam trap'],
  ['epsilon@company.com', 'monitoring', 'medium', 'active', ['finance', 'Leak'], 'finance', null],
  ['zeta@company.com', 'trap', 'low', 'active', ['phishing', 'leak'], null, null],
];

describe('GET /v1/honeypots', () => {
  let h: HoneypotsTestApp;
  /** Honeypot ids in SEED order. */
  let ids: string[];
  before(async () => {
    h = await honeypotsTestApp();
    ids = [];
    for (const [email_address, purpose, priority, status, tags, category, description] of SEED) {
      h.t.clock.advance(60_000); // created_at 14:31:15, 14:32:15, … one minute apart
      const res = await h.owner.call('POST', '/v1/honeypots', { email_address, purpose, priority, status, tags, category, description });
      assert.equal(res.status, 201);
      ids.push(res.body.data.id);
    }
    await h.other.call('POST', '/v1/honeypots', { email_address: 'decoy@company.com', tags: ['phishing'] });
    const repo = new HoneypotsRepo(h.t.testDb.db);
    const received: Array<[number, string]> = [
      [0, '2026-03-12T16:00:00.000Z'],
      [0, '2026-03-12T16:01:00.000Z'],
      [0, '2026-03-12T16:02:00.000Z'],
      [5, '2026-03-12T17:00:00.000Z'],
      [2, '2026-03-12T17:30:00.000Z'],
      [2, '2026-03-12T18:00:00.000Z'],
    ];
    for (const [index, at] of received) await repo.recordEmailReceived(h.t.testDb.db.kysely, ids[index]!, at);
  });
  after(() => h.t.close());

  /** The SEED indexes of the honeypots a list request returns, in order. */
  const listed = async (query: string): Promise<number[]> => {
    const res = await h.owner.call('GET', `/v1/honeypots${query}`);
    assert.equal(res.status, 200, `${query}: ${JSON.stringify(res.body)}`);
    return res.body.data.map((item: { id: string }) => ids.indexOf(item.id));
  };

  it('lists the caller\'s honeypots by id ascending, with the pagination block', async () => {
    const res = await h.owner.call('GET', '/v1/honeypots');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.data.map((x: { id: string }) => x.id), ids);
    assert.deepEqual(res.body.pagination, { page: 1, limit: 25, total: 6, total_pages: 1, has_next: false, has_prev: false });
    const alpha = res.body.data[0];
    assert.deepEqual(alpha.tags, ['phishing', 'finance']);
    assert.equal(alpha.email_count, 3);
    assert.equal(alpha.last_email_at, '2026-03-12T16:02:00.000Z');
  });

  it('pages with page and limit', async () => {
    const res = await h.owner.call('GET', '/v1/honeypots?limit=2&page=2');
    assert.deepEqual(res.body.data.map((x: { id: string }) => ids.indexOf(x.id)), [2, 3]);
    assert.deepEqual(res.body.pagination, { page: 2, limit: 2, total: 6, total_pages: 3, has_next: true, has_prev: true });
    const past = await h.owner.call('GET', '/v1/honeypots?limit=2&page=4');
    assert.deepEqual(past.body.data, []);
    assert.equal(past.body.pagination.has_next, false);
  });

  const filterCases: Array<[string, number[]]> = [
    ['status=active', [0, 4, 5]],
    ['status=eq:active', [0, 4, 5]],
    ['status=in:inactive,pending', [1, 2]],
    ['status=nin:active', [1, 2, 3]],
    ['purpose=trap', [3, 5]],
    ['purpose=leak-detection', [1]],
    ['priority=ne:low', [1, 2, 3, 4]],
    ['priority=in:high,critical', [2, 3]],
    ['domain=traps.example', [2, 3]],
    ['email_address=contains:ALPHA', [0]],
    ['email_address=regex:^(beta|zeta)@', [1, 5]],
    ['email_address=gt:e', [2, 4, 5]],
    ['description=contains:team', [0]],
    ['description=ne:QA%20only', [0, 1, 3, 4, 5]],
    ['category=finance', [0, 4]],
    ['email_count=gte:2', [0, 2]],
    ['email_count=0', [1, 3, 4]],
    ['email_count=in:1,3', [0, 5]],
    ['last_email_at=gte:2026-03-12T17:00:00Z', [2, 5]],
    ['last_email_at=lt:2026-03-12T17:00:00Z', [0]],
    ['created_at=gte:2026-03-12T14:33:15Z', [2, 3, 4, 5]],
    ['created_at=lte:2026-03-12T14:32:15.000Z&status=active', [0]],
    ['id=X', []],
    ['date_range=2026-03-12:2026-03-12', [0, 1, 2, 3, 4, 5]],
    ['date_range=2026-03-13:2026-03-14', []],
    ['tags=phishing', [0, 3, 5]],
    ['tags=contains:leak', [1, 5]],
    ['tags=in:leak,Leak', [1, 4, 5]],
    ['tags=nin:phishing', [1, 2, 4]],
    ['tags=ne:finance', [1, 2, 3, 5]],
    ['tags=phishing&tags=leak', [5]],
    ['tags=eq:finance&status=active', [0, 4]],
  ];
  for (const [query, expected] of filterCases) {
    it(`filters ${query}`, async () => {
      assert.deepEqual(await listed(`?${query}`), expected);
    });
  }

  it('filters by id', async () => {
    assert.deepEqual(await listed(`?id=in:${ids[1]},${ids[4]}`), [1, 4]);
  });

  const sortCases: Array<[string, number[]]> = [
    ['sort=created_at:desc', [5, 4, 3, 2, 1, 0]],
    ['sort=id&sort_direction=desc', [5, 4, 3, 2, 1, 0]],
    ['sort=email_address:asc', [0, 1, 3, 4, 2, 5]],
    // Ties on email_count break by id in the same direction.
    ['sort=email_count&sort_direction=desc', [0, 2, 5, 4, 3, 1]],
    // NULL (never received mail) sorts as the smallest value.
    ['sort=last_email_at:asc', [1, 3, 4, 0, 5, 2]],
    ['sort=last_email_at:desc', [2, 5, 0, 4, 3, 1]],
    ['sort=email_count:desc&limit=2&page=2', [5, 4]],
  ];
  for (const [query, expected] of sortCases) {
    it(`sorts ${query}`, async () => {
      assert.deepEqual(await listed(`?${query}`), expected);
    });
  }

  it('sorts by updated_at after an update', async () => {
    h.t.clock.advance(60_000);
    await h.owner.call('PATCH', `/v1/honeypots/${ids[1]}`, { category: 'touched' });
    const order = await listed('?sort=updated_at:desc&limit=1');
    assert.deepEqual(order, [1]);
  });

  it('returns only the selected fields on every item', async () => {
    const res = await h.owner.call('GET', '/v1/honeypots?fields=id,tags,alerts&status=active');
    assert.equal(res.status, 200);
    assert.equal(res.body.data.length, 3);
    for (const item of res.body.data) assert.deepEqual(Object.keys(item).sort(), ['alerts', 'id', 'tags']);
    assert.deepEqual(res.body.data[0].alerts, { enabled: true, threat_threshold: 70, email_notifications: false, webhook_url: null, webhook_secret: null, webhook_status: null, webhook_disabled_reason: null });
  });

  const badQueries: Array<[string, string, RegExp?]> = [
    ['colour=red', 'colour', /Unknown filter field 'colour'/],
    ['alerts=x', 'alerts'],
    ['status=deleted', 'status', /not one of: active, inactive, pending, suspended/],
    ['purpose=contains:trap', 'purpose'],
    ['email_count=many', 'email_count'],
    ['last_email_at=yesterday', 'last_email_at'],
    ['email_address=regex:(a', 'email_address'],
    ['tags=regex:^ph', 'tags', /use contains, ne, in or nin/],
    ['tags=gt:a', 'tags'],
    ['tags=in:a,,b', 'tags'],
    ['tags=contains:', 'tags'],
    ['sort=name', 'sort', /sortable fields are: id, email_address, email_count, last_email_at, created_at, updated_at/],
    ['sort=priority:asc', 'sort'],
    ['sort=created_at:sideways', 'sort'],
    ['fields=id,webhook_secret', 'fields'],
    ['limit=101', 'limit'],
    ['page=0', 'page'],
    ['date_range=2026-03-14:2026-03-12', 'date_range'],
  ];
  for (const [query, field, message] of badQueries) {
    it(`rejects ?${query} with 400 naming ${field}`, async () => {
      const res = await h.owner.call('GET', `/v1/honeypots?${query}`);
      assert.equal(res.status, 400);
      assert.equal(res.body.error.code, 'validation_error');
      assert.equal(res.body.error.details.field, field);
      if (message !== undefined) assert.match(res.body.error.message, message);
    });
  }
});
