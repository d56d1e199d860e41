import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bearer, createTestApp, type TestApp } from '../support/app.ts';

describe('plans and rate limits (CONTRACT.md §1.2)', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  async function hit(url: string, key: string, times: number) {
    const responses = [];
    for (let i = 0; i < times; i++) responses.push(await t.app.inject({ method: 'GET', url, headers: bearer(key) }));
    return responses;
  }

  it('gives the free plan 60 requests a minute on /v1, then the documented flat 429', async () => {
    t.clock.set('2026-03-12T10:00:10.000Z');
    const user = await t.createUser('free');
    const key = await t.createKey(user.id, ['read']);
    const responses = await hit('/v1/users/me', key, 61);
    const first = responses[0]!;
    assert.equal(first.statusCode, 200);
    assert.equal(first.headers['x-ratelimit-limit'], '60');
    assert.equal(first.headers['x-ratelimit-remaining'], '59');
    assert.equal(first.headers['x-ratelimit-reset'], String(Date.parse('2026-03-12T10:01:00.000Z') / 1000));
    assert.equal(responses[59]!.statusCode, 200);
    assert.equal(responses[59]!.headers['x-ratelimit-remaining'], '0');

    const limited = responses[60]!;
    assert.equal(limited.statusCode, 429);
    assert.deepEqual(limited.json(), { error: 'rate_limit_exceeded', message: 'Rate limit exceeded. Try again in 50 seconds.' });
    assert.equal(limited.headers['retry-after'], '50');
    assert.equal(limited.headers['x-ratelimit-remaining'], '0');

    t.clock.set('2026-03-12T10:01:00.000Z');
    const next = await t.app.inject({ method: 'GET', url: '/v1/users/me', headers: bearer(key) });
    assert.equal(next.statusCode, 200, 'a new minute window lets requests through again');
  });

  it('counts the hour window across minutes (free: 1,000 per hour)', async () => {
    t.clock.set('2026-03-12T11:00:00.000Z');
    const user = await t.createUser('free');
    const key = await t.createKey(user.id, ['read']);
    for (let minute = 0; minute < 17; minute++) {
      t.clock.set(Date.parse('2026-03-12T11:00:00.000Z') + minute * 60_000);
      const batch = await hit('/v1/users/me', key, minute < 16 ? 60 : 41);
      for (const res of batch.slice(0, minute < 16 ? 60 : 40)) assert.equal(res.statusCode, 200);
      if (minute === 16) {
        const last = batch[40]!;
        assert.equal(last.statusCode, 429, 'request 1,001 in the hour is refused');
        assert.equal(last.headers['x-ratelimit-limit'], '1000');
        assert.equal(last.headers['retry-after'], String(44 * 60));
      }
    }
  });

  it('applies a key\'s own lower limit and shows the window closest to running out', async () => {
    t.clock.set('2026-03-12T12:00:00.000Z');
    const user = await t.createUser('pro');
    const key = await t.createKey(user.id, ['read'], { perMinute: 5 });
    const responses = await hit('/v1/users/me', key, 6);
    assert.equal(responses[0]!.headers['x-ratelimit-limit'], '5');
    assert.equal(responses[4]!.statusCode, 200);
    assert.equal(responses[5]!.statusCode, 429);
  });

  it('counts per key: another key of the same user has its own counters', async () => {
    t.clock.set('2026-03-12T12:10:00.000Z');
    const user = await t.createUser('pro');
    const a = await t.createKey(user.id, ['read'], { perMinute: 1 });
    const b = await t.createKey(user.id, ['read'], { perMinute: 1 });
    assert.equal((await hit('/v1/users/me', a, 2))[1]!.statusCode, 429);
    assert.equal((await hit('/v1/users/me', b, 1))[0]!.statusCode, 200);
  });

  it('does not limit enterprise keys on /v1', async () => {
    t.clock.set('2026-03-12T13:00:00.000Z');
    const user = await t.createUser('enterprise');
    const key = await t.createKey(user.id, ['read']);
    const responses = await hit('/v1/users/me', key, 400);
    assert.ok(responses.every((r) => r.statusCode === 200));
    assert.equal(responses[0]!.headers['x-ratelimit-limit'], undefined);
  });

  it('gives pro 100 a minute on /api/v1 with the Deliverability 429 body, counted apart from /v1', async () => {
    t.clock.set('2026-03-12T14:00:30.000Z');
    const user = await t.createUser('pro');
    const key = await t.createKey(user.id, ['read']);
    const responses = await hit('/api/v1/mailboxes', key, 101);
    assert.equal(responses[0]!.headers['x-ratelimit-limit'], '100');
    assert.equal(responses[0]!.headers['x-ratelimit-remaining'], '99');
    assert.equal(responses[0]!.headers['x-ratelimit-reset'], undefined);
    assert.notEqual(responses[99]!.statusCode, 429);
    const limited = responses[100]!;
    assert.equal(limited.statusCode, 429);
    assert.equal(limited.headers['retry-after'], '30');
    const body = limited.json();
    assert.deepEqual(Object.keys(body), ['error']);
    assert.match(body.error, /^Rate limited — 100 requests per minute/);
    const threat = await t.app.inject({ method: 'GET', url: '/v1/users/me', headers: bearer(key) });
    assert.equal(threat.statusCode, 200, '/v1 has its own counters');
  });

  it('gives enterprise 500 a minute on /api/v1', async () => {
    t.clock.set('2026-03-12T15:00:00.000Z');
    const user = await t.createUser('enterprise');
    const key = await t.createKey(user.id, ['read']);
    const responses = await hit('/api/v1/mailboxes', key, 501);
    assert.equal(responses[0]!.headers['x-ratelimit-limit'], '500');
    assert.equal(responses[499]!.headers['x-ratelimit-remaining'], '0');
    assert.equal(responses[500]!.statusCode, 429);
  });

  it('does not limit or authenticate the public routes', async () => {
    for (const url of ['/api/v1/health', '/v1/openapi.json']) {
      const res = await t.app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 200, url);
      assert.equal(res.headers['x-ratelimit-limit'], undefined);
    }
  });
});

describe('rate limiting switched off', () => {
  it('serves without limit headers when RATE_LIMIT_ENABLED=false', async () => {
    const t = await createTestApp({ env: { RATE_LIMIT_ENABLED: 'false' } });
    try {
      const user = await t.createUser('free');
      const key = await t.createKey(user.id, ['read']);
      for (let i = 0; i < 70; i++) {
        const res = await t.app.inject({ method: 'GET', url: '/v1/users/me', headers: bearer(key) });
        assert.equal(res.statusCode, 200);
        assert.equal(res.headers['x-ratelimit-limit'], undefined);
      }
    } finally {
      await t.close();
    }
  });
});
