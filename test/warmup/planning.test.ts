/**
 * The day planner: local time and DST, the ramp, send-time layout, recipient rules, and whole runs on a
 * real database (several planners at once included).
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ManualClock } from '../../src/platform/clock.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { localDateOf, zonedHourToUtc, isWeekend } from '../../src/warmup/planning/local-time.ts';
import { WarmupPlanner } from '../../src/warmup/planning/planner.ts';
import { seededRandom } from '../../src/warmup/planning/random.ts';
import { rampLimit, varyVolume } from '../../src/warmup/planning/ramp.ts';
import { RecipientPool, organisationOf, type Peer } from '../../src/warmup/planning/recipients.ts';
import { layoutSendTimes } from '../../src/warmup/planning/send-times.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { insertMailbox, insertNetwork, insertUser, plannedRows, testWriter } from './planning-support.ts';

const logger = createLogger('silent');
const MIN = 60_000;

describe('local time', () => {
  it('turns window hours into instants across DST changes (Intl)', () => {
    // Europe/Paris springs forward on 2026-03-29 at 02:00 (CET → CEST) and falls back on 2026-10-25.
    assert.equal(new Date(zonedHourToUtc('2026-03-28', 8, 'Europe/Paris')).toISOString(), '2026-03-28T07:00:00.000Z');
    assert.equal(new Date(zonedHourToUtc('2026-03-29', 8, 'Europe/Paris')).toISOString(), '2026-03-29T06:00:00.000Z');
    // 02:00 does not exist that day: resolved past the gap (03:00 CEST).
    assert.equal(new Date(zonedHourToUtc('2026-03-29', 2, 'Europe/Paris')).toISOString(), '2026-03-29T01:00:00.000Z');
    // 02:00 happens twice on 2026-10-25: the first one (CEST).
    assert.equal(new Date(zonedHourToUtc('2026-10-25', 2, 'Europe/Paris')).toISOString(), '2026-10-25T00:00:00.000Z');
    // New York: EST (−5) before 2026-03-08, EDT (−4) from then.
    assert.equal(new Date(zonedHourToUtc('2026-03-07', 9, 'America/New_York')).toISOString(), '2026-03-07T14:00:00.000Z');
    assert.equal(new Date(zonedHourToUtc('2026-03-09', 9, 'America/New_York')).toISOString(), '2026-03-09T13:00:00.000Z');
    // Half-hour zones.
    assert.equal(new Date(zonedHourToUtc('2026-06-01', 10, 'Asia/Kolkata')).toISOString(), '2026-06-01T04:30:00.000Z');
  });

  it('gives the local date of an instant and spots weekends', () => {
    assert.equal(localDateOf(Date.parse('2026-03-13T23:30:00Z'), 'UTC'), '2026-03-13');
    assert.equal(localDateOf(Date.parse('2026-03-13T23:30:00Z'), 'Asia/Tokyo'), '2026-03-14');
    assert.equal(localDateOf(Date.parse('2026-03-14T03:00:00Z'), 'America/Los_Angeles'), '2026-03-13');
    assert.equal(isWeekend('2026-03-14'), true); // Saturday
    assert.equal(isWeekend('2026-03-16'), false); // Monday
  });
});

describe('ramp and layout', () => {
  it('ramps linearly from the mode start to its max by day 30, capped by the target', () => {
    assert.equal(rampLimit('balanced', 1, 40), 5);
    assert.equal(rampLimit('balanced', 30, 40), 40);
    assert.equal(rampLimit('balanced', 90, 40), 40);
    assert.equal(rampLimit('balanced', 15, 40), 22);
    assert.equal(rampLimit('balanced', 30, 25), 25);
    assert.equal(rampLimit('recovery', 1, 40), 1);
    assert.equal(rampLimit('aggressive', 30, 80), 80);
    assert.ok(rampLimit('slow', 10, 20) < rampLimit('slow', 11, 20) + 1);
  });

  it('varies the volume within ±15 % and never above the cap', () => {
    const random = seededRandom(7);
    for (let i = 0; i < 500; i += 1) {
      const v = varyVolume(20, 0.15, random, 21);
      assert.ok(v >= 17 && v <= 21, `volume ${v}`);
    }
  });

  it('lays out send times inside the window with the minimum gap', () => {
    const start = Date.parse('2026-03-16T08:00:00Z');
    const end = Date.parse('2026-03-16T18:00:00Z');
    for (let seed = 0; seed < 50; seed += 1) {
      const times = layoutSendTimes(seededRandom(seed), start, end, 40, 5 * MIN);
      assert.equal(times.length, 40);
      for (const [i, t] of times.entries()) {
        assert.ok(t >= start && t < end);
        if (i > 0) assert.ok(t - times[i - 1]! >= 5 * MIN, 'gap respected');
      }
    }
    // An hour holds at most 12 sends five minutes apart.
    assert.equal(layoutSendTimes(seededRandom(1), start, start + 60 * MIN, 40, 5 * MIN).length, 12);
    assert.equal(layoutSendTimes(seededRandom(1), end, end, 5, 5 * MIN).length, 0);
  });
});

describe('recipient pool', () => {
  it('never picks the sender, its domain or its organisation, and balances the load', () => {
    const peers: Peer[] = [];
    for (let d = 0; d < 30; d += 1) {
      for (let i = 0; i < 3; i += 1) {
        peers.push({ id: `p${d}-${i}`, email: `u${i}@${d % 2 === 0 ? `sub${d}.org${d}.com` : `org${d}.com`}`, domain: d % 2 === 0 ? `sub${d}.org${d}.com` : `org${d}.com`, provider: ['gmail', 'outlook', 'custom'][d % 3]!, capacity: 5, load: 0 });
      }
    }
    // The organisation is the registered domain.
    assert.equal(organisationOf('a@sub0.org0.com', 'sub0.org0.com'), 'org0.com');
    assert.equal(organisationOf('a@gmail.com', 'gmail.com'), 'a@gmail.com');
    const pool = new RecipientPool(peers, seededRandom(3));
    const received = new Map<string, number>();
    for (const sender of peers) {
      const chosen = pool.choose(sender, 5);
      assert.equal(chosen.length, 5);
      assert.equal(new Set(chosen.map((c) => c.id)).size, 5, 'no peer twice in a day');
      assert.equal(new Set(chosen.map((c) => c.domain)).size, 5, 'different domains while there are enough');
      for (const peer of chosen) {
        assert.notEqual(organisationOf(peer.email, peer.domain), organisationOf(sender.email, sender.domain));
        received.set(peer.id, (received.get(peer.id) ?? 0) + 1);
      }
    }
    // 90 senders × 5 = 450 messages over 90 peers of capacity 5: everyone receives about 5.
    for (const peer of peers) assert.ok((received.get(peer.id) ?? 0) >= 3 && (received.get(peer.id) ?? 0) <= 7, `${peer.id} received ${received.get(peer.id)}`);
    assert.equal(pool.eligibleFor(peers[0]!), peers.length - 3);
  });

  it('relaxes the preferences rather than sending fewer when the network is small', () => {
    const peers: Peer[] = ['a.test', 'b.test', 'c.test'].flatMap((d) => [1, 2].map((i) => ({ id: `${i}@${d}`, email: `${i}@${d}`, domain: d, provider: 'custom', capacity: 5, load: 0 })));
    const pool = new RecipientPool(peers, seededRandom(1));
    const sender = peers[0]!;
    const recent = new Set([2, 3, 4, 5]); // every eligible peer was paired recently
    const chosen = pool.choose(sender, 10, recent);
    assert.equal(chosen.length, 4, 'every eligible peer once, no more');
    assert.ok(chosen.every((p) => p.domain !== 'a.test'));
  });
});

describe('planner on the database', () => {
  let t: TestDb;
  let clock: ManualClock;
  let planner: WarmupPlanner;
  let userId: string;

  before(async () => {
    t = await createTestDb();
  });
  after(async () => {
    await t.cleanup();
  });
  beforeEach(async () => {
    await t.db.kysely.deleteFrom('warmup_emails').execute();
    await t.db.kysely.deleteFrom('mailboxes').execute();
    await t.db.kysely.deleteFrom('users').execute();
    userId = await insertUser(t.db);
    clock = new ManualClock('2026-03-16T07:00:00.000Z'); // a Monday, before the 8–18 window
    planner = new WarmupPlanner({ db: t.db, clock, logger });
  });

  it("plans each mailbox's day inside its window, to eligible peers, and advances the warm-up day", async () => {
    const network = await insertNetwork(t.db, userId, ['alpha.test', 'beta.test', 'gamma.test', 'delta.test', 'epsilon.test']);
    const inserted = await planner.runDue();
    const rows = await plannedRows(t.db);
    assert.equal(rows.length, inserted);
    const byId = new Map(network.map((m) => [m.id, m]));
    for (const m of network) {
      const own = rows.filter((r) => r.mailbox_id === m.id);
      // Balanced day 1: 5 ±15 % → 4–6, and never more than the 8 peers outside its domain.
      assert.ok(own.length >= 4 && own.length <= 6, `${m.email} planned ${own.length}`);
      assert.equal(new Set(own.map((r) => r.recipient_mailbox_id)).size, own.length, 'one message per peer a day');
      for (const [i, row] of own.entries()) {
        const to = byId.get(row.recipient_mailbox_id!)!;
        assert.notEqual(to.domain, m.domain);
        assert.equal(row.recipient_email, to.email);
        assert.equal(row.kind, 'new');
        assert.equal(row.status, 'scheduled');
        assert.equal(row.thread_id, row.id);
        assert.equal(row.plan_date, '2026-03-16');
        assert.equal(row.subject, testWriter.subjectFor(row.content_seed));
        assert.match(row.message_id, new RegExp(`^<[0-9a-f-]{36}@${m.domain.replace('.', '\\.')}>$`));
        assert.ok(row.token.length >= 34, 'token: time prefix + 128 random bits');
        assert.ok(row.scheduled_at >= '2026-03-16T08:00:00.000Z' && row.scheduled_at < '2026-03-16T18:00:00.000Z', row.scheduled_at);
        if (i > 0) assert.ok(Date.parse(row.scheduled_at) - Date.parse(own[i - 1]!.scheduled_at) >= 5 * MIN);
      }
    }
    assert.equal(new Set(rows.map((r) => r.token)).size, rows.length);
    const after = await t.db.kysely.selectFrom('mailboxes').selectAll().execute();
    for (const m of after) {
      assert.equal(m.warmup_day, 1);
      assert.equal(m.daily_limit, 5);
      assert.equal(m.warmup_planned_through, '2026-03-16');
      assert.equal(m.warmup_started_at, clock.iso());
    }
    // Nothing more today; the next day is day 2.
    assert.equal(await planner.runDue(), 0);
    clock.set('2026-03-17T06:00:00.000Z');
    assert.ok((await planner.runDue()) > 0);
    const day2 = await t.db.kysely.selectFrom('mailboxes').select(['warmup_day', 'warmup_planned_through', 'warmup_started_at']).execute();
    assert.ok(day2.every((m) => m.warmup_day === 2 && m.warmup_planned_through === '2026-03-17' && m.warmup_started_at === '2026-03-16T07:00:00.000Z'));
  });

  it('leaves out paused, unverified and errored mailboxes, and skips weekends when weekdays_only', async () => {
    await insertNetwork(t.db, userId, ['alpha.test', 'beta.test'], 1);
    const paused = await insertMailbox(t.db, userId, 'p@gamma.test', { status: 'paused' });
    const unverified = await insertMailbox(t.db, userId, 'v@delta.test', { verify_state: 'verifying' });
    const weekdays = await insertMailbox(t.db, userId, 'w@epsilon.test', { weekdays_only: 1 });
    clock.set('2026-03-14T07:00:00.000Z'); // Saturday
    await planner.runDue();
    const rows = await plannedRows(t.db);
    const involved = new Set(rows.flatMap((r) => [r.mailbox_id, r.recipient_mailbox_id]));
    assert.ok(!involved.has(paused.id) && !involved.has(unverified.id));
    assert.ok(!rows.some((r) => r.mailbox_id === weekdays.id), 'no sending on Saturday');
    const w = await t.db.kysely.selectFrom('mailboxes').selectAll().where('id', '=', weekdays.id).executeTakeFirstOrThrow();
    assert.equal(w.warmup_planned_through, '2026-03-14');
    assert.equal(w.warmup_day, 0, 'a skipped weekend day is not a warm-up day');
  });

  it("plans in the mailbox's own zone across a DST change, and not in a window already over", async () => {
    const ny = await insertMailbox(t.db, userId, 'ny@alpha.test', { timezone: 'America/New_York', send_window_start: 9, send_window_end: 17 });
    await insertNetwork(t.db, userId, ['beta.test', 'gamma.test', 'delta.test'], 2);
    // 2026-03-08 is the day New York moves to EDT (−4) at 02:00: 9–17 local is 13:00–21:00 UTC.
    clock.set('2026-03-08T12:00:00.000Z');
    await planner.runDue();
    const rows = (await plannedRows(t.db)).filter((r) => r.mailbox_id === ny.id);
    assert.ok(rows.length > 0);
    for (const row of rows) {
      assert.equal(row.plan_date, '2026-03-08');
      assert.ok(row.scheduled_at >= '2026-03-08T13:00:00.000Z' && row.scheduled_at < '2026-03-08T21:00:00.000Z', row.scheduled_at);
    }
    // UTC mailboxes' window (8–18 UTC) is partly over at 12:00: nothing before now + the lead.
    const utcRows = (await plannedRows(t.db)).filter((r) => r.mailbox_id !== ny.id);
    assert.ok(utcRows.every((r) => r.scheduled_at >= '2026-03-08T12:01:00.000Z'));
    // Verified in the evening: the day is recorded as planned but does not count.
    const late = await insertMailbox(t.db, userId, 'late@epsilon.test');
    clock.set('2026-03-08T19:00:00.000Z');
    await planner.runDue();
    const lateRow = await t.db.kysely.selectFrom('mailboxes').selectAll().where('id', '=', late.id).executeTakeFirstOrThrow();
    assert.equal(lateRow.warmup_planned_through, '2026-03-08');
    assert.equal(lateRow.warmup_day, 0);
  });

  it('avoids repeating a pair within the cooldown while other peers are free', async () => {
    await insertNetwork(t.db, userId, Array.from({ length: 16 }, (_, i) => `d${i}.test`), 1);
    await planner.runDue();
    clock.set('2026-03-17T07:00:00.000Z');
    await planner.runDue();
    const rows = await plannedRows(t.db);
    const pairs = new Map<string, number>();
    for (const r of rows) pairs.set(`${r.mailbox_id}>${r.recipient_mailbox_id}`, (pairs.get(`${r.mailbox_id}>${r.recipient_mailbox_id}`) ?? 0) + 1);
    // 15 peers each, at most 6 a day: two days fit without any repeated pair.
    assert.ok([...pairs.values()].every((n) => n === 1), 'no pair twice within the cooldown');
  });

  it('never plans a mailbox-day twice when several planners run at once', async () => {
    await insertNetwork(t.db, userId, Array.from({ length: 10 }, (_, i) => `n${i}.test`), 3);
    const planners = [0, 1, 2].map(() => new WarmupPlanner({ db: t.db, clock, logger }, { batchSize: 4 }));
    const counts = await Promise.all(planners.map((p) => p.runDue()));
    const rows = await plannedRows(t.db);
    assert.equal(counts.reduce((a, b) => a + b, 0), rows.length);
    const perMailbox = new Map<string, number>();
    for (const r of rows) perMailbox.set(r.mailbox_id, (perMailbox.get(r.mailbox_id) ?? 0) + 1);
    assert.equal(perMailbox.size, 30);
    for (const n of perMailbox.values()) assert.ok(n >= 4 && n <= 6, `a mailbox planned ${n} rows (twice would be 8+)`);
    const mailboxes = await t.db.kysely.selectFrom('mailboxes').select('warmup_day').execute();
    assert.ok(mailboxes.every((m) => m.warmup_day === 1));
  });

  it("re-plans the rest of today, keeping what was sent", async () => {
    const [m] = await insertNetwork(t.db, userId, ['alpha.test', 'beta.test', 'gamma.test', 'delta.test'], 2);
    await planner.runDue();
    const first = (await plannedRows(t.db)).filter((r) => r.mailbox_id === m!.id);
    // The first message went out; it is now 12:00.
    await t.db.kysely.updateTable('warmup_emails').set({ status: 'sent', sent_at: first[0]!.scheduled_at }).where('id', '=', first[0]!.id).execute();
    clock.set('2026-03-16T12:00:00.000Z');
    await planner.replanToday(m!.id);
    const rows = (await plannedRows(t.db)).filter((r) => r.mailbox_id === m!.id);
    const live = rows.filter((r) => r.status !== 'cancelled');
    assert.equal(live.length, first.length, 'the same volume: the sent one plus the rest re-planned');
    assert.ok(live.filter((r) => r.status === 'scheduled').every((r) => r.scheduled_at >= '2026-03-16T12:01:00.000Z'));
    const row = await t.db.kysely.selectFrom('mailboxes').select('warmup_day').where('id', '=', m!.id).executeTakeFirstOrThrow();
    assert.equal(row.warmup_day, 1, 'a re-plan does not advance the day');
  });
});
