/**
 * The receiving side's logic that needs no mail server: the person's seeded decisions, when an answer
 * goes out, the not-found schedule (deadline, `missing`, late arrivals), and the claims that keep
 * workers apart (on SQLite and PostgreSQL). The IMAP side runs in receiving.harness.ts.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { isoTime } from '../../src/platform/clock.ts';
import { NEW_MAILBOX_DEFAULTS } from '../../src/mailboxes/mailboxes.model.ts';
import { BuiltinContentWriter } from '../../src/warmup/content/writer.ts';
import { MAX_THREAD_DEPTH, answerTime, buildAnswer, shouldAnswer } from '../../src/warmup/receiving/answers.ts';
import { between, chance, draw } from '../../src/warmup/receiving/decisions.ts';
import { notFound } from '../../src/warmup/receiving/engagement.ts';
import { ReceivingRepo, type ReceivingMailbox } from '../../src/warmup/receiving/receiving.repo.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { testEngine } from '../support/db.ts';
import { MAILBOX_TEST_ENV } from '../mailboxes/support.ts';
import { insertSentRow } from './receiving-support.ts';

const MINUTE = 60_000;

function mailboxRow(overrides: Partial<ReceivingMailbox> = {}): ReceivingMailbox {
  const now = '2026-03-12T14:30:15.000Z';
  return {
    ...NEW_MAILBOX_DEFAULTS,
    id: randomUUID(), user_id: 'user_x', email: 'dana.whitfield@alpha.test', domain: 'alpha.test', provider: 'custom', status: 'active',
    warmup_started_at: null, paused_reason: null, smtp_host: 'smtp.alpha.test', smtp_port: 587, smtp_security: 'starttls', smtp_user: 'x', smtp_pass: 'x',
    imap_host: 'imap.alpha.test', imap_port: 993, imap_security: 'tls', imap_user: 'x', imap_pass: 'x', imap_folders: null, sending_ip: null,
    connection_error: null, verify_state: 'verified', verify_lease_until: null, verify_attempts: 1, verified_at: now, dns_spf: null, dns_dkim: null,
    dns_dmarc: null, dns_checked_at: null, dns_refresh_at: null, created_at: now, updated_at: now,
    ...overrides,
  } as ReceivingMailbox;
}

describe('seeded decisions', () => {
  it('are fixed by token and purpose, and independent across purposes', () => {
    assert.equal(draw('tok-1', 'flag'), draw('tok-1', 'flag'));
    assert.notEqual(draw('tok-1', 'flag'), draw('tok-1', 'reply'));
    const tokens = Array.from({ length: 4000 }, (_, i) => `token-${i}`);
    const flagged = tokens.filter((t) => chance(t, 'flag', 10)).length;
    assert.ok(flagged > 300 && flagged < 500, `${flagged} of 4000 flagged at 10 %`);
    assert.equal(tokens.filter((t) => chance(t, 'x', 0)).length, 0);
    assert.equal(tokens.filter((t) => chance(t, 'x', 100)).length, 4000);
    for (const t of tokens.slice(0, 200)) {
      const minutes = between(t, 'delay', 10, 180);
      assert.ok(minutes >= 10 && minutes <= 180);
    }
  });
});

describe('answers', () => {
  const base = { token: 'tok', thread_depth: 0, kind: 'new' } as Parameters<typeof shouldAnswer>[0];

  it('a new message at reply_rate 100 is answered, at 0 never; continuations follow thread_rate up to the depth cap', () => {
    const replier = mailboxRow({ reply_rate: 100, thread_rate: 0 });
    const peer = mailboxRow();
    assert.equal(shouldAnswer(base, replier, peer), true);
    assert.equal(shouldAnswer(base, mailboxRow({ reply_rate: 0 }), peer), false);
    assert.equal(shouldAnswer({ ...base, kind: 'reply', thread_depth: 1 }, replier, peer), false);
    const threader = mailboxRow({ thread_rate: 100 });
    assert.equal(shouldAnswer({ ...base, kind: 'reply', thread_depth: 1 }, threader, peer), true);
    assert.equal(shouldAnswer({ ...base, kind: 'continuation', thread_depth: MAX_THREAD_DEPTH - 1 }, threader, peer), true);
    assert.equal(shouldAnswer({ ...base, kind: 'continuation', thread_depth: MAX_THREAD_DEPTH }, threader, peer), false);
  });

  it('no answer when either side is paused, in error, or the peer is gone', () => {
    const replier = mailboxRow({ reply_rate: 100 });
    assert.equal(shouldAnswer(base, replier, undefined), false);
    assert.equal(shouldAnswer(base, replier, mailboxRow({ status: 'paused' })), false);
    assert.equal(shouldAnswer(base, replier, mailboxRow({ status: 'error' })), false);
    assert.equal(shouldAnswer(base, mailboxRow({ reply_rate: 100, status: 'paused' }), mailboxRow()), false);
  });

  it("go out inside the replier's send window, in its time zone, skipping weekends when asked", () => {
    const ny = mailboxRow({ timezone: 'America/New_York', send_window_start: 9, send_window_end: 17 });
    // 2026-03-12 is a Thursday; 20:00 UTC is 16:00 in New York (EDT): +30 min is 16:30, inside.
    const inside = answerTime(Date.parse('2026-03-12T20:00:00Z'), 30, ny);
    assert.equal(isoTime(inside), '2026-03-12T20:30:00.000Z');
    // +90 min is 17:30 local: moved to the next morning's 09:00 local (13:00 UTC).
    const moved = answerTime(Date.parse('2026-03-12T20:00:00Z'), 90, ny);
    assert.equal(new Date(moved).toISOString().slice(0, 10), '2026-03-13');
    assert.ok(new Date(moved).getUTCHours() >= 13 && new Date(moved).getUTCHours() < 21, isoTime(moved));
    // Friday evening with weekdays_only: Monday.
    const weekdays = mailboxRow({ weekdays_only: 1, send_window_start: 8, send_window_end: 18 });
    const monday = answerTime(Date.parse('2026-03-13T17:50:00Z'), 30, weekdays);
    assert.equal(new Date(monday).getUTCDay(), 1);
    assert.equal(new Date(monday).getUTCHours(), 8);
  });

  it('the answer row: same thread, one level deeper, from the replier to the sender, "Re:" subject, fresh Message-ID and token', () => {
    const replier = mailboxRow({ email: 'user1@beta.test', domain: 'beta.test', user_id: 'user_b' });
    const peer = mailboxRow({ email: 'user1@alpha.test' });
    const parent = { id: 'p1', mailbox_id: peer.id, thread_id: 't1', thread_depth: 1, kind: 'reply', subject: 'Re: Venue options', token: 'tok-p', message_id: '<p@alpha.test>', sent_at: '2026-03-12T14:00:00.000Z', scheduled_at: '2026-03-12T14:00:00.000Z' } as Parameters<typeof buildAnswer>[0];
    const answer = buildAnswer(parent, replier, peer, new BuiltinContentWriter(), Date.parse('2026-03-12T14:30:00Z'));
    assert.equal(answer.kind, 'continuation');
    assert.equal(answer.parent_id, 'p1');
    assert.equal(answer.thread_id, 't1');
    assert.equal(answer.thread_depth, 2);
    assert.equal(answer.mailbox_id, replier.id);
    assert.equal(answer.user_id, 'user_b');
    assert.equal(answer.recipient_mailbox_id, peer.id);
    assert.equal(answer.recipient_email, 'user1@alpha.test');
    assert.equal(answer.subject, 'Re: Venue options');
    assert.match(answer.message_id, /@beta\.test>$/);
    assert.match(answer.token, /^[A-Za-z0-9_-]{24}$/);
    assert.equal(answer.status, 'scheduled');
  });
});

describe(`receiving claims and the not-found schedule (${testEngine})`, () => {
  let t: TestApp;
  let repo: ReceivingRepo;
  let a: ReceivingMailbox;
  let b: ReceivingMailbox;

  before(async () => {
    t = await createTestApp({ env: MAILBOX_TEST_ENV });
    repo = new ReceivingRepo(t.testDb.db);
    const owner = await t.createUser('pro');
    a = mailboxRow({ user_id: owner.id, email: 'user1@alpha.test' });
    b = mailboxRow({ user_id: owner.id, email: 'user1@beta.test', domain: 'beta.test' });
    await t.testDb.db.kysely.insertInto('mailboxes').values([a, b]).execute();
  });
  after(() => t.close());
  beforeEach(async () => {
    await t.testDb.db.kysely.deleteFrom('warmup_emails').execute();
    await t.testDb.db.kysely.updateTable('mailboxes').set({ imap_claimed_until: null, imap_checked_at: null, status: 'active' }).execute();
  });

  const due = () => repo.dueMailboxes({ nowIso: t.clock.iso(), dsnCheckBeforeIso: isoTime(t.clock.now() - 15 * MINUTE), sentSinceIso: isoTime(t.clock.now() - 72 * 60 * MINUTE), limit: 10 });

  it('a mailbox is due for rows to check as recipient, or for a DSN check as a recent sender; never while claimed', async () => {
    assert.deepEqual(await due(), []);
    await insertSentRow(t, { from: a, to: { id: b.id, email: b.email }, sentAtMs: t.clock.now() });
    // b has a row to check; a sent something and was never checked for DSNs.
    assert.deepEqual((await due()).sort(), [a.id, b.id].sort());
    await t.testDb.db.kysely.updateTable('mailboxes').set({ imap_checked_at: t.clock.iso() }).where('id', '=', a.id).execute();
    assert.deepEqual(await due(), [b.id]);
    const claimed = await repo.claimMailbox(b.id, t.clock.iso(), isoTime(t.clock.now() + 10 * MINUTE));
    assert.equal(claimed?.id, b.id);
    assert.equal(await repo.claimMailbox(b.id, t.clock.iso(), isoTime(t.clock.now() + 10 * MINUTE)), undefined, 'one session per mailbox');
    assert.deepEqual(await due(), []);
    // A crashed worker's claim lapses.
    t.clock.advance(11 * MINUTE);
    assert.ok((await due()).includes(b.id));
  });

  it('paused mailboxes still read and file; mailboxes in error or not verified are left alone', async () => {
    await insertSentRow(t, { from: a, to: { id: b.id, email: b.email }, sentAtMs: t.clock.now() });
    await t.testDb.db.kysely.updateTable('mailboxes').set({ imap_checked_at: t.clock.iso() }).where('id', '=', a.id).execute();
    await t.testDb.db.kysely.updateTable('mailboxes').set({ status: 'paused' }).where('id', '=', b.id).execute();
    assert.deepEqual(await due(), [b.id]);
    await t.testDb.db.kysely.updateTable('mailboxes').set({ status: 'error' }).where('id', '=', b.id).execute();
    assert.deepEqual(await due(), []);
    assert.equal(await repo.claimMailbox(b.id, t.clock.iso(), isoTime(t.clock.now() + MINUTE)), undefined);
  });

  it('rows are claimed once, oldest first, at most the batch', async () => {
    for (let i = 0; i < 3; i++) await insertSentRow(t, { from: a, to: { id: b.id, email: b.email }, sentAtMs: t.clock.now() - (3 - i) * MINUTE });
    const lease = isoTime(t.clock.now() + 10 * MINUTE);
    const first = await repo.claimRows(b.id, t.clock.iso(), lease, 2);
    assert.equal(first.length, 2);
    assert.ok(first[0]!.next_check_at! <= first[1]!.next_check_at!);
    assert.equal(first[0]!.receive_attempts, 1);
    const second = await repo.claimRows(b.id, t.clock.iso(), lease, 2);
    assert.equal(second.length, 1);
    assert.ok(!first.some((r) => r.id === second[0]!.id));
  });

  it('not found: every 5 minutes up to the deadline, then missing and hourly until the late window closes', async () => {
    const timing = { placementDeadlineMinutes: 60, recheckMinutes: 5, lateArrivalHours: 3 };
    const sentAt = t.clock.now();
    const { id } = await insertSentRow(t, { from: a, to: { id: b.id, email: b.email }, sentAtMs: sentAt });
    const read = () => t.testDb.db.kysely.selectFrom('warmup_emails').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

    await notFound(repo, await read(), timing, sentAt + MINUTE);
    assert.equal((await read()).next_check_at, isoTime(sentAt + 6 * MINUTE));
    // Never past the deadline itself.
    await notFound(repo, await read(), timing, sentAt + 58 * MINUTE);
    assert.equal((await read()).next_check_at, isoTime(sentAt + 60 * MINUTE));
    assert.equal((await read()).landed_in, null);

    await notFound(repo, await read(), timing, sentAt + 60 * MINUTE);
    assert.equal((await read()).landed_in, 'missing');
    assert.equal((await read()).next_check_at, isoTime(sentAt + 120 * MINUTE));

    // The window closes 3 h after the deadline (240 min after sending): no check is planned past it.
    await notFound(repo, await read(), timing, sentAt + 170 * MINUTE);
    assert.equal((await read()).next_check_at, isoTime(sentAt + 230 * MINUTE));
    await notFound(repo, await read(), timing, sentAt + 230 * MINUTE);
    assert.equal((await read()).next_check_at, null);
    assert.equal((await read()).landed_in, 'missing');
  });

  it('an answer is scheduled once, however often engagement is retried', async () => {
    const parent = await insertSentRow(t, { from: a, to: { id: b.id, email: b.email }, sentAtMs: t.clock.now() });
    const row = await t.testDb.db.kysely.selectFrom('warmup_emails').selectAll().where('id', '=', parent.id).executeTakeFirstOrThrow();
    const writer = new BuiltinContentWriter();
    const results = await Promise.all([0, 1, 2].map(() => repo.scheduleAnswer(parent.id, buildAnswer(row, b, a, writer, t.clock.now()), t.clock.iso())));
    assert.deepEqual(results.filter(Boolean).length, 1);
    const answers = await t.testDb.db.kysely.selectFrom('warmup_emails').select('id').where('parent_id', '=', parent.id).execute();
    assert.equal(answers.length, 1);
  });

  it('DSN matching and bouncing: by Message-ID or token, only a sent row, only once', async () => {
    const sent = await insertSentRow(t, { from: a, to: { id: b.id, email: b.email }, sentAtMs: t.clock.now() });
    assert.equal((await repo.sentRowOf(a.id, { messageId: sent.messageId }))?.id, sent.id);
    assert.equal((await repo.sentRowOf(a.id, { token: sent.token }))?.id, sent.id);
    assert.equal(await repo.sentRowOf(b.id, { messageId: sent.messageId }), undefined, "only the sending mailbox's rows");
    const bounce = { type: 'hard' as const, category: 'unknown_user', detail: '5.1.1 user unknown' };
    assert.equal(await repo.markBounced(sent.id, bounce, t.clock.iso()), true);
    assert.equal(await repo.markBounced(sent.id, bounce, t.clock.iso()), false);
    const row = await t.testDb.db.kysely.selectFrom('warmup_emails').selectAll().where('id', '=', sent.id).executeTakeFirstOrThrow();
    assert.equal(row.status, 'bounced');
    assert.equal(row.next_check_at, null);
  });
});
