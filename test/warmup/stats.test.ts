/**
 * The health score function, the stats roll-up from warmup_emails rows, and the safety rules (bounce
 * limit, repeated login failures).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../../src/platform/clock.ts';
import type { Db } from '../../src/platform/db/index.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { WarmupSafety } from '../../src/warmup/safety.ts';
import { healthScore, type DayFigures } from '../../src/warmup/stats/health.ts';
import { WarmupStatsRollup } from '../../src/warmup/stats/rollup.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { insertMailbox, insertUser } from './planning-support.ts';

const logger = createLogger('silent');
const passDns = { spf: 'pass', dkim: 'pass', dmarc: 'pass' };
const day = (age: number, f: Partial<DayFigures>): DayFigures => ({ age, sent: 0, bounced: 0, inbox: 0, spam: 0, promotions: 0, missing: 0, ...f });

describe('health score', () => {
  it('is 100 with nothing observed, and not confident', () => {
    const h = healthScore({ days: [], dns: passDns, blacklists: [], domain: 'acme.com' });
    assert.equal(h.score, 100);
    assert.equal(h.confident, false);
    assert.equal(h.reasons[0]!.code, 'small_sample');
  });

  it('stays high and confident when everything lands in the inbox', () => {
    const h = healthScore({ days: [0, 1, 2, 3].map((age) => day(age, { sent: 10, inbox: 10 })), dns: passDns, blacklists: [], domain: 'acme.com' });
    assert.equal(h.score, 100);
    assert.equal(h.confident, true);
    assert.deepEqual(h.reasons, []);
  });

  it('falls with spam placement, recent days weighing more', () => {
    const recentSpam = healthScore({ days: [day(0, { sent: 10, inbox: 5, spam: 5 }), day(5, { sent: 10, inbox: 10 })], dns: passDns, blacklists: [], domain: 'a.com' });
    const oldSpam = healthScore({ days: [day(5, { sent: 10, inbox: 5, spam: 5 }), day(0, { sent: 10, inbox: 10 })], dns: passDns, blacklists: [], domain: 'a.com' });
    assert.ok(recentSpam.score < oldSpam.score, `${recentSpam.score} < ${oldSpam.score}`);
    assert.ok(recentSpam.score < 90);
    assert.equal(recentSpam.reasons[0]!.code, 'spam_placement');
    assert.ok(recentSpam.reasons[0]!.impact < 0);
  });

  it('leans on the prior with a small sample', () => {
    const h = healthScore({ days: [day(0, { sent: 2, spam: 2 })], dns: passDns, blacklists: [], domain: 'a.com' });
    assert.ok(h.score > 75 && h.score < 100, `two spam placements alone: ${h.score}`);
    assert.equal(h.confident, false);
  });

  it('is penalised by bounces, blacklists and failing DNS authentication, with the reasons ranked', () => {
    const days = [0, 1, 2].map((age) => day(age, { sent: 10, bounced: 1, inbox: 9 }));
    const h = healthScore({ days, dns: { spf: 'fail', dkim: 'missing', dmarc: 'unknown' }, blacklists: ['zen.spamhaus.org'], domain: 'acme.com' });
    const codes = h.reasons.map((r) => r.code);
    // 10 % bounces is the worst here (about 28 points), then the listing (15).
    assert.deepEqual(codes.slice(0, 2), ['bounces', 'blacklisted']);
    assert.ok(codes.includes('bounces') && codes.includes('spf_fail') && codes.includes('dkim_missing'));
    assert.ok(!codes.includes('dmarc_unknown'), 'an unknown status costs nothing');
    assert.ok(h.score < 60, `${h.score}`);
    for (let i = 1; i < h.reasons.length; i += 1) assert.ok(h.reasons[i - 1]!.impact <= h.reasons[i]!.impact);
    assert.match(h.reasons[1]!.message, /zen\.spamhaus\.org/);
  });
});

async function insertRow(db: Db, mailbox: { id: string; user_id: string }, to: { id: string; email: string }, fields: Record<string, unknown>) {
  const id = randomUUID();
  await db.kysely.insertInto('warmup_emails').values({
    id, user_id: mailbox.user_id, mailbox_id: mailbox.id, recipient_mailbox_id: to.id, recipient_email: to.email, kind: 'new', thread_id: id,
    content_seed: 1, subject: 'Hello', message_id: `<${id}@x.test>`, token: randomUUID(), plan_date: '2026-03-16', status: 'sent',
    scheduled_at: '2026-03-16T10:00:00.000Z', created_at: '2026-03-16T07:00:00.000Z', updated_at: '2026-03-16T10:00:00.000Z', ...fields,
  } as never).execute();
  return id;
}

describe('stats roll-up and safety on the database', () => {
  let t: TestDb;
  const clock = new ManualClock('2026-03-16T20:00:00.000Z');
  before(async () => {
    t = await createTestDb();
  });
  after(async () => {
    await t.cleanup();
  });

  it('rolls warm-up rows up into daily figures and a health score, idempotently', async () => {
    const userId = await insertUser(t.db);
    const a = await insertMailbox(t.db, userId, 'a@alpha.test', { dns_spf: 'pass', dns_dkim: 'pass', dns_dmarc: 'pass' });
    const b = await insertMailbox(t.db, userId, 'b@beta.test');
    for (let i = 0; i < 20; i += 1) await insertRow(t.db, a, b, { landed_in: 'inbox', opened_at: '2026-03-16T11:00:00.000Z', replied_at: i < 6 ? '2026-03-16T12:00:00.000Z' : null });
    for (let i = 0; i < 4; i += 1) await insertRow(t.db, a, b, { landed_in: 'spam' });
    await insertRow(t.db, a, b, { status: 'bounced', bounce_type: 'hard', bounce_category: 'unknown_user' });
    await insertRow(t.db, a, b, { status: 'scheduled', scheduled_at: '2026-03-16T17:00:00.000Z' });
    await insertRow(t.db, a, b, { status: 'cancelled' });
    const rollup = new WarmupStatsRollup({ db: t.db, clock, logger });
    await rollup.runDue();
    const stats = await t.db.kysely.selectFrom('warmup_daily_stats').selectAll().where('mailbox_id', '=', a.id).execute();
    assert.equal(stats.length, 1);
    const s = stats[0]!;
    assert.deepEqual(
      { date: s.date, sent: s.sent, delivered: s.delivered, opened: s.opened, replied: s.replied, bounced: s.bounced, inbox: s.inbox_landed, spam: s.spam_landed },
      { date: '2026-03-16', sent: 25, delivered: 24, opened: 20, replied: 6, bounced: 1, inbox: 20, spam: 4 },
    );
    const mailbox = await t.db.kysely.selectFrom('mailboxes').selectAll().where('id', '=', a.id).executeTakeFirstOrThrow();
    assert.ok(mailbox.health_score < 100 && mailbox.health_score > 50, `${mailbox.health_score}`);
    assert.equal(mailbox.health_confident, 1);
    assert.equal(s.health_score, mailbox.health_score);
    const reasons = JSON.parse(mailbox.health_reasons!) as Array<{ code: string }>;
    assert.equal(reasons[0]!.code, 'spam_placement');
    // A second run changes nothing; a later change is picked up.
    await rollup.runDue();
    assert.equal((await t.db.kysely.selectFrom('warmup_daily_stats').selectAll().where('mailbox_id', '=', a.id).executeTakeFirstOrThrow()).sent, 25);
    clock.advance(10 * 60_000);
    await t.db.kysely.updateTable('warmup_emails').set({ status: 'bounced', updated_at: clock.iso() }).where('mailbox_id', '=', a.id).where('landed_in', '=', 'spam').execute();
    await rollup.runDue();
    const again = await t.db.kysely.selectFrom('warmup_daily_stats').selectAll().where('mailbox_id', '=', a.id).executeTakeFirstOrThrow();
    assert.equal(again.bounced, 5);
    assert.equal(again.delivered, 20);
  });

  it('pauses a mailbox whose bounces cross its mode limit, with the reason, and cancels its planned mail', async () => {
    const userId = await insertUser(t.db);
    const a = await insertMailbox(t.db, userId, 'x@gamma.test');
    const b = await insertMailbox(t.db, userId, 'y@delta.test');
    const safety = new WarmupSafety({ db: t.db, clock, logger });
    // 19 clean sends and one bounce: 5 % is over balanced's 1 %, and 20 sends is a meaningful sample.
    for (let i = 0; i < 19; i += 1) await insertRow(t.db, a, b, {});
    const planned = await insertRow(t.db, a, b, { status: 'scheduled', scheduled_at: '2026-03-16T23:00:00.000Z' });
    await insertRow(t.db, a, b, { status: 'bounced' });
    assert.equal(safety.crosses({ sends: 10, bounces: 1 }, 0.01), false, 'one bounce in ten sends is too small a sample');
    assert.equal(safety.crosses({ sends: 10, bounces: 3 }, 0.01), true, 'three bounces are enough');
    await safety.bounced(a.id);
    const row = await t.db.kysely.selectFrom('mailboxes').selectAll().where('id', '=', a.id).executeTakeFirstOrThrow();
    assert.equal(row.status, 'paused');
    assert.match(row.paused_reason!, /Bounce rate 5\.0% \(1 of the last 20/);
    assert.match(row.paused_reason!, /balanced mode's limit of 1\.0%/);
    assert.equal((await t.db.kysely.selectFrom('warmup_emails').select('status').where('id', '=', planned).executeTakeFirstOrThrow()).status, 'cancelled');
  });

  it('puts a mailbox in error after repeated login failures, and a success resets the count', async () => {
    const userId = await insertUser(t.db);
    const a = await insertMailbox(t.db, userId, 'p@epsilon.test');
    const b = await insertMailbox(t.db, userId, 'q@zeta.test');
    const toIt = await insertRow(t.db, b, a, { status: 'scheduled', scheduled_at: '2026-03-16T23:00:00.000Z' });
    const safety = new WarmupSafety({ db: t.db, clock, logger }, { maxAuthFailures: 3 });
    await safety.loginFailed(a.id, 'IMAP', 'NO [AUTHENTICATIONFAILED] Authentication failed.');
    await safety.loginFailed(a.id, 'IMAP', 'NO [AUTHENTICATIONFAILED] Authentication failed.');
    await safety.loginSucceeded(a.id);
    await safety.loginFailed(a.id, 'SMTP', '535 5.7.8 Error: authentication failed');
    let row = await t.db.kysely.selectFrom('mailboxes').selectAll().where('id', '=', a.id).executeTakeFirstOrThrow();
    assert.equal(row.status, 'active');
    assert.equal(row.auth_failures, 1);
    await safety.loginFailed(a.id, 'SMTP', '535 5.7.8 Error: authentication failed');
    await safety.loginFailed(a.id, 'SMTP', '535 5.7.8 Error: authentication failed');
    row = await t.db.kysely.selectFrom('mailboxes').selectAll().where('id', '=', a.id).executeTakeFirstOrThrow();
    assert.equal(row.status, 'error');
    assert.match(row.connection_error!, /SMTP login failed 3 times.*535 5\.7\.8/);
    assert.equal((await t.db.kysely.selectFrom('warmup_emails').select('status').where('id', '=', toIt).executeTakeFirstOrThrow()).status, 'cancelled');
  });
});
