/**
 * `/api/v1/warmup` and `/api/v1/stats` through the app: a mailbox created through the API joins the
 * warm-up once verified, pause / resume / update_config act at once, validation names the field, and
 * deleting a mailbox stops its warm-up.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bearer, createTestApp, type TestApp } from '../support/app.ts';
import { MAILBOX_TEST_ENV, createMailbox } from '../mailboxes/support.ts';
import { scheduledSends } from './planning-support.ts';

describe('warm-up API', () => {
  let t: TestApp;
  let key: string;
  let otherKey: string;
  const ids: string[] = [];

  const get = (url: string, k = key) => t.app.inject({ method: 'GET', url, headers: bearer(k) });
  const post = (payload: Record<string, unknown>, k = key) => t.app.inject({ method: 'POST', url: '/api/v1/warmup', headers: bearer(k), payload });
  const scheduledFrom = async (id: string) => (await scheduledSends(t.testDb.db)).filter((s) => s.mailbox_id === id);
  const scheduledOf = async (id: string) => (await scheduledFrom(id)).length;

  before(async () => {
    t = await createTestApp({ env: MAILBOX_TEST_ENV });
    t.clock.set('2026-03-16T07:00:00.000Z');
    const user = await t.createUser('pro');
    key = await t.createKey(user.id, ['read', 'write']);
    otherKey = await t.createKey((await t.createUser('pro')).id, ['read', 'write']);
    for (const email of ['a@alpha.example', 'b@beta.example', 'c@gamma.example', 'd@delta.example']) {
      const { response, body } = await createMailbox(t, key, { email, smtp_user: email, imap_user: email });
      assert.equal(response.statusCode, 201);
      assert.equal(body.message, 'Mailbox created. Warm-up will start automatically.');
      ids.push(body.id as string);
    }
  });
  after(async () => {
    await t.close();
  });

  it('starts warm-up automatically once a created mailbox is verified', async () => {
    assert.equal(await t.services.warmup.planner.runDue(), 0, 'nothing while the logins are being verified');
    // The login check itself is covered by the mailboxes suites; here it is recorded as passed.
    await t.testDb.db.kysely.updateTable('mailboxes').set({ verify_state: 'verified', verified_at: t.clock.iso() }).execute();
    assert.ok((await t.services.warmup.planner.runDue()) > 0);
    const response = await get(`/api/v1/warmup?mailbox_id=${ids[0]}`);
    assert.equal(response.statusCode, 200);
    const body = response.json();
    assert.equal(body.mailbox_id, ids[0]);
    assert.equal(body.email, 'a@alpha.example');
    assert.equal(body.status, 'active');
    assert.equal(body.warmup_day, 1);
    assert.equal(body.daily_limit, 5);
    assert.equal(body.warmup_mode, 'balanced');
    assert.deepEqual(body.config, { target_daily_limit: 40, reply_rate: 30, thread_rate: 15, weekdays_only: false, send_window_start: 8, send_window_end: 18, timezone: 'UTC' });
    assert.ok(body.recent_emails.length >= 3, 'three peers outside its domain: at least three planned');
    for (const email of body.recent_emails) {
      assert.deepEqual(Object.keys(email).sort(), ['bounce_category', 'bounce_type', 'id', 'landed_in', 'scheduled_at', 'sent_at', 'status', 'subject']);
      assert.equal(email.status, 'scheduled');
      assert.equal(email.landed_in, null);
    }
    assert.equal(typeof body.health.score, 'number');
    assert.ok(Array.isArray(body.health.reasons));
  });

  it('rejects bad requests with 400 naming the field, and other accounts\' mailboxes with 404', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ action: 'pause' }, 'mailbox_id'],
      [{ mailbox_id: ids[0], action: 'stop' }, 'action'],
      [{ mailbox_id: ids[0], action: 'update_config' }, 'config'],
      [{ mailbox_id: ids[0], action: 'update_config', config: { reply_rate: 101 } }, 'reply_rate'],
      [{ mailbox_id: ids[0], action: 'update_config', config: { send_window_start: 18, send_window_end: 9 } }, 'send_window'],
      [{ mailbox_id: ids[0], action: 'update_config', config: { send_window_end: 24 } }, 'send_window_end'],
      [{ mailbox_id: ids[0], action: 'update_config', config: { warmup_mode: 'turbo' } }, 'warmup_mode'],
      [{ mailbox_id: ids[0], action: 'update_config', config: { timezone: 'Mars/Olympus' } }, 'timezone'],
      [{ mailbox_id: ids[0], action: 'update_config', config: { target_daily_limit: 60 } }, 'target_daily_limit'],
      [{ mailbox_id: ids[0], action: 'update_config', config: { colour: 'blue' } }, 'colour'],
    ];
    for (const [payload, field] of cases) {
      const response = await post(payload);
      assert.equal(response.statusCode, 400, JSON.stringify(payload));
      assert.match(response.json().error, new RegExp(field), `${JSON.stringify(payload)} → ${response.json().error}`);
    }
    assert.equal((await get('/api/v1/warmup')).statusCode, 400);
    assert.equal((await get(`/api/v1/stats?mailbox_id=${ids[0]}&days=91`)).statusCode, 400);
    assert.match((await get(`/api/v1/stats?mailbox_id=${ids[0]}&days=91`)).json().error, /days/);
    assert.equal((await get('/api/v1/warmup?mailbox_id=00000000-0000-4000-8000-000000000000')).statusCode, 404);
    assert.equal((await get(`/api/v1/warmup?mailbox_id=${ids[0]}`, otherKey)).statusCode, 404);
    assert.equal((await get(`/api/v1/stats?mailbox_id=${ids[0]}`, otherKey)).statusCode, 404);
    assert.equal((await post({ mailbox_id: ids[0], action: 'pause' }, otherKey)).statusCode, 404);
  });

  it('pauses at once (planned mail cancelled), resumes with the rest of today planned', async () => {
    t.clock.set('2026-03-16T09:00:00.000Z');
    assert.ok((await scheduledOf(ids[1]!)) > 0);
    const paused = await post({ mailbox_id: ids[1], action: 'pause' });
    assert.equal(paused.statusCode, 200);
    assert.equal(paused.json().success, true);
    assert.equal(paused.json().message, 'Warm-up paused');
    assert.equal(paused.json().config.warmup_mode, 'balanced');
    assert.equal(await scheduledOf(ids[1]!), 0);
    const status = (await get(`/api/v1/warmup?mailbox_id=${ids[1]}`)).json();
    assert.equal(status.status, 'paused');
    assert.equal(status.recent_emails.length, 0, 'cancelled rows are not shown');
    assert.equal(await t.services.warmup.planner.runDue(), 0, 'a paused mailbox is not planned');

    const resumed = await post({ mailbox_id: ids[1], action: 'resume' });
    assert.equal(resumed.json().message, 'Warm-up resumed');
    const rows = await scheduledFrom(ids[1]!);
    assert.ok(rows.length > 0);
    assert.ok(rows.every((r) => r.scheduled_at > '2026-03-16T09:00:00.000Z'));
    assert.equal((await get(`/api/v1/warmup?mailbox_id=${ids[1]}`)).json().warmup_day, 1, 'still day 1');
  });

  it('update_config stores the change and re-plans today inside the new window', async () => {
    const response = await post({ mailbox_id: ids[2], action: 'update_config', config: { warmup_mode: 'aggressive', target_daily_limit: 60, reply_rate: 25, send_window_start: 13, send_window_end: 15, weekdays_only: true } });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), {
      success: true,
      message: 'Configuration updated',
      config: { warmup_mode: 'aggressive', target_daily_limit: 60, reply_rate: 25, thread_rate: 15, weekdays_only: true, send_window_start: 13, send_window_end: 15, timezone: 'UTC' },
    });
    const rows = await scheduledFrom(ids[2]!);
    assert.ok(rows.length > 0);
    assert.ok(rows.every((r) => r.scheduled_at >= '2026-03-16T13:00:00.000Z' && r.scheduled_at < '2026-03-16T15:00:00.000Z'));
    // A lower mode ceiling brings the target down with it.
    const slow = await post({ mailbox_id: ids[2], action: 'update_config', config: { warmup_mode: 'slow' } });
    assert.equal(slow.json().config.target_daily_limit, 20);
  });

  it('serves daily stats: one row per local date, zeros included, rates as strings', async () => {
    const response = await get(`/api/v1/stats?mailbox_id=${ids[0]}`);
    assert.equal(response.statusCode, 200);
    const body = response.json();
    assert.equal(body.mailbox_id, ids[0]);
    assert.equal(body.period, '7d');
    assert.deepEqual(body.stats.map((s: { date: string }) => s.date), ['2026-03-10', '2026-03-11', '2026-03-12', '2026-03-13', '2026-03-14', '2026-03-15', '2026-03-16']);
    assert.deepEqual(body.stats[0], { date: '2026-03-10', sent: 0, delivered: 0, opened: 0, replied: 0, bounced: 0, spam_landed: 0, inbox_rate: '0.00', bounce_rate: '0.00', reply_rate: '0.00', health_score: '100.00' });
    assert.equal((await get(`/api/v1/stats?mailbox_id=${ids[0]}&days=30`)).json().stats.length, 30);
    assert.equal((await get(`/api/v1/stats?mailbox_id=${ids[0]}&days=30`)).json().period, '30d');
  });

  it('DELETE /mailboxes/:id stops its warm-up: its rows go, mail planned to it is cancelled', async () => {
    const db = t.testDb.db.kysely;
    const toIt = (await scheduledSends(t.testDb.db)).filter((s) => s.recipient_mailbox_id === ids[3]);
    assert.ok(toIt.length > 0);
    const response = await t.app.inject({ method: 'DELETE', url: `/api/v1/mailboxes/${ids[3]}`, headers: bearer(key) });
    assert.equal(response.statusCode, 200);
    assert.equal((await db.selectFrom('warmup_emails').select('id').where('mailbox_id', '=', ids[3]!).execute()).length, 0);
    assert.equal((await db.selectFrom('warmup_plans').select('mailbox_id').where('mailbox_id', '=', ids[3]!).execute()).length, 0);
    const left = await scheduledSends(t.testDb.db);
    assert.ok(left.length > 0, 'the others still send to each other');
    assert.ok(!left.some((s) => s.recipient_mailbox_id === ids[3] || s.mailbox_id === ids[3]), 'nothing planned to or from it');
  });
});
