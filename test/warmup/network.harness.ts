/**
 * End-to-end warm-up network (issue 9, "Real parts") on the harness's Postfix + Dovecot: six mailboxes
 * created through `/api/v1/mailboxes` on alpha/beta/gamma.test and verified by the real login check,
 * then the planner, the sender and the receiving side driven by a ManualClock in 15-minute ticks over
 * four simulated weekdays. A per-user Sieve rule at user1@gamma.test files everything from
 * user2@alpha.test into Junk; a seventh mailbox whose address does not exist on its server gets one
 * message, which Postfix refuses.
 *
 * The jobs are the app's own (`services.warmup`: planner, sender, receiver, stats roll-up, with the
 * safety rules as their MailboxEvents). Asserted from what really happened: placements (spam exactly
 * where the Sieve rule puts it, inbox elsewhere), rescue, read, every message filed out of INBOX,
 * replies and continuations sent with In-Reply-To/References as stored on the real messages in Dovecot,
 * the bounce and the pause it causes, `/api/v1/stats` and `/api/v1/warmup` and the health scores.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ImapFlow } from 'imapflow';
import { isoTime } from '../../src/platform/clock.ts';
import { BuiltinContentWriter } from '../../src/warmup/content/writer.ts';
import { bearer, createTestApp, type TestApp } from '../support/app.ts';
import { testEngine } from '../support/db.ts';
import { harnessPassword, loadHarness, type Harness } from '../support/harness.ts';
import { createHarnessMailbox, harnessEnv } from './receiving-support.ts';

const harness = loadHarness();
const skip = harness === null && process.env.MAILWARDEN_HARNESS_REQUIRED !== '1' ? 'mail/DNS harness not running; start it as root with `bash test/harness/start.sh`' : false;

const MINUTE = 60_000;
const TICK = 15 * MINUTE;
const DAYS = 4;
/** Monday 00:00 UTC: four weekdays follow. */
const START = '2026-03-09T00:00:00.000Z';
const NETWORK = ['user1@alpha.test', 'user2@alpha.test', 'user1@beta.test', 'user2@beta.test', 'user1@gamma.test', 'user2@gamma.test'];
const JUNK_FROM = 'user2@alpha.test';
const JUNK_TO = 'user1@gamma.test';
/** An address Postfix does not know (beta.test has only user1 and user2). */
const GHOST = 'nobody@beta.test';

function sieveFile(h: Harness, address: string): string {
  const [local, domain] = address.split('@') as [string, string];
  return path.join(h.mailRoot, domain, local, '.dovecot.sieve');
}

/** Writes a per-user Sieve script owned by vmail (Dovecot compiles it at the next delivery). */
function writeSieve(h: Harness, address: string, script: string): void {
  const file = sieveFile(h, address);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, script);
  const uid = Number(execFileSync('id', ['-u', 'vmail']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'vmail']).toString().trim());
  for (let dir = path.dirname(file); dir.startsWith(h.mailRoot) && dir !== h.mailRoot; dir = path.dirname(dir)) fs.chownSync(dir, uid, gid);
  fs.chownSync(file, uid, gid);
}

function removeSieve(h: Harness, address: string): void {
  const file = sieveFile(h, address);
  for (const leftover of [file, file.replace(/\.sieve$/, '.svbin'), `${file}.log`]) fs.rmSync(leftover, { force: true });
}

async function imapOf(h: Harness, address: string): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: h.host, port: h.ports.imap, secure: false, doSTARTTLS: true, tls: { ca: fs.readFileSync(h.caFile) },
    auth: { user: address, pass: harnessPassword(h, address) }, logger: false, disableAutoIdle: true,
  });
  client.on('error', () => {});
  await client.connect();
  return client;
}

/** Tokens of the warm-up messages in `folder` (every message with the header). */
async function tokensIn(client: ImapFlow, folder: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (!(await client.list()).some((f) => f.path === folder)) return found;
  await client.mailboxOpen(folder);
  await client.noop();
  const uids = await client.search({ header: { 'X-Warmup-Token': '' } }, { uid: true });
  if (uids === false || uids === undefined || uids.length === 0) return found;
  for await (const message of client.fetch(uids.join(','), { uid: true, headers: ['x-warmup-token', 'in-reply-to', 'references', 'message-id'] }, { uid: true })) {
    const headers = message.headers?.toString('utf8') ?? '';
    const token = /^x-warmup-token:\s*(\S+)/im.exec(headers)?.[1];
    if (token !== undefined) found.set(token, headers.replace(/\r?\n[ \t]+/g, ' '));
  }
  return found;
}

describe(`warm-up network end to end on Postfix/Dovecot (${testEngine})`, { skip }, () => {
  let t: TestApp;
  let h: Harness;
  const ids = new Map<string, string>();
  let ghostId: string;
  let elapsedMs = 0;
  let timings: Record<string, number> = {};
  let key: string;

  before(async () => {
    if (harness === null) throw new Error('The mail/DNS harness is not running but MAILWARDEN_HARNESS_REQUIRED=1: start it with `bash test/harness/start.sh`.');
    h = harness;
    writeSieve(h, JUNK_TO, `# network.harness.ts: mail from ${JUNK_FROM} is junk to this person.\nrequire ["fileinto"];\nif address :is "from" "${JUNK_FROM}" {\n  fileinto "Junk";\n  stop;\n}\n`);
    // The placement deadline is simulated time while Postfix delivers in real time: a generous one keeps
    // a slow delivery from being judged missing after a few real milliseconds.
    t = await createTestApp({ env: harnessEnv(h, { WARMUP_PLACEMENT_DEADLINE_MINUTES: '360', WARMUP_DSN_INTERVAL_MINUTES: '360' }) });
    t.clock.set(START);
    const owner = await t.createUser('pro');
    key = await t.createKey(owner.id, ['read', 'write']);
    for (const address of NETWORK) ids.set(address, await createHarnessMailbox(t, key, h, address));
    await t.services.mailboxes.verification.runDue();
    const rows = await t.testDb.db.kysely.selectFrom('mailboxes').select(['email', 'verify_state', 'connection_error']).execute();
    for (const row of rows) assert.equal(row.verify_state, 'verified', `${row.email}: ${row.connection_error}`);
    // Engaged people, so that four days make threads: replies to most messages, continuations often.
    await t.testDb.db.kysely.updateTable('mailboxes').set({ reply_rate: 60, thread_rate: 50 }).execute();

    // The seventh mailbox: its address does not exist on beta.test (its logins are user2@beta.test's).
    // Created through the API after verification ran, it stays "verifying", outside the planner's network.
    const response = await t.app.inject({
      method: 'POST', url: '/api/v1/mailboxes', headers: bearer(key),
      payload: {
        email: GHOST, smtp_host: h.host, smtp_port: h.ports.submission, smtp_user: 'user2@beta.test', smtp_pass: harnessPassword(h, 'user2@beta.test'),
        imap_host: h.host, imap_port: h.ports.imap, imap_user: 'user2@beta.test', imap_pass: harnessPassword(h, 'user2@beta.test'),
      },
    });
    assert.equal(response.statusCode, 201, response.body);
    ghostId = (response.json() as { id: string }).id;

    const { planner, sender, receiver, rollup } = t.services.warmup;

    const started = Date.now();
    const spent = { planner: 0, sender: 0, receiver: 0, rollup: 0 };
    const timed = async (job: keyof typeof spent, work: () => Promise<unknown>) => {
      const t0 = Date.now();
      await work();
      spent[job] += Date.now() - t0;
    };
    try {
      const end = Date.parse(START) + DAYS * 24 * 60 * MINUTE;
      let ghostSent = false;
      while (t.clock.now() < end) {
        t.clock.advance(TICK);
        await timed('planner', () => planner.runDue());
        // On the last day, one message of user1@alpha.test goes to the address that does not exist.
        if (!ghostSent && t.clock.now() >= end - 14 * 60 * MINUTE) {
          await insertGhostRow(t, ids.get('user1@alpha.test')!, ghostId);
          ghostSent = true;
        }
        await timed('sender', () => sender.runDue());
        await timed('receiver', () => receiver.runDue());
        if (t.clock.now() % (60 * MINUTE) === 0) await timed('rollup', () => rollup.runDue());
      }
      // Evening of the last day: no new sends; let the receiving side finish what was sent.
      for (let i = 0; i < 8; i++) {
        t.clock.advance(TICK);
        await receiver.runDue();
      }
      await rollup.runDue();
    } finally {
      await sender.stop();
      elapsedMs = Date.now() - started;
      timings = spent;
    }
  });

  after(async () => {
    if (harness !== null) removeSieve(harness, JUNK_TO);
    await t?.close();
  });

  it(`runs ${DAYS} simulated days (the time taken is reported; about 30 s on a quiet 2-core machine)`, async (ctx) => {
    const counts = await t.testDb.db.kysely.selectFrom('warmup_emails').select(['kind', 'status', 'landed_in']).execute();
    const count = (f: (r: (typeof counts)[number]) => boolean) => counts.filter(f).length;
    ctx.diagnostic(
      `${elapsedMs} ms (${JSON.stringify(timings)}); sent ${count((r) => r.status === 'sent')} (new ${count((r) => r.status === 'sent' && r.kind === 'new')}, replies ${count((r) => r.status === 'sent' && r.kind === 'reply')}, ` +
        `continuations ${count((r) => r.status === 'sent' && r.kind === 'continuation')}), spam ${count((r) => r.landed_in === 'spam')}, bounced ${count((r) => r.status === 'bounced')}, still scheduled ${count((r) => r.status === 'scheduled')}`,
    );
    // The speed is a figure, not a pass/fail criterion (CI machines vary); the bound only catches a loop that stalls.
    assert.ok(elapsedMs < 5 * 60_000, `took ${elapsedMs} ms`);
  });

  it('every mailbox sent and received, inside its send window; placement recorded for every delivered message', async () => {
    const rows = await t.testDb.db.kysely.selectFrom('warmup_emails').selectAll().where('status', '=', 'sent').execute();
    assert.ok(rows.length >= 6 * DAYS * 4, `${rows.length} sent`);
    for (const id of ids.values()) {
      assert.ok(rows.some((r) => r.mailbox_id === id), 'each mailbox sent');
      assert.ok(rows.some((r) => r.recipient_mailbox_id === id), 'each mailbox received');
    }
    for (const row of rows) {
      const hour = new Date(row.sent_at!).getUTCHours();
      assert.ok(hour >= 8 && hour < 19, `sent at ${row.sent_at}`);
      assert.notEqual(row.landed_in, null, `row ${row.id} never placed`);
      assert.notEqual(row.landed_in, 'missing', `row ${row.id} missing`);
      assert.equal(row.next_check_at, null);
      assert.notEqual(row.opened_at, null);
      assert.notEqual(row.filed_at, null);
      assert.equal(row.located_folder, 'Warmup');
    }
  });

  it('placement follows the Sieve rule: spam exactly for user2@alpha.test → user1@gamma.test, rescued; inbox elsewhere', async () => {
    const rows = await t.testDb.db.kysely.selectFrom('warmup_emails').selectAll().where('status', '=', 'sent').execute();
    const junkPair = (r: (typeof rows)[number]) => r.mailbox_id === ids.get(JUNK_FROM) && r.recipient_mailbox_id === ids.get(JUNK_TO);
    const spam = rows.filter(junkPair);
    assert.ok(spam.length >= 1, 'the planner paired them at least once in four days');
    for (const row of spam) {
      assert.equal(row.landed_in, 'spam');
      assert.notEqual(row.rescued_at, null);
    }
    for (const row of rows.filter((r) => !junkPair(r))) {
      assert.equal(row.landed_in, 'inbox', `${row.id}`);
      assert.equal(row.rescued_at, null);
    }
  });

  it('the mail servers agree: nothing left in INBOX or Junk, everything in Warmup, read; rescued mail marked not junk', async () => {
    const rows = await t.testDb.db.kysely.selectFrom('warmup_emails').selectAll().where('status', '=', 'sent').execute();
    const byRecipient = new Map<string, typeof rows>();
    for (const row of rows) byRecipient.set(row.recipient_email, [...(byRecipient.get(row.recipient_email) ?? []), row]);
    for (const [address, received] of byRecipient) {
      const client = await imapOf(h, address);
      try {
        const ours = new Set(received.map((r) => r.token));
        for (const folder of ['INBOX', 'Junk']) {
          const left = [...(await tokensIn(client, folder)).keys()].filter((token) => ours.has(token));
          assert.deepEqual(left, [], `${address} ${folder} still holds warm-up mail of this run`);
        }
        const filed = await tokensIn(client, 'Warmup');
        for (const row of received) assert.ok(filed.has(row.token), `${address}: ${row.id} not in Warmup`);
        await client.mailboxOpen('Warmup');
        for (const row of received.filter((r) => r.rescued_at !== null)) {
          const uids = await client.search({ header: { 'X-Warmup-Token': row.token } }, { uid: true });
          const message = await client.fetchOne(String((uids as number[])[0]), { flags: true }, { uid: true });
          assert.ok(message !== false && message.flags?.has('$NotJunk') && message.flags.has('\\Seen'));
        }
      } finally {
        await client.logout().catch(() => undefined);
      }
    }
  });

  it('replies and continuations were sent, each with In-Reply-To/References naming its chain on the real message', async () => {
    const all = await t.testDb.db.kysely.selectFrom('warmup_emails').selectAll().execute();
    const byId = new Map(all.map((r) => [r.id, r]));
    const answers = all.filter((r) => r.kind !== 'new' && r.status === 'sent');
    assert.ok(answers.some((r) => r.kind === 'reply'), 'replies sent');
    assert.ok(answers.some((r) => r.kind === 'continuation'), 'continuations sent');
    for (const answer of answers) {
      const parent = byId.get(answer.parent_id!)!;
      assert.equal(answer.thread_id, parent.thread_id);
      assert.equal(answer.thread_depth, parent.thread_depth + 1);
      assert.equal(answer.mailbox_id, parent.recipient_mailbox_id);
      assert.equal(answer.recipient_mailbox_id, parent.mailbox_id);
      assert.notEqual(parent.replied_at, null);
      assert.ok(Date.parse(answer.sent_at!) >= Date.parse(parent.located_at!) + 10 * MINUTE, 'answered after a human-like delay');
    }
    // Check the headers of a few real messages (the deepest ones first).
    const sample = [...answers].sort((a, b) => b.thread_depth - a.thread_depth).slice(0, 6);
    for (const answer of sample) {
      const client = await imapOf(h, answer.recipient_email);
      try {
        const headers = (await tokensIn(client, 'Warmup')).get(answer.token);
        assert.ok(headers !== undefined, `${answer.id} not found in ${answer.recipient_email}'s Warmup`);
        const chain: string[] = [];
        for (let row = byId.get(answer.parent_id!); row !== undefined; row = row.parent_id === null ? undefined : byId.get(row.parent_id)) chain.unshift(row.message_id);
        assert.match(headers, new RegExp(`^in-reply-to:\\s*${escape(chain.at(-1)!)}`, 'im'));
        const references = /^references:\s*(.*)$/im.exec(headers)?.[1]?.trim().split(/\s+/) ?? [];
        assert.deepEqual(references, chain);
        assert.match(headers, new RegExp(`^message-id:\\s*${escape(answer.message_id)}`, 'im'));
      } finally {
        await client.logout().catch(() => undefined);
      }
    }
  });

  it('the message to the address that does not exist bounced hard (unknown_user)', async () => {
    const rows = await t.testDb.db.kysely.selectFrom('warmup_emails').selectAll().where('recipient_mailbox_id', '=', ghostId).execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.status, 'bounced');
    assert.equal(rows[0]!.bounce_type, 'hard');
    assert.equal(rows[0]!.bounce_category, 'unknown_user');
    // Nobody's login ever failed.
    const mailboxes = await t.testDb.db.kysely.selectFrom('mailboxes').select(['email', 'auth_failures', 'status']).execute();
    for (const m of mailboxes) assert.equal(m.auth_failures, 0, m.email);
  });

  it('GET /api/v1/warmup: the bounce shows in recent_emails, and over the balanced limit (1 %) it paused the sender with a reason', async () => {
    const response = await t.app.inject({ method: 'GET', url: `/api/v1/warmup?mailbox_id=${ids.get('user1@alpha.test')}`, headers: bearer(key) });
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json() as { status: string; recent_emails: Array<{ status: string; bounce_type: string | null; bounce_category: string | null; landed_in: string | null }> };
    assert.ok(body.recent_emails.some((e) => e.status === 'bounced' && e.bounce_type === 'hard' && e.bounce_category === 'unknown_user'), JSON.stringify(body.recent_emails.slice(0, 5)));
    assert.ok(body.recent_emails.some((e) => e.status === 'sent' && e.landed_in === 'inbox'));
    const row = await t.testDb.db.kysely.selectFrom('mailboxes').select(['status', 'paused_reason']).where('id', '=', ids.get('user1@alpha.test')!).executeTakeFirstOrThrow();
    assert.equal(body.status, 'paused');
    assert.equal(row.status, 'paused');
    assert.match(row.paused_reason ?? '', /bounce/i);
  });

  it('GET /api/v1/stats agrees with the messages: sent, spam_landed, replied, bounced per day; health lower where mail went to spam', async () => {
    const all = await t.testDb.db.kysely.selectFrom('warmup_emails').selectAll().execute();
    for (const address of NETWORK) {
      const id = ids.get(address)!;
      const response = await t.app.inject({ method: 'GET', url: `/api/v1/stats?mailbox_id=${id}&days=7`, headers: bearer(key) });
      assert.equal(response.statusCode, 200, response.body);
      const body = response.json() as { mailbox_id: string; period: string; stats: Array<Record<string, number | string>> };
      assert.equal(body.mailbox_id, id);
      assert.equal(body.period, '7d');
      // `sent` counts every message handed to the server, bounced ones included (a 5xx at RCPT leaves sent_at null).
      const mine = all.filter((r) => r.mailbox_id === id && (r.status === 'sent' || r.status === 'bounced'));
      const total = (field: string) => body.stats.reduce((sum, day) => sum + Number(day[field]), 0);
      assert.equal(total('sent'), mine.length, `${address} sent`);
      assert.equal(total('spam_landed'), mine.filter((r) => r.landed_in === 'spam').length, `${address} spam_landed`);
      assert.equal(total('replied'), mine.filter((r) => r.replied_at !== null).length, `${address} replied`);
      assert.equal(total('bounced'), mine.filter((r) => r.status === 'bounced').length, `${address} bounced`);
      for (const day of body.stats) {
        for (const rate of ['inbox_rate', 'bounce_rate', 'reply_rate']) assert.match(String(day[rate]), /^\d{1,3}\.\d{2}$/);
      }
    }
    const health = new Map((await t.testDb.db.kysely.selectFrom('mailboxes').select(['email', 'health_score']).execute()).map((m) => [m.email, m.health_score]));
    const clean = ['user1@beta.test', 'user2@beta.test', 'user2@gamma.test'].map((a) => health.get(a)!);
    assert.ok(health.get(JUNK_FROM)! < Math.min(...clean), `spam-landing sender ${health.get(JUNK_FROM)} vs clean ${clean.join(', ')}`);
    assert.ok(health.get('user1@alpha.test')! < Math.min(...clean), `bouncing sender ${health.get('user1@alpha.test')} vs clean ${clean.join(', ')}`);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One scheduled `new` message from `fromId` to the ghost mailbox, due now (as the planner would write it). */
async function insertGhostRow(t: TestApp, fromId: string, ghostId: string): Promise<void> {
  const db = t.testDb.db.kysely;
  const from = await db.selectFrom('mailboxes').selectAll().where('id', '=', fromId).executeTakeFirstOrThrow();
  const id = crypto.randomUUID();
  const now = t.clock.iso();
  await db.insertInto('warmup_emails').values({
    id, user_id: from.user_id, mailbox_id: from.id, recipient_mailbox_id: ghostId, recipient_email: GHOST, kind: 'new', thread_id: id,
    parent_id: null, thread_depth: 0, content_seed: 42, subject: new BuiltinContentWriter().subjectFor(42), message_id: `<${crypto.randomUUID()}@${from.domain}>`,
    token: crypto.randomUUID().replaceAll('-', ''), plan_date: now.slice(0, 10), status: 'scheduled', scheduled_at: isoTime(t.clock.now()), created_at: now, updated_at: now,
  }).execute();
}
