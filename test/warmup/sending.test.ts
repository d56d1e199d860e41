/**
 * The warm-up sender against a scripted SMTP server on loopback (implicit TLS) and a real database:
 * the message it writes (headers, threading, bodies), every outcome (accepted, 5xx, 4xx with retries,
 * lost after DATA, auth failure, unreachable server), cancellation, one message in flight per
 * mailbox, pooled connections, and two senders on one database never sending a row twice.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { simpleParser } from 'mailparser';
import { ManualClock } from '../../src/platform/clock.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { Vault } from '../../src/platform/vault.ts';
import { BuiltinContentWriter, correspondentFor } from '../../src/warmup/content/index.ts';
import { WarmupSender, type WarmupSenderOptions } from '../../src/warmup/sending/index.ts';
import { createTestDb, testEngine, type TestDb } from '../support/db.ts';
import { insertMailbox, insertRow, insertUser, RecordingEvents, rowById, startScriptedSmtp, type ScriptedSmtp } from './sending-support.ts';

const MINUTE = 60_000;
const noDns = { addresses: async () => assert.fail('no DNS lookups for IP hosts'), mx: async () => [] };

describe(`warm-up sender (${testEngine})`, () => {
  let testDb: TestDb;
  let smtp: ScriptedSmtp;
  let userId: string;
  const clock = new ManualClock('2026-03-10T09:00:00.000Z');
  const vault = new Vault(() => 'sending-tests-secret-0123456789abcdef0123456789');
  const logger = createLogger('silent');
  const writer = new BuiltinContentWriter();
  let counter = 0;

  before(async () => {
    testDb = await createTestDb();
    smtp = await startScriptedSmtp();
    userId = await insertUser(testDb.db, clock.iso());
  });
  after(async () => {
    await smtp.close();
    await testDb.cleanup();
  });

  function sender(events: RecordingEvents, options: Partial<WarmupSenderOptions> = {}) {
    return new WarmupSender(
      { db: testDb.db, clock, logger, vault, dns: noDns, events, writer },
      { concurrency: 4, maxAttempts: 3, retryBaseMs: 10 * MINUTE, authRetryMs: 30 * MINUTE, checkDelayMs: MINUTE, ...options, smtp: { timeoutMs: 2_000, ca: [smtp.cert], allowPrivateHosts: true, idleMs: 5_000, ...options.smtp } },
    );
  }

  /** A fresh sender mailbox and a recipient mailbox (unique addresses per test). */
  async function pair(recipientLocal = 'ok', senderOverrides: { pass?: string; port?: number; status?: 'active' | 'paused'; auth_failures?: number } = {}) {
    counter += 1;
    const senderEmail = `sender${counter}@alpha.test`;
    const recipientEmail = `${recipientLocal}${counter}@beta.test`;
    const mailboxId = await insertMailbox(testDb.db, vault, { userId, email: senderEmail, host: '127.0.0.1', port: senderOverrides.port ?? smtp.port, pass: senderOverrides.pass ?? 'good-pass', status: senderOverrides.status, auth_failures: senderOverrides.auth_failures }, clock.iso());
    const recipientId = await insertMailbox(testDb.db, vault, { userId, email: recipientEmail, host: '127.0.0.1', port: smtp.port, pass: 'good-pass' }, clock.iso());
    return { mailboxId, recipientId, senderEmail, recipientEmail };
  }

  it('sends a new message: headers, token, bodies; the row becomes sent/accepted with a check time', async () => {
    const events = new RecordingEvents();
    const job = sender(events);
    const p = await pair('ok', { auth_failures: 2 });
    const row = await insertRow(testDb.db, { userId, mailboxId: p.mailboxId, recipientMailboxId: p.recipientId, recipientEmail: p.recipientEmail, scheduledAt: clock.iso() });
    const before = smtp.messages.length;
    assert.equal(await job.runDue(), 1);
    await job.stop();
    const stored = await rowById(testDb.db, row.id);
    assert.equal(stored.status, 'sent');
    assert.equal(stored.smtp_outcome, 'accepted');
    assert.equal(stored.sent_at, clock.iso());
    assert.equal(stored.next_check_at, new Date(clock.now() + MINUTE).toISOString());
    assert.equal(stored.send_claimed_until, null);
    assert.match(stored.smtp_response ?? '', /^250/);
    assert.deepEqual(events.loginSuccesses, [p.mailboxId], 'a success after earlier login failures is reported');

    const received = smtp.messages.slice(before);
    assert.equal(received.length, 1);
    assert.equal(received[0]!.from, p.senderEmail);
    assert.deepEqual(received[0]!.to, [p.recipientEmail]);
    const parsed = await simpleParser(received[0]!.raw);
    const senderName = correspondentFor(p.senderEmail).name;
    assert.deepEqual(parsed.from?.value, [{ name: senderName, address: p.senderEmail }]);
    assert.deepEqual(parsed.to && !Array.isArray(parsed.to) ? parsed.to.value : null, [{ name: correspondentFor(p.recipientEmail).name, address: p.recipientEmail }]);
    assert.equal(parsed.subject, row.subject);
    assert.equal(parsed.messageId, row.messageId);
    assert.equal(parsed.headers.get('x-warmup-token'), row.token);
    assert.equal(parsed.date?.toISOString(), clock.iso());
    assert.equal(parsed.inReplyTo, undefined);
    const draft = writer.newMessage(row.seed, correspondentFor(p.senderEmail), correspondentFor(p.recipientEmail));
    assert.equal(parsed.text?.trim(), draft.text.trim());
    assert.ok(parsed.html && parsed.html.includes('<p>'), 'an HTML part too');
  });

  it('threads a continuation: In-Reply-To, References down the chain, the parents quoted as sent', async () => {
    const events = new RecordingEvents();
    const job = sender(events);
    const p = await pair();
    const back = await insertMailbox(testDb.db, vault, { userId, email: `back${counter}@gamma.test`, host: '127.0.0.1', port: smtp.port, pass: 'good-pass' }, clock.iso());
    const backEmail = `back${counter}@gamma.test`;
    const first = await insertRow(testDb.db, { userId, mailboxId: p.mailboxId, recipientMailboxId: back, recipientEmail: backEmail, scheduledAt: '2026-03-09T10:00:00.000Z', status: 'sent', sentAt: '2026-03-09T10:00:00.000Z' });
    const reply = await insertRow(testDb.db, {
      userId, mailboxId: back, recipientMailboxId: p.mailboxId, recipientEmail: p.senderEmail, scheduledAt: '2026-03-09T13:00:00.000Z', status: 'sent', sentAt: '2026-03-09T13:00:00.000Z',
      kind: 'reply', threadId: first.id, parentId: first.id, depth: 1, subject: `Re: ${first.subject}`,
    });
    const third = await insertRow(testDb.db, {
      userId, mailboxId: p.mailboxId, recipientMailboxId: back, recipientEmail: backEmail, scheduledAt: clock.iso(),
      kind: 'continuation', threadId: first.id, parentId: reply.id, depth: 2, subject: `Re: ${first.subject}`,
    });
    const before = smtp.messages.length;
    assert.equal(await job.runDue(), 1);
    await job.stop();
    assert.equal((await rowById(testDb.db, third.id)).status, 'sent');
    const parsed = await simpleParser(smtp.messages[before]!.raw);
    assert.equal(parsed.subject, `Re: ${first.subject}`);
    assert.equal(parsed.inReplyTo, reply.messageId);
    assert.deepEqual(parsed.references, [first.messageId, reply.messageId]);
    const a = correspondentFor(p.senderEmail);
    const b = correspondentFor(backEmail);
    const firstDraft = writer.newMessage(first.seed, a, b);
    const replyDraft = writer.reply(reply.seed, b, a, { subject: first.subject, text: firstDraft.text, from: a, date: new Date('2026-03-09T10:00:00.000Z'), messageId: first.messageId, references: [] });
    const text = parsed.text ?? '';
    assert.ok(text.includes(`On Mon, 9 Mar 2026 at 13:00, ${b.name} <${backEmail}> wrote:`), text);
    assert.ok(text.includes(replyDraft.text.trimEnd().split('\n').map((l) => (l === '' ? '>' : l.startsWith('>') ? `>${l}` : `> ${l}`)).join('\n')), 'the reply is quoted exactly as it was written');
    const firstLine = firstDraft.text.split('\n')[2]!;
    assert.ok(text.includes(`>> ${firstLine}`), 'the first message is quoted two levels deep');
  });

  it('a 5xx at RCPT is a hard bounce with its category, reported to MailboxEvents', async () => {
    const events = new RecordingEvents();
    const job = sender(events);
    const p = await pair('unknown');
    const row = await insertRow(testDb.db, { userId, mailboxId: p.mailboxId, recipientMailboxId: p.recipientId, recipientEmail: p.recipientEmail, scheduledAt: clock.iso() });
    const full = await pair('full');
    const fullRow = await insertRow(testDb.db, { userId, mailboxId: full.mailboxId, recipientMailboxId: full.recipientId, recipientEmail: full.recipientEmail, scheduledAt: clock.iso() });
    assert.equal(await job.runDue(), 2);
    await job.stop();
    const stored = await rowById(testDb.db, row.id);
    assert.equal(stored.status, 'bounced');
    assert.equal(stored.smtp_outcome, 'rejected');
    assert.equal(stored.bounce_type, 'hard');
    assert.equal(stored.bounce_category, 'unknown_user');
    assert.match(stored.bounce_detail ?? '', /^5\.1\.1 550 5\.1\.1/);
    const storedFull = await rowById(testDb.db, fullRow.id);
    assert.deepEqual([storedFull.status, storedFull.bounce_type, storedFull.bounce_category], ['bounced', 'soft', 'mailbox_full']);
    assert.deepEqual(events.bounces.sort(), [p.mailboxId, full.mailboxId].sort());
  });

  it('a 4xx is retried later with a growing delay, then becomes a soft bounce', async () => {
    const events = new RecordingEvents();
    const job = sender(events);
    const p = await pair('later');
    const row = await insertRow(testDb.db, { userId, mailboxId: p.mailboxId, recipientMailboxId: p.recipientId, recipientEmail: p.recipientEmail, scheduledAt: clock.iso() });
    const start = clock.now();
    await job.runDue();
    let stored = await rowById(testDb.db, row.id);
    assert.deepEqual([stored.status, stored.smtp_outcome, stored.send_attempts], ['scheduled', 'deferred', 1]);
    assert.equal(stored.scheduled_at, new Date(start + 10 * MINUTE).toISOString());
    assert.equal(await job.runDue(), 0, 'nothing is due before the retry time');
    clock.set(stored.scheduled_at);
    await job.runDue();
    stored = await rowById(testDb.db, row.id);
    assert.equal(stored.send_attempts, 2);
    assert.equal(stored.scheduled_at, new Date(clock.now() + 20 * MINUTE).toISOString(), 'the delay doubles');
    clock.set(stored.scheduled_at);
    await job.runDue();
    await job.stop();
    stored = await rowById(testDb.db, row.id);
    assert.deepEqual([stored.status, stored.bounce_type, stored.smtp_outcome, stored.send_attempts], ['bounced', 'soft', 'deferred', 3]);
    assert.deepEqual(events.bounces, [p.mailboxId]);
  });

  it('a connection lost after DATA is uncertain: recorded as sent and never sent again', async () => {
    const events = new RecordingEvents();
    const job = sender(events);
    const p = await pair('drop');
    const row = await insertRow(testDb.db, { userId, mailboxId: p.mailboxId, recipientMailboxId: p.recipientId, recipientEmail: p.recipientEmail, scheduledAt: clock.iso() });
    const before = smtp.messages.length;
    await job.runDue();
    const stored = await rowById(testDb.db, row.id);
    assert.equal(stored.status, 'sent');
    assert.equal(stored.smtp_outcome, 'uncertain');
    assert.ok(stored.next_check_at !== null, 'the recipient side still looks for it');
    clock.advance(24 * 60 * MINUTE);
    await job.runDue();
    await job.stop();
    assert.equal(smtp.messages.slice(before).filter((m) => m.to.includes(p.recipientEmail)).length, 1, 'the server saw it exactly once');
    assert.deepEqual(events.bounces, []);
  });

  it('an interrupted send (a claim that lapsed without an outcome) is recorded as uncertain, not resent', async () => {
    const events = new RecordingEvents();
    const job = sender(events);
    const p = await pair();
    const row = await insertRow(testDb.db, { userId, mailboxId: p.mailboxId, recipientMailboxId: p.recipientId, recipientEmail: p.recipientEmail, scheduledAt: clock.iso(), sendClaimedUntil: new Date(clock.now() - 1).toISOString() });
    const before = smtp.messages.length;
    await job.runDue();
    await job.stop();
    const stored = await rowById(testDb.db, row.id);
    assert.deepEqual([stored.status, stored.smtp_outcome], ['sent', 'uncertain']);
    assert.equal(smtp.messages.length, before);
  });

  it('an auth failure is reported once, the mailbox\'s due rows wait, and there is no retry loop', async () => {
    const events = new RecordingEvents();
    const job = sender(events);
    const p = await pair('ok', { pass: 'wrong-pass' });
    const rows = await Promise.all([0, 1, 2].map((i) => insertRow(testDb.db, { userId, mailboxId: p.mailboxId, recipientMailboxId: p.recipientId, recipientEmail: p.recipientEmail, scheduledAt: new Date(clock.now() - i * MINUTE).toISOString() })));
    const attempts = smtp.stats.authAttempts;
    await job.runDue();
    await job.runDue();
    await job.stop();
    assert.equal(smtp.stats.authAttempts - attempts, 1, 'one login attempt, not one per row');
    assert.equal(events.loginFailures.length, 1);
    assert.equal(events.loginFailures[0]!.protocol, 'SMTP');
    assert.match(events.loginFailures[0]!.message, /535/);
    const retryAt = new Date(clock.now() + 30 * MINUTE).toISOString();
    for (const row of rows) {
      const stored = await rowById(testDb.db, row.id);
      assert.deepEqual([stored.status, stored.scheduled_at, stored.send_attempts], ['scheduled', retryAt, 0]);
    }
  });

  it('an unreachable server is retried later and the row fails after the last attempt', async () => {
    const events = new RecordingEvents();
    const job = sender(events);
    const p = await pair('ok', { port: 9 });
    const row = await insertRow(testDb.db, { userId, mailboxId: p.mailboxId, recipientMailboxId: p.recipientId, recipientEmail: p.recipientEmail, scheduledAt: clock.iso() });
    for (let attempt = 1; attempt <= 3; attempt++) {
      await job.runDue();
      const stored = await rowById(testDb.db, row.id);
      assert.equal(stored.send_attempts, attempt);
      assert.equal(stored.smtp_outcome, null);
      if (attempt < 3) {
        assert.equal(stored.status, 'scheduled');
        clock.set(stored.scheduled_at);
      } else {
        assert.equal(stored.status, 'failed');
        assert.match(stored.smtp_response ?? '', /ECONNREFUSED|connect/i);
      }
    }
    await job.stop();
    // (Rows of earlier tests' mailboxes fall due as the clock moves; only this mailbox's events count.)
    assert.deepEqual([events.loginFailures.filter((f) => f.mailboxId === p.mailboxId), events.bounces.filter((id) => id === p.mailboxId)], [[], []]);
  });

  it('cancels due rows of a paused sender or a deleted recipient, and leaves later rows alone', async () => {
    const events = new RecordingEvents();
    const job = sender(events);
    const paused = await pair('ok', { status: 'paused' });
    const pausedRow = await insertRow(testDb.db, { userId, mailboxId: paused.mailboxId, recipientMailboxId: paused.recipientId, recipientEmail: paused.recipientEmail, scheduledAt: clock.iso() });
    const laterRow = await insertRow(testDb.db, { userId, mailboxId: paused.mailboxId, recipientMailboxId: paused.recipientId, recipientEmail: paused.recipientEmail, scheduledAt: new Date(clock.now() + 60 * MINUTE).toISOString() });
    const orphan = await pair();
    const orphanRow = await insertRow(testDb.db, { userId, mailboxId: orphan.mailboxId, recipientMailboxId: orphan.recipientId, recipientEmail: orphan.recipientEmail, scheduledAt: clock.iso() });
    await testDb.db.kysely.deleteFrom('mailboxes').where('id', '=', orphan.recipientId).execute();
    const before = smtp.messages.length;
    await job.runDue();
    await job.stop();
    assert.equal((await rowById(testDb.db, pausedRow.id)).status, 'cancelled');
    assert.equal((await rowById(testDb.db, laterRow.id)).status, 'scheduled');
    assert.equal((await rowById(testDb.db, orphanRow.id)).status, 'cancelled');
    assert.equal(smtp.messages.length, before);
  });

  it('one message at a time per mailbox over one pooled connection, several mailboxes in parallel', async () => {
    const events = new RecordingEvents();
    const job = sender(events, { concurrency: 4 });
    const pairs = [await pair('slow'), await pair('slow')];
    const ids: string[] = [];
    for (const p of pairs) {
      for (let i = 0; i < 3; i++) ids.push((await insertRow(testDb.db, { userId, mailboxId: p.mailboxId, recipientMailboxId: p.recipientId, recipientEmail: p.recipientEmail, scheduledAt: new Date(clock.now() - i).toISOString() })).id);
    }
    smtp.stats.maxParallel = 0;
    smtp.stats.maxParallelPerSender = 0;
    const connections = smtp.stats.connections;
    assert.equal(await job.runDue(), 6);
    assert.equal(job.openTransports, 2, 'a pooled transport per mailbox, kept for the next message');
    await job.stop();
    assert.equal(job.openTransports, 0, 'closed on stop');
    assert.equal(smtp.stats.maxParallelPerSender, 1);
    assert.equal(smtp.stats.maxParallel, 2);
    assert.equal(smtp.stats.connections - connections, 2, 'one connection per mailbox for all its messages');
    for (const id of ids) assert.equal((await rowById(testDb.db, id)).status, 'sent');
  });

  it('two senders on one database never send the same row twice', async () => {
    const events = new RecordingEvents();
    const jobs = [sender(events, { concurrency: 3 }), sender(events, { concurrency: 3 })];
    const pairs = await Promise.all([pair(), pair(), pair()]);
    const tokens = new Set<string>();
    for (const p of pairs) {
      for (let i = 0; i < 4; i++) tokens.add((await insertRow(testDb.db, { userId, mailboxId: p.mailboxId, recipientMailboxId: p.recipientId, recipientEmail: p.recipientEmail, scheduledAt: new Date(clock.now() - i).toISOString() })).token);
    }
    const before = smtp.messages.length;
    const handled = await Promise.all(jobs.map((job) => job.runDue()));
    await Promise.all(jobs.map((job) => job.stop()));
    assert.equal(handled[0]! + handled[1]!, 12);
    const sentTokens = smtp.messages.slice(before).map((m) => /X-Warmup-Token: (\S+)/i.exec(m.raw)?.[1]).filter((t) => t !== undefined && tokens.has(t));
    assert.equal(sentTokens.length, 12);
    assert.equal(new Set(sentTokens).size, 12);
  });
});
