/**
 * `system.alert` events beyond webhook failures: a honeypot suspended (through PATCH and bulk update,
 * once per honeypot, in the transaction of the change) and storage nearly full (the real file system
 * of DATA_DIR, against a threshold; at most once a day per user; administrators first).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { StorageAlerts } from '../../src/webhooks/system-alerts.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { TEST_SECRET } from './delivery-support.ts';

async function alertsOf(t: TestApp, userId: string) {
  const rows = await t.testDb.db.kysely.selectFrom('events').select(['type', 'data', 'honeypot_id']).where('user_id', '=', userId)
    .where('type', '=', 'system.alert').orderBy('created_at').orderBy('id').execute();
  return rows.map((r) => ({ ...r, data: JSON.parse(r.data) as Record<string, unknown> }));
}

describe('system alerts', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ env: { MAILWARDEN_SECRET: TEST_SECRET, HONEYPOT_DOMAINS: 'traps.test' } });
  });
  after(() => t.close());

  test('suspending honeypots raises honeypot.suspended once per honeypot, not again while suspended', async () => {
    const user = await t.createUser();
    const key = await t.createKey(user.id, ['honeypots:write', 'honeypots:read']);
    const create = async (address: string) => (await t.app.inject({
      method: 'POST', url: '/v1/honeypots', headers: { authorization: `Bearer ${key}` }, payload: { email_address: address },
    })).json().data.id as string;
    const one = await create('one@traps.test');
    const two = await create('two@traps.test');
    const three = await create('three@traps.test');

    const patched = await t.app.inject({ method: 'PATCH', url: `/v1/honeypots/${one}`, headers: { authorization: `Bearer ${key}` }, payload: { status: 'suspended' } });
    assert.equal(patched.statusCode, 200);
    let alerts = await alertsOf(t, user.id);
    assert.equal(alerts.length, 1);
    assert.equal(alerts[0]?.data.alert, 'honeypot.suspended');
    assert.equal(alerts[0]?.data.honeypot_id, one);
    assert.match(String(alerts[0]?.data.message), /one@traps\.test was suspended/);

    // Bulk: `one` is already suspended (no second alert), `two` is new; `three` only changes priority.
    const bulk = await t.app.inject({
      method: 'PATCH', url: '/v1/honeypots/bulk', headers: { authorization: `Bearer ${key}` }, payload: { ids: [one, two], updates: { status: 'suspended' } },
    });
    assert.equal(bulk.statusCode, 200, bulk.body);
    await t.app.inject({ method: 'PATCH', url: `/v1/honeypots/${three}`, headers: { authorization: `Bearer ${key}` }, payload: { priority: 'high' } });
    alerts = await alertsOf(t, user.id);
    assert.deepEqual(alerts.map((a) => a.data.honeypot_id), [one, two]);
  });

  test('storage.nearly_full goes to administrators when the data directory is over the threshold, once a day', async () => {
    const admin = await t.createUser('pro', 'admin');
    const member = await t.createUser();
    const alwaysFull = new StorageAlerts({ db: t.testDb.db, clock: t.clock, dataDir: t.testDb.dataDir, thresholdPercent: 1 });
    const used = await alwaysFull.usedPercent();
    assert.ok(used > 0 && used <= 100, `used ${used}%`);
    // At a 100 % threshold a working disk is (almost surely) below it: nothing is written.
    const neverFull = new StorageAlerts({ db: t.testDb.db, clock: t.clock, dataDir: t.testDb.dataDir, thresholdPercent: 100 });
    if (used < 100) assert.equal(await neverFull.runDue(), 0);

    assert.ok((await alwaysFull.runDue()) >= 1);
    const alerts = await alertsOf(t, admin.id);
    assert.equal(alerts.length, 1);
    assert.equal(alerts[0]?.data.alert, 'storage.nearly_full');
    assert.equal(alerts[0]?.data.used_percent, used);
    assert.match(String(alerts[0]?.data.message), /is [\d.]+% full \(alert threshold 1%\)/);
    assert.equal((await alertsOf(t, member.id)).length, 0, 'members are not told while an administrator exists');

    assert.equal(await alwaysFull.runDue(), 0, 'not again within a day');
    t.clock.advance(24 * 60 * 60_000 + 1);
    assert.ok((await alwaysFull.runDue()) >= 1);
    assert.equal((await alertsOf(t, admin.id)).length, 2);
  });
});
