/**
 * Benchmark: placement detection latency of the warm-up receiving side on the harness (skipped when it
 * is not running): from the moment Postfix accepts a warm-up message (SMTP 250 on submission) to the
 * moment the receiver has recorded its `landed_in`, with the receiver polling back to back. This is the
 * mechanical latency (Postfix → LMTP → Dovecot → IMAP login, NOOP, SEARCH by token, engagement writes);
 * a worker adds up to its poll interval (30 s by default) and the sender's first-check delay on top.
 *
 * Two workloads, 1 in 10 messages routed to Junk (so rescued too): one message at a time, and a burst
 * of messages sent together and found in shared passes. SQLite database, real clock.
 *
 *   npx node bench/warmup-placement.bench.ts        (BENCH_MESSAGES=… to change the 40 per workload)
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import { mailboxDnsFrom } from '../src/mailboxes/mailbox-dns.ts';
import { NEW_MAILBOX_DEFAULTS, type MailboxRow } from '../src/mailboxes/mailboxes.model.ts';
import { passwordContext } from '../src/mailboxes/verification/verifier.ts';
import { isoTime, systemClock } from '../src/platform/clock.ts';
import { migrate, openDatabase, type Db } from '../src/platform/db/index.ts';
import { DnsResolver } from '../src/platform/dns/index.ts';
import { createLogger } from '../src/platform/logger.ts';
import { Vault } from '../src/platform/vault.ts';
import { BuiltinContentWriter } from '../src/warmup/content/writer.ts';
import { WarmupReceiver } from '../src/warmup/receiving/receiver.jobs.ts';
import type { MailboxEvents } from '../src/warmup/types.ts';
import { harnessPassword, loadHarness, type Harness } from '../test/support/harness.ts';
import { quantile, report } from './support.ts';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 40);
const SENDER = 'user1@alpha.test';
const RECIPIENT = 'user1@beta.test';
const logger = createLogger('silent');
const events: MailboxEvents = { loginFailed: async () => {}, loginSucceeded: async () => {}, bounced: async () => {} };

function mailboxRow(h: Harness, vault: Vault, userId: string, address: string, now: string): MailboxRow {
  const id = randomUUID();
  const secret = vault.encrypt(harnessPassword(h, address), passwordContext(id, 'imap_pass'));
  return {
    ...NEW_MAILBOX_DEFAULTS, id, user_id: userId, email: address, domain: address.split('@')[1]!, provider: 'custom', status: 'active',
    warmup_started_at: null, paused_reason: null,
    smtp_host: h.host, smtp_port: h.ports.submission, smtp_security: 'starttls', smtp_user: address, smtp_pass: 'v1.bench.unused',
    imap_host: h.host, imap_port: h.ports.imap, imap_security: 'starttls', imap_user: address, imap_pass: secret,
    imap_folders: JSON.stringify({ inbox: 'INBOX', junk: 'Junk' }), sending_ip: h.host, connection_error: null,
    verify_state: 'verified', verify_lease_until: null, verify_attempts: 1, verified_at: now,
    dns_spf: null, dns_dkim: null, dns_dmarc: null, dns_checked_at: null, dns_refresh_at: null, created_at: now, updated_at: now,
  };
}

interface Sent {
  id: string;
  acceptedAt: number;
}

async function sendOne(h: Harness, transport: Transporter, db: Db, from: MailboxRow, to: MailboxRow, junk: boolean): Promise<Sent> {
  const id = randomUUID();
  const token = randomUUID().replaceAll('-', '');
  const messageId = `<${randomUUID()}@${from.domain}>`;
  await transport.sendMail({
    from: from.email, to: to.email, subject: `Placement ${token.slice(0, 6)}`, messageId, text: 'Hello,\n\nthe notes from today are attached below.\n\nBest\n',
    headers: { 'X-Warmup-Token': token, ...(junk ? { 'X-Harness-Route': 'junk' } : {}) },
  });
  const acceptedAt = Date.now();
  const now = isoTime(acceptedAt);
  await db.kysely.insertInto('warmup_emails').values({
    id, user_id: from.user_id, mailbox_id: from.id, recipient_mailbox_id: to.id, recipient_email: to.email, kind: 'new', thread_id: id, parent_id: null,
    thread_depth: 0, content_seed: 1, subject: 'Placement', message_id: messageId, token, plan_date: now.slice(0, 10), status: 'sent', scheduled_at: now,
    sent_at: now, smtp_outcome: 'accepted', next_check_at: now, created_at: now, updated_at: now,
  }).execute();
  return { id, acceptedAt };
}

/**
 * Runs the receiver back to back until every row of `sent` is placed (rows may still be arriving in
 * `sent` while `sending` is pending), watching the database every few ms meanwhile so a placement is
 * timed when it is written, not when its pass ends; latency per row in ms.
 */
async function detect(db: Db, receiver: WarmupReceiver, sent: Sent[], sending: Promise<unknown> = Promise.resolve()): Promise<number[]> {
  const latency = new Map<string, number>();
  const deadline = Date.now() + 60_000;
  let allSent = false;
  void sending.then(() => (allSent = true));
  const done = () => (allSent && latency.size >= sent.length) || Date.now() > deadline;
  const watch = async () => {
    while (!done()) {
      if (sent.length > 0) {
        const placed = await db.kysely.selectFrom('warmup_emails').select('id').where('id', 'in', sent.map((s) => s.id)).where('landed_in', 'is not', null).execute();
        const now = Date.now();
        for (const row of placed) if (!latency.has(row.id)) latency.set(row.id, now - sent.find((s) => s.id === row.id)!.acceptedAt);
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  const poll = async () => {
    while (!done()) {
      if (sent.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      else await receiver.runDue();
    }
  };
  await Promise.all([watch(), poll()]);
  if (latency.size < sent.length) process.stderr.write(`warmup-placement: ${sent.length - latency.size} message(s) not placed within 60 s.\n`);
  return [...latency.values()];
}

export async function run(): Promise<void> {
  const h = loadHarness();
  if (h === null) {
    process.stderr.write('warmup-placement skipped: the mail/DNS harness is not running; start it as root with `bash test/harness/start.sh`.\n');
    return;
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mw-bench-placement-'));
  const db = await openDatabase({ databaseUrl: undefined, databasePoolSize: 1, dataDir });
  const transport = nodemailer.createTransport({
    host: h.host, port: h.ports.submission, secure: false, requireTLS: true, pool: true, maxConnections: 1, tls: { ca: fs.readFileSync(h.caFile) },
    auth: { user: SENDER, pass: harnessPassword(h, SENDER) }, logger: false,
  });
  try {
    await migrate(db);
    const vault = new Vault(() => 'bench-secret-0123456789abcdef0123456789abcdef');
    const now = isoTime(Date.now());
    await db.kysely.insertInto('users').values({ id: 'user_bench', email: 'bench@example.test', name: null, plan: 'pro', role: 'user', created_at: now, updated_at: now }).execute();
    const from = mailboxRow(h, vault, 'user_bench', SENDER, now);
    const to = mailboxRow(h, vault, 'user_bench', RECIPIENT, now);
    await db.kysely.insertInto('mailboxes').values([from, to]).execute();
    const resolver = new DnsResolver({ servers: [h.dnsServer], timeoutMs: 2000 });
    const receiver = new WarmupReceiver(
      {
        db, clock: systemClock, logger, events, writer: new BuiltinContentWriter(),
        imap: { vault, dns: mailboxDnsFrom((name, type) => resolver.resolve(name, type)), options: { timeoutMs: 5_000, ca: [fs.readFileSync(h.caFile, 'utf8')], allowPrivateHosts: true } },
      },
      // Look again at once when not found yet (the bench polls back to back); nobody answers (reply_rate of the row's mailbox stays 30 %, answers are only rows).
      { recheckMinutes: 0, flagPercent: 10 },
    );

    const single: number[] = [];
    for (let i = 0; i < MESSAGES; i++) single.push(...(await detect(db, receiver, [await sendOne(h, transport, db, from, to, i % 10 === 9)])));
    // The burst: every message handed to the (pooled) transport at once, detection running meanwhile.
    const burstSent: Sent[] = [];
    const sending = Promise.all(Array.from({ length: MESSAGES }, (_, i) => sendOne(h, transport, db, from, to, i % 10 === 9).then((s) => burstSent.push(s))));
    const burst = await detect(db, receiver, burstSent, sending);

    for (const [name, samples, shape] of [['one at a time', single, 'sequential'], ['burst', burst, `${MESSAGES} sent together`]] as const) {
      const workload = `${samples.length} messages ${shape}, ${SENDER} → ${RECIPIENT} via Postfix submission, 1 in 10 to Junk, receiver polling back to back; SQLite`;
      report({ name: `warmup placement detection p50 (${name})`, value: Math.round(quantile(samples, 0.5)), unit: 'ms', workload });
      report({ name: `warmup placement detection p99 (${name})`, value: Math.round(quantile(samples, 0.99)), unit: 'ms', workload });
    }
  } finally {
    transport.close();
    await db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
