import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { after, before, describe, it } from 'node:test';
import { migrate } from '../../src/platform/db/index.ts';
import { createTestDb, testEngine, type TestDb } from '../support/db.ts';

describe(`migrations (${testEngine})`, () => {
  let t: TestDb;
  before(async () => {
    t = await createTestDb();
  });
  after(() => t.cleanup());

  it('are idempotent: a second run applies nothing', async () => {
    assert.deepEqual(await migrate(t.db), []);
  });

  it('create the account tables with the same columns on both engines', async () => {
    const tables = await t.db.kysely.introspection.getTables();
    const names = tables.map((table) => table.name);
    for (const expected of ['access_tokens', 'api_keys', 'audit_events', 'login_tokens', 'rate_limit_counters', 'refresh_tokens', 'session_families', 'users']) {
      assert.ok(names.includes(expected), `missing table ${expected}`);
    }
    const apiKeys = tables.find((table) => table.name === 'api_keys')!;
    assert.deepEqual(apiKeys.columns.map((c) => c.name).sort(), [
      'created_at', 'id', 'key_hash', 'last_used_at', 'name', 'permissions', 'prefix',
      'rate_limit_per_day', 'rate_limit_per_hour', 'rate_limit_per_minute', 'updated_at', 'user_id',
    ]);
  });

  it('sorts text byte-wise on both engines (PostgreSQL columns use the C collation)', async () => {
    const now = '2026-01-01T00:00:00.000Z';
    for (const [id, email] of [['user_b', 'b@x.io'], ['user_a', 'B@x.io'], ['user_c', '_@x.io']]) {
      await t.db.kysely.insertInto('users').values({ id: id!, email: email!, name: null, plan: 'free', role: 'user', created_at: now, updated_at: now }).execute();
    }
    const rows = await t.db.kysely.selectFrom('users').select('email').orderBy('email').execute();
    assert.deepEqual(rows.map((r) => r.email), ['B@x.io', '_@x.io', 'b@x.io']);
  });

  it('cascades API keys when their user is deleted', async () => {
    const now = '2026-01-01T00:00:00.000Z';
    await t.db.kysely.insertInto('api_keys').values({
      id: 'key_1', user_id: 'user_a', name: 'k', key_hash: 'h'.repeat(64), prefix: 'sk_live_abcd', permissions: '[]',
      rate_limit_per_minute: null, rate_limit_per_hour: null, rate_limit_per_day: null, created_at: now, updated_at: now, last_used_at: null,
    }).execute();
    await t.db.kysely.deleteFrom('users').where('id', '=', 'user_a').execute();
    const { count } = (await sql<{ count: number }>`select count(*) as count from api_keys`.execute(t.db.kysely)).rows[0]!;
    assert.equal(Number(count), 0);
  });
});
