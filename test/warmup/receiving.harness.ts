/**
 * The receiving side against the harness's real Postfix + Dovecot: messages with tracking tokens are
 * delivered for real (some routed to Junk by the global Sieve rule), matching `warmup_emails` rows are
 * written as the sender job leaves them, and the receiver is run with a ManualClock. Run with
 * `npx node --test --test-concurrency=1 test/warmup/receiving.harness.ts` while test/harness is up.
 *
 * Not covered here (Dovecot has no such thing): Gmail's Promotions category (X-GM-RAW).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { isoTime } from '../../src/platform/clock.ts';
import { passwordContext } from '../../src/mailboxes/verification/verifier.ts';
import { BuiltinContentWriter } from '../../src/warmup/content/writer.ts';
import { draw } from '../../src/warmup/receiving/decisions.ts';
import { WarmupReceiver, type ReceiverOptions } from '../../src/warmup/receiving/receiver.jobs.ts';
import { bearer, createTestApp, type TestApp } from '../support/app.ts';
import { testEngine } from '../support/db.ts';
import { loadHarness, type Harness } from '../support/harness.ts';
import { Peek, RecordingEvents, createHarnessMailbox, deliver, harnessEnv, imapDeps, insertSentRow, bounceThroughPostfix } from './receiving-support.ts';

const harness = loadHarness();
const skip = harness === null && process.env.MAILWARDEN_HARNESS_REQUIRED !== '1' ? 'mail/DNS harness not running; start it as root with `bash test/harness/start.sh`' : false;
const MINUTE = 60_000;

const SENDER = 'user2@alpha.test';
const RECIPIENT = 'user2@beta.test';
const THIRD = 'user1@gamma.test';

/** A token whose seeded flag decision is as wanted (the receiver flags ~10 %). */
function tokenFlagged(flagged: boolean): string {
  for (;;) {
    const token = randomUUID().replaceAll('-', '');
    if (draw(token, 'flag') * 100 < 10 === flagged) return token;
  }
}

describe(`warm-up receiving side against Postfix/Dovecot (${testEngine})`, { skip }, () => {
  let t: TestApp;
  let key: string;
  let h: Harness;
  let events: RecordingEvents;
  const ids: Record<string, string> = {};
  let owner: { id: string };

  function receiver(options: ReceiverOptions = {}) {
    return new WarmupReceiver(
      { db: t.testDb.db, clock: t.clock, logger: t.logger, imap: imapDeps(t, h), writer: new BuiltinContentWriter(), events },
      options,
    );
  }
  const db = () => t.testDb.db.kysely;
  /** Runs the receiver and fails with the warnings it logged when it handled nothing (a pass that failed says why there). */
  async function runExpectingWork(): Promise<void> {
    const seen = t.logs.length;
    const handled = await receiver().runDue();
    const warnings = t.logs.slice(seen).filter((line) => Number(line.level) >= 40);
    const states = await db().selectFrom('mailboxes').select(['email', 'status', 'verify_state', 'imap_claimed_until', 'imap_checked_at']).execute();
    assert.ok(handled >= 1, `the receiver handled nothing; warnings: ${JSON.stringify(warnings)}; mailboxes: ${JSON.stringify(states)}`);
  }
  const row = (id: string) => db().selectFrom('warmup_emails').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const mailbox = (address: string) => ({ id: ids[address]!, user_id: owner.id, email: address });

  before(async () => {
    if (harness === null) throw new Error('The mail/DNS harness is not running but MAILWARDEN_HARNESS_REQUIRED=1: start it with `bash test/harness/start.sh`.');
    h = harness;
    t = await createTestApp({ env: harnessEnv(h) });
    owner = await t.createUser('pro');
    key = await t.createKey(owner.id, ['read', 'write']);
    for (const address of [SENDER, RECIPIENT, THIRD]) ids[address] = await createHarnessMailbox(t, key, h, address);
    await t.services.mailboxes.verification.runDue();
    const verified = await db().selectFrom('mailboxes').select(['email', 'verify_state', 'connection_error']).execute();
    for (const m of verified) assert.equal(m.verify_state, 'verified', `${m.email}: ${m.connection_error}`);
  });
  after(() => t?.close());
  beforeEach(async () => {
    events = new RecordingEvents();
    // Each test starts with nothing else due (earlier tests' rows finished or pushed far out).
    await db().updateTable('warmup_emails').set({ next_check_at: null }).execute();
    await db().updateTable('mailboxes').set({ reply_rate: 0, thread_rate: 0, imap_claimed_until: null }).execute();
  });

  it('a message in INBOX: placement inbox, read, flagged when drawn, answered, filed into Warmup', async () => {
    await db().updateTable('mailboxes').set({ reply_rate: 100 }).where('id', '=', ids[RECIPIENT]!).execute();
    const sent = await insertSentRow(t, { from: mailbox(SENDER), to: { id: ids[RECIPIENT]!, email: RECIPIENT }, sentAtMs: t.clock.now() - MINUTE, token: tokenFlagged(true) });
    const peek = await Peek.open(h, RECIPIENT);
    try {
      await deliver(h, { from: SENDER, to: RECIPIENT, token: sent.token, messageId: sent.messageId, subject: sent.subject });
      const delivered = await peek.waitFor('INBOX', sent.token);

      await runExpectingWork();

      const done = await row(sent.id);
      assert.equal(done.landed_in, 'inbox');
      assert.equal(done.located_at, t.clock.iso());
      assert.equal(done.opened_at, t.clock.iso());
      assert.equal(done.flagged_at, t.clock.iso());
      assert.equal(done.rescued_at, null);
      assert.equal(done.filed_at, t.clock.iso());
      assert.equal(done.replied_at, t.clock.iso());
      assert.equal(done.located_folder, 'Warmup');
      assert.equal(done.next_check_at, null);
      assert.equal(done.receive_claimed_until, null);

      // Really moved: gone from INBOX, in Warmup read and flagged, at the UID recorded.
      assert.equal(await peek.hasUid('INBOX', delivered.uid), false);
      const filed = await peek.find('Warmup', sent.token);
      assert.ok(filed !== null);
      assert.equal(filed.uid, done.located_uid);
      assert.ok(filed.flags.has('\\Seen'));
      assert.ok(filed.flags.has('\\Flagged'));

      const answers = await db().selectFrom('warmup_emails').selectAll().where('parent_id', '=', sent.id).execute();
      assert.equal(answers.length, 1);
      const answer = answers[0]!;
      assert.equal(answer.kind, 'reply');
      assert.equal(answer.status, 'scheduled');
      assert.equal(answer.mailbox_id, ids[RECIPIENT]);
      assert.equal(answer.user_id, owner.id);
      assert.equal(answer.recipient_mailbox_id, ids[SENDER]);
      assert.equal(answer.recipient_email, SENDER);
      assert.equal(answer.thread_id, sent.id);
      assert.equal(answer.thread_depth, 1);
      assert.equal(answer.subject, `Re: ${sent.subject}`);
      assert.match(answer.message_id, /^<[0-9a-f-]{36}@beta\.test>$/);
      assert.notEqual(answer.token, sent.token);
      const delay = Date.parse(answer.scheduled_at) - t.clock.now();
      // 10–180 minutes, moved into the 08–18 UTC window if needed (14:30 UTC now: it fits or moves to the next morning).
      const hour = new Date(answer.scheduled_at).getUTCHours();
      assert.ok(delay >= 10 * MINUTE, `delay ${delay}`);
      assert.ok(hour >= 8 && hour < 18, answer.scheduled_at);
      assert.equal(answer.plan_date, answer.scheduled_at.slice(0, 10));
    } finally {
      await peek.close();
    }
  });

  it('a message in Junk: placement spam, rescued to INBOX (marked not junk), read, filed; no answer at reply_rate 0', async () => {
    const sent = await insertSentRow(t, { from: mailbox(SENDER), to: { id: ids[RECIPIENT]!, email: RECIPIENT }, sentAtMs: t.clock.now() - MINUTE, token: tokenFlagged(false) });
    const peek = await Peek.open(h, RECIPIENT);
    try {
      await deliver(h, { from: SENDER, to: RECIPIENT, token: sent.token, messageId: sent.messageId, subject: sent.subject, junk: true });
      const inJunk = await peek.waitFor('Junk', sent.token);

      await receiver().runDue();

      const done = await row(sent.id);
      assert.equal(done.landed_in, 'spam');
      assert.equal(done.rescued_at, t.clock.iso());
      assert.equal(done.opened_at, t.clock.iso());
      assert.equal(done.flagged_at, null);
      assert.equal(done.replied_at, null);
      assert.equal(done.filed_at, t.clock.iso());
      assert.equal(await peek.hasUid('Junk', inJunk.uid), false);
      const filed = await peek.find('Warmup', sent.token);
      assert.ok(filed !== null);
      // $NotJunk is set once the message is back in INBOX: proof it went through there.
      assert.ok(filed.flags.has('$NotJunk'), [...filed.flags].join(' '));
      assert.ok(filed.flags.has('\\Seen'));
      assert.ok(!filed.flags.has('\\Flagged'));
      assert.equal(await db().selectFrom('warmup_emails').select('id').where('parent_id', '=', sent.id).executeTakeFirst(), undefined);
    } finally {
      await peek.close();
    }
  });

  it('a reply gets a continuation at thread_rate 100; a thread at the depth cap gets none', async () => {
    await db().updateTable('mailboxes').set({ thread_rate: 100 }).where('id', '=', ids[SENDER]!).execute();
    const threadId = randomUUID();
    // The recipient's reply (depth 1) and a deep continuation (depth 4), both arriving at SENDER.
    const reply = await insertSentRow(t, { from: mailbox(RECIPIENT), to: { id: ids[SENDER]!, email: SENDER }, sentAtMs: t.clock.now() - MINUTE, kind: 'reply', threadId, parentId: threadId, depth: 1, subject: 'Re: Venue options' });
    const deep = await insertSentRow(t, { from: mailbox(RECIPIENT), to: { id: ids[SENDER]!, email: SENDER }, sentAtMs: t.clock.now() - MINUTE, kind: 'continuation', threadId, parentId: threadId, depth: 4, subject: 'Re: Venue options' });
    const peek = await Peek.open(h, SENDER);
    try {
      for (const sent of [reply, deep]) await deliver(h, { from: RECIPIENT, to: SENDER, token: sent.token, messageId: sent.messageId, subject: sent.subject });
      for (const sent of [reply, deep]) await peek.waitFor('INBOX', sent.token);
      await receiver().runDue();
    } finally {
      await peek.close();
    }
    const continuation = await db().selectFrom('warmup_emails').selectAll().where('parent_id', '=', reply.id).executeTakeFirstOrThrow();
    assert.equal(continuation.kind, 'continuation');
    assert.equal(continuation.thread_id, threadId);
    assert.equal(continuation.thread_depth, 2);
    assert.equal(continuation.mailbox_id, ids[SENDER]);
    assert.equal(continuation.recipient_mailbox_id, ids[RECIPIENT]);
    assert.equal(continuation.subject, 'Re: Venue options');
    assert.equal((await row(deep.id)).filed_at, t.clock.iso());
    assert.equal((await row(deep.id)).replied_at, null);
    assert.equal(await db().selectFrom('warmup_emails').select('id').where('parent_id', '=', deep.id).executeTakeFirst(), undefined);
  });

  it('not found: looked for again until the deadline, then missing; a late arrival still gets its placement; then given up', async () => {
    const deadline = 60;
    const options = { placementDeadlineMinutes: deadline, recheckMinutes: 5, lateArrivalHours: 2 };
    const late = await insertSentRow(t, { from: mailbox(SENDER), to: { id: ids[RECIPIENT]!, email: RECIPIENT }, sentAtMs: t.clock.now() });
    const never = await insertSentRow(t, { from: mailbox(SENDER), to: { id: ids[RECIPIENT]!, email: RECIPIENT }, sentAtMs: t.clock.now() });
    const start = t.clock.now();

    await receiver(options).runDue();
    assert.equal((await row(late.id)).landed_in, null);
    assert.equal((await row(late.id)).next_check_at, isoTime(start + 5 * MINUTE));

    t.clock.advance((deadline + 1) * MINUTE);
    await receiver(options).runDue();
    for (const id of [late.id, never.id]) {
      const r = await row(id);
      assert.equal(r.landed_in, 'missing');
      assert.equal(r.next_check_at, isoTime(t.clock.now() + 60 * MINUTE));
    }

    const peek = await Peek.open(h, RECIPIENT);
    try {
      await deliver(h, { from: SENDER, to: RECIPIENT, token: late.token, messageId: late.messageId, subject: late.subject });
      await peek.waitFor('INBOX', late.token);
    } finally {
      await peek.close();
    }
    t.clock.advance(60 * MINUTE);
    await receiver(options).runDue();
    const arrived = await row(late.id);
    assert.equal(arrived.landed_in, 'inbox');
    assert.equal(arrived.filed_at, t.clock.iso());
    assert.equal(arrived.next_check_at, null);

    t.clock.advance(60 * MINUTE);
    await receiver(options).runDue();
    const gone = await row(never.id);
    assert.equal(gone.landed_in, 'missing');
    assert.equal(gone.next_check_at, null, 'looked for no longer after the late-arrival window');
  });

  it("a real Postfix DSN in the sender's INBOX: the row bounces with type and category, MailboxEvents.bounced, DSN filed", async () => {
    const peek = await Peek.open(h, SENDER);
    try {
      const sent = await insertSentRow(t, { from: mailbox(SENDER), to: { id: null, email: 'someone@outside.example' }, sentAtMs: t.clock.now() - MINUTE });
      await db().updateTable('warmup_emails').set({ next_check_at: null }).where('id', '=', sent.id).execute();
      await bounceThroughPostfix(h, { from: SENDER, to: 'someone@outside.example', token: sent.token, messageId: sent.messageId, subject: sent.subject });
      const dsnUid = await peek.waitForDsn(sent.messageId);
      // Its last check is older than the DSN interval: a pass for DSNs alone is due.
      await db().updateTable('mailboxes').set({ imap_checked_at: isoTime(t.clock.now() - 60 * MINUTE) }).where('id', '=', ids[SENDER]!).execute();

      await runExpectingWork();

      const bounced = await row(sent.id);
      assert.equal(bounced.status, 'bounced');
      assert.equal(bounced.bounce_type, 'hard');
      assert.equal(bounced.bounce_category, 'policy');
      assert.match(bounced.bounce_detail ?? '', /5\.7\.1/);
      assert.match(bounced.bounce_detail ?? '', /delivery outside the test domains is disabled/);
      assert.deepEqual(events.of('bounced').map((c) => c.mailboxId), [ids[SENDER]]);
      assert.equal(await peek.hasUid('INBOX', dsnUid), false, 'the DSN is filed out of INBOX');
      const cursor = (await db().selectFrom('mailboxes').select('imap_dsn_cursor').where('id', '=', ids[SENDER]!).executeTakeFirstOrThrow()).imap_dsn_cursor;
      assert.match(cursor ?? '', /^\d+:\d+$/);

      // A second pass reads nothing again and calls nothing again.
      t.clock.advance(20 * MINUTE);
      await receiver().runDue();
      assert.equal(events.of('bounced').length, 1);
    } finally {
      await peek.close();
    }
  });

  it('a refused IMAP login is reported and backed off, and never holds up the other mailboxes', async () => {
    const broken = ids[THIRD]!;
    const stored = await db().selectFrom('mailboxes').select('imap_pass').where('id', '=', broken).executeTakeFirstOrThrow();
    await db().updateTable('mailboxes').set({ imap_pass: t.services.vault.encrypt('wrong-password', passwordContext(broken, 'imap_pass')) }).where('id', '=', broken).execute();
    try {
      const toBroken = await insertSentRow(t, { from: mailbox(SENDER), to: { id: broken, email: THIRD }, sentAtMs: t.clock.now() - MINUTE });
      const toFine = await insertSentRow(t, { from: mailbox(SENDER), to: { id: ids[RECIPIENT]!, email: RECIPIENT }, sentAtMs: t.clock.now() - MINUTE });
      const peek = await Peek.open(h, RECIPIENT);
      try {
        await deliver(h, { from: SENDER, to: RECIPIENT, token: toFine.token, messageId: toFine.messageId, subject: toFine.subject });
        await peek.waitFor('INBOX', toFine.token);
      } finally {
        await peek.close();
      }

      await receiver().runDue();

      const failed = events.of('loginFailed', broken);
      assert.equal(failed.length, 1);
      assert.equal(failed[0]!.protocol, 'IMAP');
      assert.match(failed[0]!.message!, /AUTHENTICATIONFAILED|Authentication failed/);
      assert.ok(!failed[0]!.message!.includes('wrong-password'));
      assert.equal((await row(toFine.id)).landed_in, 'inbox');
      assert.equal((await row(toBroken.id)).landed_in, null);
      const claim = (await db().selectFrom('mailboxes').select('imap_claimed_until').where('id', '=', broken).executeTakeFirstOrThrow()).imap_claimed_until;
      assert.ok(claim !== null && Date.parse(claim) >= t.clock.now() + 5 * MINUTE, `backed off until ${claim}`);

      // No tight loop: an immediate second run leaves it alone.
      await receiver().runDue();
      assert.equal(events.of('loginFailed', broken).length, 1);
      // Once the password works again (and the back-off has passed), the next login resets the count.
      await db().updateTable('mailboxes').set({ imap_pass: stored.imap_pass, auth_failures: 1 }).where('id', '=', broken).execute();
      await db().updateTable('warmup_emails').set({ next_check_at: isoTime(t.clock.now() + 20 * MINUTE) }).where('id', '=', toBroken.id).execute();
      t.clock.advance(20 * MINUTE);
      await receiver().runDue();
      assert.equal(events.of('loginSucceeded', broken).length, 1);
    } finally {
      await db().updateTable('mailboxes').set({ imap_pass: stored.imap_pass, imap_claimed_until: null }).where('id', '=', broken).execute();
    }
  });

  it('a crash after a MOVE but before it was recorded: the message is found again by token (new UID) and finished, not moved twice', async () => {
    const sent = await insertSentRow(t, { from: mailbox(SENDER), to: { id: ids[RECIPIENT]!, email: RECIPIENT }, sentAtMs: t.clock.now() - MINUTE, token: tokenFlagged(false) });
    const peek = await Peek.open(h, RECIPIENT);
    try {
      await deliver(h, { from: SENDER, to: RECIPIENT, token: sent.token, messageId: sent.messageId, subject: sent.subject });
      const inInbox = await peek.waitFor('INBOX', sent.token);
      // What a pass had recorded before dying: placed in INBOX at its old UID, read; the filing MOVE happened, unrecorded.
      await db().updateTable('warmup_emails').set({ landed_in: 'inbox', located_at: t.clock.iso(), located_folder: 'INBOX', located_uid: inInbox.uid, opened_at: t.clock.iso() }).where('id', '=', sent.id).execute();
      await peek.move('INBOX', inInbox.uid, 'Warmup');
      const moved = await peek.find('Warmup', sent.token);
      assert.ok(moved !== null);

      await receiver().runDue();

      const done = await row(sent.id);
      assert.equal(done.landed_in, 'inbox');
      assert.equal(done.located_folder, 'Warmup');
      assert.equal(done.located_uid, moved.uid);
      assert.equal(done.filed_at, t.clock.iso());
      assert.equal(done.next_check_at, null);
      // Still exactly one copy, where it was.
      assert.equal((await peek.find('Warmup', sent.token))?.uid, moved.uid);
      assert.equal(await peek.find('INBOX', sent.token), null);
    } finally {
      await peek.close();
    }
  });

  it('a stored Junk folder that no longer exists falls back to what the server lists', async () => {
    await db().updateTable('mailboxes').set({ imap_folders: JSON.stringify({ inbox: 'INBOX', junk: 'Spam-Gone' }) }).where('id', '=', ids[RECIPIENT]!).execute();
    const sent = await insertSentRow(t, { from: mailbox(SENDER), to: { id: ids[RECIPIENT]!, email: RECIPIENT }, sentAtMs: t.clock.now() - MINUTE });
    const peek = await Peek.open(h, RECIPIENT);
    try {
      await deliver(h, { from: SENDER, to: RECIPIENT, token: sent.token, messageId: sent.messageId, subject: `[SPAM] ${sent.subject}` });
      await peek.waitFor('Junk', sent.token);
      await receiver().runDue();
    } finally {
      await peek.close();
    }
    const done = await row(sent.id);
    assert.equal(done.landed_in, 'spam');
    assert.equal(done.filed_at, t.clock.iso());
  });

  it('a peer deleted mid-thread: its rows stop waiting, the others carry on', async () => {
    const peerKey = await t.createKey(owner.id, ['read', 'write']);
    const sent = await insertSentRow(t, { from: mailbox(SENDER), to: { id: ids[THIRD]!, email: THIRD }, sentAtMs: t.clock.now() - MINUTE });
    const response = await t.app.inject({ method: 'DELETE', url: `/api/v1/mailboxes/${ids[THIRD]}`, headers: bearer(peerKey) });
    assert.ok(response.statusCode < 300, response.body);
    const orphan = await row(sent.id);
    assert.equal(orphan.recipient_mailbox_id, null);
    await receiver().runDue();
    const after = await row(sent.id);
    assert.equal(after.next_check_at, null);
    assert.equal(after.status, 'sent');
  });

  it('two workers at once: one IMAP session per mailbox, one answer, the message filed once', async () => {
    await db().updateTable('mailboxes').set({ reply_rate: 100 }).where('id', '=', ids[RECIPIENT]!).execute();
    const sent = await insertSentRow(t, { from: mailbox(SENDER), to: { id: ids[RECIPIENT]!, email: RECIPIENT }, sentAtMs: t.clock.now() - MINUTE });
    const peek = await Peek.open(h, RECIPIENT);
    try {
      await deliver(h, { from: SENDER, to: RECIPIENT, token: sent.token, messageId: sent.messageId, subject: sent.subject });
      await peek.waitFor('INBOX', sent.token);
      await Promise.all([receiver().runDue(), receiver().runDue()]);
      // And a restart that runs everything again changes nothing.
      await db().updateTable('warmup_emails').set({ next_check_at: t.clock.iso() }).where('id', '=', sent.id).execute();
      await receiver().runDue();
      assert.ok((await peek.find('Warmup', sent.token)) !== null);
    } finally {
      await peek.close();
    }
    const answers = await db().selectFrom('warmup_emails').select('id').where('parent_id', '=', sent.id).execute();
    assert.equal(answers.length, 1);
    assert.equal((await row(sent.id)).filed_at, t.clock.iso());
  });
});
