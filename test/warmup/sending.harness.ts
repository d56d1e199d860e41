/**
 * The warm-up sender through the harness's real Postfix (submission on 127.0.0.1:2525, AUTH over
 * STARTTLS) into Dovecot, read back over IMAP: headers, token and threading as delivered; a send to a
 * user that does not exist on a harness domain (Postfix rejects it at RCPT with 550 5.1.1, so the
 * bounce is synchronous: no DSN is involved); a refused login reported once, without a retry loop.
 * Run with `npx node --test --test-concurrency=1 test/warmup/sending.harness.ts` once
 * test/harness/start.sh is up.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ImapFlow } from 'imapflow';
import { simpleParser, type ParsedMail } from 'mailparser';
import { ManualClock } from '../../src/platform/clock.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { Vault } from '../../src/platform/vault.ts';
import { BuiltinContentWriter, correspondentFor } from '../../src/warmup/content/index.ts';
import { WarmupSender } from '../../src/warmup/sending/index.ts';
import { createTestDb, testEngine, type TestDb } from '../support/db.ts';
import { harnessCa, harnessPassword, loadHarness, type Harness } from '../support/harness.ts';
import { insertMailbox, insertRow, insertUser, RecordingEvents, rowById } from './sending-support.ts';

const harness = loadHarness();
const skip = harness === null && process.env.MAILWARDEN_HARNESS_REQUIRED !== '1' ? 'mail/DNS harness not running; start it as root with `bash test/harness/start.sh`' : false;

async function imapFor(h: Harness, address: string): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: h.host, port: h.ports.imap, secure: false, doSTARTTLS: true, tls: { ca: [harnessCa(h).toString()] },
    auth: { user: address, pass: harnessPassword(h, address) }, logger: false, disableAutoIdle: true,
  });
  client.on('error', () => {});
  await client.connect();
  return client;
}

/** Polls INBOX (NOOP first: Dovecot may hide new mail for a few seconds) until the token's message is there. */
async function fetchByToken(client: ImapFlow, token: string, timeoutMs = 10_000): Promise<{ uid: number; mail: ParsedMail }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lock = await client.getMailboxLock('INBOX');
    try {
      await client.noop();
      const uids = await client.search({ header: { 'x-warmup-token': token } }, { uid: true });
      if (uids && uids.length > 0) {
        const message = await client.fetchOne(String(uids[0]), { source: true }, { uid: true });
        if (message && message.source) return { uid: uids[0]!, mail: await simpleParser(message.source) };
      }
    } finally {
      lock.release();
    }
    if (Date.now() > deadline) throw new Error(`no message with token ${token} arrived in INBOX within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe(`warm-up sender through Postfix/Dovecot (${testEngine})`, { skip }, () => {
  let testDb: TestDb;
  let h: Harness;
  let userId: string;
  const clock = new ManualClock('2026-03-10T09:00:00.000Z');
  const vault = new Vault(() => 'sending-harness-secret-0123456789abcdef0123456789');
  const writer = new BuiltinContentWriter();
  const events = new RecordingEvents();
  const mailboxes = new Map<string, string>();
  const delivered: Array<{ address: string; token: string }> = [];
  let job: WarmupSender;

  before(async () => {
    if (harness === null) throw new Error('The mail/DNS harness is not running but MAILWARDEN_HARNESS_REQUIRED=1: start it with `bash test/harness/start.sh`.');
    h = harness;
    testDb = await createTestDb();
    userId = await insertUser(testDb.db, clock.iso());
    for (const address of ['user1@alpha.test', 'user2@beta.test', 'user1@gamma.test']) {
      mailboxes.set(address, await insertMailbox(testDb.db, vault, { userId, email: address, host: h.host, port: h.ports.submission, security: 'starttls', pass: harnessPassword(h, address) }, clock.iso()));
    }
    // Registered here as a verified mailbox, but no such user exists in Postfix.
    mailboxes.set('nobody@beta.test', await insertMailbox(testDb.db, vault, { userId, email: 'nobody@beta.test', host: h.host, port: h.ports.submission, security: 'starttls', pass: 'x' }, clock.iso()));
    mailboxes.set('user2@gamma.test', await insertMailbox(testDb.db, vault, { userId, email: 'user2@gamma.test', host: h.host, port: h.ports.submission, security: 'starttls', pass: 'not-the-password' }, clock.iso()));
    job = new WarmupSender(
      { db: testDb.db, clock, logger: createLogger('silent'), vault, dns: { addresses: async () => [h.host], mx: async () => [] }, events, writer },
      { concurrency: 4, smtp: { timeoutMs: 3_000, ca: [harnessCa(h).toString()], allowPrivateHosts: true } },
    );
  });

  after(async () => {
    await job?.stop();
    // Leave the harness mailboxes as they were: remove what this test delivered.
    for (const { address, token } of delivered) {
      const client = await imapFor(h, address).catch(() => null);
      if (client === null) continue;
      const lock = await client.getMailboxLock('INBOX');
      try {
        const uids = await client.search({ header: { 'x-warmup-token': token } }, { uid: true });
        if (uids && uids.length > 0) await client.messageDelete(uids, { uid: true });
      } finally {
        lock.release();
        await client.logout().catch(() => {});
      }
    }
    await testDb?.cleanup();
  });

  async function row(from: string, to: string, extra: Partial<Parameters<typeof insertRow>[1]> = {}) {
    return insertRow(testDb.db, { userId, mailboxId: mailboxes.get(from)!, recipientMailboxId: mailboxes.get(to)!, recipientEmail: to, scheduledAt: clock.iso(), ...extra });
  }

  it('delivers a thread (new, reply, continuation) with the right headers and threading', async () => {
    const a = 'user1@alpha.test';
    const b = 'user2@beta.test';
    const first = await row(a, b);
    assert.equal(await job.runDue(), 1);
    assert.equal((await rowById(testDb.db, first.id)).smtp_outcome, 'accepted');
    clock.advance(3 * 3_600_000);
    const reply = await row(b, a, { kind: 'reply', threadId: first.id, parentId: first.id, depth: 1, subject: `Re: ${first.subject}` });
    assert.equal(await job.runDue(), 1);
    clock.advance(2 * 3_600_000);
    const third = await row(a, b, { kind: 'continuation', threadId: first.id, parentId: reply.id, depth: 2, subject: `Re: ${first.subject}` });
    assert.equal(await job.runDue(), 1);
    delivered.push({ address: b, token: first.token }, { address: a, token: reply.token }, { address: b, token: third.token });

    const imapB = await imapFor(h, b);
    const imapA = await imapFor(h, a);
    try {
      const got1 = (await fetchByToken(imapB, first.token)).mail;
      assert.deepEqual(got1.from?.value, [{ name: correspondentFor(a).name, address: a }]);
      assert.equal(got1.subject, first.subject);
      assert.equal(got1.messageId, first.messageId);
      assert.equal(got1.date?.toISOString(), '2026-03-10T09:00:00.000Z');
      assert.ok(got1.html && got1.text, 'plain text and HTML');

      const got2 = (await fetchByToken(imapA, reply.token)).mail;
      assert.equal(got2.subject, `Re: ${first.subject}`);
      assert.equal(got2.inReplyTo, first.messageId);
      assert.equal(got2.messageId, reply.messageId);
      assert.ok(got2.text?.includes(`On Tue, 10 Mar 2026 at 09:00, ${correspondentFor(a).name} <${a}> wrote:`), got2.text);

      const got3 = (await fetchByToken(imapB, third.token)).mail;
      assert.equal(got3.inReplyTo, reply.messageId);
      assert.deepEqual(got3.references, [first.messageId, reply.messageId]);
      assert.match(got3.text ?? '', /\n>> /, 'the first message quoted two levels deep');
      // Postfix added its Received header: the message really went through submission.
      assert.match(String(got3.headers.get('received') ?? ''), /ESMTPSA/);
    } finally {
      await imapA.logout();
      await imapB.logout();
    }
  });

  it('a send to a user that does not exist: Postfix refuses it at RCPT, recorded as a hard unknown_user bounce', async () => {
    const sent = await row('user1@gamma.test', 'nobody@beta.test');
    assert.equal(await job.runDue(), 1);
    const stored = await rowById(testDb.db, sent.id);
    assert.equal(stored.status, 'bounced');
    assert.equal(stored.smtp_outcome, 'rejected');
    assert.equal(stored.bounce_type, 'hard');
    assert.equal(stored.bounce_category, 'unknown_user');
    assert.match(stored.bounce_detail ?? '', /^5\.1\.1 550 5\.1\.1 <nobody@beta\.test>: Recipient address rejected: User unknown/);
    assert.deepEqual(events.bounces, [mailboxes.get('user1@gamma.test')]);
  });

  it('a refused login is reported once and the mailbox\'s rows wait instead of looping', async () => {
    const from = 'user2@gamma.test';
    const rows = [await row(from, 'user1@alpha.test'), await row(from, 'user2@beta.test')];
    await job.runDue();
    await job.runDue();
    const failures = events.loginFailures.filter((f) => f.mailboxId === mailboxes.get(from));
    assert.equal(failures.length, 1);
    assert.match(failures[0]!.message, /^535 5\.7\.8/);
    for (const r of rows) {
      const stored = await rowById(testDb.db, r.id);
      assert.equal(stored.status, 'scheduled');
      assert.ok(stored.scheduled_at > clock.iso(), 'moved to a later time');
    }
  });
});
